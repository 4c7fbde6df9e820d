#pragma once

#include "common/util/error.h"
#include "server/domain/streamfilter.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Stream filters and their states, transitions, triggers and actions, plus the current state of each
// filter per stream (main database).
class FilterStore
{
public:
    explicit FilterStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff asking as staff: every filter, inactive ones too
        std::optional<qint64> projectId;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<StreamFilter>> list(const ListQuery &query, const Access &access, qint64 offset,
                                     qint64 limit);
    Result<std::optional<StreamFilter>> bySlug(const QString &slug);
    Result<StreamFilter> create(StreamFilter filter);
    Status update(const StreamFilter &filter); // name, active, secret
    Status remove(qint64 id);

    Result<QList<FilterState>> states(qint64 filterId);
    Result<std::optional<FilterState>> stateById(qint64 filterId, qint64 id);
    Result<std::optional<FilterState>> stateBySlug(qint64 filterId, const QString &slug);
    Result<std::optional<FilterState>> stateByLabel(qint64 filterId, const QString &label);
    Result<FilterState> createState(FilterState state, qint64 userId);
    Status updateState(const FilterState &state);
    Status removeState(qint64 id);

    // In evaluation order: transitions from a state first (by src, dst), then those from any state.
    Result<QList<FilterTransition>> transitions(qint64 filterId);
    Result<std::optional<FilterTransition>> transitionById(qint64 filterId, const QString &id);
    Result<std::optional<FilterTransition>> transitionBetween(qint64 filterId, std::optional<qint64> srcId,
                                                              qint64 dstId);
    Result<FilterTransition> createTransition(FilterTransition transition, qint64 userId);
    Status removeTransition(const QString &id);

    Result<QList<FilterTrigger>> triggers(qint64 filterId);
    Result<std::optional<FilterTrigger>> triggerById(qint64 filterId, qint64 id);
    Result<FilterTrigger> createTrigger(FilterTrigger trigger, qint64 userId);
    Status removeTrigger(qint64 id);
    Status removeTriggersOf(const QString &transitionId);

    Result<QList<FilterAction>> actions(qint64 filterId);
    Result<std::optional<FilterAction>> actionById(qint64 filterId, qint64 id);
    Result<FilterAction> createAction(FilterAction action, qint64 userId);
    Status removeAction(qint64 id);

    Result<FilterCurrentState> currentState(qint64 filterId, const QString &stream);
    // Moves the stream to `stateId` if nobody moved it since `expected` was read; false otherwise (the
    // caller rereads and evaluates again). Runs in the caller's transaction.
    Result<bool> moveState(qint64 filterId, const QString &stream, const FilterCurrentState &expected,
                           std::optional<qint64> stateId, qint64 now);

    Status appendLog(const FilterLogEntry &entry, qint64 now);
    // Newest first.
    Result<QList<FilterLogEntry>> logsOfDevice(qint64 deviceId, qint64 limit);

private:
    SqlConnection &m_db;
};

} // namespace iotile
