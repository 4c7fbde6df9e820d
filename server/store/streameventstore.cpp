#include "server/store/streameventstore.h"

#include "server/store/database.h"
#include "server/store/storehelpers.h"
#include "server/store/streamdatastore.h"

#include <QStringList>

#include <algorithm>

namespace iotile {

namespace {

constexpr const char *kColumns =
    "e.id, e.stream_id, e.ts, e.seq, e.device_ts, e.uuid, e.extra_data, e.blob_key, e.ext,"
    " e.format_version, e.status, e.dirty, e.created_on, k.slug";
constexpr const char *kFrom = " FROM stream_events e JOIN stream_keys k ON k.id = e.stream_id";

StreamEvent readEvent(SqlQuery &q)
{
    StreamEvent e;
    e.id = q.int64(0);
    e.streamId = q.int64(1);
    e.ts = q.int64(2);
    e.seq = q.int64(3);
    e.deviceTs = q.optionalInt64(4);
    e.uuid = q.text(5);
    if (!q.isNull(6))
        e.extraData = q.text(6).toUtf8();
    e.blobKey = q.text(7);
    e.ext = q.text(8);
    e.formatVersion = int(q.int64(9));
    e.status = PointStatus(q.int64(10));
    e.dirty = q.boolean(11);
    e.createdOn = q.int64(12);
    e.stream = q.text(13);
    return e;
}

QVariant extraParameter(const QByteArray &json)
{
    return json.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(json));
}

QVariant blobParameter(const QString &key)
{
    return key.isEmpty() ? QVariant() : QVariant(key);
}

} // namespace

QString StreamEventStore::where(const DataSelector &s, bool withErrors, QVariantList &binds) const
{
    QStringList c;
    if (!s.slices.empty()) {
        QStringList any;
        for (const KeySlice &slice : s.slices) {
            any << (slice.end ? QStringLiteral("(e.stream_id = ? AND e.ts >= ? AND e.ts < ?)")
                              : QStringLiteral("(e.stream_id = ? AND e.ts >= ?)"));
            binds << slice.key << slice.start;
            if (slice.end)
                binds << *slice.end;
        }
        c << QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    } else if (s.key) {
        c << QStringLiteral("e.stream_id = ?");
        binds << *s.key;
    } else {
        c << QStringLiteral("k.slug LIKE ?");
        binds << s.slugPattern;
    }
    const auto range = [&](const char *expr, const std::optional<qint64> &v) {
        if (v) {
            c << QLatin1String(expr);
            binds << *v;
        }
    };
    range("e.ts >= ?", s.start);
    range("e.ts < ?", s.end);
    range("e.ts = ?", s.timestamp);
    range("e.id >= ?", s.idMin);
    range("e.id <= ?", s.idMax);
    range("e.seq >= ?", s.seqMin);
    range("e.seq <= ?", s.seqMax);
    range("e.device_ts >= ?", s.deviceTsMin);
    range("e.device_ts <= ?", s.deviceTsMax);
    // The original's exclude(extra_data__has_key='error'); a JSON null extra_data has no keys.
    if (!withErrors)
        c << (m_db.dialect().isPostgres() ? QStringLiteral("(e.extra_data -> 'error') IS NULL")
                                          : QStringLiteral("json_type(e.extra_data, '$.error') IS NULL"));
    return QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

Result<qint64> StreamEventStore::count(const DataSelector &selector, std::optional<qint64> lastn,
                                       bool withErrors)
{
    if (selector.isEmptyRange())
        return qint64(0);
    QVariantList binds;
    const QString sql =
        QLatin1String("SELECT count(*)") + QLatin1String(kFrom) + where(selector, withErrors, binds);
    SqlQuery q = m_db.query(sql);
    for (const QVariant &v : binds)
        q.bind(v);
    IOTILE_TRY(n, q.scalarInt64());
    return lastn ? std::min(n, *lastn) : n;
}

Result<std::vector<StreamEvent>> StreamEventStore::fetch(const DataSelector &selector,
                                                         std::optional<qint64> lastn, bool withErrors,
                                                         qint64 offset, qint64 limit)
{
    std::vector<StreamEvent> out;
    if (selector.isEmptyRange() || limit <= 0)
        return out;
    QVariantList binds;
    const QString filter = where(selector, withErrors, binds);
    QString sql;
    if (lastn) {
        // The original: order_by('timestamp')[n - lastn:], i.e. the last N by time, in time order.
        sql = QLatin1String("SELECT t.* FROM (SELECT ") + QLatin1String(kColumns) + QLatin1String(kFrom)
            + filter
            + QStringLiteral(" ORDER BY e.ts DESC, e.seq DESC, e.id DESC LIMIT ?) t ORDER BY t.ts, t.seq, "
                             "t.id LIMIT ? OFFSET ?");
        binds << *lastn;
    } else {
        // A single stream needs no slug in the order (and no sort on the joined table); an alias reads
        // in time order, as the original's filter_by_slug orders it.
        sql = QLatin1String("SELECT ") + QLatin1String(kColumns) + QLatin1String(kFrom) + filter
            + (!selector.slices.empty() ? QStringLiteral(" ORDER BY e.ts, e.seq, e.id")
                   : selector.key       ? QStringLiteral(" ORDER BY e.seq, e.ts, e.id")
                                        : QStringLiteral(" ORDER BY k.slug, e.seq, e.ts, e.id"))
            + QStringLiteral(" LIMIT ? OFFSET ?");
    }
    binds << limit << offset;
    SqlQuery q = m_db.query(sql);
    for (const QVariant &v : binds)
        q.bind(v);
    IOTILE_CHECK(q.exec());
    out.reserve(size_t(std::min<qint64>(limit, 10000)));
    while (q.next())
        out.push_back(readEvent(q));
    return out;
}

Result<std::optional<StreamEvent>> StreamEventStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String("SELECT ") + QLatin1String(kColumns) + QLatin1String(kFrom)
                            + QLatin1String(" WHERE e.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<StreamEvent>();
    return std::optional<StreamEvent>(readEvent(q));
}

Result<qint64> StreamEventStore::insert(const StreamEvent &e)
{
    SqlQuery q = m_db.query(
        "INSERT INTO stream_events (stream_id, ts, seq, device_ts, uuid, extra_data, blob_key, ext,"
        " format_version, status, dirty, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
        "id");
    q.bind(e.streamId).bind(e.ts).bind(e.seq).bindOptional(e.deviceTs).bind(e.uuid);
    q.bind(extraParameter(e.extraData)).bind(blobParameter(e.blobKey)).bind(e.ext).bind(e.formatVersion);
    q.bind(int(e.status)).bind(e.dirty).bind(e.createdOn);
    IOTILE_CHECK(q.exec());
    const std::optional<qint64> id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("stream event insert returned no id"));
    return *id;
}

