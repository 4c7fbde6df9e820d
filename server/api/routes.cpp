#include "server/api/routes.h"

#include "server/api/accountcontroller.h"
#include "server/api/authcontroller.h"
#include "server/api/devicecontroller.h"
#include "server/api/healthcontroller.h"
#include "server/api/orgcontroller.h"
#include "server/api/projectcontroller.h"
#include "server/api/streamcontroller.h"
#include "server/api/variablecontroller.h"
#include "server/app/servercontext.h"

namespace iotile {

void registerRoutes(ServerContext &server)
{
    Router &router = server.router();
    HealthController::registerRoutes(router, server);
    AuthController::registerRoutes(router, server);
    AccountController::registerRoutes(router, server);
    OrgController::registerRoutes(router, server);
    ProjectController::registerRoutes(router, server);
    DeviceController::registerRoutes(router, server);
    VariableController::registerRoutes(router, server);
    StreamController::registerRoutes(router, server);
}

} // namespace iotile
