#include "server/worker/rebootaction.h"

#include "common/reports/utcassigner.h"
#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "server/domain/device.h"
#include "server/domain/project.h"
#include "server/ingest/dataingest.h"
#include "server/ingest/reportingest.h"
#include "server/ingest/reporttimeline.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/projectstore.h"
#include "server/store/streamdatastore.h"
#include "server/store/streamerstore.h"
#include "server/worker/jobcontext.h"
#include "server/worker/jobqueue.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace iotile {

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kMaxReadings = 500000;
// How far back the fix looks for a clean reading of the session before a block's first reboot.
constexpr qint64 kSessionLook = 1000;

// Uptime readings only: RTC and unknown times are not relative to a reboot, and the reports'
// bookkeeping points carry the upload's time.
bool retimable(const DataPoint &p, quint16 lid)
{
    return p.deviceTs && *p.deviceTs >= 0 && !UtcAssigner::isRtc(quint32(*p.deviceTs))
        && quint32(*p.deviceTs) != UtcAssigner::kUnknownTime && lid != ReportIngest::kCompleteReportLid
        && lid != ReportIngest::kChoppedReportLid;
}

// The device's stored points of one block, in streamer-id order, as the fix changes them.
struct Points
{
    std::vector<DataPoint> points;
    std::vector<quint16> lids;

    bool retimable(size_t i) const { return ::iotile::retimable(points[i], lids[i]); }
    template<typename F>
    void each(qint64 start, qint64 end, F f)
    {
        for (size_t i = 0; i < points.size(); ++i)
            if (points[i].seq >= start && points[i].seq < end && retimable(i))
                f(points[i]);
    }

    // Readings [start, end) between two reboots: nothing says when that session began, so it is assumed
    // to end where the next one (nextBase) began. Returns the session's assumed start.
    qint64 fixDirty(qint64 start, qint64 end, qint64 nextBase)
    {
        std::optional<qint64> longest;
        each(start, end, [&](DataPoint &p) { longest = std::max(longest.value_or(0), *p.deviceTs); });
        if (!longest)
            return nextBase;
        const qint64 base = nextBase - *longest * kSecond;
        each(start, end, [&](DataPoint &p) {
            p.ts = base + *p.deviceTs * kSecond;
            p.status = PointStatus::Dirty;
            p.dirty = true;
        });
        return base;
    }

    void fixClean(qint64 start, qint64 end, qint64 base)
    {
        each(start, end, [&](DataPoint &p) {
            p.ts = base + *p.deviceTs * kSecond;
            p.status = PointStatus::Clean;
            p.dirty = false;
        });
    }
};

} // namespace

QList<ArgumentSpec> RebootAction::arguments() const
{
    return {{QStringLiteral("device_slug"), ArgType::String, true},
            {QStringLiteral("project_id"), ArgType::String, true},
            {QStringLiteral("block_start_id"), ArgType::Integer, true},
            {QStringLiteral("block_end_id"), ArgType::Integer, true},
            {QStringLiteral("reboot_ids"), ArgType::Array, true},
            {QStringLiteral("attempt_count"), ArgType::Integer, false}};
}

Result<RebootAction::Target> RebootAction::target(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    const QString deviceText = context.argString(QStringLiteral("device_slug"));
    const QString projectId = context.argString(QStringLiteral("project_id"));
    IOTILE_TRY(device, DeviceStore(*db).bySlug(deviceText));
    if (!device)
        return hardError(QStringLiteral("Device with slug %1 not found !").arg(deviceText));
    IOTILE_TRY(project, ProjectStore(*db).byUuid(projectId));
    const auto projectSlug = project ? ProjectSlug::parse(QStringView(project->slug)) : std::nullopt;
    if (!project || !projectSlug)
        return hardError(QStringLiteral("Project with id %1 not found !").arg(projectId));
    return Target {*device, *projectSlug};
}

Status RebootAction::execute(JobContext &context)
{
    Block block;
    block.start = context.argInt(QStringLiteral("block_start_id"));
    block.end = context.argInt(QStringLiteral("block_end_id"));
    for (const QJsonValue &v : context.args().value(QStringLiteral("reboot_ids")).toArray()) {
        if (!v.isDouble())
            return hardError(QStringLiteral("reboot_ids must hold reading ids"));
        block.reboots.push_back(qint64(v.toDouble()));
    }
    if (block.reboots.empty())
        return Ok {};
    std::sort(block.reboots.begin(), block.reboots.end());
    IOTILE_TRY(where, target(context));
    return fix(context, where, block,
               QStringLiteral("reboot:%1:%2:%3").arg(where.device.slug).arg(block.start).arg(block.end));
}

