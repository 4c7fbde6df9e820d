#include "server/store/streamerstore.h"

#include "common/slug/deviceslug.h"
#include "common/slug/streamerslug.h"
#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"

namespace iotile {

namespace {

constexpr const char *kStreamerSelect =
    "SELECT t.id, t.slug, t.device_id, d.slug, t.idx, t.last_id, t.last_reboot_ts, t.selector,"
    " t.process_engine_ver, t.created_on, t.created_by FROM streamers t JOIN devices d ON d.id = t.device_id";

// The original's user_streamer_qs: streamers of active, claimed devices in orgs the caller belongs to.
const QString kVisibleStreamer = QStringLiteral("d.project_id IS NOT NULL AND d.active = {TRUE} AND ")
    + Access::orgFilter(QStringLiteral("d.org_id"));

constexpr const char *kReportSelect =
    "SELECT r.id, r.streamer_id, t.slug, r.blob_key, r.file_name, r.ext, r.received, r.device_sent_timestamp,"
    " r.incremental_id, r.original_first_id, r.original_last_id, r.actual_first_id, r.actual_last_id,"
    " r.time_epsilon, r.status, r.error, r.created_on, r.created_by, a.slug FROM streamer_reports r"
    " LEFT JOIN streamers t ON t.id = r.streamer_id LEFT JOIN devices d ON d.id = t.device_id"
    " LEFT JOIN accounts a ON a.id = r.created_by";

Streamer readStreamer(SqlQuery &q)
{
    Streamer s;
    s.id = q.int64(0);
    s.slug = q.text(1);
    s.deviceId = q.int64(2);
    s.deviceSlug = q.text(3);
    s.index = int(q.int64(4));
    s.lastId = q.int64(5);
    s.lastRebootTs = q.optionalInt64(6);
    s.selector = q.int64(7);
    s.processEngineVer = int(q.int64(8));
    s.createdOn = q.int64(9);
    s.createdBy = q.optionalInt64(10);
    return s;
}

StreamerReport readReport(SqlQuery &q)
{
    StreamerReport r;
    r.id = q.text(0);
    r.streamerId = q.optionalInt64(1);
    r.streamerSlug = q.text(2);
    r.blobKey = q.text(3);
    r.fileName = q.text(4);
    r.ext = q.text(5);
    r.received = q.int64(6);
    r.deviceSentTimestamp = q.optionalInt64(7);
    r.incrementalId = q.optionalInt64(8);
    r.originalFirstId = q.optionalInt64(9);
    r.originalLastId = q.optionalInt64(10);
    r.actualFirstId = q.optionalInt64(11);
    r.actualLastId = q.optionalInt64(12);
    r.timeEpsilon = q.real(13);
    r.status = q.text(14);
    r.error = q.text(15);
    r.createdOn = q.int64(16);
    r.createdBy = q.optionalInt64(17);
    r.createdBySlug = q.text(18);
    return r;
}

QString streamerWhere(const StreamerStore::ListQuery &query)
{
    QStringList c;
    if (!query.all)
        c << kVisibleStreamer;
    if (query.deviceId)
        c << QStringLiteral("t.device_id = ?");
    if (query.selector)
        c << QStringLiteral("t.selector = ?");
    if (!query.slug.isEmpty())
        c << QStringLiteral("t.slug = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindStreamerWhere(SqlQuery &q, const StreamerStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.deviceId)
        q.bind(*query.deviceId);
    if (query.selector)
        q.bind(*query.selector);
    if (!query.slug.isEmpty())
        q.bind(query.slug);
}

QString reportWhere(const StreamerStore::ReportQuery &query, QVariantList &binds)
{
    QStringList c;
    if (!query.all)
        c << QStringLiteral("r.streamer_id IS NOT NULL AND ") + kVisibleStreamer;
    if (!query.streamerSlug.isEmpty()) {
        c << QStringLiteral("t.slug = ?");
        binds << query.streamerSlug;
    }
    if (!query.createdBySlug.isEmpty()) {
        c << QStringLiteral("a.slug = ?");
        binds << query.createdBySlug;
    }
    if (query.start) {
        c << QStringLiteral("r.received >= ?");
        binds << *query.start;
    }
    if (query.end) {
        c << QStringLiteral("r.received < ?");
        binds << *query.end;
    }
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

} // namespace

// -------------------------------------------------------------------------------------------- streamers

Result<qint64> StreamerStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q =
        m_db.query(QStringLiteral("SELECT count(*) FROM streamers t JOIN devices d ON d.id = t.device_id")
                   + streamerWhere(query));
    bindStreamerWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<Streamer>> StreamerStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                            qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kStreamerSelect) + streamerWhere(query)
                            + QStringLiteral(" ORDER BY t.device_id, t.idx LIMIT ? OFFSET ?"));
    bindStreamerWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<Streamer> out;
    while (q.next())
        out.append(readStreamer(q));
    return out;
}

