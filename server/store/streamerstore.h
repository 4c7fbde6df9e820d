#pragma once

#include "common/util/error.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// One report streamer of a device (the original's Streamer): its dedup watermark last_id and the base time
// of the last report it processed.
struct Streamer
{
    static constexpr qint64 kSystemSelector = 0x5FFF;

    qint64 id = 0;
    QString slug; // t--<device gid>--<4-hex index>
    qint64 deviceId = 0;
    QString deviceSlug;
    int index = 0;
    qint64 lastId = 0;
    std::optional<qint64> lastRebootTs;
    qint64 selector = 0;
    int processEngineVer = 0;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;

    bool isSystem() const { return selector == kSystemSelector; }
};

// One uploaded report (the original's StreamerReport) and how its processing went.
struct StreamerReport
{
    QString id; // uuid
    std::optional<qint64> streamerId;
    QString streamerSlug;
    QString blobKey;
    QString fileName;
    QString ext; // ".bin", ".mp", ".json" or "" (a binary report without extension)
    qint64 received = 0; // the upload's ?timestamp=, whole seconds (µs)
    std::optional<qint64> deviceSentTimestamp;
    std::optional<qint64> incrementalId;
    std::optional<qint64> originalFirstId;
    std::optional<qint64> originalLastId;
    std::optional<qint64> actualFirstId;
    std::optional<qint64> actualLastId;
    double timeEpsilon = 1;
    QString status = QStringLiteral("scheduled"); // scheduled | processing | success | failed
    QString error;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

// Streamers, streamer reports and the device status fields report processing maintains.
class StreamerStore
{
public:
    explicit StreamerStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // ---- streamers
    // all: staff acting as staff; otherwise streamers of active, claimed devices of the caller's orgs.
    struct ListQuery
    {
        bool all = false;
        std::optional<qint64> deviceId;
        std::optional<qint64> selector;
        QString slug;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Streamer>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);
    Result<std::optional<Streamer>> byId(qint64 id);
    Result<std::optional<Streamer>> bySlug(const QString &slug);
    Result<std::optional<Streamer>> byDeviceIndex(qint64 deviceId, int index);
    Result<QList<Streamer>> ofDevice(qint64 deviceId);
    // Inserts; nullopt when the device already has a streamer of that index.
    Result<std::optional<Streamer>> create(const Streamer &streamer);
    // The device's streamer of that index, created if missing; an existing one gets the device's current
    // engine version and, when it has none yet, the selector (the original's upload rules).
    Result<Streamer> ensure(const Streamer &candidate);
    // Re-reads the streamer inside the caller's transaction and locks its row (PostgreSQL: FOR UPDATE; SQLite
    // transactions hold the one write lock already): reports of one streamer are processed one at a time.
    Result<std::optional<Streamer>> lock(qint64 id);
    Status advance(qint64 id, qint64 lastId, std::optional<qint64> lastRebootTs);
    // Device, index (the slug follows), last id, last reboot time and selector; false when the device
    // already has another streamer of that index.
    Result<bool> update(const Streamer &streamer);
    // Deletes the streamer and its reports; returns the reports' blob keys (the caller removes the files
    // once its transaction committed).
    Result<QStringList> remove(qint64 id);
    // Deletes every report of the device's streamers (and, with `streamers`, the streamers); returns the
    // reports' blob keys. A device reset's part of the streamers.
    Result<QStringList> removeOfDevice(qint64 deviceId, bool streamers);
    // The report processing engine of the device's sensor graph (0 without one).
    Result<int> engineVersionOf(qint64 deviceId);

    // ---- reports
    Status createReport(const StreamerReport &report);
    Result<std::optional<StreamerReport>> reportById(const QString &id);
    struct ReportQuery
    {
        bool all = false;
        QString streamerSlug;
        QString createdBySlug;
        std::optional<qint64> start; // received >= start
        std::optional<qint64> end; // received < end
    };
    Result<qint64> countReports(const ReportQuery &query, const Access &access);
    Result<QList<StreamerReport>> listReports(const ReportQuery &query, const Access &access, qint64 offset,
                                              qint64 limit);
    Result<QList<StreamerReport>> reportsOf(qint64 streamerId);
    // The streamer's reports uploaded before (createdOn, id) that are not processed yet, in upload order.
    Result<QList<StreamerReport>> pendingBefore(qint64 streamerId, qint64 createdOn, const QString &id);
    // Only while the report is scheduled or processing; false when it was processed meanwhile.
    Result<bool> setReportStatus(const QString &id, const QString &status, const QString &error);
    // Saves the outcome of processing: ids, status and error.
    Status finishReport(const StreamerReport &report);
    // Engine v2's anchor for a report's left-most block: the streamer's report with the highest incremental
    // id below this one that committed something.
    Result<std::optional<StreamerReport>> previousReport(qint64 streamerId, qint64 incrementalId);
    // The streamer's last uploaded report of that incremental id (engines 0/1's trusted reboot base).
    Result<std::optional<StreamerReport>> reportByIncrementalId(qint64 streamerId, qint64 incrementalId);

    // ---- device status
    // Heartbeat and dedup bookkeeping: last_report_ts and last_known_id only ever move forward.
    Status noteDeviceReport(qint64 deviceId, std::optional<qint64> lastReportTs,
                            std::optional<qint64> lastKnownId);

private:
    Result<std::optional<Streamer>> one(const QString &where, const QVariant &value);
    Result<QList<StreamerReport>> reports(const QString &where, const QVariantList &binds,
                                          const Access *access, qint64 offset, qint64 limit);
    SqlConnection &m_db;
};

} // namespace iotile
