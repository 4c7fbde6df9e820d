#include "server/api/devicekeycontroller.h"

#include "common/slug/deviceslug.h"
#include "server/api/devicecontroller.h"
#include "server/api/fieldreaders.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/devicekey.h"
#include "server/domain/devicetoken.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicekeystore.h"
#include "server/store/devicestore.h"

namespace iotile {

namespace {

const QStringList kKeyTypes = {QStringLiteral("USR"), QStringLiteral("SSH"), QStringLiteral("X-API-KEY"),
                               QStringLiteral("A-JWT-KEY"), QStringLiteral("MQTT")};

Result<HttpResponse> upload(RequestContext &ctx)
{
    if (!ctx.isStaff())
        return Error::forbidden();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto slug = fields::charField(body, QStringLiteral("slug"), errors, true, 24);
    QString type = QStringLiteral("USR");
    if (const auto given = fields::charField(body, QStringLiteral("type"), errors, false)) {
        if (!kKeyTypes.contains(*given))
            errors.add(QStringLiteral("type"), QStringLiteral("\"%1\" is not a valid choice.").arg(*given));
        type = *given;
    }
    const bool downloadable = errors.optionalBool(body, QStringLiteral("downloadable")).value_or(false);
    const auto secret = fields::charField(body, QStringLiteral("secret"), errors, true);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    // Keys belong to devices here (the original kept a free slug): the device must exist.
    std::optional<Device> device;
    if (const auto parsed = DeviceSlug::fromLookup(*slug)) {
        IOTILE_TRY(found, DeviceStore(*db).byId(qint64(parsed->id())));
        device = found;
    }
    if (!device)
        return Error::field(QStringLiteral("slug"),
                            QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
    DeviceKey key;
    key.deviceId = device->id;
    key.deviceSlug = device->slug;
    key.type = type;
    key.secret = *secret;
    key.downloadable = downloadable;
    key.createdBy = ctx.account().id;
    IOTILE_TRY(created, DeviceKeyStore(*db).create(key));
    if (!created)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("The fields slug, type must make a unique set."));
    return HttpResponse::json(QJsonObject {{QStringLiteral("slug"), device->slug},
                                           {QStringLiteral("type"), type},
                                           {QStringLiteral("downloadable"), downloadable},
                                           {QStringLiteral("secret"), *secret}},
                              201);
}

Result<HttpResponse> download(RequestContext &ctx)
{
    const QString type = ctx.queryValue(QStringLiteral("type")).toUpper();
    if (type.isEmpty())
        return Error(ErrorKind::BadRequest,
                     QJsonObject {{QStringLiteral("msg"), QStringLiteral("No type specified")}});
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    // "a-jwt" is not a stored key: a token signed with the device's own secret (see DeviceToken). An
    // unclaimed device falls through to the stored keys, where there is none of that type.
    if (type == QLatin1String("A-JWT")) {
        IOTILE_TRY(token, DeviceToken::issue(*db, device));
        if (token)
            return HttpResponse::json(QJsonObject {{QStringLiteral("key"), QString::fromLatin1(*token)}});
    }
    IOTILE_TRY(key, DeviceKeyStore(*db).downloadable(device.id, type));
    if (!key)
        return Error(ErrorKind::Forbidden,
                     QJsonObject {{QStringLiteral("msg"), QStringLiteral("No key available")}});
    return HttpResponse::json(QJsonObject {{QStringLiteral("key"), key->secret}});
}

} // namespace

void DeviceKeyController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Post, QStringLiteral("/api/v1/key/"), upload);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/key/"), download);
}

} // namespace iotile
