#pragma once

#include "common/util/error.h"
#include "server/domain/streamfilter.h"
#include "server/ingest/ingesthooks.h"

#include <QHash>
#include <QMutex>
#include <QPair>
#include <QStringList>

#include <array>
#include <memory>
#include <vector>

namespace iotile {

class SqlConnection;
struct CompiledFilter;

// Runs stream filters on every committed batch (the original's FilterHelper.process_filter): for each
// point or event of a stream with a filter, the first transition that qualifies fires, moving the stream
// to its dst state; the actions of the state left (exit) and entered (entry) are queued as worker jobs
// (email, webhook, derived value, custom hook) and alarms are raised or cleared, all in one transaction
// with the new state. Filter definitions are cached per stream (a hash lookup per stream and batch when
// nothing changed, no SQL per point); writes to filters call invalidate().
class FilterEngine final : public IngestListener
{
public:
    FilterEngine();
    ~FilterEngine() override;

    void committed(const CommittedBatch &batch, ServerContext &server) override;

    // Filter definitions changed (any filter of any project): every engine of the process reloads.
    static void invalidate();

    // Action types filters accept, the original's plus whk (signed webhook) and alm (alarm).
    static const QStringList &actionTypes();
    // The job action that runs a type, or empty: alm runs inline, sms/rpt/smry have no runner here.
    static QString jobActionFor(const QString &type);
    // Checks an action's extra_payload for its type; empty when fine.
    static QString validateExtra(const QString &type, const QJsonObject &extra);

    // Cache statistics (tests and the benchmark check that no SQL runs per point).
    quint64 loads() const { return m_loads; }

private:
    struct Firing;
    struct FilterEntry
    {
        std::shared_ptr<const CompiledFilter> filter; // null: no filter
        qint64 expires = 0;
        quint64 generation = 0;
    };
    struct StateEntry
    {
        FilterCurrentState state;
        qint64 expires = 0;
        quint64 generation = 0;
    };

    Result<std::shared_ptr<const CompiledFilter>> filterFor(const QString &stream, ServerContext &server);
    Result<std::shared_ptr<const CompiledFilter>> filterBySlug(const QString &slug, SqlConnection &db);
    Result<std::shared_ptr<const CompiledFilter>> compile(const QString &slug, SqlConnection &db);
    Result<FilterCurrentState> stateFor(qint64 filterId, const QString &stream, SqlConnection &db,
                                        bool fresh);
    void storeState(qint64 filterId, const QString &stream, const FilterCurrentState &state);
    void run(const CompiledFilter &filter, const CommittedStream &stream, ServerContext &server);
    Result<bool> persist(const CompiledFilter &filter, const CommittedStream &stream,
                         const FilterCurrentState &from, const std::vector<Firing> &firings,
                         ServerContext &server, SqlConnection &db);
    Status dispatch(const CompiledFilter &filter, const FilterAction &action, const QString &on,
                    int stateIndex, const Firing &firing, const CommittedStream &stream,
                    ServerContext &server, SqlConnection &db, qint64 now);

    QMutex m_mutex;
    QHash<QString, FilterEntry> m_byStream;
    QHash<QString, FilterEntry> m_bySlug;
    QHash<QPair<qint64, QString>, StateEntry> m_states;
    std::array<QMutex, 64> m_stripes; // one stream evaluates at a time (per stripe)
    std::atomic<quint64> m_loads {0};
};

} // namespace iotile
