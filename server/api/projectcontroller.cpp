#include "server/api/projectcontroller.h"

#include "common/slug/projectslug.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/project.h"
#include "server/domain/searchindex.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"

#include <QJsonArray>

#include <cctype>

namespace iotile {

namespace {

Error restricted400()
{
    return Error(ErrorKind::BadRequest,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

Error lacking()
{
    return Error::forbidden(QStringLiteral("Access Denied due to lack of sufficient permissions"));
}

bool isUuid(const QString &text)
{
    // 8-4-4-4-12 hex digits; the nil UUID is a valid (if unused) id.
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != QLatin1Char('-') : !isxdigit(c.toLatin1()))
            return false;
    }
    return true;
}

Result<Project> visibleProject(RequestContext &ctx, SqlConnection &db, Access &access)
{
    const QString id = ctx.capture(0);
    if (!isUuid(id))
        return Error::bareList(QStringLiteral("Project ID must be a UUID"));
    IOTILE_TRY(project, ProjectStore(db).byUuid(id));
    if (!project)
        return Error::notFound();
    IOTILE_TRY(member, access.isActiveMember(project->orgId));
    if ((!member && !ctx.staffMode()) || (project->isTemplate && !ctx.staffMode()))
        return Error::notFound();
    return *project;
}

// ?project_template=<slug>, or the last template named "Default Template" as the original does.
Result<std::optional<qint64>> templateFor(SqlConnection &db, const std::optional<QString> &slug,
                                          FieldErrors &errors)
{
    SqlQuery q = slug
        ? db.query("SELECT id FROM project_templates WHERE slug = ?")
        : db.query("SELECT id FROM project_templates WHERE name = 'Default Template' AND active = {TRUE} "
                   "ORDER BY major DESC, minor DESC, patch DESC LIMIT 1");
    if (slug)
        q.bind(*slug);
    IOTILE_CHECK(q.exec());
    if (q.next())
        return std::optional<qint64>(q.int64(0));
    if (slug)
        errors.add(QStringLiteral("project_template"),
                   QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
    return std::optional<qint64>();
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    ProjectStore::ListQuery query;
    query.all = ctx.staffMode();
    for (const char *key : {"org", "org__slug"}) {
        const QString slug = ctx.queryValue(QLatin1String(key));
        if (slug.isEmpty())
            continue;
        IOTILE_TRY(org, OrgStore(*db).bySlug(slug));
        if (!org)
            return Error::notFound();
        query.orgId = org->id;
    }
    query.slug = ctx.queryValue(QStringLiteral("slug"));
    query.name = ctx.queryValue(QStringLiteral("name"));
    if (ctx.hasQuery(QStringLiteral("created_by")))
        query.createdBy = ctx.queryValue(QStringLiteral("created_by")).toLongLong();
    const QString property = ctx.queryValue(QStringLiteral("property"));
    if (!property.isEmpty()) {
        const qsizetype sep = property.indexOf(QStringLiteral("__"));
        query.propertyName = sep < 0 ? property : property.left(sep);
        if (sep >= 0)
            query.propertyValue = property.mid(sep + 2);
    }
    ProjectStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const Project &p : rows)
        results.append(ProjectController::projectJson(p));
    return page.envelope(ctx, count, results);
}

struct NewProject
{
    QString name;
    Org org;
    QString about;
    std::optional<qint64> templateId;
};

// The fields and permission checks shared by project/ and project/new/.
Result<NewProject> readNewProject(RequestContext &ctx, SqlConnection &db, Access &access,
                                  const QJsonObject &body, FieldErrors &errors)
{
    NewProject p;
    const auto name = errors.requiredString(body, QStringLiteral("name"), 50);
    const auto orgSlug = errors.requiredString(body, QStringLiteral("org"));
    const auto about = errors.optionalString(body, QStringLiteral("about"));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(org, OrgStore(db).bySlug(*orgSlug));
    if (!org)
        return Error::field(QStringLiteral("org"),
                            QStringLiteral("Object with slug=%1 does not exist.").arg(*orgSlug));
    IOTILE_TRY(allowed, access.can(org->id, Permission::ManageOrgAndProjects));
    if (!allowed)
        return lacking();
    (void)ctx;
    p.name = *name;
    p.org = *org;
    p.about = about.value_or(QString());
    return p;
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    FieldErrors errors;
    IOTILE_TRY(fields, readNewProject(ctx, *db, access, body, errors));
    IOTILE_TRY(templateId,
               templateFor(*db, errors.optionalString(body, QStringLiteral("project_template")), errors));
    IOTILE_CHECK(errors.status());
    Project p;
    p.name = fields.name;
    p.orgId = fields.org.id;
    p.about = fields.about;
    p.projectTemplateId = templateId;
    p.createdBy = ctx.account().id;
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(created, ProjectStore(*db).create(p));
    IOTILE_CHECK(SearchIndex::refresh(*db, created.slug));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, ProjectStore(*db).byId(created.id));
    return HttpResponse::json(ProjectController::projectJson(*stored), 201);
}

Result<HttpResponse> createNew(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    FieldErrors errors;
    IOTILE_TRY(fields, readNewProject(ctx, *db, access, body, errors));
    std::optional<qint64> templateId;
    const auto deviceSlug = errors.optionalString(body, QStringLiteral("device"));
    IOTILE_CHECK(errors.status());
    if (deviceSlug) {
        IOTILE_TRY(device, DeviceStore(*db).bySlug(*deviceSlug));
        if (!device)
            return Error::field(QStringLiteral("device"),
                                QStringLiteral("Object with slug=%1 does not exist.").arg(*deviceSlug));
        if (!device->sgId)
            return Error(ErrorKind::BadRequest,
                         QJsonValue(QStringLiteral("Device not properly setup. Contact Arch Support")));
        SqlQuery q = db->query("SELECT project_template_id FROM sensor_graphs WHERE id = ?");
        q.bind(*device->sgId);
        IOTILE_CHECK(q.exec());
        if (!q.next() || q.isNull(0))
            return Error(ErrorKind::BadRequest,
                         QJsonValue(QStringLiteral("Device not properly setup. Contact Arch Support")));
        templateId = q.int64(0);
    } else {
        IOTILE_TRY(fallback, templateFor(*db, std::nullopt, errors));
        templateId = fallback;
    }
    Project p;
    p.name = fields.name;
    p.orgId = fields.org.id;
    p.about = fields.about;
    p.projectTemplateId = templateId;
    p.createdBy = ctx.account().id;
    IOTILE_TRY(created, ProjectStore(*db).create(p));
    IOTILE_CHECK(SearchIndex::refresh(*db, created.slug));
    return HttpResponse::json(QJsonObject {{QStringLiteral("id"), created.uuid}}, 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(project, visibleProject(ctx, *db, access));
    return HttpResponse::json(ProjectController::projectJson(project));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(project, visibleProject(ctx, *db, access));
    IOTILE_TRY(allowed, access.can(project.orgId, Permission::ManageOrgAndProjects));
    if (!allowed)
        return lacking();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const bool put = ctx.method() == Put;
    const auto name = put ? errors.requiredString(body, QStringLiteral("name"), 50)
                          : errors.optionalString(body, QStringLiteral("name"), 50);
    const auto about = errors.optionalString(body, QStringLiteral("about"));
    const auto orgSlug = errors.optionalString(body, QStringLiteral("org"));
    const auto retention = errors.optionalInt(body, QStringLiteral("data_retention_days"));
    if (retention && *retention < 1)
        errors.add(QStringLiteral("data_retention_days"),
                   QStringLiteral("Ensure this value is greater than or equal to 1."));
    IOTILE_CHECK(errors.status());
    const qint64 previousOrgId = project.orgId;
    if (orgSlug && *orgSlug != project.orgSlug) {
        // Moving a project to another org needs the same right there.
        IOTILE_TRY(org, OrgStore(*db).bySlug(*orgSlug));
        if (!org)
            return Error::field(QStringLiteral("org"),
                                QStringLiteral("Object with slug=%1 does not exist.").arg(*orgSlug));
        IOTILE_TRY(there, access.can(org->id, Permission::ManageOrgAndProjects));
        if (!there)
            return lacking();
        project.orgId = org->id;
    }
    if (name)
        project.name = *name;
    if (about)
        project.about = *about;
    if (body.contains(QStringLiteral("data_retention_days")))
        project.dataRetentionDays = retention ? std::optional<int>(int(*retention)) : std::nullopt;
    const bool orgChanged = project.orgId != previousOrgId;
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(ProjectStore(*db).update(project));
    if (orgChanged)
        IOTILE_CHECK(ProjectStore(*db).reassignOrg(project.id, project.orgId));
    IOTILE_CHECK(SearchIndex::refresh(*db, project.slug));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, ProjectStore(*db).byId(project.id));
    return HttpResponse::json(ProjectController::projectJson(*stored));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    if (!ctx.isStaff())
        return restricted400();
    const QString id = ctx.capture(0);
    if (!isUuid(id))
        return Error::bareList(QStringLiteral("Project ID must be a UUID"));
    IOTILE_TRY(project, ProjectStore(*db).byUuid(id));
    if (!project)
        return Error::notFound();
    // Queryset-scoped as in the original: staff outside the org delete only when asking as staff.
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(member, access.isActiveMember(project->orgId));
    if (!member && !ctx.staffMode())
        return Error::notFound();
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    // Devices stay (unclaimed); the project's variables and streams go with it.
    SqlQuery release =
        db->query("UPDATE devices SET project_id = NULL, org_id = NULL, claimed_by = NULL, claimed_on = NULL "
                  "WHERE project_id = ?");
    release.bind(project->id);
    IOTILE_CHECK(release.exec());
    IOTILE_CHECK(ProjectStore(*db).remove(project->id));
    IOTILE_CHECK(SearchIndex::refresh(*db, project->slug));
    IOTILE_CHECK(tx.commit());
    return HttpResponse::noContent();
}

Result<HttpResponse> extra(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(project, visibleProject(ctx, *db, access));
    QJsonObject body = ProjectController::projectJson(project);
    IOTILE_TRY(counts, ProjectStore(*db).counts(project.id));
    body.insert(QStringLiteral("counts"), counts);
    return HttpResponse::json(body);
}

} // namespace

