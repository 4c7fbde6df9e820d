#include "server/api/userreportcontroller.h"

#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/api/blobresponse.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/access.h"
#include "server/domain/project.h"
#include "server/domain/roles.h"
#include "server/domain/userreport.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/streamresolver.h"
#include "server/reports/reportformats.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/userreportstore.h"
#include "server/worker/generatereportaction.h"

#include <QJsonArray>
#include <QUuid>

namespace iotile {

namespace {

constexpr int kLabelMax = 50;
constexpr int kRecipientMax = 64;
const QStringList kPeriods {QStringLiteral("x"), QStringLiteral("d"), QStringLiteral("w"),
                            QStringLiteral("m")};

Error noPermission()
{
    return Error::forbidden(QStringLiteral("You do not have permission to perform this action."));
}

// Reading an org's reports: staff, or a member holding can_access_reports; a member without it gets 403,
// anyone else 404 (the object's existence stays hidden).
Status checkRead(Access &access, qint64 orgId)
{
    if (access.isStaff())
        return Ok {};
    IOTILE_TRY(allowed, access.can(orgId, Permission::AccessReports));
    if (allowed)
        return Ok {};
    IOTILE_TRY(member, access.isActiveMember(orgId));
    return member ? Status(noPermission()) : Status(Error::notFound());
}

Result<bool> canWrite(Access &access, qint64 orgId)
{
    if (access.isStaff())
        return true;
    return access.can(orgId, Permission::CreateReports);
}

Result<std::optional<QStringList>> stringList(FieldErrors &errors, const QJsonObject &body,
                                              const QString &field, int maxLength)
{
    if (!body.contains(field))
        return std::optional<QStringList>();
    const QJsonValue v = body.value(field);
    if (!v.isArray()) {
        errors.add(field,
                   QStringLiteral("Expected a list of items but got type \"%1\".")
                       .arg(v.isString() ? QStringLiteral("str") : QStringLiteral("dict")));
        return std::optional<QStringList>();
    }
    QStringList out;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString() || item.toString().trimmed().isEmpty()) {
            errors.add(field, QStringLiteral("Not a valid string."));
            return std::optional<QStringList>();
        }
        if (maxLength > 0 && item.toString().size() > maxLength) {
            errors.add(field,
                       QStringLiteral("Ensure this field has no more than %1 characters.").arg(maxLength));
            return std::optional<QStringList>();
        }
        out.append(item.toString().trimmed());
    }
    return std::optional<QStringList>(out);
}

// A source must be a stream or project slug of the report's org (streams of other orgs would leak).
Status checkSources(RequestContext &ctx, SqlConnection &db, const QStringList &sources, qint64 orgId,
                    FieldErrors &errors)
{
    const QString field = QStringLiteral("sources");
    for (const QString &source : sources) {
        std::optional<qint64> owner;
        if (const auto project = ProjectSlug::parse(source)) {
            IOTILE_TRY(found, ProjectStore(db).byGid(project->id()));
            if (found)
                owner = found->orgId;
        } else if (const auto stream = StreamSlug::parse(source)) {
            IOTILE_TRY(resolved, ctx.server().streams().resolve(db, *stream));
            if (resolved && resolved->deviceExists && resolved->deviceOrgId)
                owner = resolved->deviceOrgId;
            else if (resolved && resolved->projectExists && resolved->projectOrgId)
                owner = resolved->projectOrgId;
        } else {
            errors.add(field, QStringLiteral("Illegal stream or project slug: %1").arg(source));
            return Ok {};
        }
        if (!owner || *owner != orgId) {
            errors.add(field,
                       QStringLiteral("%1 is not a stream or project of this organization.").arg(source));
            return Ok {};
        }
    }
    return Ok {};
}

