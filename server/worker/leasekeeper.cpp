#include "server/worker/leasekeeper.h"

#include "server/store/database.h"

namespace iotile {

void LeaseKeeper::add(const JobClaim &claim)
{
    QMutexLocker lock(&m_mutex);
    m_claims.insert(claim.jobId, claim);
}

void LeaseKeeper::remove(qint64 jobId)
{
    QMutexLocker lock(&m_mutex);
    m_claims.remove(jobId);
}

int LeaseKeeper::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_claims.size());
}

Result<int> LeaseKeeper::renew(SqlConnection &connection, qint64 leaseUntil)
{
    QList<JobClaim> claims;
    {
        QMutexLocker lock(&m_mutex);
        claims = m_claims.values();
    }
    JobStore store(connection);
    int held = 0;
    for (const JobClaim &claim : std::as_const(claims)) {
        IOTILE_TRY(renewed, store.renewLease(claim, leaseUntil));
        held += renewed ? 1 : 0;
    }
    return held;
}

} // namespace iotile
