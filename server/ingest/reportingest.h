#pragma once

#include "common/reports/report.h"
#include "common/reports/reportkeyprovider.h"
#include "common/util/error.h"
#include "server/domain/datapoint.h"
#include "server/ingest/resolvedstream.h"
#include "server/store/streamerstore.h"
#include "server/store/streameventstore.h"

#include <QHash>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace iotile {

class JobContext;
class ServerContext;
class SqlConnection;
struct Device;

// The worker side of streamer reports (the original's ProcessReport*Action engines): reads a stored
// report, gives its new readings (streamer id above the streamer's last_id) UTC times, writes them and the
// report's events to the data database, and advances the streamer, the report and the device status.
//
// Exactly once where the data lives in the main database: the data, the bookkeeping and the job's
// completion commit in one transaction. With a separate data database the data commits first and the
// bookkeeping after; a crash between the two makes the retry write the same points again, which the data
// plane skips (same stream, timestamp and streamer id), and events are looked up by stream and streamer id
// before they are written, so a retry adds nothing. Reports of one streamer are processed one at a time
// (the streamer row is locked while its data is written) and in upload order (a job first processes the
// streamer's earlier unfinished reports).
class ReportIngest
{
public:
    explicit ReportIngest(ServerContext &server)
        : m_server(server)
    { }

    // Processes the report named by the job's "report" argument and completes the job.
    Status process(JobContext &job);

    // The device key type that holds the root key of a signature kind: flags 1 (user key) read the
    // device's "USR" key, flags 2 (device key) its "X-API-KEY" key (see keyTypeFor() in the .cpp).
    static QString keyTypeFor(SignatureFlags flags);
    // A stored secret as the 32-byte root key: 64 hex digits, base64 of 32 bytes, or the text's bytes.
    static QByteArray rootKeyFromSecret(const QString &secret);
    // Root keys from the main database's device keys; a database error is left in *failure (the
    // provider then answers "no key").
    static ReportKeyProvider keyProvider(SqlConnection &mainDb,
                                         std::shared_ptr<std::optional<Error>> failure);

    static constexpr quint16 kCompleteReportLid = 0x5a05;
    static constexpr quint16 kChoppedReportLid = 0x5a06;
    // Engine v2 refuses streamers that drop reboots (the original's USER_NO_REBOOTS).
    static constexpr qint64 kUserNoRebootsSelector = 0x57FF;

private:
    struct PendingEvent
    {
        StreamEvent event; // stream = slug text
        QByteArray blob; // the event's "data", as JSON (empty: none)
    };
    // What one report adds given the streamer's watermark: new points and events, per stream.
    struct Plan
    {
        qint64 watermark = 0;
        std::vector<DataPoint> points; // streamId = index into streams until keys are known
        std::vector<PendingEvent> events; // event.streamId = index into streams
        QStringList streams;
        QList<qint64> keys; // stream keys, parallel to streams, once written
        std::optional<qint64> firstId, lastId; // report's actual ids
        qint64 maxId = 0;
        std::optional<qint64> rebootBase;
        std::vector<qint64> timestamps;
        qint64 outOfRange = 0; // readings dropped for times the data plane cannot hold
        // Engines 0/1, system streamer: the new reboots and the id of the device's previous system report
        // (RebootAction's block).
        std::vector<qint64> rebootIds;
        qint64 blockStartId = 0;
        // Engines 0/1, other streamers: the new readings start before the device's latest reboot, whose
        // handling may have run before them (DelayAction).
        bool delayed = false;
    };

    static bool isFinal(const StreamerReport &report);
    // ownJob: the report is the job's own (its completion commits with the report's data); otherwise an
    // earlier report of the same streamer that this job processes first.
    Status processOne(JobContext &job, StreamerReport &report, bool ownJob);
    Status run(JobContext &job, StreamerReport &report, bool ownJob);
    Status finishUnclaimed(JobContext &job, StreamerReport &report, const Device &device, bool ownJob);
    Result<Plan> plan(SqlConnection &mainDb, const Report &parsed, const StreamerReport &report,
                      const Device &device, const Streamer &streamer);
    Result<qint64> blockStart(SqlConnection &mainDb, const Report &parsed, const Streamer &streamer,
                              const QString &rebootSlug, qint64 firstReboot);
    // The id of the device's newest stored reboot reading (below `below` when given).
    Result<std::optional<qint64>> latestReboot(const QString &rebootSlug,
                                               std::optional<qint64> below = std::nullopt);
    Result<std::shared_ptr<const ResolvedStream>> stream(SqlConnection &mainDb, const QString &slug);
    int streamIndex(Plan &plan, const QString &slug);
    DataPoint convert(const ResolvedStream *stream, qint64 intValue) const;
    void notify(const Plan &plan, const std::vector<qint64> &eventIds, const StreamerReport &report);

    ServerContext &m_server;
    QHash<QString, std::shared_ptr<const ResolvedStream>> m_streams;
};

} // namespace iotile