Result<std::optional<Streamer>> StreamerStore::one(const QString &where, const QVariant &value)
{
    SqlQuery q = m_db.query(QLatin1String(kStreamerSelect) + QStringLiteral(" WHERE ") + where);
    q.bind(value);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Streamer>();
    return std::optional<Streamer>(readStreamer(q));
}

Result<std::optional<Streamer>> StreamerStore::byId(qint64 id)
{
    return one(QStringLiteral("t.id = ?"), id);
}

Result<std::optional<Streamer>> StreamerStore::bySlug(const QString &slug)
{
    return one(QStringLiteral("t.slug = ?"), slug);
}

Result<std::optional<Streamer>> StreamerStore::byDeviceIndex(qint64 deviceId, int index)
{
    SqlQuery q =
        m_db.query(QLatin1String(kStreamerSelect) + QStringLiteral(" WHERE t.device_id = ? AND t.idx = ?"));
    q.bind(deviceId).bind(index);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Streamer>();
    return std::optional<Streamer>(readStreamer(q));
}

Result<QList<Streamer>> StreamerStore::ofDevice(qint64 deviceId)
{
    SqlQuery q =
        m_db.query(QLatin1String(kStreamerSelect) + QStringLiteral(" WHERE t.device_id = ? ORDER BY t.idx"));
    q.bind(deviceId);
    IOTILE_CHECK(q.exec());
    QList<Streamer> out;
    while (q.next())
        out.append(readStreamer(q));
    return out;
}

