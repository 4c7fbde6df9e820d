#pragma once

#include "common/util/error.h"
#include "server/store/jobstore.h"

#include <QHash>
#include <QMutex>

namespace iotile {

class SqlConnection;

// The claims a worker process is executing right now, whose leases it keeps renewing. A job whose
// outcome cannot be written (database gone) is dropped from here, so its lease runs out and another
// worker retries it instead of it staying "running" forever.
class LeaseKeeper
{
public:
    void add(const JobClaim &claim);
    void remove(qint64 jobId);
    int size() const;
    // Extends every held lease to `leaseUntil`; returns how many claims still held.
    Result<int> renew(SqlConnection &connection, qint64 leaseUntil);

private:
    mutable QMutex m_mutex;
    QHash<qint64, JobClaim> m_claims;
};

} // namespace iotile
