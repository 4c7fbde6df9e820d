#include "server/api/routes.h"

#include "server/api/accountcontroller.h"
#include "server/api/aliascontroller.h"
#include "server/api/alarmcontroller.h"
#include "server/api/apikeycontroller.h"
#include "server/api/auditcontroller.h"
#include "server/api/authcontroller.h"
#include "server/api/componentcontroller.h"
#include "server/api/configcontroller.h"
#include "server/api/datablockcontroller.h"
#include "server/api/datacontroller.h"
#include "server/api/datadeletecontroller.h"
#include "server/api/deploymentactioncontroller.h"
#include "server/api/deploymentrequestcontroller.h"
#include "server/api/deviceactioncontroller.h"
#include "server/api/devicecatalogcontroller.h"
#include "server/api/devicecontroller.h"
#include "server/api/devicekeycontroller.h"
#include "server/api/devicescriptcontroller.h"
#include "server/api/devicetemplatecontroller.h"
#include "server/api/deviceversioncontroller.h"
#include "server/api/eventcontroller.h"
#include "server/api/filtercontroller.h"
#include "server/api/fleetcontroller.h"
#include "server/api/healthcontroller.h"
#include "server/api/locationcontroller.h"
#include "server/api/notecontroller.h"
#include "server/api/orgcontroller.h"
#include "server/api/productioncontroller.h"
#include "server/api/projectcontroller.h"
#include "server/api/searchcontroller.h"
#include "server/api/propertycontroller.h"
#include "server/api/propertytemplatecontroller.h"
#include "server/api/sensorgraphcontroller.h"
#include "server/api/streamcontroller.h"
#include "server/api/streamdatacontroller.h"
#include "server/api/streamercontroller.h"
#include "server/api/streamerreportcontroller.h"
#include "server/api/templatecontroller.h"
#include "server/api/userreportcontroller.h"
#include "server/api/variablecontroller.h"
#include "server/api/vartemplatecontroller.h"
#include "server/api/vartypecontroller.h"
#include "server/api/workercontroller.h"
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
    SearchController::registerRoutes(router, server);
    TemplateController::registerRoutes(router, server);
    ComponentController::registerRoutes(router, server);
    DeviceTemplateController::registerRoutes(router, server);
    SensorGraphController::registerRoutes(router, server);
    VarTemplateController::registerRoutes(router, server);
    VarTypeController::registerRoutes(router, server);
    DeviceCatalogController::registerRoutes(router, server);
    PropertyController::registerRoutes(router, server);
    PropertyTemplateController::registerRoutes(router, server);
    ConfigController::registerRoutes(router, server);
    NoteController::registerRoutes(router, server);
    LocationController::registerRoutes(router, server);
    DeviceKeyController::registerRoutes(router, server);
    ApiKeyController::registerRoutes(router, server);
    ProductionController::registerRoutes(router, server);
    DataController::registerRoutes(router, server);
    StreamDataController::registerRoutes(router, server);
    EventController::registerRoutes(router, server);
    WorkerController::registerRoutes(router, server);
    FleetController::registerRoutes(router, server); // fleets and OTA
    DeviceScriptController::registerRoutes(router, server); // fleets and OTA
    DeploymentRequestController::registerRoutes(router, server); // fleets and OTA
    DeploymentActionController::registerRoutes(router, server); // fleets and OTA
    DeviceVersionController::registerRoutes(router, server); // fleets and OTA
    StreamerController::registerRoutes(router, server);
    StreamerReportController::registerRoutes(router, server);
    DataBlockController::registerRoutes(router, server);
    DeviceActionController::registerRoutes(router, server);
    DataDeleteController::registerRoutes(router, server);
    AliasController::registerRoutes(router, server);
    FilterController::registerRoutes(router, server);
    AlarmController::registerRoutes(router, server);
    AuditController::registerRoutes(router, server);
    UserReportController::registerRoutes(router, server); // generated reports
}

} // namespace iotile
