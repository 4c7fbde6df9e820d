#pragma once

#include "common/util/error.h"

#include <QJsonObject>

namespace iotile {

class Access;
class Router;
class ServerContext;
class SqlConnection;
struct DataBlock;

// /api/v1/datablock/: archives of device data (the original's APIDataBlockViewSet): create (archive by
// a worker job), list, retrieve, update, delete (staff), and the block's mask, extra and properties.
class DataBlockController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject blockJson(const DataBlock &block, const QString &pid = {});
    // The block named by a slug: 404 when unknown, 403 without can_access_datablock on its org.
    static Result<DataBlock> accessibleBlock(SqlConnection &db, Access &access, const QString &slug);
};

} // namespace iotile
