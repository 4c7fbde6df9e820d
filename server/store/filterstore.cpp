#include "server/store/filterstore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT f.id, f.slug, f.name, f.project_id, p.slug, p.org_id, f.variable_id, v.slug, v.output_unit_id, "
    "f.device_id, d.slug, f.input_stream_id, s.slug, f.active, f.secret, f.created_on, f.created_by "
    "FROM stream_filters f JOIN projects p ON p.id = f.project_id JOIN variables v ON v.id = f.variable_id "
    "LEFT JOIN devices d ON d.id = f.device_id LEFT JOIN streams s ON s.id = f.input_stream_id";

StreamFilter readFilter(const SqlQuery &q)
{
    StreamFilter f;
    f.id = q.int64(0);
    f.slug = q.text(1);
    f.name = q.text(2);
    f.projectId = q.int64(3);
    f.projectSlug = q.text(4);
    f.orgId = q.int64(5);
    f.variableId = q.int64(6);
    f.variableSlug = q.text(7);
    f.variableOutputUnitId = q.optionalInt64(8);
    f.deviceId = q.optionalInt64(9);
    f.deviceSlug = q.text(10);
    f.inputStreamId = q.optionalInt64(11);
    f.inputStreamSlug = q.text(12);
    f.active = q.boolean(13);
    f.secret = q.text(14);
    f.createdOn = q.int64(15);
    f.createdBy = q.optionalInt64(16);
    return f;
}

QString listWhere(const FilterStore::ListQuery &query)
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    if (!query.all)
        where +=
            QStringLiteral(" AND f.active = {TRUE} AND ") + Access::orgFilter(QStringLiteral("p.org_id"));
    if (query.projectId)
        where += QStringLiteral(" AND f.project_id = ?");
    return where;
}

void bindList(SqlQuery &q, const FilterStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.projectId)
        q.bind(*query.projectId);
}

constexpr const char *kStateSelect = "SELECT id, filter_id, label, slug FROM filter_states";

FilterState readState(const SqlQuery &q)
{
    return FilterState {q.int64(0), q.int64(1), q.text(2), q.text(3)};
}

Result<std::optional<FilterState>> oneState(SqlQuery &q)
{
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<FilterState>();
    return std::optional<FilterState>(readState(q));
}

constexpr const char *kTransitionSelect = "SELECT id, filter_id, src_id, dst_id FROM filter_transitions";

FilterTransition readTransition(const SqlQuery &q)
{
    return FilterTransition {q.text(0), q.int64(1), q.optionalInt64(2), q.int64(3)};
}

constexpr const char *kTriggerSelect =
    "SELECT t.id, t.filter_id, t.transition_id, t.operator, t.threshold, t.user_threshold, "
    "t.user_output_unit_id, u.unit_full FROM filter_triggers t LEFT JOIN var_type_units u ON u.id = "
    "t.user_output_unit_id";

std::optional<double> optionalReal(const SqlQuery &q, int column)
{
    return q.isNull(column) ? std::nullopt : std::optional<double>(q.real(column));
}

FilterTrigger readTrigger(const SqlQuery &q)
{
    FilterTrigger t;
    t.id = q.int64(0);
    t.filterId = q.int64(1);
    t.transitionId = q.isNull(2) ? QString() : q.text(2);
    t.op = q.text(3);
    t.threshold = optionalReal(q, 4);
    t.userThreshold = optionalReal(q, 5);
    t.userOutputUnitId = q.optionalInt64(6);
    t.userUnitFull = q.text(7);
    return t;
}

constexpr const char *kActionSelect =
    "SELECT id, filter_id, state_id, type, on_event, extra_payload FROM filter_actions";

FilterAction readAction(const SqlQuery &q)
{
    FilterAction a;
    a.id = q.int64(0);
    a.filterId = q.int64(1);
    a.stateId = q.optionalInt64(2);
    a.type = q.text(3);
    a.on = q.text(4);
    a.extra = jsonColumn(q, 5).toObject();
    return a;
}

} // namespace

Result<qint64> FilterStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(
        QStringLiteral("SELECT count(*) FROM stream_filters f JOIN projects p ON p.id = f.project_id")
        + listWhere(query));
    bindList(q, query, access);
    return q.scalarInt64();
}

