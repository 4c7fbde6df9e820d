#pragma once

namespace iotile {

class SqlConnection;

// Work that must wait for a transaction to commit, such as clearing a cache that a concurrent reader
// may have refilled from the rows the transaction had not yet made visible. A connection belongs to one
// thread, so what is pending lives with the calling thread. Outside a transaction the work runs at once.
namespace commithooks {

using Action = void (*)();

// Runs `action` once the current transaction of `connection` commits (once, however often it is asked);
// a rollback drops it.
void afterCommit(const SqlConnection &connection, Action action);

// Called by SqlConnection when its outermost transaction committed, or rolled back.
void committed(const SqlConnection &connection);
void rolledBack(const SqlConnection &connection);

} // namespace commithooks

} // namespace iotile
