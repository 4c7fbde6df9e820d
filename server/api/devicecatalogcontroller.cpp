#include "server/api/devicecatalogcontroller.h"

#include "server/api/devicecontroller.h"
#include "server/api/devicetemplatecontroller.h"
#include "server/api/sensorgraphcontroller.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/devicetemplate.h"
#include "server/domain/sensorgraph.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicetemplatestore.h"
#include "server/store/sensorgraphstore.h"

namespace iotile {

namespace {

Result<HttpResponse> sensorGraph(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    if (device.sgId) {
        IOTILE_TRY(sg, SensorGraphStore(*db).byId(*device.sgId));
        if (sg)
            return HttpResponse::json(SensorGraphController::sensorGraphJson(*sg));
    }
    return HttpResponse::json(SensorGraphController::blankSensorGraphJson());
}

Result<HttpResponse> deviceTemplate(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    if (device.templateId) {
        IOTILE_TRY(t, DeviceTemplateStore(*db).byId(*device.templateId));
        if (t)
            return HttpResponse::json(DeviceTemplateController::deviceTemplateJson(*t));
    }
    return HttpResponse::json(DeviceTemplateController::blankDeviceTemplateJson());
}

} // namespace

void DeviceCatalogController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/sg/"), sensorGraph);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/template/"), deviceTemplate);
}

} // namespace iotile
