#pragma once

#include <QJsonArray>

namespace iotile {

// A small made-up fleet (orgs, projects, devices, streams in the server's JSON shapes) for the offline
// demo and the screenshot, until a server with the org and device API is at hand.
class DemoCatalog final
{
public:
    // Nested as ExplorerModel::populate() reads it.
    static QJsonArray orgs();
    // The slugs of the streams the demo charts first.
    static QStringList featuredStreams();
    // The device the demo selects, so that its details show.
    static QString featuredDevice();
};

} // namespace iotile
