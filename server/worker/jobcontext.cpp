#include "server/worker/jobcontext.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/worker/jobaction.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcWorker)

namespace iotile {

namespace {

// Per attempt; a chatty action must not grow the jobs table without bound.
constexpr qsizetype kMaxLogChars = 16 * 1024;

} // namespace

JobContext::JobContext(ServerContext &server, const Job &job, JobClaim claim, const std::atomic<bool> *stop)
    : m_server(server)
    , m_job(job)
    , m_claim(std::move(claim))
    , m_stop(stop)
{
    m_log = QStringLiteral("--- attempt %1 of %2 by %3 at %4\n")
                .arg(m_claim.attempt)
                .arg(m_job.maxAttempts)
                .arg(m_claim.workerId, isotime::toString(isotime::now()));
}

Result<SqlConnection *> JobContext::db()
{
    return m_server.db().connection();
}

Result<SqlConnection *> JobContext::dataDb()
{
    return m_server.dataDb().connection();
}

QString JobContext::argString(const QString &name, const QString &fallback) const
{
    const QJsonValue v = m_job.args.value(name);
    return v.isString() ? v.toString() : fallback;
}

qint64 JobContext::argInt(const QString &name, qint64 fallback) const
{
    const QJsonValue v = m_job.args.value(name);
    return v.isDouble() ? qint64(v.toDouble()) : fallback;
}

bool JobContext::argBool(const QString &name, bool fallback) const
{
    const QJsonValue v = m_job.args.value(name);
    return v.isBool() ? v.toBool() : fallback;
}

void JobContext::log(const QString &message)
{
    qCInfo(lcWorker).noquote() << QStringLiteral("job %1 (%2): %3").arg(m_job.id).arg(m_job.action, message);
    append(QStringLiteral("info"), message);
}

void JobContext::warn(const QString &message)
{
    qCWarning(lcWorker).noquote()
        << QStringLiteral("job %1 (%2): %3").arg(m_job.id).arg(m_job.action, message);
    append(QStringLiteral("warning"), message);
}

void JobContext::append(const QString &level, const QString &message)
{
    if (m_log.size() >= kMaxLogChars)
        return;
    m_log += QStringLiteral("%1 %2 %3\n").arg(isotime::toString(isotime::now()), level, message);
    if (m_log.size() >= kMaxLogChars) {
        m_log.truncate(kMaxLogChars);
        m_log += QStringLiteral("\n(log truncated)\n");
    }
}

Status JobContext::completeWithin(SqlConnection &connection)
{
    if (!connection.inTransaction())
        return Error::internal(QStringLiteral("completeWithin needs an open transaction"));
    IOTILE_TRY(done, JobStore(connection).markDone(m_claim, isotime::now(), m_log));
    if (!done)
        return JobAction::softError(
            QStringLiteral("job %1 lost its claim (lease expired, taken over): roll back").arg(m_job.id));
    m_completed = true;
    return Ok {};
}

} // namespace iotile