Status RebootAction::fix(JobContext &context, const Target &target, const Block &fixing,
                         const QString &retryKey)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const Device &device = target.device;
    const qint64 blockStart = fixing.start;
    const qint64 blockEnd = fixing.end;
    const std::vector<qint64> &reboots = fixing.reboots;
    const qint64 attempt = context.argInt(QStringLiteral("attempt_count"), 1);
    const QString name = context.action();

    // 1. The DelayChecker: every other streamer of the device has reached the block.
    StreamerStore streamers(*db);
    IOTILE_TRY(all, streamers.ofDevice(device.id));
    std::optional<Streamer> system;
    for (const Streamer &s : all) {
        if (s.isSystem()) {
            system = s;
            continue;
        }
        if (s.lastId > 0 && s.lastId < blockStart) {
            if (attempt > kMaxDelays)
                return hardError(QStringLiteral("%1: %2 attempts. Giving up. Args: %3")
                                     .arg(name)
                                     .arg(kMaxDelays)
                                     .arg(QString::fromUtf8(
                                         QJsonDocument(context.args()).toJson(QJsonDocument::Compact))));
            QJsonObject args = context.args();
            args.insert(QStringLiteral("attempt_count"), attempt + 1);
            EnqueueOptions later;
            later.delay = kDelay;
            later.dedupKey = QStringLiteral("%1:%2").arg(retryKey).arg(attempt + 1);
            IOTILE_CHECK(JobQueue::enqueue(*db, name, args, later));
            context.log(
                QStringLiteral("streamer %1 is at id %2, before the block (%3..%4): looking again later")
                    .arg(s.slug)
                    .arg(s.lastId)
                    .arg(blockStart)
                    .arg(blockEnd));
            return Ok {};
        }
    }

    // 2. The device's points of the block.
    const DeviceSlug deviceSlug(quint64(device.id));
    StreamDataStore data(*dataDb);
    DataSelector range;
    range.slugPattern =
        QStringLiteral("s--%1--%2--%").arg(target.project.toString().mid(3), deviceSlug.toString().mid(3));
    range.seqMin = std::min(blockStart + 1, reboots.front());
    range.seqMax = std::max(blockEnd, reboots.back());
    IOTILE_TRY(slugs, data.keysLike(range.slugPattern));
    QHash<qint64, quint16> lidOf;
    for (const auto &[key, slug] : slugs)
        if (const auto s = StreamSlug::parse(QStringView(slug)))
            lidOf.insert(key, s->lid());
    Points block;
    IOTILE_TRY(stored,
               data.fetch(range, std::nullopt, StreamDataStore::Order::SeqAscending, 0, kMaxReadings));
    if (qint64(stored.size()) == kMaxReadings)
        context.warn(QStringLiteral("the block holds more than %1 points: only the first are fixed")
                         .arg(kMaxReadings));
    block.points = std::move(stored);
    for (const DataPoint &p : block.points)
        block.lids.push_back(lidOf.value(p.streamId));
    const std::vector<DataPoint> before = block.points;

    // 3. HandleDelayAction: a last reboot fixed as dirty (it was between two reboots of a system report)
    // gets its session from the delayed report's last reading, which was timed in that session.
    if (fixing.rebaseDirtyLast) {
        bool dirtyLast = false;
        std::optional<qint64> endBase;
        for (size_t i = 0; i < block.points.size(); ++i) {
            const DataPoint &p = block.points[i];
            if (block.lids[i] == ReportTimeline::kRebootLid && p.seq == reboots.back())
                dirtyLast = p.dirty || p.status == PointStatus::Dirty;
            if (p.seq == blockEnd && block.retimable(i))
                endBase = p.ts - *p.deviceTs * kSecond;
        }
        if (dirtyLast) {
            if (!endBase)
                return hardError(QStringLiteral("Trusted data not found at the end of block"));
            block.fixClean(reboots.back(), blockEnd, *endBase);
        }
    }

    // 4. The last reboot of the block anchors it; the blocks to its left are fixed backwards.
    std::optional<qint64> nextBase;
    for (size_t i = 0; i < block.points.size(); ++i) {
        const DataPoint &p = block.points[i];
        if (block.lids[i] == ReportTimeline::kRebootLid && p.seq == reboots.back() && block.retimable(i))
            nextBase = p.ts - *p.deviceTs * kSecond;
    }
    if (!nextBase)
        return hardError(QStringLiteral("Report clean reboot with id %1 not found !").arg(reboots.back()));
    for (size_t i = reboots.size() - 1; i > 0; --i)
        nextBase = block.fixDirty(reboots[i - 1], reboots[i], *nextBase);

    // Before the first reboot: the session that was running at the previous system report (or a later
    // one sent before the first reboot), whose base is trusted; else a reading of that session (no reboot
    // between it and the first one) that an earlier fix made clean; else the session of the device's last
    // trusted reboot; else as dirty as the others.
    std::optional<qint64> base;
    QString source;
    if (system) {
        IOTILE_TRY(previous, streamers.reportByIncrementalId(system->id, blockStart));
        if (previous && previous->deviceSentTimestamp) {
            base = previous->received - *previous->deviceSentTimestamp * kSecond;
            source = QStringLiteral("system report %1").arg(blockStart);
        }
        if (!base) {
            // A delayed report's block starts where no system report was sent; one sent later in the
            // block but before the first reboot was sent in the same session.
            IOTILE_TRY(later, streamers.previousReport(system->id, reboots.front()));
            if (later && later->incrementalId && *later->incrementalId > blockStart) {
                base = later->received - *later->deviceSentTimestamp * kSecond;
                source = QStringLiteral("system report %1").arg(*later->incrementalId);
            }
        }
    }
    if (!base) {
        DataSelector session = range;
        // Streamer ids count the device's readings: the newest kSessionLook lie in this id range.
        session.seqMin = std::max<qint64>(1, reboots.front() - kSessionLook);
        session.seqMax = reboots.front() - 1;
        IOTILE_TRY(candidates,
                   data.fetch(session, std::nullopt, StreamDataStore::Order::SeqDescending, 0, kSessionLook));
        for (const DataPoint &p : candidates) {
            const quint16 lid = lidOf.value(p.streamId);
            if (!retimable(p, lid))
                continue;
            if (lid == ReportTimeline::kRebootLid)
                break; // the session's start: the trusted-reboot look below decides
            if (p.status == PointStatus::Clean && !p.dirty) {
                base = p.ts - *p.deviceTs * kSecond;
                source = QStringLiteral("clean reading %1").arg(p.seq);
                break;
            }
        }
    }
    if (!base) {
        IOTILE_TRY(key,
                   data.keyOf(StreamSlug(target.project, deviceSlug, ReportTimeline::kRebootLid).toString()));
        if (key) {
            DataSelector earlier;
            earlier.key = *key;
            earlier.seqMin = 1;
            earlier.seqMax = reboots.front() - 1;
            IOTILE_TRY(candidates,
                       data.fetch(earlier, std::nullopt, StreamDataStore::Order::SeqDescending, 0, 1000));
            for (const DataPoint &p : candidates) {
                if (!p.dirty && p.deviceTs) {
                    base = p.ts - *p.deviceTs * kSecond;
                    source = QStringLiteral("reboot %1").arg(p.seq);
                    break;
                }
            }
        }
    }
    if (base)
        block.fixClean(blockStart + 1, reboots.front(), *base);
    else
        block.fixDirty(blockStart + 1, reboots.front(), *nextBase);
    // From the last reboot on, the report's own times were right.
    block.each(reboots.back(), blockEnd + 1, [](DataPoint &p) { p.status = PointStatus::Clean; });

    // 5. What changed, moved with its rollups.
    std::vector<DataPoint> changed;
    std::vector<qint64> previousTs, stamps;
    for (size_t i = 0; i < block.points.size(); ++i) {
        const DataPoint &p = block.points[i];
        const DataPoint &was = before[i];
        if (p.ts == was.ts && p.status == was.status && p.dirty == was.dirty)
            continue;
        // A heuristic base far off (dirty blocks of huge uptimes) must not make partitions out of range.
        if (p.ts < DataIngest::kMinTimestamp || p.ts >= DataIngest::kMaxTimestamp) {
            context.warn(QStringLiteral("point %1 (id %2) not moved: %3 is out of range")
                             .arg(p.id)
                             .arg(p.seq)
                             .arg(p.ts));
            continue;
        }
        changed.push_back(p);
        previousTs.push_back(was.ts);
        stamps.push_back(p.ts);
    }
    IOTILE_CHECK(data.ensurePartitions(stamps));
    Transaction tx(*dataDb);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(data.retime(changed, previousTs));
    IOTILE_CHECK(tx.commit());
    context.log(
        QStringLiteral("%1: ids %2..%3 fixed from the reboot at %4 (%5 reboot(s); before the first: %6);"
                       " %7 of %8 points changed")
            .arg(device.slug)
            .arg(blockStart + 1)
            .arg(blockEnd)
            .arg(reboots.back())
            .arg(reboots.size())
            .arg(base ? source : QStringLiteral("no trusted base, dirty"))
            .arg(changed.size())
            .arg(block.points.size()));
    return Ok {};
}

} // namespace iotile
