#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>
#include <vector>

namespace iotile {

class SqlConnection;
struct DataSelector;

// One row of stream_events (the original's StreamEventData), in the data database. Times are
// microseconds since the epoch; extra_data stays JSON text (empty: null) so pages are written without
// parsing it.
struct StreamEvent
{
    qint64 id = 0;
    qint64 streamId = 0; // stream key (stream_keys.id)
    QString stream; // the stream slug, filled by reads
    qint64 ts = 0;
    qint64 seq = 0; // streamer_local_id
    std::optional<qint64> deviceTs;
    QString uuid;
    QByteArray extraData;
    QString blobKey; // empty: no file
    QString ext = QStringLiteral("json");
    int formatVersion = 2;
    PointStatus status = PointStatus::Unknown;
    bool dirty = false;
    qint64 createdOn = 0;
};

// The SQL of stream events: selector-based counts and pages in the original's order, and single-row writes.
class StreamEventStore
{
public:
    explicit StreamEventStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // withErrors=false leaves out events whose extra_data has an "error" key (failed packet decodes).
    // lastn: only the last N by time, which are then returned in time order.
    Result<qint64> count(const DataSelector &selector, std::optional<qint64> lastn, bool withErrors);
    // Without lastn in the original's order: stream slug, streamer_local_id, timestamp.
    Result<std::vector<StreamEvent>> fetch(const DataSelector &selector, std::optional<qint64> lastn,
                                           bool withErrors, qint64 offset, qint64 limit);
    Result<std::optional<StreamEvent>> byId(qint64 id);

    // In the caller's transaction; returns the new id.
    Result<qint64> insert(const StreamEvent &event);
    Status update(const StreamEvent &event);
    Status remove(qint64 id);
    // Deletes the selected events (every one, errors included) in the caller's transaction; the file keys
    // of the deleted events are appended to `blobKeys`, for the caller to remove once committed.
    Result<qint64> remove(const DataSelector &selector, QStringList *blobKeys = nullptr);

private:
    QString where(const DataSelector &selector, bool withErrors, QVariantList &binds) const;
    SqlConnection &m_db;
};

} // namespace iotile
