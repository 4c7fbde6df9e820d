#pragma once

#include "server/domain/datapoint.h"
#include "server/ingest/resolvedstream.h"

#include <QJsonObject>
#include <QList>
#include <QReadWriteLock>
#include <QString>

#include <memory>
#include <vector>

namespace iotile {

class ServerContext;

// A stream event as committed by an ingest path.
struct CommittedEvent
{
    qint64 id = 0;
    qint64 ts = 0;
    qint64 seq = 0;
    QJsonObject extraData;
};

// The points and events of one stream that an ingest path committed.
struct CommittedStream
{
    QString slug;
    std::shared_ptr<const ResolvedStream> stream; // may be null for streams without a stream id row
    std::vector<DataPoint> points; // ids set where known; values in internal units
    std::vector<CommittedEvent> events;
};

// What one request, report or message stored, after its transaction committed.
struct CommittedBatch
{
    enum class Source { Json, Event, Report, Mqtt };
    // "json", "event", "report", "mqtt": the source's name in live messages and metric labels.
    static const char *sourceName(Source source);
    Source source = Source::Json;
    qint64 userId = 0; // who uploaded (0: the system)
    std::vector<CommittedStream> streams;
};

// Features that react to new data (stream filters and alarms, OTA version confirmation, live push)
// register here; every ingest path calls notify() after it committed. Listeners run on the ingest
// thread and must be quick: anything slow goes to the job queue.
class IngestListener
{
public:
    virtual ~IngestListener() = default;
    virtual void committed(const CommittedBatch &batch, ServerContext &server) = 0;
};

class IngestHooks
{
public:
    void add(std::shared_ptr<IngestListener> listener);
    bool isEmpty() const;
    void notify(const CommittedBatch &batch, ServerContext &server) const;

private:
    mutable QReadWriteLock m_lock;
    QList<std::shared_ptr<IngestListener>> m_listeners;
};

} // namespace iotile
