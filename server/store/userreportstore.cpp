#include "server/store/userreportstore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/domain/roles.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QJsonArray>
#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kReportSelect =
    "SELECT r.id, r.label, r.org_id, o.slug, r.generator, r.config, r.sources, r.recipients, r.period, "
    "r.active, r.last_period_end, r.created_on, r.created_by, a.slug "
    "FROM user_reports r JOIN orgs o ON o.id = r.org_id LEFT JOIN accounts a ON a.id = r.created_by";

constexpr const char *kGeneratedSelect =
    "SELECT g.id, g.label, g.report_id, g.org_id, o.slug, g.source_ref, g.status, g.generator, g.sources, "
    "g.recipients, g.range_start, g.range_end, g.file_key, g.file_name, g.content_type, g.error, "
    "g.created_on, g.created_by, a.slug, a.username "
    "FROM generated_reports g JOIN orgs o ON o.id = g.org_id LEFT JOIN accounts a ON a.id = g.created_by";

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toString());
    return out;
}

QVariant listParameter(const QStringList &list)
{
    return jsonParameter(QJsonArray::fromStringList(list));
}

UserReport readReport(SqlQuery &q)
{
    UserReport r;
    r.id = q.int64(0);
    r.label = q.text(1);
    r.orgId = q.int64(2);
    r.orgSlug = q.text(3);
    r.generator = q.text(4);
    r.config = jsonColumn(q, 5).toObject();
    r.sources = stringList(jsonColumn(q, 6));
    r.recipients = stringList(jsonColumn(q, 7));
    r.period = q.text(8);
    r.active = q.boolean(9);
    r.lastPeriodEnd = q.optionalInt64(10);
    r.createdOn = q.int64(11);
    r.createdBy = q.optionalInt64(12);
    r.createdBySlug = q.text(13);
    return r;
}

GeneratedReport readGenerated(SqlQuery &q)
{
    GeneratedReport g;
    g.id = q.text(0);
    g.label = q.text(1);
    g.reportId = q.optionalInt64(2);
    g.orgId = q.int64(3);
    g.orgSlug = q.text(4);
    g.sourceRef = q.text(5);
    g.status = q.text(6);
    g.generator = q.text(7);
    g.sources = stringList(jsonColumn(q, 8));
    g.recipients = stringList(jsonColumn(q, 9));
    g.start = q.optionalInt64(10);
    g.end = q.optionalInt64(11);
    g.fileKey = q.text(12);
    g.fileName = q.text(13);
    g.contentType = q.text(14);
    g.error = q.text(15);
    g.createdOn = q.int64(16);
    g.createdBy = q.optionalInt64(17);
    g.createdBySlug = q.text(18);
    g.createdByUsername = q.text(19);
    return g;
}

// WHERE clause shared by the lists; binds follow in bindWhere's order.
QString whereClause(const UserReportStore::ListQuery &query, const QString &alias)
{
    QStringList c;
    if (!query.all)
        c << Access::orgFilter(alias + QStringLiteral(".org_id"));
    if (query.orgId)
        c << alias + QStringLiteral(".org_id = ?");
    if (query.reportId)
        c << alias + QStringLiteral(".report_id = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const UserReportStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, Permission::AccessReports);
    if (query.orgId)
        q.bind(*query.orgId);
    if (query.reportId)
        q.bind(*query.reportId);
}

} // namespace

Result<qint64> UserReportStore::countReports(const ListQuery &query, const Access &access)
{
    ListQuery q2 = query;
    q2.reportId.reset();
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM user_reports r")
                            + whereClause(q2, QStringLiteral("r")));
    bindWhere(q, q2, access);
    return q.scalarInt64();
}

