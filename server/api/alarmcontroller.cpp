#include "server/api/alarmcontroller.h"

#include "common/slug/deviceslug.h"
#include "common/util/isotime.h"
#include "server/api/jsonutil.h"
#include "server/api/projectcontroller.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/alarms.h"
#include "server/domain/device.h"
#include "server/domain/project.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/alarmstore.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"

#include <QJsonArray>

namespace iotile {

namespace {

QJsonObject alarmJson(const Alarm &a)
{
    return QJsonObject {
        {QStringLiteral("id"), double(a.id)},
        {QStringLiteral("rule"), a.rule},
        {QStringLiteral("name"), a.name},
        {QStringLiteral("severity"), a.severity},
        {QStringLiteral("target"), a.target},
        {QStringLiteral("target_type"), a.targetType},
        {QStringLiteral("org"), a.orgSlug},
        {QStringLiteral("project"), json::nullable(a.projectSlug)},
        {QStringLiteral("device"),
         a.deviceId ? QJsonValue(DeviceSlug(quint64(*a.deviceId)).toString()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("stream"), json::nullable(a.stream)},
        {QStringLiteral("filter"), json::nullable(a.filterSlug)},
        {QStringLiteral("state"), json::nullable(a.stateLabel)},
        {QStringLiteral("message"), a.message},
        {QStringLiteral("details"), a.details.isUndefined() ? QJsonValue(QJsonValue::Null) : a.details},
        {QStringLiteral("active"), a.active},
        {QStringLiteral("auto_clear"), a.autoClear},
        {QStringLiteral("count"), double(a.count)},
        {QStringLiteral("first_seen"), json::time(a.firstSeen)},
        {QStringLiteral("last_seen"), json::time(a.lastSeen)},
        {QStringLiteral("acknowledged"), a.acknowledged},
        {QStringLiteral("acknowledged_by"), json::nullable(a.ackBySlug)},
        {QStringLiteral("acknowledged_on"), json::time(a.ackOn)},
        {QStringLiteral("ack_comment"), a.ackComment},
        {QStringLiteral("cleared_on"), json::time(a.clearedOn)},
        {QStringLiteral("cleared_by"), json::nullable(a.clearedBySlug)},
        {QStringLiteral("clear_comment"), a.clearComment},
    };
}

// Members of the alarm's org see it; acting on it takes read access to the org's streams (operators
// included: acknowledging is their job); deleting takes can_manage_org_and_projects.
Result<Alarm> accessibleAlarm(RequestContext &ctx, SqlConnection &db, std::optional<Permission> need)
{
    const auto id = parseInt(QJsonValue(ctx.capture(0)));
    if (!id)
        return Error::notFound();
    IOTILE_TRY(alarm, AlarmStore(db).byId(*id));
    if (!alarm)
        return Error::notFound();
    Access access(ctx.user().get(), db);
    IOTILE_TRY(member, access.isMember(alarm->orgId));
    if (!member)
        return Error::notFound();
    if (need) {
        IOTILE_TRY(can, access.can(alarm->orgId, *need));
        if (!can)
            return Error::forbidden();
    }
    return *alarm;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    AlarmStore::ListQuery query;
    query.all = ctx.staffMode();
    if (const QString project = ctx.queryValue(QStringLiteral("project")); !project.isEmpty()) {
        IOTILE_TRY(p, ProjectController::byUuidOrSlug(*db, project));
        if (!p)
            return Error::notFound();
        query.projectId = p->id;
    }
    if (const QString device = ctx.queryValue(QStringLiteral("device")); !device.isEmpty()) {
        const auto slug = DeviceSlug::fromLookup(device);
        if (!slug)
            return Error::badRequest(QStringLiteral("Bad Request: Illegal Project, Device or Stream slug"));
        query.deviceId = qint64(slug->id());
    }
    for (const auto &[name, target] : {std::pair {QStringLiteral("active"), &query.active},
                                       std::pair {QStringLiteral("acknowledged"), &query.acknowledged}}) {
        if (!ctx.hasQuery(name))
            continue;
        const auto flag = parseBool(QJsonValue(ctx.queryValue(name)));
        if (!flag)
            return Error::field(name, QStringLiteral("Must be true or false."));
        *target = *flag;
    }
    if (const QString severity = ctx.queryValue(QStringLiteral("severity")); !severity.isEmpty()) {
        for (const QString &s : severity.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!Alarms::isSeverity(s))
                return Error::field(QStringLiteral("severity"),
                                    QStringLiteral("\"%1\" is not a valid choice.").arg(s));
            query.severities << s;
        }
    }
    query.target = ctx.queryValue(QStringLiteral("target"));
    AlarmStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const Alarm &a : rows)
        results.append(alarmJson(a));
    return page.envelope(ctx, count, results);
}

// Raising by hand (an operator's observation, or an outside system): the same de-duplication as filters.
Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    FieldErrors errors;
    const auto targetText = errors.requiredString(body, QStringLiteral("target"));
    const auto name = errors.requiredString(body, QStringLiteral("name"), 100);
    const auto severity = errors.optionalString(body, QStringLiteral("severity"));
    if (severity && !Alarms::isSeverity(*severity))
        errors.add(QStringLiteral("severity"),
                   QStringLiteral("\"%1\" is not a valid choice.").arg(*severity));
    const auto message = errors.optionalString(body, QStringLiteral("message"), 1000);
    const auto rule = errors.optionalString(body, QStringLiteral("rule"), 200);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(target, Alarms::resolve(*db, *targetText));
    if (!target)
        return Error::field(QStringLiteral("target"),
                            QStringLiteral("Object with slug=%1 does not exist.").arg(*targetText));
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(member, access.isMember(target->orgId));
    if (!member)
        return Error::forbidden();
    IOTILE_TRY(can, access.can(target->orgId, Permission::ModifyStreamIds));
    if (!can)
        return Error::forbidden();
    Alarm alarm;
    alarm.rule = rule && !rule->isEmpty() ? *rule : QStringLiteral("api:%1").arg(*name);
    alarm.name = *name;
    alarm.severity = severity.value_or(QStringLiteral("major"));
    alarm.target = target->slug;
    alarm.targetType = target->type;
    alarm.orgId = target->orgId;
    alarm.projectId = target->projectId;
    alarm.deviceId = target->deviceId;
    alarm.stream = target->stream;
    alarm.message = message.value_or(QString());
    alarm.details = body.value(QStringLiteral("details"));
    if (alarm.details.isUndefined())
        alarm.details = QJsonValue(QJsonValue::Null);
    alarm.createdBy = access.userId();
    IOTILE_TRY(raised, AlarmStore(*db).raise(alarm, isotime::now()));
    IOTILE_TRY(stored, AlarmStore(*db).byId(raised.id));
    if (!stored)
        return Error::internal(QStringLiteral("alarm vanished after raise"));
    return HttpResponse::json(alarmJson(*stored), raised.created ? 201 : 200);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(alarm, accessibleAlarm(ctx, *db, std::nullopt));
    return HttpResponse::json(alarmJson(alarm));
}

