#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace iotile {

class Router;
class ServerContext;
struct ConfigAttribute;
struct ConfigName;

// /api/v1/config/name/ (attribute names, staff-managed) and /api/v1/config/attr/ (JSON attributes of
// users, orgs, projects, devices and data blocks, with the device -> project -> org -> user lookup).
class ConfigController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject nameJson(const ConfigName &name);
    static QJsonObject attributeJson(const ConfigAttribute &attribute);
    // The text of the system note that log_as_note writes (Python's str() of the data, as the original).
    static QString changeNote(const QString &name, const QJsonValue &data);
};

} // namespace iotile