// The writable fields into `report`; `full` for POST and PUT.
Status readReport(RequestContext &ctx, SqlConnection &db, const QJsonObject &body, bool full,
                  UserReport &report)
{
    FieldErrors errors;
    if (body.contains(QStringLiteral("label")) || full) {
        if (const auto label = errors.requiredString(body, QStringLiteral("label"), kLabelMax))
            report.label = label->trimmed();
    }
    if (body.contains(QStringLiteral("org")) || full) {
        if (const auto slug = errors.requiredString(body, QStringLiteral("org"))) {
            IOTILE_TRY(org, OrgStore(db).bySlug(*slug));
            if (!org)
                errors.add(QStringLiteral("org"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            else
                report.orgId = org->id;
        }
    }
    if (body.contains(QStringLiteral("generator")) || full) {
        if (const auto generator = errors.requiredString(body, QStringLiteral("generator"))) {
            if (!ReportFormats::isGenerator(*generator))
                errors.add(QStringLiteral("generator"),
                           QStringLiteral("\"%1\" is not a valid choice.").arg(*generator));
            else
                report.generator = *generator;
        }
    }
    if (const auto period = errors.optionalString(body, QStringLiteral("interval"))) {
        if (!kPeriods.contains(*period))
            errors.add(QStringLiteral("interval"),
                       QStringLiteral("\"%1\" is not a valid choice.").arg(*period));
        else if (*period != report.period) {
            report.period = *period;
            report.lastPeriodEnd.reset();
        }
    }
    if (body.contains(QStringLiteral("config"))) {
        const QJsonValue config = body.value(QStringLiteral("config"));
        if (config.isNull())
            report.config = QJsonObject();
        else if (!config.isObject())
            errors.add(QStringLiteral("config"), QStringLiteral("config must be a valid dictionary object"));
        else
            report.config = config.toObject();
    }
    if (const auto active = errors.optionalBool(body, QStringLiteral("active")))
        report.active = *active;
    IOTILE_TRY(sources, stringList(errors, body, QStringLiteral("sources"), 42));
    if (sources)
        report.sources = *sources;
    IOTILE_TRY(recipients,
               stringList(errors, body, QStringLiteral("notification_recipients"), kRecipientMax));
    if (recipients)
        report.recipients = *recipients;
    if (!errors.has(QStringLiteral("sources")) && !errors.has(QStringLiteral("org")))
        IOTILE_CHECK(checkSources(ctx, db, report.sources, report.orgId, errors));
    return errors.status();
}

Result<UserReport> visibleReport(RequestContext &ctx, SqlConnection &db, Access &access)
{
    bool ok = false;
    const qint64 id = ctx.capture(0).toLongLong(&ok);
    if (!ok)
        return Error::notFound();
    IOTILE_TRY(found, UserReportStore(db).reportById(id));
    if (!found)
        return Error::notFound();
    IOTILE_CHECK(checkRead(access, found->orgId));
    return *found;
}

// ?org=<slug> on lists: NotFound-free, an unknown org lists nothing.
Result<std::optional<qint64>> orgParameter(RequestContext &ctx, SqlConnection &db)
{
    const QString slug = ctx.queryValue(QStringLiteral("org"));
    if (slug.isEmpty())
        return std::optional<qint64>();
    IOTILE_TRY(org, OrgStore(db).bySlug(slug));
    return std::optional<qint64>(org ? org->id : -1);
}

Result<HttpResponse> listReports(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    UserReportStore::ListQuery query;
    query.all = ctx.staffMode();
    IOTILE_TRY(org, orgParameter(ctx, *db));
    query.orgId = org;
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    UserReportStore store(*db);
    IOTILE_TRY(count, store.countReports(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.listReports(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const UserReport &r : rows)
        results.append(UserReportController::reportJson(r));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> createReport(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    UserReport report;
    IOTILE_CHECK(readReport(ctx, *db, body, true, report));
    IOTILE_TRY(allowed, canWrite(access, report.orgId));
    if (!allowed)
        return noPermission();
    report.createdBy = ctx.account().id;
    UserReportStore store(*db);
    IOTILE_TRY(created, store.createReport(report));
    IOTILE_TRY(stored, store.reportById(created.id));
    return HttpResponse::json(UserReportController::reportJson(stored.value_or(created)), 201);
}

Result<HttpResponse> reportDetail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(report, visibleReport(ctx, *db, access));
    if (ctx.method() == Get)
        return HttpResponse::json(UserReportController::reportJson(report));
    IOTILE_TRY(allowed, canWrite(access, report.orgId));
    if (!allowed)
        return noPermission();
    UserReportStore store(*db);
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.removeReport(report.id));
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.dataObject());
    UserReport changed = report;
    IOTILE_CHECK(readReport(ctx, *db, body, ctx.method() == Put, changed));
    if (changed.orgId != report.orgId) {
        IOTILE_TRY(target, canWrite(access, changed.orgId));
        if (!target)
            return noPermission();
    }
    IOTILE_CHECK(store.updateReport(changed));
    IOTILE_TRY(stored, store.reportById(report.id));
    return HttpResponse::json(UserReportController::reportJson(stored.value_or(changed)));
}

Result<std::optional<qint64>> optionalTime(FieldErrors &errors, const QJsonObject &body, const QString &field)
{
    const auto text = errors.optionalString(body, field);
    if (!text || text->isEmpty())
        return std::optional<qint64>();
    const auto t = isotime::parse(*text);
    if (!t)
        errors.add(field,
                   QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                                  "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
    return t ? std::optional<qint64>(qint64(*t)) : std::optional<qint64>();
}

// POST report/<id>/generate/ {"start", "end"} (both optional): queues a generated report, 202 with it.
Result<HttpResponse> generate(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(report, visibleReport(ctx, *db, access));
    IOTILE_TRY(allowed, canWrite(access, report.orgId));
    if (!allowed)
        return noPermission();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    IOTILE_TRY(start, optionalTime(errors, body, QStringLiteral("start")));
    IOTILE_TRY(end, optionalTime(errors, body, QStringLiteral("end")));
    if (start && end && *start >= *end)
        errors.add(QStringLiteral("end"), QStringLiteral("end must be after start"));
    const auto label = errors.optionalString(body, QStringLiteral("label"), kLabelMax);
    IOTILE_CHECK(errors.status());
    if (report.sources.isEmpty())
        return Error::badRequest(QStringLiteral("The report has no sources."));
    GeneratedReport g;
    g.label = label && !label->isEmpty() ? *label : report.label;
    g.reportId = report.id;
    g.orgId = report.orgId;
    g.orgSlug = report.orgSlug;
    g.sourceRef = report.sources.value(0);
    g.generator = report.generator;
    g.sources = report.sources;
    g.recipients = report.recipients;
    g.start = start;
    g.end = end;
    g.createdBy = ctx.account().id;
    UserReportStore store(*db);
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(created, store.createGenerated(g));
    IOTILE_CHECK(GenerateReportAction::schedule(*db, created, ctx.origin()));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, store.generatedById(created.id));
    return HttpResponse::json(UserReportController::generatedJson(stored.value_or(created), ctx.origin()),
                              202);
}

Result<GeneratedReport> visibleGenerated(RequestContext &ctx, SqlConnection &db, Access &access)
{
    const QString id = ctx.capture(0).toLower();
    if (QUuid::fromString(id).isNull())
        return Error::notFound();
    IOTILE_TRY(found, UserReportStore(db).generatedById(id));
    if (!found)
        return Error::notFound();
    IOTILE_CHECK(checkRead(access, found->orgId));
    return *found;
}

Result<HttpResponse> listGenerated(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    UserReportStore::ListQuery query;
    query.all = ctx.staffMode();
    IOTILE_TRY(org, orgParameter(ctx, *db));
    query.orgId = org;
    if (const QString report = ctx.queryValue(QStringLiteral("report")); !report.isEmpty()) {
        bool ok = false;
        query.reportId = report.toLongLong(&ok);
        if (!ok)
            return Error::field(QStringLiteral("report"), QStringLiteral("Enter a number."));
    }
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    UserReportStore store(*db);
    IOTILE_TRY(count, store.countGenerated(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.listGenerated(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const GeneratedReport &g : rows)
        results.append(UserReportController::generatedJson(g, ctx.origin()));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> generatedDetail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(report, visibleGenerated(ctx, *db, access));
    if (ctx.method() == Get)
        return HttpResponse::json(UserReportController::generatedJson(report, ctx.origin()));
    IOTILE_TRY(allowed, canWrite(access, report.orgId));
    if (!allowed)
        return noPermission();
    IOTILE_CHECK(UserReportStore(*db).removeGenerated(report.id));
    if (!report.fileKey.isEmpty())
        (void)ctx.server().blobs().remove(report.fileKey); // an orphan file is harmless
    return HttpResponse::noContent();
}

Result<HttpResponse> download(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(report, visibleGenerated(ctx, *db, access));
    if (report.status != QLatin1String(GeneratedReport::kCompleted) || report.fileKey.isEmpty())
        return Error::notFound();
    BlobDownloadOptions options;
    options.fileName = report.fileName;
    options.contentType = report.contentType.toLatin1();
    IOTILE_TRY(blob, ctx.server().blobs().download(report.fileKey, options));
    return BlobResponse::from(std::move(blob));
}

} // namespace

QJsonObject UserReportController::reportJson(const UserReport &r)
{
    return QJsonObject {{QStringLiteral("id"), double(r.id)},
                        {QStringLiteral("label"), r.label},
                        {QStringLiteral("org"), r.orgSlug},
                        {QStringLiteral("generator"), r.generator},
                        {QStringLiteral("config"), r.config},
                        {QStringLiteral("sources"), QJsonArray::fromStringList(r.sources)},
                        {QStringLiteral("notification_recipients"), QJsonArray::fromStringList(r.recipients)},
                        {QStringLiteral("interval"), r.period},
                        {QStringLiteral("active"), r.active},
                        {QStringLiteral("last_period_end"), json::time(r.lastPeriodEnd)},
                        {QStringLiteral("created_on"), json::time(r.createdOn)},
                        {QStringLiteral("created_by"), json::nullable(r.createdBySlug)}};
}

QJsonObject UserReportController::generatedJson(const GeneratedReport &g, const QString &origin)
{
    const bool done = g.status == QLatin1String(GeneratedReport::kCompleted) && !g.fileKey.isEmpty();
    const QString url = origin + QStringLiteral("/api/v1/report/generated/%1/download/").arg(g.id);
    QJsonValue userInfo = QJsonValue::Null;
    if (!g.createdBySlug.isEmpty())
        userInfo = QJsonObject {{QStringLiteral("username"), QStringLiteral("@") + g.createdByUsername},
                                {QStringLiteral("slug"), g.createdBySlug}};
    QJsonValue indexFile = QJsonValue::Null;
    if (done)
        indexFile = QJsonObject {{QStringLiteral("title"), g.fileName},
                                 {QStringLiteral("key"), g.fileKey},
                                 {QStringLiteral("file_type"), QStringLiteral("report")},
                                 {QStringLiteral("url"), url}};
    return QJsonObject {{QStringLiteral("id"), g.id},
                        {QStringLiteral("label"), g.label},
                        {QStringLiteral("source_ref"), g.sourceRef},
                        {QStringLiteral("user_info"), userInfo},
                        {QStringLiteral("url"), done ? QJsonValue(url) : QJsonValue(QJsonValue::Null)},
                        {QStringLiteral("report"), json::optional(g.reportId)},
                        {QStringLiteral("created_on"), json::time(g.createdOn)},
                        {QStringLiteral("created_by"), json::nullable(g.createdBySlug)},
                        {QStringLiteral("org"), g.orgSlug},
                        {QStringLiteral("index_file"), indexFile},
                        {QStringLiteral("status"), g.status},
                        {QStringLiteral("generator"), g.generator},
                        {QStringLiteral("sources"), QJsonArray::fromStringList(g.sources)},
                        {QStringLiteral("start"), json::time(g.start)},
                        {QStringLiteral("end"), json::time(g.end)},
                        {QStringLiteral("error"), json::nullable(g.error)}};
}

void UserReportController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/report/"), listReports);
    router.add(Post, QStringLiteral("/api/v1/report/"), createReport);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/report/{id}/"), reportDetail);
    router.add(Post, QStringLiteral("/api/v1/report/{id}/generate/"), generate);
    router.add(Get, QStringLiteral("/api/v1/report/generated/"), listGenerated);
    router.add(Get | Delete, QStringLiteral("/api/v1/report/generated/{id}/"), generatedDetail);
    router.add(Get, QStringLiteral("/api/v1/report/generated/{id}/download/"), download);
}

} // namespace iotile
