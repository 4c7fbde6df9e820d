#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace iotile {

// The request log: one line per answered request, written in batches by a thread of its own. Through
// qInfo every request paid for the message pattern, a process-wide lock and a write() to stderr; here an
// HTTP thread formats its line and appends it to a buffer under a short lock, and the writer thread
// writes what gathered every few milliseconds (or sooner when much gathered). Lines keep the layout of
// the server's other log lines: "<local time> info iotile.access: <text>".
class AccessLog
{
public:
    // Writes to the file descriptor (not owned) until destroyed; the destructor writes what is pending.
    explicit AccessLog(int fd);
    ~AccessLog();
    AccessLog(const AccessLog &) = delete;
    AccessLog &operator=(const AccessLog &) = delete;

    // The process's log on stderr (created on first use, flushed at exit and by flush()).
    static AccessLog &standardError();

    void write(QByteArrayView text);
    // Blocks until every line written before the call is out.
    void flush();

private:
    void run();
    void writeOut(const QByteArray &bytes);

    int m_fd;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    QByteArray m_pending;
    quint64 m_appended = 0; // lines appended, ever
    quint64 m_written = 0; // lines written out, ever
    bool m_flushRequested = false;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace iotile