Result<QList<UserReport>> UserReportStore::listReports(const ListQuery &query, const Access &access,
                                                       qint64 offset, qint64 limit)
{
    ListQuery q2 = query;
    q2.reportId.reset();
    SqlQuery q = m_db.query(QLatin1String(kReportSelect) + whereClause(q2, QStringLiteral("r"))
                            + QStringLiteral(" ORDER BY o.slug, r.label, r.id LIMIT ? OFFSET ?"));
    bindWhere(q, q2, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<UserReport> out;
    while (q.next())
        out.append(readReport(q));
    return out;
}

Result<std::optional<UserReport>> UserReportStore::reportById(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kReportSelect) + QStringLiteral(" WHERE r.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<UserReport>();
    return std::optional<UserReport>(readReport(q));
}

Result<UserReport> UserReportStore::createReport(UserReport r)
{
    r.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO user_reports (label, org_id, generator, config, sources, recipients, "
                   "period, active, created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "RETURNING id");
    q.bind(r.label).bind(r.orgId).bind(r.generator).bind(jsonParameter(r.config));
    q.bind(listParameter(r.sources)).bind(listParameter(r.recipients)).bind(r.period).bind(r.active);
    q.bind(r.createdOn).bindOptional(r.createdBy);
    IOTILE_TRY(id, q.scalarInt64());
    r.id = id;
    return r;
}

Status UserReportStore::updateReport(const UserReport &r)
{
    SqlQuery q = m_db.query("UPDATE user_reports SET label = ?, org_id = ?, generator = ?, config = ?, "
                            "sources = ?, recipients = ?, period = ?, active = ? WHERE id = ?");
    q.bind(r.label).bind(r.orgId).bind(r.generator).bind(jsonParameter(r.config));
    q.bind(listParameter(r.sources))
        .bind(listParameter(r.recipients))
        .bind(r.period)
        .bind(r.active)
        .bind(r.id);
    return q.exec();
}

Status UserReportStore::removeReport(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM user_reports WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QList<UserReport>> UserReportStore::periodicReports()
{
    SqlQuery q = m_db.query(QLatin1String(kReportSelect)
                            + QStringLiteral(" WHERE r.active = {TRUE} AND r.period <> 'x' ORDER BY r.id"));
    IOTILE_CHECK(q.exec());
    QList<UserReport> out;
    while (q.next())
        out.append(readReport(q));
    return out;
}

Result<bool> UserReportStore::claimPeriod(qint64 reportId, qint64 end)
{
    SqlQuery q = m_db.query("UPDATE user_reports SET last_period_end = ? WHERE id = ? AND "
                            "(last_period_end IS NULL OR last_period_end < ?)");
    q.bind(end).bind(reportId).bind(end);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() > 0;
}

Result<qint64> UserReportStore::countGenerated(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM generated_reports g")
                            + whereClause(query, QStringLiteral("g")));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<GeneratedReport>> UserReportStore::listGenerated(const ListQuery &query, const Access &access,
                                                              qint64 offset, qint64 limit)
{
    SqlQuery q =
        m_db.query(QLatin1String(kGeneratedSelect) + whereClause(query, QStringLiteral("g"))
                   + QStringLiteral(" ORDER BY o.slug, g.created_on, g.label, g.id LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<GeneratedReport> out;
    while (q.next())
        out.append(readGenerated(q));
    return out;
}

Result<std::optional<GeneratedReport>> UserReportStore::generatedById(const QString &id)
{
    SqlQuery q = m_db.query(QLatin1String(kGeneratedSelect) + QStringLiteral(" WHERE g.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<GeneratedReport>();
    return std::optional<GeneratedReport>(readGenerated(q));
}

Result<GeneratedReport> UserReportStore::createGenerated(GeneratedReport g)
{
    g.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    g.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO generated_reports (id, label, report_id, org_id, source_ref, status, "
                   "generator, sources, recipients, range_start, range_end, created_on, created_by) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(g.id).bind(g.label).bindOptional(g.reportId).bind(g.orgId).bind(g.sourceRef).bind(g.status);
    q.bind(g.generator).bind(listParameter(g.sources)).bind(listParameter(g.recipients));
    q.bindOptional(g.start).bindOptional(g.end).bind(g.createdOn).bindOptional(g.createdBy);
    IOTILE_CHECK(q.exec());
    return g;
}

Status UserReportStore::setStatus(const QString &id, const QString &status, const QString &error)
{
    SqlQuery q = m_db.query("UPDATE generated_reports SET status = ?, error = ? WHERE id = ?");
    q.bind(status).bind(error).bind(id);
    return q.exec();
}

Status UserReportStore::setFile(const QString &id, const QString &key, const QString &fileName,
                                const QString &contentType)
{
    SqlQuery q = m_db.query("UPDATE generated_reports SET status = 'G1', error = '', file_key = ?, "
                            "file_name = ?, content_type = ? WHERE id = ?");
    q.bind(key).bind(fileName).bind(contentType).bind(id);
    return q.exec();
}

Status UserReportStore::removeGenerated(const QString &id)
{
    SqlQuery q = m_db.query("DELETE FROM generated_reports WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QStringList> UserReportStore::memberEmails(qint64 orgId, bool adminsOnly)
{
    SqlQuery q = m_db.query(
        QStringLiteral("SELECT a.email FROM org_memberships om JOIN accounts a ON a.id = om.user_id "
                       "WHERE om.org_id = ? AND om.is_active = {TRUE} AND a.is_active = {TRUE}")
        + (adminsOnly ? QStringLiteral(" AND om.role IN ('a0', 'a1')") : QString())
        + QStringLiteral(" ORDER BY a.email"));
    q.bind(orgId);
    IOTILE_CHECK(q.exec());
    QStringList out;
    while (q.next())
        out.append(q.text(0));
    return out;
}

Result<std::optional<QString>> UserReportStore::emailOfUsername(const QString &username)
{
    SqlQuery q = m_db.query("SELECT email FROM accounts WHERE username = ? AND is_active = {TRUE}");
    q.bind(username);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.text(0));
}

} // namespace iotile
