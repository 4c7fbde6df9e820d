#include "tests/support/serverprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>

namespace iotile::test {

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        stop(10000);
}

void ServerProcess::setEnvironment(const QString &name, const QString &value)
{
    QProcessEnvironment env = m_process.processEnvironment();
    if (env.isEmpty())
        env = QProcessEnvironment::systemEnvironment();
    env.insert(name, value);
    m_process.setProcessEnvironment(env);
}

bool ServerProcess::start(const QStringList &arguments, int timeoutMs)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // The log goes to a pipe the caller reads only at start-up: drop the access log so a busy server
    // never blocks on a full pipe.
    QStringList args =
        QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")} + arguments;
    if (!arguments.contains(QStringLiteral("--access-log")))
        args << QStringLiteral("--access-log") << QStringLiteral("false");
    m_process.start(m_binary, args);
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    const QRegularExpression listening(QStringLiteral("listening on http://[0-9.]+:(\\d+)/"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        m_process.waitForReadyRead(200);
        m_log += m_process.readAll();
        const auto match = listening.match(QString::fromUtf8(m_log));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            // Keep draining the pipe in the background.
            QObject::connect(&m_process, &QProcess::readyRead, &m_process,
                             [this] { m_log += m_process.readAll(); });
            return true;
        }
    }
    return false;
}

int ServerProcess::stop(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitCode();
    m_process.terminate();
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return -1;
    }
    m_log += m_process.readAll();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void ServerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

qint64 ServerProcess::statusField(const char *name) const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(name)) {
            const QByteArray value = line.mid(qstrlen(name)).trimmed();
            return value.left(value.indexOf(' ')).toLongLong();
        }
    }
    return -1;
}

qint64 ServerProcess::rssKiB() const
{
    return statusField("VmRSS:");
}

qint64 ServerProcess::peakRssKiB() const
{
    return statusField("VmHWM:");
}

QString ServerProcess::run(const QStringList &arguments, int *exitCode) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(m_binary, arguments);
    p.waitForFinished(120000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAll());
}

} // namespace iotile::test
