#include "client/data/apitimeseriessource.h"

#include "client/widgets/errortext.h"
#include "common/api/aggregateseries.h"
#include "common/api/apiclient.h"
#include "common/api/apipager.h"
#include "common/api/datapoint.h"
#include "common/api/wirejson.h"
#include "common/util/isotime.h"

#include <QJsonArray>
#include <QTimer>
#include <QUrlQuery>

namespace iotile {

struct ApiTimeSeriesSource::Job
{
    SeriesRequest request;
    SeriesData data;
    QPointer<api::ApiPager> pager;
    QList<QPointer<api::ApiReply>> replies;
    int extentPending = 0;
    std::optional<qint64> firstMs;
    std::optional<qint64> lastMs;
};

namespace {

QString isoParam(qint64 ms)
{
    return isotime::toString(ms * 1000, isotime::Style::Seconds);
}

} // namespace

ApiTimeSeriesSource::ApiTimeSeriesSource(api::ApiClient *api, QObject *parent)
    : TimeSeriesSource(parent)
    , m_api(api)
{ }

ApiTimeSeriesSource::~ApiTimeSeriesSource()
{
    const QList<quint64> tickets = m_jobs.keys();
    for (quint64 ticket : tickets)
        cancel(ticket);
}

QString ApiTimeSeriesSource::dataPath(const Job &job) const
{
    return QStringLiteral("/api/v1/stream/%1/data/").arg(job.request.slug);
}

quint64 ApiTimeSeriesSource::load(const SeriesRequest &request)
{
    const quint64 ticket = nextTicket();
    auto job = std::make_shared<Job>();
    job->request = request;
    job->data.slug = request.slug;
    job->data.label = request.label;
    job->data.unit = m_storedUnits ? QString() : request.unit;
    m_jobs.insert(ticket, job);
    if (request.startMs == 0 && request.endMs == 0)
        findExtent(ticket);
    else
        fetch(ticket);
    return ticket;
}

void ApiTimeSeriesSource::cancel(quint64 ticket)
{
    const std::shared_ptr<Job> job = m_jobs.take(ticket);
    if (!job)
        return;
    if (job->pager) {
        job->pager->disconnect(this);
        job->pager->cancel();
    }
    for (const QPointer<api::ApiReply> &reply : std::as_const(job->replies)) {
        if (reply) {
            reply->disconnect(this);
            reply->cancel();
        }
    }
}

void ApiTimeSeriesSource::findExtent(quint64 ticket)
{
    Job &job = *m_jobs.value(ticket);
    job.extentPending = 2;
    // The oldest point is the first of the ascending list, the newest is lastn=1.
    api::ApiReply *first =
        m_api->get(dataPath(job), QUrlQuery {{QStringLiteral("page_size"), QStringLiteral("1")}});
    api::ApiReply *last =
        m_api->get(dataPath(job), QUrlQuery {{QStringLiteral("lastn"), QStringLiteral("1")}});
    job.replies = {first, last};
    connect(first, &api::ApiReply::finished, this,
            [this, ticket, first] { extentPartFinished(ticket, first, true); });
    connect(last, &api::ApiReply::finished, this,
            [this, ticket, last] { extentPartFinished(ticket, last, false); });
}

void ApiTimeSeriesSource::extentPartFinished(quint64 ticket, api::ApiReply *reply, bool first)
{
    const std::shared_ptr<Job> job = m_jobs.value(ticket);
    if (!job)
        return;
    if (!reply->isOk()) {
        failJob(ticket, ErrorText::describe(reply->error()));
        return;
    }
    const QJsonArray results = reply->object().value(QLatin1String("results")).toArray();
    if (!results.isEmpty()) {
        const auto us = api::wire::micros(results.last().toObject().value(QLatin1String("timestamp")));
        if (us)
            (first ? job->firstMs : job->lastMs) = *us / 1000;
    }
    if (--job->extentPending > 0)
        return;
    job->replies.clear();
    if (!job->firstMs || !job->lastMs) {
        finishJob(ticket); // no data at all
        return;
    }
    job->request.startMs = *job->firstMs;
    job->request.endMs = *job->lastMs + 1000; // the end is exclusive
    fetch(ticket);
}

void ApiTimeSeriesSource::fetch(quint64 ticket)
{
    Job &job = *m_jobs.value(ticket);
    job.data.startMs = job.request.startMs;
    job.data.endMs = job.request.endMs;
    const qint64 span = job.request.endMs - job.request.startMs;
    const BucketPlan plan = job.request.intervalSeconds < 0
        ? BucketPlan::forSpan(span, job.request.maxBuckets)
        : job.request.intervalSeconds == 0 ? BucketPlan::raw()
                                           : BucketPlan::interval(job.request.intervalSeconds);
    if (plan.isRaw())
        fetchRaw(ticket);
    else
        fetchAggregate(ticket, plan);
}

void ApiTimeSeriesSource::fetchRaw(quint64 ticket)
{
    Job &job = *m_jobs.value(ticket);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("start"), isoParam(job.request.startMs));
    query.addQueryItem(QStringLiteral("end"), isoParam(job.request.endMs));
    query.addQueryItem(QStringLiteral("page_size"), QString::number(m_pageSize));
    api::ApiPager *pager = m_api->getAll(dataPath(job), query);
    pager->setKeepItems(false);
    job.pager = pager;
    const bool stored = m_storedUnits;
    connect(pager, &api::ApiPager::pageReceived, this, [this, ticket, stored](const QJsonArray &items) {
        const std::shared_ptr<Job> job = m_jobs.value(ticket);
        if (!job)
            return;
        job->data.values.reserve(job->data.values.size() + items.size());
        for (const QJsonValue &item : items) {
            const api::DataPoint point = api::DataPoint::fromJson(item.toObject());
            const std::optional<double> value = stored ? point.value : point.shownValue();
            if (value)
                job->data.values.append(QPointF(double(point.timestamp / 1000), *value));
        }
    });
    connect(pager, &api::ApiPager::progress, this,
            [this, ticket](qint64 received, qint64 total) { emit progress(ticket, received, total); });
    connect(pager, &api::ApiPager::finished, this, [this, ticket, pager] {
        if (pager->isOk())
            finishJob(ticket);
        else
            failJob(ticket, ErrorText::describe(pager->error()));
    });
}

