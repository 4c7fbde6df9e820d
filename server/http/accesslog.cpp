#include "server/http/accesslog.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

namespace iotile {

namespace {

constexpr qsizetype kWakeBytes = 64 * 1024; // wake the writer early past this much
constexpr qsizetype kMaxPendingBytes = 8 * 1024 * 1024; // past this, lines are dropped (a stuck stderr)
constexpr auto kBatchInterval = std::chrono::milliseconds(50);

// "yyyy-MM-ddThh:mm:ss.zzz" in local time, as the message pattern of the other log lines; the part up
// to the seconds is formatted once per second and thread.
void appendTimestamp(QByteArray &out)
{
    thread_local std::time_t cachedSecond = -1;
    thread_local char cached[32] = {};
    thread_local int cachedLength = 0;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
    const std::time_t second = std::time_t(ms / 1000);
    if (second != cachedSecond) {
        std::tm local {};
        localtime_r(&second, &local);
        cachedLength = int(std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &local));
        cachedSecond = second;
    }
    const int millis = int(ms % 1000);
    out.append(cached, cachedLength);
    const char fraction[4] = {'.', char('0' + millis / 100), char('0' + millis / 10 % 10),
                              char('0' + millis % 10)};
    out.append(fraction, 4);
}

} // namespace

AccessLog::AccessLog(int fd)
    : m_fd(fd)
    , m_thread([this] { run(); })
{ }

AccessLog::~AccessLog()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

AccessLog &AccessLog::standardError()
{
    static AccessLog log(STDERR_FILENO);
    return log;
}

void AccessLog::write(QByteArrayView text)
{
    QByteArray line;
    line.reserve(text.size() + 48);
    appendTimestamp(line);
    line.append(" info iotile.access: ");
    const qsizetype start = line.size();
    line.append(text);
    // A decoded path may hold control characters: one request stays one line.
    for (char *c = line.data() + start, *end = line.data() + line.size(); c != end; ++c) {
        if (uchar(*c) < 0x20 || *c == 0x7f)
            *c = '?';
    }
    line.append('\n');
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_pending.size() + line.size() > kMaxPendingBytes)
            return;
        m_pending.append(line);
        ++m_appended;
        wake = m_pending.size() >= kWakeBytes;
    }
    if (wake)
        m_wake.notify_one();
}

void AccessLog::flush()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_appended;
    if (m_written >= target)
        return;
    m_flushRequested = true;
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_written >= target || m_stop; });
}

void AccessLog::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait_for(lock, kBatchInterval,
                        [&] { return m_stop || m_flushRequested || m_pending.size() >= kWakeBytes; });
        m_flushRequested = false;
        if (m_pending.isEmpty()) {
            if (m_stop)
                return;
            continue;
        }
        QByteArray batch;
        batch.swap(m_pending);
        const quint64 lines = m_appended;
        lock.unlock();
        writeOut(batch);
        lock.lock();
        m_written = lines;
        m_flushed.notify_all();
    }
}

void AccessLog::writeOut(const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, data, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // stderr closed or broken: the lines are lost, the server goes on
        data += n;
        left -= n;
    }
}

} // namespace iotile
