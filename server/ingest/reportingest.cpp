#include "server/ingest/reportingest.h"

#include "common/reports/reportparser.h"
#include "common/reports/utcassigner.h"
#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/device.h"
#include "server/ingest/dataingest.h"
#include "server/ingest/ingesthooks.h"
#include "server/ingest/reporttimeline.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/devicekeystore.h"
#include "server/store/devicestore.h"
#include "server/store/streamdatastore.h"
#include "server/worker/choppedreportaction.h"
#include "server/worker/delayaction.h"
#include "server/worker/jobaction.h"
#include "server/worker/jobcontext.h"
#include "server/worker/jobqueue.h"
#include "server/worker/rebootaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>
#include <QUuid>

#include <algorithm>

namespace iotile {

namespace {

constexpr qint64 kSecond = 1000000;
constexpr int kPlanRounds = 3;

// Event ids are derived from the report and the event's place in it, so a retried run names the same
// events (and the same files) again.
const QUuid kEventNamespace = QUuid::fromString(QLatin1String("7d0b7c4e-2f0a-4e55-9c1a-5f0d1b2a9e61"));

// The data plane's range (one partition per month in between): times outside are garbage from a
// device clock or an uploader, and would make partitions far into the past or future.
bool inRange(qint64 ts)
{
    return ts >= DataIngest::kMinTimestamp && ts < DataIngest::kMaxTimestamp;
}

bool isFlexible(const Report &report)
{
    return report.format == ReportFormat::FlexibleMsgpack || report.format == ReportFormat::FlexibleJson;
}

} // namespace

// ------------------------------------------------------------------------------------------------- keys

QString ReportIngest::keyTypeFor(SignatureFlags flags)
{
    // The device key table knows user keys ("USR") but no "device key" type; of the others, the gateway
    // API key is the secret a device itself holds for the cloud, so it carries the device root key. The
    // a-jwt signing key ("A-JWT-KEY") is not used: the server makes one up on the first a-jwt request.
    return flags == SignatureFlags::DeviceKey ? QStringLiteral("X-API-KEY") : QStringLiteral("USR");
}

QByteArray ReportIngest::rootKeyFromSecret(const QString &secret)
{
    const QByteArray text = secret.trimmed().toLatin1();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (hex.match(QLatin1String(text)).hasMatch())
        return QByteArray::fromHex(text);
    const auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (decoded && decoded.decoded.size() == 32 && text.size() == 44)
        return decoded.decoded;
    return secret.toUtf8();
}

ReportKeyProvider ReportIngest::keyProvider(SqlConnection &mainDb,
                                            std::shared_ptr<std::optional<Error>> failure)
{
    return [&mainDb, failure](quint64 deviceId, SignatureFlags flags) -> std::optional<QByteArray> {
        auto key = DeviceKeyStore(mainDb).find(qint64(deviceId), keyTypeFor(flags));
        if (!key) {
            *failure = key.error();
            return std::nullopt;
        }
        if (!*key)
            return std::nullopt;
        return rootKeyFromSecret((*key)->secret);
    };
}

// ------------------------------------------------------------------------------------------- processing

namespace {

// Fault injection for the process-level crash test only (IOTILE_TEST_ACTIONS=1): holds each report's
// transaction open for IOTILE_TEST_REPORT_HOLD_MS before its commit, so a SIGKILL lands inside one on any
// machine, however fast.
void holdBeforeCommit()
{
    static const int holdMs = qEnvironmentVariableIntValue("IOTILE_TEST_ACTIONS") == 1
        ? qEnvironmentVariableIntValue("IOTILE_TEST_REPORT_HOLD_MS")
        : 0;
    if (holdMs > 0)
        QThread::msleep(holdMs);
}

} // namespace

Status ReportIngest::process(JobContext &job)
{
    const QString id = job.argString(QStringLiteral("report"));
    IOTILE_TRY(mainDb, m_server.db().connection());
    StreamerStore store(*mainDb);
    IOTILE_TRY(found, store.reportById(id));
    if (!found) {
        job.warn(QStringLiteral("report %1 no longer exists").arg(id));
        return Ok {};
    }
    if (isFinal(*found)) {
        job.log(QStringLiteral("report %1 was processed before (%2)").arg(id, found->status));
        return Ok {};
    }
    // A streamer's reports are processed in upload order whichever job runs first: the watermark drops
    // readings at or below it, so a later report processed first would hide an earlier one's readings.
    if (found->streamerId) {
        IOTILE_TRY(earlier, store.pendingBefore(*found->streamerId, found->createdOn, found->id));
        for (StreamerReport &e : earlier) {
            if (Status s = processOne(job, e, false); !s && JobAction::isRetryable(s.error()))
                return s;
        }
    }
    return processOne(job, *found, true);
}

bool ReportIngest::isFinal(const StreamerReport &report)
{
    return report.status == QLatin1String("success") || report.status == QLatin1String("failed");
}

Status ReportIngest::processOne(JobContext &job, StreamerReport &report, bool ownJob)
{
    IOTILE_TRY(mainDb, m_server.db().connection());
    StreamerStore store(*mainDb);
    IOTILE_TRY(pending, store.setReportStatus(report.id, QStringLiteral("processing"), QString()));
    if (!pending)
        return Ok {}; // processed meanwhile by another job of this streamer
    Status outcome = run(job, report, ownJob);
    if (!outcome) {
        // Another report's job gives up on this one only for good (a hard error); this report's own job
        // keeps its retries.
        const bool final = !JobAction::isRetryable(outcome.error()) || (ownJob && job.isLastAttempt());
        IOTILE_CHECK(store.setReportStatus(report.id,
                                           final ? QStringLiteral("failed") : QStringLiteral("scheduled"),
                                           outcome.error().message()));
        if (!ownJob)
            job.warn(QStringLiteral("earlier report %1: %2").arg(report.id, outcome.error().message()));
    }
    return outcome;
}

Status ReportIngest::run(JobContext &job, StreamerReport &report, bool ownJob)
{
    IOTILE_TRY(mainDb, m_server.db().connection());
    IOTILE_TRY(dataDb, m_server.dataDb().connection());
    StreamerStore store(*mainDb);

    auto file = m_server.blobs().get(report.blobKey);
    if (!file) {
        if (file.error().kind() == ErrorKind::NotFound)
            return JobAction::hardError(QStringLiteral("the report file %1 is missing").arg(report.blobKey));
        return std::move(file).error();
    }
    auto keyFailure = std::make_shared<std::optional<Error>>();
    // The stored extension picks the parser; "" is a binary report, as on upload.
    const QString name = QStringLiteral("report") + report.ext;
    ReportResult<Report> parsed = ReportParser::parseUpload(name, *file, keyProvider(*mainDb, keyFailure));
    if (*keyFailure)
        return **keyFailure;
    if (!parsed)
        return JobAction::hardError(QStringLiteral("invalid report: %1").arg(parsed.errorString()));
    const Report &r = parsed.value();
    report.originalFirstId = r.lowestId;
    report.originalLastId = r.highestId;

    IOTILE_TRY(device, DeviceStore(*mainDb).byId(qint64(r.deviceId)));
    if (!device)
        return JobAction::hardError(QStringLiteral("Device not found in database"));
    if (!device->projectId)
        return finishUnclaimed(job, report, *device, ownJob);
    std::optional<Streamer> streamer;
    if (report.streamerId) {
        IOTILE_TRY(s, store.byId(*report.streamerId));
        streamer = s;
    }
    if (!streamer || streamer->deviceId != device->id || streamer->index != int(r.streamerIndex))
        return JobAction::hardError(QStringLiteral("the report's header names streamer %1 of %2, not the "
                                                   "streamer it was uploaded to")
                                        .arg(r.streamerIndex)
                                        .arg(device->slug));
    if (!isFlexible(r) && streamer->processEngineVer == 2 && streamer->selector == kUserNoRebootsSelector)
        return JobAction::hardError(
            QStringLiteral("engine v2 does not process USER_NO_REBOOTS streamers (%1)").arg(streamer->slug));

    for (int round = 0; round < kPlanRounds; ++round) {
        // Plan against the streamer as it is now, outside any transaction: new monthly partitions cannot
        // be made inside one (a rollback would undo them behind the partition cache's back).
        IOTILE_TRY(current, store.byId(streamer->id));
        if (!current)
            return JobAction::hardError(QStringLiteral("streamer %1 was deleted").arg(streamer->slug));
        IOTILE_TRY(work, plan(*mainDb, r, report, *device, *current));
        StreamDataStore data(*dataDb);
        IOTILE_CHECK(data.ensurePartitions(work.timestamps));
        QStringList written;
        for (const PendingEvent &e : work.events) {
            if (e.blob.isEmpty())
                continue;
            IOTILE_CHECK(
                m_server.blobs().put(e.event.blobKey, e.blob, QByteArrayLiteral("application/json")));
            written << e.event.blobKey;
        }

        Transaction mainTx(*mainDb);
        IOTILE_CHECK(mainTx.started());
        IOTILE_TRY(locked, store.lock(streamer->id));
        if (!locked)
            return JobAction::hardError(QStringLiteral("streamer %1 was deleted").arg(streamer->slug));
        if (locked->lastId != work.watermark)
            continue; // another report of this streamer committed meanwhile: plan again
        // Another job may have processed this report while it was planned (see process()).
        IOTILE_TRY(now, store.reportById(report.id));
        if (!now || isFinal(*now)) {
            if (now)
                report = *now;
            return Ok {};
        }

        std::vector<qint64> eventIds;
        {
            // On the main connection when the data shares the database (one transaction for all).
            Transaction dataTx(*dataDb);
            IOTILE_CHECK(dataTx.started());
            QList<qint64> &keys = work.keys;
            keys.clear();
            for (const QString &slug : std::as_const(work.streams)) {
                IOTILE_TRY(key, data.ensureKey(slug));
                keys.append(key);
            }
            for (DataPoint &p : work.points)
                p.streamId = keys.at(p.streamId);
            IOTILE_TRY(inserted, data.insert(work.points));
            if (inserted != qint64(work.points.size()))
                job.log(QStringLiteral("%1 of %2 points were stored before")
                            .arg(qint64(work.points.size()) - inserted)
                            .arg(work.points.size()));
            StreamEventStore events(*dataDb);
            for (PendingEvent &e : work.events) {
                e.event.streamId = keys.at(e.event.streamId);
                DataSelector same;
                same.key = e.event.streamId;
                same.seqMin = same.seqMax = e.event.seq;
                IOTILE_TRY(stored, events.count(same, std::nullopt, true));
                if (stored > 0) {
                    eventIds.push_back(0);
                    continue;
                }
                IOTILE_TRY(eventId, events.insert(e.event));
                eventIds.push_back(eventId);
            }
            IOTILE_CHECK(dataTx.commit());
        }

        const bool anything = work.firstId.has_value();
        report.actualFirstId = anything ? *work.firstId : 0;
        report.actualLastId = anything ? *work.lastId : 0;
        report.status = QStringLiteral("success");
        report.error.clear();
        IOTILE_CHECK(store.finishReport(report));
        if (anything && r.chopped && streamer->processEngineVer == 2) {
            // Engine v2 anchors a chopped report at its upload; what the device sends next may anchor it
            // better (ChoppedReportAction).
            EnqueueOptions later;
            later.delay = ChoppedReportAction::kRetryDelay;
            later.dedupKey = QStringLiteral("chopped:%1:1").arg(report.id);
            IOTILE_CHECK(JobQueue::enqueue(
                *mainDb, QString::fromLatin1(ChoppedReportAction::kName),
                QJsonObject {{QStringLiteral("rpt"), report.id}, {QStringLiteral("attempt_count"), 1}},
                later));
        }
        if (!work.rebootIds.empty()) {
            // Engines 0/1 timed the readings before these reboots from the wrong session (RebootAction).
            QJsonArray ids;
            for (const qint64 id : work.rebootIds)
                ids.append(id);
            EnqueueOptions later;
            later.delay = RebootAction::kDelay;
            later.dedupKey =
                QStringLiteral("reboot:%1:%2:%3:1").arg(device->slug).arg(work.blockStartId).arg(r.reportId);
            IOTILE_CHECK(JobQueue::enqueue(*mainDb, QString::fromLatin1(RebootAction::kName),
                                           QJsonObject {{QStringLiteral("device_slug"), device->slug},
                                                        {QStringLiteral("project_id"), device->projectUuid},
                                                        {QStringLiteral("block_start_id"), work.blockStartId},
                                                        {QStringLiteral("block_end_id"), qint64(r.reportId)},
                                                        {QStringLiteral("reboot_ids"), ids}},
                                           later));
        }
        if (work.delayed) {
            // Engines 0/1 may have handled the reboot before these readings arrived (DelayAction).
            EnqueueOptions later;
            later.delay = DelayAction::kDelay;
            later.dedupKey =
                QStringLiteral("delay:%1:%2:%3:1").arg(device->slug).arg(*work.firstId).arg(*work.lastId);
            IOTILE_CHECK(JobQueue::enqueue(*mainDb, QString::fromLatin1(DelayAction::kName),
                                           QJsonObject {{QStringLiteral("device_slug"), device->slug},
                                                        {QStringLiteral("project_id"), device->projectUuid},
                                                        {QStringLiteral("start_id"), *work.firstId},
                                                        {QStringLiteral("end_id"), *work.lastId},
                                                        {QStringLiteral("report_id"), report.id}},
                                           later));
        }
        if (anything)
            IOTILE_CHECK(store.advance(streamer->id, std::max(work.maxId, locked->lastId), work.rebootBase));
        // Last, so the device's status row is locked only for the commit.
        IOTILE_CHECK(store.noteDeviceReport(device->id, report.received,
                                            anything ? std::optional<qint64>(work.maxId) : std::nullopt));
        if (ownJob)
            IOTILE_CHECK(job.completeWithin(*mainDb));
        holdBeforeCommit();
        IOTILE_CHECK(mainTx.commit());
        if (work.outOfRange > 0)
            job.warn(
                QStringLiteral("%1 reading(s) with times outside 1970..2200 dropped").arg(work.outOfRange));
        job.log(QStringLiteral("report %1 of %2: %3 new points, %4 new events (ids %5..%6)")
                    .arg(report.id, streamer->slug)
                    .arg(work.points.size())
                    .arg(work.events.size())
                    .arg(*report.actualFirstId)
                    .arg(*report.actualLastId));
        notify(work, eventIds, report);
        return Ok {};
    }
    return JobAction::softError(
        QStringLiteral("streamer %1 kept moving while report %2 was planned").arg(streamer->slug, report.id));
}

Status ReportIngest::finishUnclaimed(JobContext &job, StreamerReport &report, const Device &device,
                                     bool ownJob)
{
    // The original aborts silently here (the device was unclaimed after the upload): no retry.
    IOTILE_TRY(mainDb, m_server.db().connection());
    Transaction tx(*mainDb);
    IOTILE_CHECK(tx.started());
    report.status = QStringLiteral("failed");
    report.error =
        QStringLiteral("Device %1 has not been claimed. Yet, it is uploading a report").arg(device.slug);
    IOTILE_CHECK(StreamerStore(*mainDb).finishReport(report));
    if (ownJob)
        IOTILE_CHECK(job.completeWithin(*mainDb));
    IOTILE_CHECK(tx.commit());
    job.warn(report.error);
    return Ok {};
}

Result<std::shared_ptr<const ResolvedStream>> ReportIngest::stream(SqlConnection &mainDb, const QString &slug)
{
    if (const auto it = m_streams.constFind(slug); it != m_streams.constEnd())
        return *it;
    const auto parsed = StreamSlug::parse(QStringView(slug));
    if (!parsed)
        return Error::internal(QStringLiteral("bad stream slug %1").arg(slug));
    IOTILE_TRY(resolved, m_server.streams().resolve(mainDb, *parsed));
    m_streams.insert(slug, resolved);
    return resolved;
}

int ReportIngest::streamIndex(Plan &plan, const QString &slug)
{
    const qsizetype at = plan.streams.indexOf(slug);
    if (at >= 0)
        return int(at);
    plan.streams.append(slug);
    return int(plan.streams.size() - 1);
}

DataPoint ReportIngest::convert(const ResolvedStream *stream, qint64 intValue) const
{
    // As the JSON ingest path: a stream id row converts through its units; without one the original
    // stores float(int_value) as a plain number.
    DataPoint p;
    p.intValue = intValue;
    if (stream && stream->meta && stream->encoded) {
        p.type = intValue == 0xFFFFFFFF ? PointType::P0
            : intValue == 0xFFFFFFFE    ? PointType::P1
                                        : PointType::PE;
    } else if (stream && stream->meta) {
        p.value = stream->converter.convert(intValue).value;
        p.type = stream->convertsToItr ? PointType::Itr : PointType::Num;
    } else {
        p.value = double(intValue);
    }
    return p;
}

Result<ReportIngest::Plan> ReportIngest::plan(SqlConnection &mainDb, const Report &r,
                                              const StreamerReport &report, const Device &device,
                                              const Streamer &streamer)
{
    Plan out;
    out.watermark = streamer.lastId;
    const auto project = ProjectSlug::parse(QStringView(device.projectSlug));
    if (!project)
        return Error::internal(
            QStringLiteral("device %1 has project slug %2").arg(device.slug, device.projectSlug));
    const DeviceSlug deviceSlug(quint64(device.id));
    // The stream of a variable id on this device, in the project it belongs to now (as the original).
    const auto slugOf = [&](quint16 lid) { return StreamSlug(*project, deviceSlug, lid).toString(); };
    const auto noteId = [&](qint64 id) {
        if (isFlexible(r)) {
            out.firstId = out.firstId ? std::min(*out.firstId, id) : id;
            out.lastId = out.lastId ? std::max(*out.lastId, id) : id;
        } else {
            if (!out.firstId)
                out.firstId = id;
            out.lastId = id;
        }
        out.maxId = std::max(out.maxId, id);
    };
    const qint64 received = report.received;
    const qint64 base = UtcAssigner::baseTime(received, r.sentTimestamp);

    if (isFlexible(r)) {
        // Items carry their own times (naive: UTC); only RTC device times override an event's.
        const std::vector<std::optional<qint64>> times = UtcAssigner::readingTimes(r, received);
        for (size_t i = 0; i < r.readings.size(); ++i) {
            const IOTileReading &reading = r.readings[i];
            if (qint64(reading.readingId) <= streamer.lastId)
                continue;
            noteId(reading.readingId);
            const QString slug = slugOf(reading.stream);
            IOTILE_TRY(resolved, stream(mainDb, slug));
            if (resolved->meta && !resolved->enabled)
                continue;
            DataPoint p = convert(resolved.get(), reading.value);
            p.streamId = streamIndex(out, slug);
            p.ts = times[i].value_or(received);
            p.dirty = !times[i].has_value();
            p.seq = reading.readingId;
            p.deviceTs = reading.rawTime;
            if (!inRange(p.ts)) {
                ++out.outOfRange;
                continue;
            }
            out.points.push_back(p);
        }
        const std::vector<std::optional<qint64>> eventTimes = UtcAssigner::eventTimes(r, received);
        for (size_t i = 0; i < r.events.size(); ++i) {
            const IOTileEvent &e = r.events[i];
            if (qint64(e.readingId) <= streamer.lastId)
                continue;
            noteId(e.readingId);
            const QString slug = slugOf(e.stream);
            IOTILE_TRY(resolved, stream(mainDb, slug));
            if (resolved->meta && !resolved->enabled)
                continue;
            PendingEvent pending;
            StreamEvent &event = pending.event;
            event.stream = slug;
            event.streamId = streamIndex(out, slug);
            std::optional<qint64> ts = eventTimes[i];
            if (!ts && e.deviceTimestamp != UtcAssigner::kUnknownTime)
                ts = UtcAssigner::fromRawTime(e.deviceTimestamp, base);
            event.ts = ts.value_or(received);
            event.dirty = !ts.has_value();
            if (!inRange(event.ts)) {
                ++out.outOfRange;
                continue;
            }
            event.seq = e.readingId;
            if (e.deviceTimestamp != UtcAssigner::kUnknownTime)
                event.deviceTs = e.deviceTimestamp;
            event.uuid = QUuid::createUuidV5(kEventNamespace, QStringLiteral("%1/%2").arg(report.id).arg(i))
                             .toString(QUuid::WithoutBraces);
            event.extraData = QJsonDocument(e.summary).toJson(QJsonDocument::Compact);
            event.createdOn = isotime::now();
            if (e.data.isObject() || e.data.isArray()) {
                pending.blob = e.data.isObject()
                    ? QJsonDocument(e.data.toObject()).toJson(QJsonDocument::Compact)
                    : QJsonDocument(e.data.toArray()).toJson(QJsonDocument::Compact);
                event.blobKey = QStringLiteral("events/reports/%1/%2.json").arg(report.id, event.uuid);
            }
            out.events.push_back(std::move(pending));
            out.timestamps.push_back(event.ts);
        }
        if (out.firstId)
            out.rebootBase = base;
        for (const DataPoint &p : out.points)
            out.timestamps.push_back(p.ts);
        return out;
    }

    // Binary: every new reading of an enabled stream goes through the engine's timeline.
    std::vector<TimelineEntry> entries;
    entries.reserve(r.readings.size());
    std::vector<int> owners;
    owners.reserve(r.readings.size());
    // A report holds few variables and many readings: resolve each variable once (-1: disabled stream).
    QHash<quint16, int> owner;
    std::vector<const ResolvedStream *> resolvedOf; // by stream index
    for (const IOTileReading &reading : r.readings) {
        if (qint64(reading.readingId) <= streamer.lastId)
            continue;
        noteId(reading.readingId);
        auto known = owner.constFind(reading.stream);
        if (known == owner.constEnd()) {
            const QString slug = slugOf(reading.stream);
            IOTILE_TRY(resolved, stream(mainDb, slug));
            // A disabled stream drops its readings but they still count as seen.
            int index = -1;
            if (!resolved->meta || resolved->enabled) {
                index = streamIndex(out, slug);
                resolvedOf.resize(size_t(out.streams.size()), nullptr);
                resolvedOf[size_t(index)] = resolved.get();
            }
            known = owner.insert(reading.stream, index);
        }
        if (*known < 0)
            continue;
        entries.push_back(TimelineEntry {reading.stream, reading.readingId, reading.rawTime, reading.value});
        owners.push_back(*known);
    }
    if (!out.firstId)
        return out;
    out.rebootBase = base;
    const bool v2 = streamer.processEngineVer == 2;
    if (v2) {
        std::optional<qint64> previousBase;
        const bool reboots = std::any_of(entries.begin(), entries.end(), [](const TimelineEntry &e) {
            return e.lid == ReportTimeline::kRebootLid;
        });
        if (reboots) {
            IOTILE_TRY(previous, StreamerStore(mainDb).previousReport(streamer.id, r.reportId));
            if (previous && previous->deviceSentTimestamp)
                previousBase = previous->received - *previous->deviceSentTimestamp * kSecond;
        }
        ReportTimeline::assignV2(entries, received, r.sentTimestamp, previousBase);
    } else {
        ReportTimeline::assignSimple(entries, received, r.sentTimestamp);
        if (streamer.isSystem()) {
            for (const TimelineEntry &e : entries)
                if (e.lid == ReportTimeline::kRebootLid)
                    out.rebootIds.push_back(e.seq);
            if (!out.rebootIds.empty()) {
                IOTILE_TRY(start,
                           blockStart(mainDb, r, streamer, slugOf(ReportTimeline::kRebootLid),
                                      out.rebootIds.front()));
                out.blockStartId = start;
            }
        } else {
            // The original compares with the latest reboot stored once this report's data is in.
            std::optional<qint64> latest;
            for (const TimelineEntry &e : entries)
                if (e.lid == ReportTimeline::kRebootLid)
                    latest = std::max(latest.value_or(0), qint64(e.seq));
            IOTILE_TRY(stored, latestReboot(slugOf(ReportTimeline::kRebootLid)));
            if (stored)
                latest = std::max(latest.value_or(0), *stored);
            out.delayed = latest && *out.firstId < *latest;
        }
    }
    out.points.reserve(entries.size() + 1);
    for (size_t i = 0; i < entries.size(); ++i) {
        const TimelineEntry &e = entries[i];
        // Every streamer carries the reboots; only the system streamer stores them (engine v2).
        if (v2 && e.lid == ReportTimeline::kRebootLid && !streamer.isSystem())
            continue;
        DataPoint p = convert(resolvedOf[size_t(owners[i])], e.value);
        p.streamId = owners[i];
        p.ts = e.ts;
        p.seq = e.seq;
        p.deviceTs = e.rawTime;
        p.status = e.status;
        p.dirty = e.dirty;
        if (!inRange(p.ts)) {
            ++out.outOfRange;
            continue;
        }
        out.points.push_back(p);
        out.timestamps.push_back(p.ts);
    }
    if (!entries.empty()) {
        // The original's bookkeeping point: a report with new data arrived (5a06: the phone cut it off).
        const QString slug = slugOf(r.chopped ? kChoppedReportLid : kCompleteReportLid);
        IOTILE_TRY(resolved, stream(mainDb, slug));
        DataPoint p = convert(resolved.get(), streamer.index);
        p.streamId = streamIndex(out, slug);
        p.ts = received;
        p.seq = r.reportId;
        p.deviceTs = r.sentTimestamp;
        p.status = PointStatus::Clean;
        out.points.push_back(p);
        out.timestamps.push_back(p.ts);
    }
    return out;
}

Result<qint64> ReportIngest::blockStart(SqlConnection &mainDb, const Report &r, const Streamer &streamer,
                                        const QString &rebootSlug, qint64 firstReboot)
{
    // The original's device.last_known_id: the id of the device's last system report with data; for a
    // device without one, its last reboot stored before this report's, or 1.
    IOTILE_TRY(previous, StreamerStore(mainDb).previousReport(streamer.id, r.reportId));
    if (previous && previous->incrementalId)
        return *previous->incrementalId;
    IOTILE_TRY(last, latestReboot(rebootSlug, firstReboot));
    return last.value_or(1);
}

Result<std::optional<qint64>> ReportIngest::latestReboot(const QString &rebootSlug,
                                                         std::optional<qint64> below)
{
    IOTILE_TRY(dataDb, m_server.dataDb().connection());
    StreamDataStore data(*dataDb);
    IOTILE_TRY(key, data.keyOf(rebootSlug));
    if (!key)
        return std::optional<qint64>();
    DataSelector all;
    all.key = *key;
    all.seqMin = 1;
    if (below)
        all.seqMax = *below - 1;
    IOTILE_TRY(last, data.fetch(all, std::nullopt, StreamDataStore::Order::SeqDescending, 0, 1));
    if (last.empty())
        return std::optional<qint64>();
    return std::optional<qint64>(last.front().seq);
}

void ReportIngest::notify(const Plan &plan, const std::vector<qint64> &eventIds, const StreamerReport &report)
{
    if (m_server.ingestHooks().isEmpty() || (plan.points.empty() && plan.events.empty()))
        return;
    CommittedBatch batch;
    batch.source = CommittedBatch::Source::Report;
    batch.userId = report.createdBy.value_or(0);
    QHash<qint64, size_t> index; // stream key -> position in batch.streams
    const auto streamOf = [&](qint64 key) -> CommittedStream & {
        auto it = index.find(key);
        if (it == index.end()) {
            const QString slug = plan.streams.value(plan.keys.indexOf(key));
            it = index.insert(key, batch.streams.size());
            batch.streams.push_back(CommittedStream {slug, m_streams.value(slug), {}, {}});
        }
        return batch.streams[*it];
    };
    for (const DataPoint &p : plan.points)
        streamOf(p.streamId).points.push_back(p);
    for (size_t i = 0; i < plan.events.size(); ++i) {
        if (eventIds[i] == 0)
            continue; // stored by an earlier attempt
        const StreamEvent &e = plan.events[i].event;
        streamOf(e.streamId)
            .events.push_back(
                CommittedEvent {eventIds[i], e.ts, e.seq, QJsonDocument::fromJson(e.extraData).object()});
    }
    m_server.ingestHooks().notify(batch, m_server);
}

} // namespace iotile
