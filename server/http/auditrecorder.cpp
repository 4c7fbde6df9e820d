#include "server/http/auditrecorder.h"

#include "common/slug/deviceslug.h"
#include "common/slug/filterslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/device.h"
#include "server/domain/org.h"
#include "server/domain/project.h"
#include "server/http/httpresponse.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/alarmstore.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcAudit, "iotile.audit")

namespace iotile {

namespace {

// Bodies larger than this are not parsed for the org (data uploads): the path usually names it anyway.
constexpr qsizetype kMaxParsedBody = 64 * 1024;

QString schemeName(AuthScheme scheme)
{
    switch (scheme) {
    case AuthScheme::Jwt:
        return QStringLiteral("jwt");
    case AuthScheme::DeviceJwt:
        return QStringLiteral("a-jwt");
    case AuthScheme::Token:
        return QStringLiteral("token");
    case AuthScheme::ApiKey:
        return QStringLiteral("api-key");
    case AuthScheme::None:
        break;
    }
    return {};
}

// "/api/v1/filter/{slug}/state/" -> "filter/state": the kind of object, without its id.
QString resourceType(const QString &pattern)
{
    QStringList parts;
    for (const QString &segment : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        if (!segment.startsWith(QLatin1Char('{')))
            parts << segment;
    if (parts.size() >= 2 && parts.at(0) == QLatin1String("api") && parts.at(1).startsWith(QLatin1Char('v')))
        parts = parts.mid(2);
    return parts.join(QLatin1Char('/'));
}

} // namespace

AuditRecorder::AuditRecorder(RequestContext &ctx, ServerContext &server)
    : m_ctx(&ctx)
    , m_server(server)
{
    const HttpMethod method = ctx.method();
    if (method == Get || method == Head || method == Options)
        return;
    const Router::Match match = server.router().match(method, ctx.path());
    if (!match.route)
        return; // 404 and 405 change nothing
    m_active = true;
    m_entry.method = QString::fromLatin1(methodName(method));
    m_entry.path = ctx.path();
    m_entry.resourceType = resourceType(match.route->pattern);
    m_entry.clientAddress = ctx.remoteAddressText();
    if (!match.captures.isEmpty()) {
        m_entry.resourceId = match.captures.first();
        const QString kind = m_entry.resourceType.section(QLatin1Char('/'), 0, 0);
        auto db = ctx.db();
        if (!db)
            return;
        if (kind == QLatin1String("org")) {
            auto org = OrgStore(**db).bySlug(m_entry.resourceId);
            if (org && *org) {
                m_entry.orgId = (*org)->id;
                m_entry.orgSlug = (*org)->slug;
            }
        } else if (kind == QLatin1String("alarm")) {
            bool ok = false;
            const qint64 id = m_entry.resourceId.toLongLong(&ok);
            auto alarm =
                ok ? AlarmStore(**db).byId(id) : Result<std::optional<Alarm>>(std::optional<Alarm>());
            if (alarm && *alarm) {
                m_entry.orgId = (*alarm)->orgId;
                m_entry.orgSlug = (*alarm)->orgSlug;
            }
        } else {
            resolveOrg(m_entry.resourceId);
        }
    }
}

// The org of a slug or UUID that names a project, device, stream, filter or variable.
void AuditRecorder::resolveOrg(const QString &text)
{
    if (m_entry.orgId || text.isEmpty())
        return;
    auto db = m_server.db().connection();
    if (!db)
        return;
    std::optional<qint64> orgId;
    std::optional<ProjectSlug> project;
    if (text.startsWith(QLatin1String("p--")))
        project = ProjectSlug::parse(QStringView(text));
    else if (text.startsWith(QLatin1String("s--"))) {
        if (const auto s = StreamSlug::fromLookup(text))
            project = s->project();
    } else if (text.startsWith(QLatin1String("f--"))) {
        if (const auto f = FilterSlug::parse(QStringView(text)))
            project = f->project();
    } else if (text.startsWith(QLatin1String("v--"))) {
        if (const auto v = VariableSlug::fromLookup(text))
            project = v->project();
    } else if (text.startsWith(QLatin1String("d--"))) {
        if (const auto d = DeviceSlug::fromLookup(text)) {
            auto device = DeviceStore(**db).byId(qint64(d->id()));
            if (device && *device)
                orgId = (*device)->orgId;
        }
    } else if (!QUuid::fromString(text).isNull()) {
        auto p = ProjectStore(**db).byUuid(text);
        if (p && *p)
            orgId = (*p)->orgId;
    }
    if (project && project->id() != 0) {
        auto p = ProjectStore(**db).byGid(qint64(project->id()));
        if (p && *p)
            orgId = (*p)->orgId;
    }
    if (!orgId)
        return;
    auto org = OrgStore(**db).byId(*orgId);
    if (org && *org) {
        m_entry.orgId = (*org)->id;
        m_entry.orgSlug = (*org)->slug;
    }
}

// Creates name their org in the body ({"org": ...}, {"project": ...}) or in the answer.
void AuditRecorder::resolveFromJson(const QByteArray &json, bool response)
{
    const bool wantId = response && m_entry.resourceId.isEmpty();
    if ((m_entry.orgId && !wantId) || json.size() > kMaxParsedBody || json.isEmpty())
        return;
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    if (o.isEmpty())
        return;
    if (wantId) {
        const QJsonValue id = o.value(QStringLiteral("slug")).isString() ? o.value(QStringLiteral("slug"))
                                                                         : o.value(QStringLiteral("id"));
        m_entry.resourceId = id.isDouble() ? QString::number(qint64(id.toDouble())) : id.toString();
    }
    if (m_entry.orgId)
        return;
    if (const QString org = o.value(QStringLiteral("org")).toString(); !org.isEmpty()) {
        auto db = m_server.db().connection();
        if (!db)
            return;
        auto found = OrgStore(**db).bySlug(org);
        if (found && *found) {
            m_entry.orgId = (*found)->id;
            m_entry.orgSlug = (*found)->slug;
            return;
        }
    }
    for (const char *key : {"project", "device", "stream", "target", "filter", "variable"}) {
        resolveOrg(o.value(QLatin1String(key)).toString());
        if (m_entry.orgId)
            return;
    }
}

void AuditRecorder::takeRequest()
{
    if (const auto &user = m_ctx->user()) {
        m_entry.userId = user->id;
        m_entry.userSlug = user->slug;
    }
    m_entry.authScheme = schemeName(m_ctx->authScheme());
    if (m_ctx->contentType().isEmpty() || m_ctx->contentType() == "application/json")
        resolveFromJson(m_ctx->body(), false);
    m_ctx = nullptr;
}

void AuditRecorder::detach()
{
    if (m_active && m_ctx)
        takeRequest();
}

void AuditRecorder::record(const HttpResponse &response)
{
    if (!m_active || response.status() >= 400)
        return;
    m_entry.ts = isotime::now();
    m_entry.status = response.status();
    if (m_ctx)
        takeRequest();
    if (response.contentType().startsWith("application/json"))
        resolveFromJson(response.body(), true);
    auto db = m_server.db().connection();
    Status stored = db ? AuditStore(**db).append(m_entry) : Status(db.error());
    if (!stored)
        qCWarning(lcAudit) << "could not record" << m_entry.method << m_entry.path
                           << stored.error().message();
    if (db)
        (*db)->finishAll();
}

} // namespace iotile