Status StreamEventStore::update(const StreamEvent &e)
{
    SqlQuery q = m_db.query("UPDATE stream_events SET stream_id = ?, ts = ?, seq = ?, device_ts = ?, "
                            "extra_data = ?, blob_key = ?,"
                            " ext = ?, status = ?, dirty = ? WHERE id = ?");
    q.bind(e.streamId).bind(e.ts).bind(e.seq).bindOptional(e.deviceTs).bind(extraParameter(e.extraData));
    q.bind(blobParameter(e.blobKey)).bind(e.ext).bind(int(e.status)).bind(e.dirty).bind(e.id);
    return q.exec();
}

Status StreamEventStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM stream_events WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> StreamEventStore::remove(const DataSelector &selector, QStringList *blobKeys)
{
    if (selector.isEmptyRange())
        return qint64(0);
    QVariantList binds;
    const QString filter = where(selector, true, binds);
    if (blobKeys) {
        SqlQuery files = m_db.query(QLatin1String("SELECT e.blob_key") + QLatin1String(kFrom) + filter
                                    + QLatin1String(" AND e.blob_key IS NOT NULL"));
        for (const QVariant &v : binds)
            files.bind(v);
        IOTILE_CHECK(files.exec());
        while (files.next())
            blobKeys->append(files.text(0));
    }
    SqlQuery del = m_db.query(QLatin1String("DELETE FROM stream_events WHERE id IN (SELECT e.id")
                              + QLatin1String(kFrom) + filter + QLatin1Char(')'));
    for (const QVariant &v : binds)
        del.bind(v);
    IOTILE_CHECK(del.exec());
    return qint64(del.rowsAffected());
}

} // namespace iotile
