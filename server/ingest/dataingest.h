#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"
#include "server/ingest/incomingpoint.h"
#include "server/ingest/ingesthooks.h"
#include "server/ingest/preparedbatch.h"
#include "server/ingest/resolvedstream.h"

#include <QHash>

#include <memory>
#include <optional>

namespace iotile {

class Access;
class ServerContext;
class SqlConnection;

// The JSON ingest path of /api/v1/data/: resolves and checks every stream of a batch, converts raw
// values to the stream's units (the original's StreamDataBuilderHelper), and writes all points in one
// transaction: every point is stored or none is. A retried post stores nothing twice. A bulk post may
// instead be prepared here and written by the BatchWriter (group commit), then announced with notify().
class DataIngest
{
public:
    DataIngest(ServerContext &server, Access &access)
        : m_server(server)
        , m_access(access)
    { }

    struct Outcome
    {
        qint64 posted = 0;
        qint64 inserted = 0;
        std::optional<DataPoint> single; // the stored point of a single-object post
        std::shared_ptr<const ResolvedStream> singleStream;
    };
    Result<Outcome> ingest(const IncomingBatch &batch);
    // Checks and converts a bulk post without writing it: field errors, unknown streams and refusals
    // come back here, so what is left to the writer can only fail in the database.
    Result<PreparedBatch> prepare(const IncomingBatch &batch);
    // Tells the ingest listeners about a committed batch (`single`: the stored point of a single post).
    static void notify(ServerContext &server, const PreparedBatch &batch,
                       const std::optional<DataPoint> &single = std::nullopt);
    // What the ingest listeners are told the data came from (MQTT reuses this path).
    void setSource(CommittedBatch::Source source) { m_source = source; }

    // Earliest and latest timestamps accepted (partitions exist per month in between).
    static constexpr qint64 kMinTimestamp = 0; // 1970-01-01
    static constexpr qint64 kMaxTimestamp = 7258118400LL * 1000000; // 2200-01-01

private:
    Result<std::shared_ptr<const ResolvedStream>> checked(SqlConnection &mainDb, const StreamSlug &slug);
    ServerContext &m_server;
    Access &m_access;
    CommittedBatch::Source m_source = CommittedBatch::Source::Json;
    QHash<QString, std::shared_ptr<const ResolvedStream>> m_streams;
};

} // namespace iotile