void ApiTimeSeriesSource::fetchAggregate(quint64 ticket, const BucketPlan &plan)
{
    Job &job = *m_jobs.value(ticket);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("interval"), plan.intervalParameter());
    query.addQueryItem(QStringLiteral("fn"), QStringLiteral("avg,min,max,count"));
    query.addQueryItem(QStringLiteral("start"), isoParam(job.request.startMs));
    query.addQueryItem(QStringLiteral("end"), isoParam(job.request.endMs));
    api::ApiReply *reply = m_api->get(dataPath(job) + QLatin1String("aggregate/"), query);
    job.replies = {reply};
    job.data.intervalSeconds = plan.intervalSeconds();
    const bool stored = m_storedUnits;
    connect(reply, &api::ApiReply::finished, this, [this, ticket, reply, stored] {
        const std::shared_ptr<Job> job = m_jobs.value(ticket);
        if (!job)
            return;
        if (!reply->isOk()) {
            failJob(ticket, ErrorText::describe(reply->error()));
            return;
        }
        const api::AggregateSeries series = api::AggregateSeries::fromJson(reply->object());
        if (series.seconds > 0)
            job->data.intervalSeconds = series.seconds;
        // Aggregates come in output units; the stored value is the inverse of the output conversion.
        const std::optional<Mdo> mdo = series.outputUnit ? series.outputUnit->mdo() : std::nullopt;
        auto convert = [&](double v) { return stored && mdo ? mdo->computeReverse(v) : v; };
        if (!stored && job->data.unit.isEmpty() && series.outputUnit)
            job->data.unit = series.outputUnit->unitShort();
        SeriesData &data = job->data;
        data.values.reserve(series.buckets.size());
        for (const api::AggregateBucket &bucket : series.buckets) {
            if (!bucket.avg || bucket.count == 0)
                continue;
            const double x = double(bucket.timestamp / 1000);
            data.values.append(QPointF(x, convert(*bucket.avg)));
            data.minimum.append(QPointF(x, convert(bucket.min.value_or(*bucket.avg))));
            data.maximum.append(QPointF(x, convert(bucket.max.value_or(*bucket.avg))));
            data.counts.append(bucket.count);
        }
        finishJob(ticket);
    });
}

void ApiTimeSeriesSource::finishJob(quint64 ticket)
{
    const std::shared_ptr<Job> job = m_jobs.take(ticket);
    if (job)
        emit loaded(ticket, job->data);
}

void ApiTimeSeriesSource::failJob(quint64 ticket, const QString &message)
{
    if (!m_jobs.contains(ticket))
        return;
    cancel(ticket);
    emit failed(ticket, message);
}

} // namespace iotile