Result<std::optional<Project>> ProjectController::byUuidOrSlug(SqlConnection &db, const QString &text)
{
    if (text.startsWith(QLatin1String("p--"))) {
        const auto slug = ProjectSlug::parse(QStringView(text));
        if (!slug)
            return std::optional<Project>();
        return ProjectStore(db).bySlug(slug->toString());
    }
    if (!isUuid(text))
        return std::optional<Project>();
    return ProjectStore(db).byUuid(text);
}

QJsonObject ProjectController::projectJson(const Project &p)
{
    return QJsonObject {
        {QStringLiteral("id"), p.uuid},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("slug"), p.slug},
        {QStringLiteral("gid"), p.slug.mid(3)},
        {QStringLiteral("org"), p.orgSlug},
        {QStringLiteral("about"), p.about},
        {QStringLiteral("project_template"), json::nullable(p.projectTemplateSlug)},
        {QStringLiteral("data_retention_days"),
         p.dataRetentionDays ? QJsonValue(*p.dataRetentionDays) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("created_on"), json::time(p.createdOn)},
        {QStringLiteral("created_by"), json::nullable(p.createdBySlug)},
    };
}

void ProjectController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/project/"), list);
    router.add(Post, QStringLiteral("/api/v1/project/"), create);
    router.add(Post, QStringLiteral("/api/v1/project/new/"), createNew);
    router.add(Get, QStringLiteral("/api/v1/project/{id}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/project/{id}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/project/{id}/"), destroy);
    router.add(Get, QStringLiteral("/api/v1/project/{id}/extra/"), extra);
}

} // namespace iotile
