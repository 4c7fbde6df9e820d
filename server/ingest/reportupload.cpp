#include "server/ingest/reportupload.h"

#include "common/reports/reportparser.h"
#include "common/reports/signedlistreport.h"
#include "common/reports/utcassigner.h"
#include "common/slug/deviceslug.h"
#include "common/slug/streamerslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/access.h"
#include "server/domain/account.h"
#include "server/domain/device.h"
#include "server/ingest/reportingest.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/worker/jobqueue.h"
#include "server/worker/processreportaction.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcReports, "iotile.reports")

namespace iotile {

namespace {

QString datePath(qint64 ts, bool withHour)
{
    int year = 0;
    unsigned month = 0, day = 0;
    const qint64 days = ts / isotime::kMicrosPerDay;
    isotime::civilFromDays(days, year, month, day);
    QString out = QStringLiteral("%1/%2/%3")
                      .arg(year, 4, 10, QLatin1Char('0'))
                      .arg(month, 2, 10, QLatin1Char('0'))
                      .arg(day, 2, 10, QLatin1Char('0'));
    if (withHour)
        out += QStringLiteral("/%1").arg(
            int((ts % isotime::kMicrosPerDay) / (3600 * isotime::kMicrosPerSecond)), 2, 10, QLatin1Char('0'));
    return out;
}

QString deviceName(quint64 id)
{
    return id <= DeviceSlug::kMaxId ? DeviceSlug(id).toString() : QString::number(id);
}

} // namespace

QString ReportUpload::extensionOf(const QString &fileName) const
{
    switch (ReportParser::uploadKind(fileName).value_or(ReportParser::UploadKind::Binary)) {
    case ReportParser::UploadKind::Msgpack:
        return QStringLiteral(".mp");
    case ReportParser::UploadKind::Json:
        return QStringLiteral(".json");
    case ReportParser::UploadKind::Binary:
        break;
    }
    return fileName.endsWith(QLatin1String(".bin")) ? QStringLiteral(".bin") : QString();
}

Error ReportUpload::rejected(const File &file, Error error, const QString &reason)
{
    // Kept for staff, like the original's error bucket; a failure to keep it never changes the answer.
    StreamerReport r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.fileName = file.name.left(255);
    r.ext = extensionOf(file.name);
    r.received = file.received;
    r.status = QStringLiteral("failed");
    r.error = reason;
    r.createdOn = isotime::now();
    r.createdBy = m_user.id;
    r.blobKey =
        QStringLiteral("streamer/errors/%1/%2%3")
            .arg(datePath(r.createdOn, false), r.id, r.ext.isEmpty() ? QStringLiteral(".bin") : r.ext);
    if (Status s = m_server.blobs().put(r.blobKey, file.data, QByteArrayLiteral("application/octet-stream"));
        !s) {
        qCWarning(lcReports).noquote() << "rejected report" << r.id << "not kept:" << s.error().message();
        r.blobKey.clear();
    }
    auto db = m_server.db().connection();
    if (db) {
        if (Status s = StreamerStore(**db).createReport(r); !s)
            qCWarning(lcReports).noquote()
                << "rejected report" << r.id << "not recorded:" << s.error().message();
    }
    return error;
}

Result<ReportUpload::Accepted> ReportUpload::accept(const File &file)
{
    const QString user = QStringLiteral("@") + m_user.slug;
    if (!ReportParser::uploadKind(file.name))
        return Error::bareList(
            QStringLiteral("Streamer Report file extension not supported. Expected: .bin, .json or .mp"));
    if (file.data.size() > kMaxReportBytes) {
        const QString reason = QStringLiteral("Streamer Report too large: %1 bytes, at most %2")
                                   .arg(file.data.size())
                                   .arg(kMaxReportBytes);
        return rejected(file, Error::bareList(reason), reason);
    }

    IOTILE_TRY(db, m_server.db().connection());
    auto keyFailure = std::make_shared<std::optional<Error>>();
    ReportResult<Report> parsed =
        ReportParser::parseUpload(file.name, file.data, ReportIngest::keyProvider(*db, keyFailure));
    if (*keyFailure)
        return **keyFailure;
    if (!parsed) {
        QString reason;
        switch (parsed.errorKind()) {
        case ReportErrorKind::SignatureMismatch:
        case ReportErrorKind::NoKey:
        case ReportErrorKind::BadKey: {
            // The header is sound (it was read to find the key): name device and streamer as the original.
            const ReportResult<Report> header =
                ReportParser::parseUpload(file.name, file.data, {}, SignaturePolicy::Lenient);
            const QString who = header ? QStringLiteral("%1 (idx=%2, user=%3)")
                                             .arg(deviceName(header->deviceId))
                                             .arg(header->streamerIndex)
                                             .arg(user)
                                       : QStringLiteral("(user=%1)").arg(user);
            if (parsed.errorKind() == ReportErrorKind::SignatureMismatch && header
                && header->signatureFlags == 0)
                reason = QStringLiteral("Invalid Hash: %1").arg(who);
            else if (parsed.errorKind() == ReportErrorKind::SignatureMismatch)
                reason = QStringLiteral("Invalid Signature: %1: %2").arg(who, parsed.errorString());
            else
                reason = QStringLiteral("Cannot verify report: %1: %2").arg(who, parsed.errorString());
            break;
        }
        case ReportErrorKind::UnsupportedFormat:
            // The original's parser: only format 1 is read from binary uploads.
            reason = QStringLiteral("Unsupported Report Format: %1")
                         .arg(file.data.isEmpty() ? 0 : quint8(file.data.at(0)));
            break;
        case ReportErrorKind::UnknownSignatureFlags:
            reason =
                QStringLiteral("Unrecognized signature flags (user=%1): %2").arg(user, parsed.errorString());
            break;
        default:
            // The original words every failure to read a dictionary report as a JSON one.
            if (ReportParser::uploadKind(file.name) != ReportParser::UploadKind::Binary)
                reason = QStringLiteral("JSON parsing error: %1").arg(parsed.errorString());
            else
                reason = QStringLiteral("Invalid Streamer Report: %1").arg(parsed.errorString());
            break;
        }
        return rejected(file, Error::bareList(reason), reason);
    }
    const Report &report = parsed.value();
    const bool flexible =
        report.format == ReportFormat::FlexibleMsgpack || report.format == ReportFormat::FlexibleJson;
    if (report.format == ReportFormat::IndividualReading || report.format == ReportFormat::Broadcast) {
        // The original reads only signed lists from binary uploads; these two are realtime formats.
        const QString reason = QStringLiteral("Unsupported Report Format: %1")
                                   .arg(report.format == ReportFormat::IndividualReading ? 0 : 3);
        return rejected(file, Error::bareList(reason), reason);
    }
    if (flexible && !report.missingFields.isEmpty()) {
        // The original's V2 serializer: these fields are required.
        QJsonObject errors;
        for (const QString &field : report.missingFields)
            errors.insert(field, QJsonArray {QStringLiteral("This field is required.")});
        return rejected(
            file, Error::fields(errors),
            QStringLiteral("missing fields: %1").arg(report.missingFields.join(QLatin1String(", "))));
    }
    if (report.streamerIndex > 0xFFFF || report.deviceId > DeviceSlug::kMaxId) {
        const QString reason =
            QStringLiteral("Invalid Streamer Report: device %1 / streamer index %2 out of range")
                .arg(report.deviceId)
                .arg(report.streamerIndex);
        return rejected(file, Error::bareList(reason), reason);
    }

    IOTILE_TRY(device, DeviceStore(*db).byId(qint64(report.deviceId)));
    if (!device)
        return Error::notFound();
    if (!device->projectId) {
        const QString reason =
            QStringLiteral("Device %1 has not been claimed. Yet, it is uploading a report").arg(device->slug);
        return rejected(file, Error::bareList(reason), reason);
    }
    // Beyond the original (which let any user upload for any claimed device): the caller must be allowed
    // to write the device's data.
    bool allowed = m_access.isStaff();
    if (!allowed && device->orgId) {
        IOTILE_TRY(sees, m_access.canAccessDevice(*device));
        IOTILE_TRY(writes, m_access.can(*device->orgId, Permission::CreateStreamData));
        allowed = sees && writes;
    }
    if (!allowed)
        return Error::forbidden(
            QStringLiteral("You are not allowed to upload reports of %1").arg(device->slug));

    StreamerStore store(*db);
    IOTILE_TRY(engine, store.engineVersionOf(device->id));
    StreamerReport r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.fileName = file.name.left(255);
    r.ext = extensionOf(file.name);
    r.received = file.received;
    if (!flexible)
        r.deviceSentTimestamp = report.sentTimestamp;
    r.incrementalId = report.reportId;
    r.createdOn = isotime::now();
    r.createdBy = m_user.id;
    r.streamerSlug = StreamerSlug(DeviceSlug(quint64(device->id)), quint16(report.streamerIndex)).toString();
    r.blobKey = QStringLiteral("streamer/%1/%2/%3%4")
                    .arg(r.streamerSlug, datePath(r.received, true), r.id,
                         r.ext.isEmpty() ? QStringLiteral(".bin") : r.ext);
    IOTILE_CHECK(m_server.blobs().put(r.blobKey, file.data, QByteArrayLiteral("application/octet-stream")));

    auto recorded = [&]() -> Result<qint64> {
        Transaction tx(*db);
        IOTILE_CHECK(tx.started());
        Streamer candidate;
        candidate.deviceId = device->id;
        candidate.index = int(report.streamerIndex);
        candidate.selector = report.streamerSelector;
        candidate.processEngineVer = engine;
        candidate.createdBy = m_user.id;
        IOTILE_TRY(streamer, store.ensure(candidate));
        r.streamerId = streamer.id;
        IOTILE_CHECK(store.createReport(r));
        // The original's heartbeat: the device was heard from.
        IOTILE_CHECK(store.noteDeviceReport(device->id, r.received, std::nullopt));
        EnqueueOptions options;
        options.createdBy = m_user.id;
        IOTILE_TRY(job,
                   JobQueue::enqueue(*db, QString::fromLatin1(ProcessReportAction::kName),
                                     QJsonObject {{QStringLiteral("report"), r.id}}, options));
        IOTILE_CHECK(tx.commit());
        return job;
    }();
    if (!recorded) {
        if (Status s = m_server.blobs().remove(r.blobKey); !s)
            qCWarning(lcReports).noquote()
                << "report file" << r.blobKey << "left behind:" << s.error().message();
        return std::move(recorded).error();
    }
    const qint64 base = UtcAssigner::baseTime(r.received, report.sentTimestamp);
    if (!flexible && base > isotime::now() + 3600 * isotime::kMicrosPerSecond)
        qCWarning(lcReports).noquote() << "report" << r.id << "of" << device->slug
                                       << "puts its device's boot in the future:" << isotime::toString(base);

    Accepted out;
    out.report = r;
    out.jobId = *recorded;
    out.expectedCount = flexible
        ? qint64(report.events.size() + report.readings.size())
        : (report.length - SignedListReport::kMinimumSize) / SignedListReport::kReadingSize;
    return out;
}

} // namespace iotile
