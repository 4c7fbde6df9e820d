#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace iotile::test {

// The real iotile-server executable run as a child process (end-to-end tests and benches that measure the
// server on its own: its memory, its CPU). The port comes from its start-up log line.
class ServerProcess
{
public:
    explicit ServerProcess(QString binary)
        : m_binary(std::move(binary))
    { }
    ~ServerProcess();

    // Variables added to the child's environment (before start()).
    void setEnvironment(const QString &name, const QString &value);
    // Starts `iotile-server serve --port 0 <arguments>` and waits until it listens.
    bool start(const QStringList &arguments, int timeoutMs = 30000);
    // SIGTERM and wait for a clean exit; returns the exit code (-1 if it had to be killed).
    int stop(int timeoutMs = 30000);
    void kill();
    quint16 port() const { return m_port; }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    qint64 pid() const { return m_process.processId(); }
    // Resident set size now and at its peak, in KiB (Linux /proc).
    qint64 rssKiB() const;
    qint64 peakRssKiB() const;
    const QByteArray &log() const { return m_log; }
    // Runs another iotile-server command (migrate, createuser...) to completion; returns its output.
    QString run(const QStringList &arguments, int *exitCode = nullptr) const;

private:
    qint64 statusField(const char *name) const;
    QString m_binary;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_log;
};

} // namespace iotile::test