Result<QList<StreamFilter>> FilterStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                              qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + listWhere(query)
                            + QStringLiteral(" ORDER BY f.slug LIMIT ? OFFSET ?"));
    bindList(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<StreamFilter> rows;
    while (q.next())
        rows.append(readFilter(q));
    return rows;
}

Result<std::optional<StreamFilter>> FilterStore::bySlug(const QString &slug)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE f.slug = ?"));
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<StreamFilter>();
    return std::optional<StreamFilter>(readFilter(q));
}

Result<StreamFilter> FilterStore::create(StreamFilter filter)
{
    filter.createdOn = isotime::now();
    SqlQuery q = m_db.query("INSERT INTO stream_filters (slug, name, project_id, variable_id, device_id, "
                            "input_stream_id, active, secret, created_on, created_by) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(filter.slug).bind(filter.name).bind(filter.projectId).bind(filter.variableId);
    q.bindOptional(filter.deviceId).bindOptional(filter.inputStreamId).bind(filter.active);
    q.bind(filter.secret).bind(filter.createdOn).bindOptional(filter.createdBy);
    if (Status s = q.exec(); !s) {
        if (q.isUniqueViolation())
            return Error::field(QStringLiteral("non_field_errors"), QStringLiteral("Filter already exists"));
        return std::move(s).error();
    }
    const auto id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("stream filter insert returned no id"));
    IOTILE_TRY(stored, bySlug(filter.slug));
    if (!stored)
        return Error::internal(QStringLiteral("stream filter vanished after insert"));
    return *stored;
}

Status FilterStore::update(const StreamFilter &filter)
{
    SqlQuery q = m_db.query("UPDATE stream_filters SET name = ?, active = ?, secret = ? WHERE id = ?");
    q.bind(filter.name).bind(filter.active).bind(filter.secret).bind(filter.id);
    return q.exec();
}

Status FilterStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM stream_filters WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QList<FilterState>> FilterStore::states(qint64 filterId)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kStateSelect) + QStringLiteral(" WHERE filter_id = ? ORDER BY slug"));
    q.bind(filterId);
    IOTILE_CHECK(q.exec());
    QList<FilterState> rows;
    while (q.next())
        rows.append(readState(q));
    return rows;
}

Result<std::optional<FilterState>> FilterStore::stateById(qint64 filterId, qint64 id)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kStateSelect) + QStringLiteral(" WHERE filter_id = ? AND id = ?"));
    q.bind(filterId).bind(id);
    return oneState(q);
}

Result<std::optional<FilterState>> FilterStore::stateBySlug(qint64 filterId, const QString &slug)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kStateSelect) + QStringLiteral(" WHERE filter_id = ? AND slug = ?"));
    q.bind(filterId).bind(slug);
    return oneState(q);
}

Result<std::optional<FilterState>> FilterStore::stateByLabel(qint64 filterId, const QString &label)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kStateSelect)
                            + QStringLiteral(" WHERE filter_id = ? AND label = ? ORDER BY id"));
    q.bind(filterId).bind(label);
    return oneState(q);
}

Result<FilterState> FilterStore::createState(FilterState state, qint64 userId)
{
    SqlQuery q = m_db.query("INSERT INTO filter_states (filter_id, label, slug, created_on, created_by) "
                            "VALUES (?, ?, ?, ?, ?) RETURNING id");
    q.bind(state.filterId).bind(state.label).bind(state.slug).bind(isotime::now()).bind(userId);
    if (Status s = q.exec(); !s) {
        if (q.isUniqueViolation())
            return Error::field(QStringLiteral("non_field_errors"), QStringLiteral("State already exists"));
        return std::move(s).error();
    }
    const auto id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("filter state insert returned no id"));
    state.id = *id;
    return state;
}

Status FilterStore::updateState(const FilterState &state)
{
    SqlQuery q = m_db.query("UPDATE filter_states SET label = ?, slug = ? WHERE id = ?");
    q.bind(state.label).bind(state.slug).bind(state.id);
    if (Status s = q.exec(); !s) {
        if (q.isUniqueViolation())
            return Error::field(QStringLiteral("non_field_errors"), QStringLiteral("State already exists"));
        return s;
    }
    return Ok {};
}