Result<std::optional<Streamer>> StreamerStore::create(const Streamer &s)
{
    const QString slug = StreamerSlug(DeviceSlug(quint64(s.deviceId)), quint16(s.index)).toString();
    SqlQuery q = m_db.query("INSERT INTO streamers (slug, device_id, idx, last_id, last_reboot_ts, selector,"
                            " process_engine_ver, created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            " ON CONFLICT DO NOTHING");
    q.bind(slug).bind(s.deviceId).bind(s.index).bind(s.lastId).bindOptional(s.lastRebootTs).bind(s.selector);
    q.bind(s.processEngineVer).bind(isotime::now()).bindOptional(s.createdBy);
    IOTILE_CHECK(q.exec());
    if (q.rowsAffected() == 0)
        return std::optional<Streamer>();
    return bySlug(slug);
}

Result<bool> StreamerStore::update(const Streamer &s)
{
    const QString slug = StreamerSlug(DeviceSlug(quint64(s.deviceId)), quint16(s.index)).toString();
    SqlQuery clash = m_db.query("SELECT count(*) FROM streamers WHERE device_id = ? AND idx = ? AND id <> ?");
    clash.bind(s.deviceId).bind(s.index).bind(s.id);
    IOTILE_TRY(others, clash.scalarInt64());
    if (others > 0)
        return false;
    SqlQuery q = m_db.query("UPDATE streamers SET slug = ?, device_id = ?, idx = ?, last_id = ?,"
                            " last_reboot_ts = ?, selector = ? WHERE id = ?");
    q.bind(slug).bind(s.deviceId).bind(s.index).bind(s.lastId).bindOptional(s.lastRebootTs).bind(s.selector);
    q.bind(s.id);
    IOTILE_CHECK(q.exec());
    return true;
}

namespace {

Result<QStringList> blobKeys(SqlQuery &q)
{
    IOTILE_CHECK(q.exec());
    QStringList keys;
    while (q.next()) {
        if (!q.isNull(0) && !q.text(0).isEmpty())
            keys << q.text(0);
    }
    return keys;
}

} // namespace

Result<QStringList> StreamerStore::remove(qint64 id)
{
    SqlQuery keys = m_db.query("SELECT blob_key FROM streamer_reports WHERE streamer_id = ?");
    keys.bind(id);
    IOTILE_TRY(found, blobKeys(keys));
    // Explicitly, not by the foreign key's cascade (SQLite enforces it only with foreign_keys on).
    SqlQuery reports = m_db.query("DELETE FROM streamer_reports WHERE streamer_id = ?");
    reports.bind(id);
    IOTILE_CHECK(reports.exec());
    SqlQuery q = m_db.query("DELETE FROM streamers WHERE id = ?");
    q.bind(id);
    IOTILE_CHECK(q.exec());
    return found;
}

Result<QStringList> StreamerStore::removeOfDevice(qint64 deviceId, bool streamers)
{
    SqlQuery keys =
        m_db.query("SELECT r.blob_key FROM streamer_reports r JOIN streamers t ON t.id = r.streamer_id"
                   " WHERE t.device_id = ?");
    keys.bind(deviceId);
    IOTILE_TRY(found, blobKeys(keys));
    SqlQuery reports = m_db.query(
        "DELETE FROM streamer_reports WHERE streamer_id IN (SELECT id FROM streamers WHERE device_id = ?)");
    reports.bind(deviceId);
    IOTILE_CHECK(reports.exec());
    if (streamers) {
        SqlQuery q = m_db.query("DELETE FROM streamers WHERE device_id = ?");
        q.bind(deviceId);
        IOTILE_CHECK(q.exec());
    }
    return found;
}

Result<Streamer> StreamerStore::ensure(const Streamer &candidate)
{
    IOTILE_TRY(existing, byDeviceIndex(candidate.deviceId, candidate.index));
    if (!existing) {
        IOTILE_TRY(made, create(candidate));
        if (made)
            return *made;
        // Another upload made it meanwhile.
        IOTILE_TRY(again, byDeviceIndex(candidate.deviceId, candidate.index));
        if (!again)
            return Error::internal(
                QStringLiteral("streamer %1/%2 vanished").arg(candidate.deviceId).arg(candidate.index));
        existing = again;
    }
    // Only touch the row when something changes: a report of this streamer being processed holds its lock.
    if (existing->processEngineVer != candidate.processEngineVer
        || (existing->selector == 0 && candidate.selector != 0)) {
        SqlQuery q = m_db.query("UPDATE streamers SET process_engine_ver = ?,"
                                " selector = CASE WHEN selector = 0 THEN ? ELSE selector END WHERE id = ?");
        q.bind(candidate.processEngineVer).bind(candidate.selector).bind(existing->id);
        IOTILE_CHECK(q.exec());
        existing->processEngineVer = candidate.processEngineVer;
        if (existing->selector == 0)
            existing->selector = candidate.selector;
    }
    return *existing;
}

Result<std::optional<Streamer>> StreamerStore::lock(qint64 id)
{
    if (!m_db.dialect().isPostgres())
        return byId(id);
    // NO KEY UPDATE: jobs of one streamer wait for each other, but an upload's foreign-key check on the
    // streamer (KEY SHARE) does not wait for a running job, as it did behind FOR UPDATE.
    SqlQuery q =
        m_db.query(QLatin1String(kStreamerSelect) + QStringLiteral(" WHERE t.id = ? FOR NO KEY UPDATE OF t"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Streamer>();
    return std::optional<Streamer>(readStreamer(q));
}

Status StreamerStore::advance(qint64 id, qint64 lastId, std::optional<qint64> lastRebootTs)
{
    SqlQuery q = m_db.query("UPDATE streamers SET last_id = ?, last_reboot_ts = ? WHERE id = ?");
    q.bind(lastId).bindOptional(lastRebootTs).bind(id);
    return q.exec();
}

Result<int> StreamerStore::engineVersionOf(qint64 deviceId)
{
    SqlQuery q = m_db.query("SELECT g.report_processing_engine_ver FROM devices d"
                            " JOIN sensor_graphs g ON g.id = d.sg_id WHERE d.id = ?");
    q.bind(deviceId);
    IOTILE_CHECK(q.exec());
    return q.next() ? int(q.int64(0)) : 0;
}

// ---------------------------------------------------------------------------------------------- reports

Status StreamerStore::createReport(const StreamerReport &r)
{
    SqlQuery q = m_db.query(
        "INSERT INTO streamer_reports (id, streamer_id, blob_key, file_name, ext, received, "
        "device_sent_timestamp,"
        " incremental_id, original_first_id, original_last_id, actual_first_id, actual_last_id, time_epsilon,"
        " status, error, created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(r.id).bindOptional(r.streamerId);
    r.blobKey.isEmpty() ? q.bindNull() : q.bind(r.blobKey);
    q.bind(r.fileName).bind(r.ext).bind(r.received).bindOptional(r.deviceSentTimestamp);
    q.bindOptional(r.incrementalId).bindOptional(r.originalFirstId).bindOptional(r.originalLastId);
    q.bindOptional(r.actualFirstId)
        .bindOptional(r.actualLastId)
        .bind(r.timeEpsilon)
        .bind(r.status)
        .bind(r.error);
    q.bind(r.createdOn).bindOptional(r.createdBy);
    return q.exec();
}

Result<QList<StreamerReport>> StreamerStore::reports(const QString &where, const QVariantList &binds,
                                                     const Access *access, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kReportSelect) + where
                            + QStringLiteral(" ORDER BY r.created_on, r.id LIMIT ? OFFSET ?"));
    if (access)
        access->bindOrgFilter(q, std::nullopt);
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<StreamerReport> out;
    while (q.next())
        out.append(readReport(q));
    return out;
}

Result<std::optional<StreamerReport>> StreamerStore::reportById(const QString &id)
{
    SqlQuery q = m_db.query(QLatin1String(kReportSelect) + QStringLiteral(" WHERE r.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<StreamerReport>();
    return std::optional<StreamerReport>(readReport(q));
}

Result<qint64> StreamerStore::countReports(const ReportQuery &query, const Access &access)
{
    QVariantList binds;
    const QString where = reportWhere(query, binds);
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM streamer_reports r"
                                           " LEFT JOIN streamers t ON t.id = r.streamer_id"
                                           " LEFT JOIN devices d ON d.id = t.device_id"
                                           " LEFT JOIN accounts a ON a.id = r.created_by")
                            + where);
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    for (const QVariant &b : binds)
        q.bind(b);
    return q.scalarInt64();
}

Result<QList<StreamerReport>> StreamerStore::listReports(const ReportQuery &query, const Access &access,
                                                         qint64 offset, qint64 limit)
{
    QVariantList binds;
    const QString where = reportWhere(query, binds);
    return reports(where, binds, query.all ? nullptr : &access, offset, limit);
}

Result<QList<StreamerReport>> StreamerStore::reportsOf(qint64 streamerId)
{
    return reports(QStringLiteral(" WHERE r.streamer_id = ?"), {streamerId}, nullptr, 0,
                   std::numeric_limits<qint64>::max());
}

Result<QList<StreamerReport>> StreamerStore::pendingBefore(qint64 streamerId, qint64 createdOn,
                                                           const QString &id)
{
    return reports(QStringLiteral(" WHERE r.streamer_id = ? AND r.status IN ('scheduled', 'processing')"
                                  " AND (r.created_on < ? OR (r.created_on = ? AND r.id < ?))"),
                   {streamerId, createdOn, createdOn, id}, nullptr, 0, 1000);
}

Result<bool> StreamerStore::setReportStatus(const QString &id, const QString &status, const QString &error)
{
    // A processed report stays processed: jobs of one streamer's reports may race to process it.
    SqlQuery q = m_db.query("UPDATE streamer_reports SET status = ?, error = ? WHERE id = ?"
                            " AND status IN ('scheduled', 'processing')");
    q.bind(status).bind(error).bind(id);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() > 0;
}

Status StreamerStore::finishReport(const StreamerReport &r)
{
    SqlQuery q =
        m_db.query("UPDATE streamer_reports SET streamer_id = ?, original_first_id = ?, original_last_id = ?,"
                   " actual_first_id = ?, actual_last_id = ?, status = ?, error = ? WHERE id = ?");
    q.bindOptional(r.streamerId).bindOptional(r.originalFirstId).bindOptional(r.originalLastId);
    q.bindOptional(r.actualFirstId).bindOptional(r.actualLastId).bind(r.status).bind(r.error).bind(r.id);
    return q.exec();
}

Result<std::optional<StreamerReport>> StreamerStore::previousReport(qint64 streamerId, qint64 incrementalId)
{
    SqlQuery q = m_db.query(
        QLatin1String(kReportSelect)
        + QStringLiteral(" WHERE r.streamer_id = ? AND r.incremental_id < ? AND r.actual_last_id > 0"
                         " AND r.device_sent_timestamp IS NOT NULL"
                         " ORDER BY r.incremental_id DESC, r.created_on DESC LIMIT 1"));
    q.bind(streamerId).bind(incrementalId);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<StreamerReport>();
    return std::optional<StreamerReport>(readReport(q));
}

Result<std::optional<StreamerReport>> StreamerStore::reportByIncrementalId(qint64 streamerId,
                                                                           qint64 incrementalId)
{
    SqlQuery q = m_db.query(QLatin1String(kReportSelect)
                            + QStringLiteral(" WHERE r.streamer_id = ? AND r.incremental_id = ?"
                                             " ORDER BY r.received DESC, r.created_on DESC LIMIT 1"));
    q.bind(streamerId).bind(incrementalId);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<StreamerReport>();
    return std::optional<StreamerReport>(readReport(q));
}

// ----------------------------------------------------------------------------------------- device status

Status StreamerStore::noteDeviceReport(qint64 deviceId, std::optional<qint64> lastReportTs,
                                       std::optional<qint64> lastKnownId)
{
    SqlQuery insert =
        m_db.query("INSERT INTO device_status (device_id) VALUES (?) ON CONFLICT (device_id) DO NOTHING");
    insert.bind(deviceId);
    IOTILE_CHECK(insert.exec());
    if (lastReportTs) {
        SqlQuery q = m_db.query("UPDATE device_status SET last_report_ts = ? WHERE device_id = ?"
                                " AND (last_report_ts IS NULL OR last_report_ts < ?)");
        q.bind(*lastReportTs).bind(deviceId).bind(*lastReportTs);
        IOTILE_CHECK(q.exec());
    }
    if (lastKnownId) {
        SqlQuery q = m_db.query(
            "UPDATE device_status SET last_known_id = ? WHERE device_id = ? AND last_known_id < ?");
        q.bind(*lastKnownId).bind(deviceId).bind(*lastKnownId);
        IOTILE_CHECK(q.exec());
    }
    return Ok {};
}

} // namespace iotile
