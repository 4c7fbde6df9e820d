#include "server/http/connectionguard.h"

#include <QTcpSocket>

namespace iotile {

namespace {

// Case-insensitive value of a header in a raw head block (the first occurrence), or a null view.
QByteArrayView headerValue(QByteArrayView head, QByteArrayView name, int *count = nullptr)
{
    QByteArrayView found;
    int n = 0;
    qsizetype pos = head.indexOf('\n');
    while (pos >= 0 && pos + 1 < head.size()) {
        const qsizetype start = pos + 1;
        qsizetype end = head.indexOf('\n', start);
        if (end < 0)
            end = head.size();
        QByteArrayView line = head.sliced(start, end - start);
        if (line.endsWith('\r'))
            line.chop(1);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            if (n++ == 0)
                found = line.sliced(colon + 1).trimmed();
        }
        pos = end < head.size() ? end : -1;
    }
    if (count)
        *count = n;
    return found;
}

bool containsToken(QByteArrayView value, QByteArrayView token)
{
    return value.toByteArray().toLower().contains(token.toByteArray());
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
{
    // Body plus head, plus slack: QHttpServer 6.4 keeps a whole request in the socket buffer (its read
    // transaction), so this bounds memory per connection without starving a request within limits.
    socket->setReadBufferSize(limits.maxBodyBytes + limits.maxHeaderBytes + 64 * 1024);
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::beforeRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::restartIdle);
    m_idle.setSingleShot(true);
    m_idle.setInterval(limits.idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, &ConnectionGuard::idleTimeout);
    m_idle.start();
}

void ConnectionGuard::attachAfterServer(QObject *httpServer)
{
    m_httpServer = httpServer;
    connect(m_socket, &QTcpSocket::readyRead, this, &ConnectionGuard::afterRead);
}

bool ConnectionGuard::takeCloseAfterResponse()
{
    return m_closeFlags.isEmpty() ? false : m_closeFlags.dequeue();
}

void ConnectionGuard::setStreaming(bool streaming)
{
    m_streaming = streaming;
}

void ConnectionGuard::setAnswerPending(bool pending)
{
    m_streaming = pending; // a drain waits for it as for a stream
    if (pending)
        m_idle.stop();
    else
        restartIdle();
}

void ConnectionGuard::restartIdle()
{
    if (m_state != State::Rejected)
        m_idle.start();
}

void ConnectionGuard::idleTimeout()
{
    if (!m_socket)
        return;
    if (m_state == State::Rejected || midRequest())
        m_socket->abort(); // a client that stalls mid-request (or after a refusal) gets no more time
    else
        m_socket->disconnectFromHost();
}

void ConnectionGuard::afterRead()
{
    if (m_socket)
        m_unreadAfterServer = m_socket->bytesAvailable();
}

void ConnectionGuard::beforeRead()
{
    if (!m_socket)
        return;
    if (m_state == State::Rejected) {
        discard();
        return;
    }
    restartIdle();
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_unreadAfterServer;
    m_unreadAfterServer = available; // if QHttpServer's slot does not run, these stay seen
    if (fresh <= 0)
        return;
    // Body bytes within the announced length need no look: count them without copying.
    if (m_state == State::Body && fresh <= m_remaining) {
        m_remaining -= fresh;
        if (m_remaining == 0)
            m_state = State::Start;
        return;
    }
    const QByteArray bytes = m_socket->peek(available);
    scan(QByteArrayView(bytes).sliced(bytes.size() - fresh));
}

void ConnectionGuard::scan(QByteArrayView data)
{
    qsizetype i = 0;
    while (i < data.size() && m_state != State::Rejected) {
        switch (m_state) {
        case State::Start: {
            const char c = data[i];
            if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
                ++i; // QHttpServer skips blank lines between requests too
                continue;
            }
            m_head.clear();
            m_state = State::Head;
            continue;
        }
        case State::Head: {
            const qsizetype nl = data.indexOf('\n', i);
            const qsizetype end = nl < 0 ? data.size() : nl + 1;
            m_head.append(data.sliced(i, end - i));
            i = end;
            if (m_head.size() > m_limits.maxHeaderBytes) {
                reject(431, "Request header fields too large.");
                return;
            }
            if (nl >= 0 && (m_head.endsWith("\r\n\r\n") || m_head.endsWith("\n\n"))) {
                if (!headComplete())
                    return;
            }
            continue;
        }
        case State::Body: {
            const qint64 take = std::min<qint64>(m_remaining, data.size() - i);
            m_remaining -= take;
            i += take;
            if (m_remaining == 0)
                m_state = State::Start;
            continue;
        }
        case State::ChunkSize:
        case State::Trailer: {
            const qsizetype nl = data.indexOf('\n', i);
            const qsizetype end = nl < 0 ? data.size() : nl + 1;
            m_line.append(data.sliced(i, end - i));
            i = end;
            if (m_line.size() > 4096) {
                reject(400, "Malformed chunked body.");
                return;
            }
            if (nl < 0)
                continue;
            QByteArrayView line = QByteArrayView(m_line).trimmed();
            if (m_state == State::Trailer) {
                if (line.isEmpty())
                    m_state = State::Start;
                m_line.clear();
                continue;
            }
            const qsizetype semicolon = line.indexOf(';');
            if (semicolon >= 0)
                line = line.first(semicolon).trimmed();
            bool ok = false;
            const qint64 size = line.toByteArray().toLongLong(&ok, 16);
            m_line.clear();
            if (!ok || size < 0) {
                reject(400, "Malformed chunked body.");
                return;
            }
            m_bodyTotal += size;
            if (m_bodyTotal > m_limits.maxBodyBytes) {
                reject(413, "Request body too large.");
                return;
            }
            if (size == 0) {
                m_state = State::Trailer;
            } else {
                m_remaining = size;
                m_state = State::ChunkData;
            }
            continue;
        }
        case State::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, data.size() - i);
            m_remaining -= take;
            i += take;
            if (m_remaining == 0)
                m_state = State::ChunkDataEnd;
            continue;
        }
        case State::ChunkDataEnd: {
            // The CRLF after each chunk's data.
            const char c = data[i++];
            if (c == '\n')
                m_state = State::ChunkSize;
            else if (c != '\r') {
                reject(400, "Malformed chunked body.");
                return;
            }
            continue;
        }
        case State::Rejected:
            return;
        }
    }
}