Status FilterStore::removeState(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM filter_states WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QList<FilterTransition>> FilterStore::transitions(qint64 filterId)
{
    // The original orders by (src, dst) with NULL src last, as PostgreSQL sorts NULLs.
    SqlQuery q = m_db.query(QString::fromLatin1(kTransitionSelect)
                            + QStringLiteral(" WHERE filter_id = ? ORDER BY CASE WHEN src_id IS NULL THEN 1 "
                                             "ELSE 0 END, src_id, dst_id"));
    q.bind(filterId);
    IOTILE_CHECK(q.exec());
    QList<FilterTransition> rows;
    while (q.next())
        rows.append(readTransition(q));
    return rows;
}

Result<std::optional<FilterTransition>> FilterStore::transitionById(qint64 filterId, const QString &id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kTransitionSelect)
                            + QStringLiteral(" WHERE filter_id = ? AND id = ?"));
    q.bind(filterId).bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<FilterTransition>();
    return std::optional<FilterTransition>(readTransition(q));
}

Result<std::optional<FilterTransition>>
FilterStore::transitionBetween(qint64 filterId, std::optional<qint64> srcId, qint64 dstId)
{
    // Two statements: PostgreSQL cannot type "src_id IS NOT DISTINCT FROM ?" with a NULL parameter alone.
    SqlQuery q = srcId
        ? m_db.query(QString::fromLatin1(kTransitionSelect)
                     + QStringLiteral(" WHERE filter_id = ? AND dst_id = ? AND src_id = ?"))
        : m_db.query(QString::fromLatin1(kTransitionSelect)
                     + QStringLiteral(" WHERE filter_id = ? AND dst_id = ? AND src_id IS NULL"));
    q.bind(filterId).bind(dstId);
    if (srcId)
        q.bind(*srcId);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<FilterTransition>();
    return std::optional<FilterTransition>(readTransition(q));
}

Result<FilterTransition> FilterStore::createTransition(FilterTransition transition, qint64 userId)
{
    transition.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    SqlQuery q = m_db.query("INSERT INTO filter_transitions (id, filter_id, src_id, dst_id, created_on, "
                            "created_by) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(transition.id).bind(transition.filterId).bindOptional(transition.srcId).bind(transition.dstId);
    q.bind(isotime::now()).bind(userId);
    IOTILE_CHECK(q.exec());
    return transition;
}

Status FilterStore::removeTransition(const QString &id)
{
    SqlQuery q = m_db.query("DELETE FROM filter_transitions WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QList<FilterTrigger>> FilterStore::triggers(qint64 filterId)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kTriggerSelect)
                            + QStringLiteral(" WHERE t.filter_id = ? ORDER BY t.id"));
    q.bind(filterId);
    IOTILE_CHECK(q.exec());
    QList<FilterTrigger> rows;
    while (q.next())
        rows.append(readTrigger(q));
    return rows;
}

Result<std::optional<FilterTrigger>> FilterStore::triggerById(qint64 filterId, qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kTriggerSelect)
                            + QStringLiteral(" WHERE t.filter_id = ? AND t.id = ?"));
    q.bind(filterId).bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<FilterTrigger>();
    return std::optional<FilterTrigger>(readTrigger(q));
}

Result<FilterTrigger> FilterStore::createTrigger(FilterTrigger trigger, qint64 userId)
{
    SqlQuery q = m_db.query("INSERT INTO filter_triggers (filter_id, transition_id, operator, threshold, "
                            "user_threshold, user_output_unit_id, created_on, created_by) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(trigger.filterId);
    q.bind(trigger.transitionId.isEmpty() ? QVariant() : QVariant(trigger.transitionId));
    q.bind(trigger.op).bindOptional(trigger.threshold).bindOptional(trigger.userThreshold);
    q.bindOptional(trigger.userOutputUnitId).bind(isotime::now()).bind(userId);
    IOTILE_CHECK(q.exec());
    const auto id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("filter trigger insert returned no id"));
    IOTILE_TRY(stored, triggerById(trigger.filterId, *id));
    if (!stored)
        return Error::internal(QStringLiteral("filter trigger vanished after insert"));
    return *stored;
}

