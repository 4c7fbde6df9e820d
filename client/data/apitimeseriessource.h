#pragma once

#include "client/data/bucketplan.h"
#include "client/data/timeseriessource.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace iotile {

namespace api {
class ApiClient;
class ApiPager;
class ApiReply;
} // namespace api

// Stream values from the server: raw points from stream/<slug>/data/ for short spans, buckets from
// stream/<slug>/data/aggregate/ for long ones, in the stream's output units (or as stored).
class ApiTimeSeriesSource final : public TimeSeriesSource
{
    Q_OBJECT
public:
    explicit ApiTimeSeriesSource(api::ApiClient *api, QObject *parent = nullptr);
    ~ApiTimeSeriesSource() override;

    // Values as stored instead of converted to the stream's output unit.
    void setStoredUnits(bool stored) { m_storedUnits = stored; }
    bool storedUnits() const { return m_storedUnits; }
    // Raw points per page (the server clamps it to its maximum).
    void setPageSize(int size) { m_pageSize = size; }

    quint64 load(const SeriesRequest &request) override;
    void cancel(quint64 ticket) override;

private:
    struct Job;
    void findExtent(quint64 ticket);
    void extentPartFinished(quint64 ticket, api::ApiReply *reply, bool first);
    void fetch(quint64 ticket);
    void fetchRaw(quint64 ticket);
    void fetchAggregate(quint64 ticket, const BucketPlan &plan);
    void finishJob(quint64 ticket);
    void failJob(quint64 ticket, const QString &message);
    QString dataPath(const Job &job) const;

    api::ApiClient *m_api;
    bool m_storedUnits = false;
    int m_pageSize = 10000;
    QHash<quint64, std::shared_ptr<Job>> m_jobs;
};

} // namespace iotile