bool ConnectionGuard::headComplete()
{
    const QByteArrayView head(m_head);
    const qsizetype firstLineEnd = head.indexOf('\n');
    const QByteArrayView requestLine = head.first(firstLineEnd).trimmed();
    const bool http10 = requestLine.endsWith("HTTP/1.0");
    const QByteArrayView connection = headerValue(head, "connection");
    const bool upgrade = containsToken(connection, "upgrade") && !headerValue(head, "upgrade").isEmpty();
    m_closeFlags.enqueue(containsToken(connection, "close")
                         || (http10 && !containsToken(connection, "keep-alive")));

    int lengthHeaders = 0;
    const QByteArrayView lengthValue = headerValue(head, "content-length", &lengthHeaders);
    const bool chunked = containsToken(headerValue(head, "transfer-encoding"), "chunked");
    qint64 length = 0;
    if (lengthHeaders > 0 && !chunked) {
        bool ok = false;
        length = lengthValue.toByteArray().toLongLong(&ok);
        if (!ok || length < 0 || lengthHeaders > 1) {
            reject(400, "Invalid Content-Length header.");
            return false;
        }
        if (length > m_limits.maxBodyBytes) {
            reject(413, "Request body too large.");
            return false;
        }
    }
    if (upgrade) {
        // QHttpServer hands the socket to its WebSocket server, which disconnects our slots; the
        // WebSocket keeps itself alive with pings, so no idle timeout from here on.
        m_idle.stop();
    }
    if (containsToken(headerValue(head, "expect"), "100-continue") && m_socket)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodyTotal = 0;
    if (chunked) {
        m_state = State::ChunkSize;
        m_line.clear();
    } else if (length > 0) {
        m_remaining = length;
        m_state = State::Body;
    } else {
        m_state = State::Start;
    }
    m_head.clear();
    return true;
}

void ConnectionGuard::reject(int status, const char *detail)
{
    m_state = State::Rejected;
    if (!m_socket)
        return;
    const QByteArray body = QByteArray("{\"detail\":\"") + detail + "\"}";
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' '
        + (status == 413       ? "Payload Too Large"
               : status == 431 ? "Request Header Fields Too Large"
                               : "Bad Request")
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
    m_socket->write(response);
    // QHttpServer must not see the rest of this connection.
    if (m_httpServer)
        disconnect(m_socket, &QTcpSocket::readyRead, m_httpServer, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    discard();
    // Lingering close: keep reading (and dropping) what the client still sends for a moment, so it is
    // not reset before it reads the answer; then close.
    m_idle.stop();
    QTimer::singleShot(m_limits.lingerMs, this, [this] {
        if (m_socket)
            m_socket->disconnectFromHost();
    });
}

void ConnectionGuard::discard()
{
    if (!m_socket)
        return;
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    m_unreadAfterServer = 0;
}

} // namespace iotile
