#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

class QTcpSocket;

namespace iotile {

struct HttpLimits
{
    qint64 maxBodyBytes = 32 * 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;
    int idleTimeoutMs = 60000;
    int lingerMs = 3000;
};

// The limits QHttpServer 6.4 lacks, for one connection. It reads the request framing alongside
// QHttpServer (its slot runs just before QHttpServer's on readyRead and just after, so it sees every
// byte once without consuming any): an oversized header gets 431, a body over the limit 413 before the
// body arrives, then the connection drains what the client still sends and closes, so the client reads
// the answer instead of a reset. Also: idle keep-alive timeout, "Expect: 100-continue" (curl waits a
// second for it), and whether the client asked to close after each response.
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits);

    // Called once QHttpServer has connected its own readyRead slot.
    void attachAfterServer(QObject *httpServer);
    // Whether the client wants the connection closed after the response to its oldest pending request.
    bool takeCloseAfterResponse();
    // True while bytes of a request arrived but the request is not complete yet.
    bool midRequest() const { return m_state != State::Start; }
    void setStreaming(bool streaming);
    bool isStreaming() const { return m_streaming; }
    // A request whose answer is made later (a bulk post being committed): the connection is busy, and the
    // idle timeout waits until the answer is written.
    void setAnswerPending(bool pending);

private:
    enum class State { Start, Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Rejected };

    void beforeRead();
    void afterRead();
    void scan(QByteArrayView data);
    bool headComplete();
    void reject(int status, const char *detail);
    void discard();
    void restartIdle();
    void idleTimeout();

    QPointer<QTcpSocket> m_socket;
    HttpLimits m_limits;
    QObject *m_httpServer = nullptr;
    QTimer m_idle;
    State m_state = State::Start;
    QByteArray m_head;
    QByteArray m_line;
    qint64 m_remaining = 0;
    qint64 m_bodyTotal = 0;
    qint64 m_unreadAfterServer = 0;
    QQueue<bool> m_closeFlags;
    bool m_streaming = false;
};

} // namespace iotile
