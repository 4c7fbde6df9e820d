#pragma once

#include "common/util/error.h"

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
class SqlConnection;
struct DeploymentRequest;

// /api/v1/ota/request/: deployment requests (a script for a fleet, an org or a vendor's devices,
// narrowed by selection criteria), their release and completion, the devices they affect, and the
// staged rollout (beyond the original; see domain/rollout.h and README).
class DeploymentRequestController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    // The original's DeploymentRequestSerializer plus "rollout" (null without one).
    static Result<QJsonObject> requestJson(SqlConnection &db, const DeploymentRequest &request);
};

} // namespace iotile
