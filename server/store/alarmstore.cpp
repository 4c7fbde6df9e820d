#include "server/store/alarmstore.h"

#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT a.id, a.rule, a.name, a.severity, a.target, a.target_type, a.org_id, o.slug, a.project_id, "
    "p.slug, a.device_id, a.stream, a.filter_id, f.slug, a.state_id, s.label, a.action_id, a.auto_clear, "
    "a.message, a.details, a.active, a.occurrences, a.first_seen, a.last_seen, a.acknowledged, a.ack_by, "
    "ua.slug, a.ack_on, a.ack_comment, a.cleared_on, a.cleared_by, uc.slug, a.clear_comment, a.created_by "
    "FROM alarms a JOIN orgs o ON o.id = a.org_id LEFT JOIN projects p ON p.id = a.project_id "
    "LEFT JOIN stream_filters f ON f.id = a.filter_id LEFT JOIN filter_states s ON s.id = a.state_id "
    "LEFT JOIN accounts ua ON ua.id = a.ack_by LEFT JOIN accounts uc ON uc.id = a.cleared_by";

Alarm readAlarm(const SqlQuery &q)
{
    Alarm a;
    a.id = q.int64(0);
    a.rule = q.text(1);
    a.name = q.text(2);
    a.severity = q.text(3);
    a.target = q.text(4);
    a.targetType = q.text(5);
    a.orgId = q.int64(6);
    a.orgSlug = q.text(7);
    a.projectId = q.optionalInt64(8);
    a.projectSlug = q.text(9);
    a.deviceId = q.optionalInt64(10);
    a.stream = q.text(11);
    a.filterId = q.optionalInt64(12);
    a.filterSlug = q.text(13);
    a.stateId = q.optionalInt64(14);
    a.stateLabel = q.text(15);
    a.actionId = q.optionalInt64(16);
    a.autoClear = q.boolean(17);
    a.message = q.text(18);
    a.details = jsonColumn(q, 19);
    a.active = q.boolean(20);
    a.count = q.int64(21);
    a.firstSeen = q.int64(22);
    a.lastSeen = q.int64(23);
    a.acknowledged = q.boolean(24);
    a.ackBy = q.optionalInt64(25);
    a.ackBySlug = q.text(26);
    a.ackOn = q.optionalInt64(27);
    a.ackComment = q.text(28);
    a.clearedOn = q.optionalInt64(29);
    a.clearedBy = q.optionalInt64(30);
    a.clearedBySlug = q.text(31);
    a.clearComment = q.text(32);
    a.createdBy = q.optionalInt64(33);
    return a;
}

QString listWhere(const AlarmStore::ListQuery &query)
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    if (!query.all)
        where += QStringLiteral(" AND ") + Access::orgFilter(QStringLiteral("a.org_id"));
    if (query.projectId)
        where += QStringLiteral(" AND a.project_id = ?");
    if (query.deviceId)
        where += QStringLiteral(" AND a.device_id = ?");
    if (query.active)
        where += *query.active ? QStringLiteral(" AND a.active = {TRUE}")
                               : QStringLiteral(" AND a.active = {FALSE}");
    if (query.acknowledged)
        where += *query.acknowledged ? QStringLiteral(" AND a.acknowledged = {TRUE}")
                                     : QStringLiteral(" AND a.acknowledged = {FALSE}");
    if (!query.severities.isEmpty()) {
        QStringList marks;
        for (qsizetype i = 0; i < query.severities.size(); ++i)
            marks << QStringLiteral("?");
        where += QStringLiteral(" AND a.severity IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (!query.target.isEmpty())
        where += QStringLiteral(" AND a.target = ?");
    return where;
}

void bindList(SqlQuery &q, const AlarmStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.projectId)
        q.bind(*query.projectId);
    if (query.deviceId)
        q.bind(*query.deviceId);
    for (const QString &s : query.severities)
        q.bind(s);
    if (!query.target.isEmpty())
        q.bind(query.target);
}

} // namespace

Result<AlarmStore::Raised> AlarmStore::raise(const Alarm &alarm, qint64 now)
{
    SqlQuery q = m_db.query(
        "INSERT INTO alarms (rule, name, severity, target, target_type, org_id, project_id, device_id, "
        "stream, "
        "filter_id, state_id, action_id, auto_clear, message, details, active, occurrences, first_seen, "
        "last_seen, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {TRUE}, 1, ?, ?, ?) "
        "ON CONFLICT (rule, target) WHERE active = {TRUE} DO UPDATE SET occurrences = alarms.occurrences + "
        "1, "
        "last_seen = excluded.last_seen, message = excluded.message, details = excluded.details, "
        "severity = excluded.severity RETURNING id, occurrences");
    q.bind(alarm.rule).bind(alarm.name).bind(alarm.severity).bind(alarm.target).bind(alarm.targetType);
    q.bind(alarm.orgId).bindOptional(alarm.projectId).bindOptional(alarm.deviceId).bind(alarm.stream);
    q.bindOptional(alarm.filterId).bindOptional(alarm.stateId).bindOptional(alarm.actionId);
    q.bind(alarm.autoClear).bind(alarm.message).bind(jsonParameter(alarm.details));
    q.bind(now).bind(now).bindOptional(alarm.createdBy);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return Error::internal(QStringLiteral("alarm upsert returned no row"));
    Raised raised {q.int64(0), q.int64(1) == 1};
    q.raw().finish();
    return raised;
}

Result<qint64> AlarmStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM alarms a") + listWhere(query));
    bindList(q, query, access);
    return q.scalarInt64();
}

Result<QList<Alarm>> AlarmStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                      qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + listWhere(query)
                            + QStringLiteral(" ORDER BY a.last_seen DESC, a.id DESC LIMIT ? OFFSET ?"));
    bindList(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<Alarm> rows;
    while (q.next())
        rows.append(readAlarm(q));
    return rows;
}

Result<std::optional<Alarm>> AlarmStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE a.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Alarm>();
    return std::optional<Alarm>(readAlarm(q));
}

Result<bool> AlarmStore::acknowledge(qint64 id, qint64 userId, const QString &comment, qint64 now)
{
    SqlQuery q =
        m_db.query("UPDATE alarms SET acknowledged = {TRUE}, ack_by = ?, ack_on = ?, ack_comment = ? "
                   "WHERE id = ? AND acknowledged = {FALSE}");
    q.bind(userId).bind(now).bind(comment).bind(id);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() == 1;
}

Result<bool> AlarmStore::clear(qint64 id, std::optional<qint64> userId, const QString &comment, qint64 now)
{
    SqlQuery q = m_db.query("UPDATE alarms SET active = {FALSE}, cleared_on = ?, cleared_by = ?, "
                            "clear_comment = ? WHERE id = ? AND active = {TRUE}");
    q.bind(now).bindOptional(userId).bind(comment).bind(id);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() == 1;
}

Result<qint64> AlarmStore::clearFromSource(qint64 filterId, qint64 stateId, const QString &stream, qint64 now)
{
    SqlQuery q = m_db.query("UPDATE alarms SET active = {FALSE}, cleared_on = ?, clear_comment = ? "
                            "WHERE filter_id = ? AND stream = ? AND state_id = ? AND active = {TRUE} "
                            "AND auto_clear = {TRUE}");
    q.bind(now).bind(QStringLiteral("Cleared automatically: the filter left the state.")).bind(filterId);
    q.bind(stream).bind(stateId);
    IOTILE_CHECK(q.exec());
    return qint64(q.rowsAffected());
}

Status AlarmStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM alarms WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
