#include "server/worker/generatereportaction.h"

#include "server/app/serverconfig.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/userreport.h"
#include "server/mail/mailer.h"
#include "server/reports/reportdata.h"
#include "server/reports/reportformats.h"
#include "server/store/database.h"
#include "server/store/userreportstore.h"
#include "server/worker/jobcontext.h"
#include "server/worker/jobqueue.h"

namespace iotile {

namespace {

// The original's notification_recipients: "email:<address>", "user:<username>", "org:admin", "org:all",
// and (beyond it) a bare address.
Result<QStringList> resolveRecipients(SqlConnection &db, const GeneratedReport &report)
{
    UserReportStore store(db);
    QStringList out;
    for (const QString &r : report.recipients) {
        if (r.startsWith(QLatin1String("email:"))) {
            out.append(r.mid(6).trimmed());
        } else if (r.startsWith(QLatin1String("user:"))) {
            IOTILE_TRY(email, store.emailOfUsername(r.mid(5).trimmed()));
            if (email)
                out.append(*email);
        } else if (r == QLatin1String("org:admin") || r == QLatin1String("org:all")) {
            IOTILE_TRY(emails, store.memberEmails(report.orgId, r == QLatin1String("org:admin")));
            out.append(emails);
        } else if (r.contains(QLatin1Char('@'))) {
            out.append(r.trimmed());
        }
    }
    out.removeDuplicates();
    out.removeAll(QString());
    return out;
}

} // namespace

QList<ArgumentSpec> GenerateReportAction::arguments() const
{
    return {{QStringLiteral("report"), ArgType::String, true},
            {QStringLiteral("origin"), ArgType::String, false}};
}

Status GenerateReportAction::schedule(SqlConnection &db, const GeneratedReport &report, const QString &origin)
{
    EnqueueOptions options;
    options.dedupKey = QStringLiteral("report:") + report.id;
    options.maxAttempts = 3;
    options.createdBy = report.createdBy;
    QJsonObject args {{QStringLiteral("report"), report.id}};
    if (!origin.isEmpty())
        args.insert(QStringLiteral("origin"), origin);
    IOTILE_TRY(id, JobQueue::enqueue(db, QStringLiteral("GenerateReportAction"), args, options));
    Q_UNUSED(id);
    return Ok {};
}

Status GenerateReportAction::fail(JobContext &context, SqlConnection &db, const QString &id,
                                  const Error &error)
{
    context.warn(QStringLiteral("report %1: %2").arg(id, error.message()));
    if (!isRetryable(error) || context.isLastAttempt())
        (void)UserReportStore(db).setStatus(id, QString::fromLatin1(GeneratedReport::kFailed),
                                            error.message());
    return error;
}

Status GenerateReportAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const QString id = context.argString(QStringLiteral("report"));
    UserReportStore store(*db);
    IOTILE_TRY(found, store.generatedById(id));
    if (!found) {
        context.log(QStringLiteral("report %1 is gone").arg(id));
        return Ok {};
    }
    const GeneratedReport report = *found;
    if (report.status == QLatin1String(GeneratedReport::kCompleted))
        return Ok {};
    IOTILE_CHECK(store.setStatus(id, QString::fromLatin1(GeneratedReport::kGenerating)));

    auto series = ReportData::load(context.server(), *db, *dataDb, report);
    if (!series)
        return fail(context, *db, id, series.error());
    auto file = ReportFormats::build(report.generator, report, *series);
    if (!file)
        return fail(context, *db, id, hardError(file.error().message()));
    const QString key = QStringLiteral("reports/%1/%2/%3").arg(report.orgSlug, report.id, file->fileName);
    if (Status s = context.server().blobs().put(key, file->data, file->contentType); !s)
        return fail(context, *db, id, softError(s.error().message()));
    IOTILE_CHECK(store.setFile(id, key, file->fileName, QString::fromLatin1(file->contentType)));
    context.log(QStringLiteral("report %1: %2 bytes in %3").arg(id).arg(file->data.size()).arg(key));

    IOTILE_TRY(to, resolveRecipients(*db, report));
    if (!to.isEmpty()) {
        QString base = context.server().config().publicUrl;
        if (base.isEmpty())
            base = context.argString(QStringLiteral("origin"));
        if (base.endsWith(QLatin1Char('/')))
            base.chop(1);
        const QString link = base + QStringLiteral("/api/v1/report/generated/%1/download/").arg(report.id);
        MailMessage mail;
        mail.to = to;
        mail.subject = QStringLiteral("IOTile Cloud Report: %1").arg(report.label);
        mail.text = QStringLiteral("Your report \"%1\" is ready.\n\nDownload it (sign-in required):\n%2\n")
                        .arg(report.label, link);
        mail.html = QStringLiteral("<p>Your report \"%1\" is ready.</p><p><a href=\"%2\">Download it</a> "
                                   "(sign-in required).</p>")
                        .arg(report.label.toHtmlEscaped(), link.toHtmlEscaped());
        context.server().mailer().send(std::move(mail));
    }
    return Ok {};
}

} // namespace iotile