Result<HttpResponse> acknowledge(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(alarm, accessibleAlarm(ctx, *db, Permission::ReadStreamIds));
    FieldErrors errors;
    const auto comment = errors.optionalString(body, QStringLiteral("comment"), 1000);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(
        done,
        AlarmStore(*db).acknowledge(alarm.id, ctx.account().id, comment.value_or(QString()), isotime::now()));
    if (!done)
        return Error::badRequest(QStringLiteral("Alarm already acknowledged"));
    IOTILE_TRY(stored, AlarmStore(*db).byId(alarm.id));
    return HttpResponse::json(alarmJson(stored.value_or(alarm)));
}

Result<HttpResponse> clear(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(alarm, accessibleAlarm(ctx, *db, Permission::ReadStreamIds));
    FieldErrors errors;
    const auto comment = errors.optionalString(body, QStringLiteral("comment"), 1000);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(
        done, AlarmStore(*db).clear(alarm.id, ctx.account().id, comment.value_or(QString()), isotime::now()));
    if (!done)
        return Error::badRequest(QStringLiteral("Alarm already cleared"));
    IOTILE_TRY(stored, AlarmStore(*db).byId(alarm.id));
    return HttpResponse::json(alarmJson(stored.value_or(alarm)));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(alarm, accessibleAlarm(ctx, *db, Permission::ManageOrgAndProjects));
    IOTILE_CHECK(AlarmStore(*db).remove(alarm.id));
    return HttpResponse::noContent();
}

} // namespace

void AlarmController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/alarm/"), list);
    router.add(Post, QStringLiteral("/api/v1/alarm/"), create);
    router.add(Get, QStringLiteral("/api/v1/alarm/{id}/"), retrieve);
    router.add(Delete, QStringLiteral("/api/v1/alarm/{id}/"), destroy);
    router.add(Post, QStringLiteral("/api/v1/alarm/{id}/acknowledge/"), acknowledge);
    router.add(Post, QStringLiteral("/api/v1/alarm/{id}/clear/"), clear);
}

} // namespace iotile
