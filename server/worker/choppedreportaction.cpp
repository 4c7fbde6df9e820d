#include "server/worker/choppedreportaction.h"

#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "server/ingest/reportingest.h"
#include "server/ingest/reporttimeline.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/streamdatastore.h"
#include "server/store/streamerstore.h"
#include "server/worker/jobcontext.h"
#include "server/worker/jobqueue.h"

namespace iotile {

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kMaxReadings = 100000; // a chopped report holds about 12,000

// The first stored point of a stream with a streamer id above `after` (and, when given, this int value).
Result<std::optional<DataPoint>> firstAfter(StreamDataStore &data, const QString &slug, qint64 after,
                                            std::optional<qint64> intValue)
{
    IOTILE_TRY(key, data.keyOf(slug));
    if (!key)
        return std::optional<DataPoint>();
    DataSelector s;
    s.key = *key;
    s.seqMin = after + 1;
    IOTILE_TRY(points, data.fetch(s, std::nullopt, StreamDataStore::Order::SeqAscending, 0, 1000));
    for (const DataPoint &p : points)
        if (!intValue || p.intValue == intValue)
            return std::optional<DataPoint>(p);
    return std::optional<DataPoint>();
}

} // namespace

QList<ArgumentSpec> ChoppedReportAction::arguments() const
{
    return {{QStringLiteral("rpt"), ArgType::String, true},
            {QStringLiteral("attempt_count"), ArgType::Integer, true}};
}

Status ChoppedReportAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const QString id = context.argString(QStringLiteral("rpt"));
    const qint64 attempt = context.argInt(QStringLiteral("attempt_count"), 1);
    StreamerStore streamers(*db);
    IOTILE_TRY(report, streamers.reportById(id));
    if (!report)
        return hardError(QStringLiteral("Streamer Report not Found %1").arg(id));
    if (!report->streamerId || !report->actualFirstId || !report->actualLastId
        || *report->actualFirstId == *report->actualLastId) {
        context.log(QStringLiteral("report %1 has no range of readings to re-time").arg(id));
        return Ok {};
    }
    const qint64 first = *report->actualFirstId, last = *report->actualLastId;
    IOTILE_TRY(streamer, streamers.byId(*report->streamerId));
    if (!streamer)
        return Ok {};
    IOTILE_TRY(device, DeviceStore(*db).byId(streamer->deviceId));
    const auto project = device ? ProjectSlug::parse(QStringView(device->projectSlug)) : std::nullopt;
    if (!device || !device->projectId || !project) {
        context.log(QStringLiteral("the device of report %1 is no longer claimed").arg(id));
        return Ok {};
    }
    const DeviceSlug deviceSlug(quint64(device->id));
    const auto slugOf = [&](quint16 lid) { return StreamSlug(*project, deviceSlug, lid).toString(); };

    // 1. What came after the report: a reboot, or a complete report of the same streamer.
    StreamDataStore data(*dataDb);
    IOTILE_TRY(reboot, firstAfter(data, slugOf(ReportTimeline::kRebootLid), last, std::nullopt));
    IOTILE_TRY(complete,
               firstAfter(data, slugOf(ReportIngest::kCompleteReportLid), last, qint64(streamer->index)));
    if (complete && (!reboot || complete->seq < reboot->seq)) {
        context.log(QStringLiteral("a complete report followed %1: no re-timing needed").arg(id));
        return Ok {};
    }
    if (!reboot) {
        if (attempt >= kMaxAttempts) {
            context.warn(QStringLiteral("Too many attempts waiting for continuation of rpt=%1").arg(id));
            return Ok {};
        }
        EnqueueOptions later;
        later.delay = kRetryDelay;
        later.dedupKey = QStringLiteral("chopped:%1:%2").arg(id).arg(attempt + 1);
        IOTILE_CHECK(JobQueue::enqueue(
            *db, name(),
            QJsonObject {{QStringLiteral("rpt"), id}, {QStringLiteral("attempt_count"), attempt + 1}},
            later));
        context.log(QStringLiteral("nothing after report %1 yet: looking again (attempt %2)")
                        .arg(id)
                        .arg(attempt + 1));
        return Ok {};
    }

    // 2. The report's points as stored, in reading order, re-timed from the reboot.
    DataSelector range;
    range.slugPattern =
        QStringLiteral("s--%1--%2--%").arg(project->toString().mid(3), deviceSlug.toString().mid(3));
    range.seqMin = first;
    range.seqMax = last;
    IOTILE_TRY(slugs, data.keysLike(range.slugPattern));
    QHash<qint64, quint16> lidOf;
    for (const auto &[key, slug] : slugs)
        if (const auto s = StreamSlug::parse(QStringView(slug)))
            lidOf.insert(key, s->lid());
    IOTILE_TRY(stored,
               data.fetch(range, std::nullopt, StreamDataStore::Order::SeqAscending, 0, kMaxReadings));
    std::vector<DataPoint> points;
    std::vector<TimelineEntry> entries;
    for (const DataPoint &p : stored) {
        const quint16 lid = lidOf.value(p.streamId);
        // The bookkeeping points of reports carry the upload's time, not a reading's.
        if (!p.deviceTs || lid == ReportIngest::kCompleteReportLid || lid == ReportIngest::kChoppedReportLid)
            continue;
        TimelineEntry e;
        e.lid = lid;
        e.seq = quint32(p.seq);
        e.rawTime = quint32(*p.deviceTs);
        e.value = quint32(p.intValue.value_or(0));
        entries.push_back(e);
        points.push_back(p);
    }
    if (entries.empty())
        return Ok {};
    std::optional<qint64> previousBase;
    if (report->incrementalId) {
        IOTILE_TRY(previous, streamers.previousReport(streamer->id, *report->incrementalId));
        if (previous && previous->deviceSentTimestamp)
            previousBase = previous->received - *previous->deviceSentTimestamp * kSecond;
    }
    // The reboot ends the report's block: its time less the last reading's uptime is the block's base.
    ReportTimeline::assignV2(entries, reboot->ts, entries.back().rawTime, previousBase);
    std::vector<DataPoint> changed;
    std::vector<qint64> before, stamps;
    for (size_t i = 0; i < entries.size(); ++i) {
        const TimelineEntry &e = entries[i];
        DataPoint p = points[i];
        if (e.ts == p.ts && e.status == p.status && e.dirty == p.dirty)
            continue;
        before.push_back(p.ts);
        p.ts = e.ts;
        p.status = e.status;
        p.dirty = e.dirty;
        stamps.push_back(p.ts);
        changed.push_back(p);
    }
    IOTILE_CHECK(data.ensurePartitions(stamps));
    Transaction tx(*dataDb);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(data.retime(changed, before));
    IOTILE_CHECK(tx.commit());
    context.log(QStringLiteral("report %1 re-timed from the reboot at id %2: %3 of %4 points moved")
                    .arg(id)
                    .arg(reboot->seq)
                    .arg(changed.size())
                    .arg(points.size()));
    return Ok {};
}

} // namespace iotile
