#include "server/worker/periodicreportaction.h"

#include "common/util/isotime.h"
#include "server/domain/userreport.h"
#include "server/store/database.h"
#include "server/store/userreportstore.h"
#include "server/worker/generatereportaction.h"
#include "server/worker/jobcontext.h"

#include <QDateTime>
#include <QTimeZone>

namespace iotile {

namespace {

qint64 micros(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch() * 1000;
}

} // namespace

QList<ArgumentSpec> PeriodicReportAction::arguments() const
{
    return {{QStringLiteral("now"), ArgType::String, false}};
}

std::optional<std::pair<qint64, qint64>> PeriodicReportAction::lastPeriod(const QString &period, qint64 now)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(now / 1000, QTimeZone::utc()).date();
    if (period == QLatin1String("d"))
        return std::make_pair(micros(today.addDays(-1)), micros(today));
    if (period == QLatin1String("w")) {
        const QDate sunday = today.addDays(-(today.dayOfWeek() % 7)); // Qt: Monday 1 .. Sunday 7
        return std::make_pair(micros(sunday.addDays(-7)), micros(sunday));
    }
    if (period == QLatin1String("m")) {
        const QDate first(today.year(), today.month(), 1);
        return std::make_pair(micros(first.addMonths(-1)), micros(first));
    }
    return std::nullopt;
}

Status PeriodicReportAction::execute(JobContext &context)
{
    qint64 now = isotime::now();
    if (const QString text = context.argString(QStringLiteral("now")); !text.isEmpty()) {
        const auto parsed = isotime::parse(text);
        if (!parsed)
            return hardError(QStringLiteral("now: not an ISO-8601 time: %1").arg(text));
        now = *parsed;
    }
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(reports, UserReportStore(*db).periodicReports());
    int queued = 0;
    for (const UserReport &r : std::as_const(reports)) {
        const auto range = lastPeriod(r.period, now);
        if (!range || (r.lastPeriodEnd && *r.lastPeriodEnd >= range->second))
            continue;
        Transaction tx(*db);
        IOTILE_CHECK(tx.started());
        UserReportStore store(*db);
        IOTILE_TRY(claimed, store.claimPeriod(r.id, range->second));
        if (!claimed)
            continue;
        GeneratedReport g;
        g.label = QStringLiteral("%1 (%2)").arg(
            r.label,
            QDateTime::fromMSecsSinceEpoch(range->first / 1000, QTimeZone::utc())
                .date()
                .toString(Qt::ISODate));
        g.reportId = r.id;
        g.orgId = r.orgId;
        g.orgSlug = r.orgSlug;
        g.sourceRef = r.sources.value(0);
        g.generator = r.generator;
        g.sources = r.sources;
        g.recipients = r.recipients;
        g.start = range->first;
        g.end = range->second;
        g.createdBy = r.createdBy;
        IOTILE_TRY(created, store.createGenerated(g));
        IOTILE_CHECK(GenerateReportAction::schedule(*db, created, QString()));
        IOTILE_CHECK(tx.commit());
        ++queued;
    }
    if (queued)
        context.log(QStringLiteral("queued %1 periodic report(s)").arg(queued));
    return Ok {};
}

} // namespace iotile
