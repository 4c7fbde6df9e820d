#include "server/api/auditcontroller.h"

#include "common/util/isotime.h"
#include "server/api/jsonutil.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/org.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/auditstore.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

QJsonObject entryJson(const AuditEntry &e)
{
    return QJsonObject {{QStringLiteral("id"), double(e.id)},
                        {QStringLiteral("timestamp"), json::time(e.ts)},
                        {QStringLiteral("user"), json::nullable(e.userSlug)},
                        {QStringLiteral("auth"), json::nullable(e.authScheme)},
                        {QStringLiteral("method"), e.method},
                        {QStringLiteral("path"), e.path},
                        {QStringLiteral("resource_type"), e.resourceType},
                        {QStringLiteral("resource_id"), json::nullable(e.resourceId)},
                        {QStringLiteral("status"), e.status},
                        {QStringLiteral("remote_address"), e.clientAddress},
                        {QStringLiteral("org"), json::nullable(e.orgSlug)}};
}

Result<HttpResponse> page(RequestContext &ctx, SqlConnection &db, AuditStore::ListQuery query)
{
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    query.userSlug = ctx.queryValue(QStringLiteral("user"));
    query.method = ctx.queryValue(QStringLiteral("method")).toUpper();
    query.resourceType = ctx.queryValue(QStringLiteral("resource_type"));
    for (const auto &[name, target] :
         {std::pair {QStringLiteral("start"), &query.start}, std::pair {QStringLiteral("end"), &query.end}}) {
        const QString text = ctx.queryValue(name);
        if (text.isEmpty())
            continue;
        const auto ts = isotime::parse(text);
        if (!ts)
            return Error::field(name, QStringLiteral("Enter a valid date/time."));
        *target = *ts;
    }
    AuditStore store(db);
    IOTILE_TRY(count, store.count(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const AuditEntry &e : rows)
        results.append(entryJson(e));
    return page.envelope(ctx, count, results);
}

// Owners (role a0) of the org, and staff.
Result<HttpResponse> orgAudit(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(org, OrgStore(*db).bySlug(ctx.capture(0)));
    if (!org)
        return Error::notFound();
    Access access(ctx.user().get(), *db);
    if (!access.isStaff()) {
        IOTILE_TRY(membership, access.membership(org->id));
        if (!membership || !membership->isActive)
            return Error::notFound();
        if (membership->role != QLatin1String("a0"))
            return Error::forbidden(QStringLiteral("Only the owners of the org can read its audit log"));
    }
    AuditStore::ListQuery query;
    query.orgId = org->id;
    return page(ctx, *db, query);
}

Result<HttpResponse> allAudit(RequestContext &ctx)
{
    if (!ctx.isStaff())
        return Error::forbidden();
    IOTILE_TRY(db, ctx.db());
    return page(ctx, *db, AuditStore::ListQuery {});
}

} // namespace

void AuditController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/audit/"), orgAudit);
    router.add(Get, QStringLiteral("/api/v1/audit/"), allAudit);
}

} // namespace iotile
