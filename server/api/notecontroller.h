#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Note;

// /api/v1/note/: time-stamped notes on streams, devices, data blocks and projects (single and bulk
// posts). Attachments (uploadurl/, uploadsuccess/) come with the blob store.
class NoteController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject noteJson(const Note &note);
};

} // namespace iotile