Status FilterStore::removeTrigger(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM filter_triggers WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Status FilterStore::removeTriggersOf(const QString &transitionId)
{
    SqlQuery q = m_db.query("DELETE FROM filter_triggers WHERE transition_id = ?");
    q.bind(transitionId);
    return q.exec();
}

Result<QList<FilterAction>> FilterStore::actions(qint64 filterId)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kActionSelect) + QStringLiteral(" WHERE filter_id = ? ORDER BY id"));
    q.bind(filterId);
    IOTILE_CHECK(q.exec());
    QList<FilterAction> rows;
    while (q.next())
        rows.append(readAction(q));
    return rows;
}

Result<std::optional<FilterAction>> FilterStore::actionById(qint64 filterId, qint64 id)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kActionSelect) + QStringLiteral(" WHERE filter_id = ? AND id = ?"));
    q.bind(filterId).bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<FilterAction>();
    return std::optional<FilterAction>(readAction(q));
}

Result<FilterAction> FilterStore::createAction(FilterAction action, qint64 userId)
{
    SqlQuery q = m_db.query("INSERT INTO filter_actions (filter_id, state_id, type, on_event, extra_payload, "
                            "created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(action.filterId).bindOptional(action.stateId).bind(action.type).bind(action.on);
    q.bind(jsonParameter(action.extra)).bind(isotime::now()).bind(userId);
    IOTILE_CHECK(q.exec());
    const auto id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("filter action insert returned no id"));
    action.id = *id;
    return action;
}

Status FilterStore::removeAction(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM filter_actions WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<FilterCurrentState> FilterStore::currentState(qint64 filterId, const QString &stream)
{
    SqlQuery q =
        m_db.query("SELECT state_id, version FROM filter_current_states WHERE filter_id = ? AND stream = ?");
    q.bind(filterId).bind(stream);
    IOTILE_CHECK(q.exec());
    FilterCurrentState state;
    if (q.next()) {
        state.stateId = q.optionalInt64(0);
        state.version = q.int64(1);
        state.exists = true;
    }
    return state;
}

Result<bool> FilterStore::moveState(qint64 filterId, const QString &stream,
                                    const FilterCurrentState &expected, std::optional<qint64> stateId,
                                    qint64 now)
{
    if (!expected.exists) {
        SqlQuery q =
            m_db.query("INSERT INTO filter_current_states (filter_id, stream, state_id, version, "
                       "updated_on) VALUES (?, ?, ?, 1, ?) ON CONFLICT (filter_id, stream) DO NOTHING");
        q.bind(filterId).bind(stream).bindOptional(stateId).bind(now);
        IOTILE_CHECK(q.exec());
        return q.rowsAffected() == 1;
    }
    SqlQuery q =
        m_db.query("UPDATE filter_current_states SET state_id = ?, version = version + 1, updated_on = ? "
                   "WHERE filter_id = ? AND stream = ? AND version = ?");
    q.bindOptional(stateId).bind(now).bind(filterId).bind(stream);
    q.bind(expected.version);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() == 1;
}

Status FilterStore::appendLog(const FilterLogEntry &e, qint64 now)
{
    SqlQuery q = m_db.query("INSERT INTO filter_logs (uuid, filter_id, target_slug, device_id, ts, src, dst, "
                            "triggers, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(e.uuid).bindOptional(e.filterId).bind(e.targetSlug).bindOptional(e.deviceId).bind(e.ts);
    q.bind(e.src).bind(e.dst).bind(jsonParameter(e.triggers)).bind(now);
    return q.exec();
}

Result<QList<FilterLogEntry>> FilterStore::logsOfDevice(qint64 deviceId, qint64 limit)
{
    SqlQuery q =
        m_db.query("SELECT uuid, filter_id, target_slug, device_id, ts, src, dst, triggers FROM filter_logs "
                   "WHERE device_id = ? ORDER BY ts DESC, id DESC LIMIT ?");
    q.bind(deviceId).bind(limit);
    IOTILE_CHECK(q.exec());
    QList<FilterLogEntry> rows;
    while (q.next()) {
        FilterLogEntry e;
        e.uuid = q.text(0);
        e.filterId = q.optionalInt64(1);
        e.targetSlug = q.text(2);
        e.deviceId = q.optionalInt64(3);
        e.ts = q.int64(4);
        e.src = q.text(5);
        e.dst = q.text(6);
        e.triggers = jsonColumn(q, 7).toArray();
        rows.append(e);
    }
    return rows;
}

} // namespace iotile
