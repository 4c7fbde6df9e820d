#include "server/api/routes.h"

#include "server/api/accountcontroller.h"
#include "server/api/authcontroller.h"
#include "server/api/healthcontroller.h"
#include "server/app/servercontext.h"

namespace iotile {

void registerRoutes(ServerContext &server)
{
    Router &router = server.router();
    HealthController::registerRoutes(router, server);
    AuthController::registerRoutes(router, server);
    AccountController::registerRoutes(router, server);
}

} // namespace iotile
