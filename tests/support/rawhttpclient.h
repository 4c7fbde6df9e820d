#pragma once

#include <QByteArray>
#include <QString>

namespace iotile::test {

// A minimal blocking HTTP/1.1 keep-alive client on a plain socket, for load generators in benches: no
// event loop, one per thread, little overhead next to the server it measures.
class RawHttpClient
{
public:
    RawHttpClient(QByteArray host, quint16 port);
    ~RawHttpClient();
    RawHttpClient(const RawHttpClient &) = delete;
    RawHttpClient &operator=(const RawHttpClient &) = delete;

    struct Reply
    {
        int status = 0;
        QByteArray body;
        qint64 bytes = 0; // body size, also when the body was not kept
        qint64 lines = 0; // '\n' count of the body
    };
    // Sends one request (reconnecting if needed) and reads the whole answer (Content-Length or chunked).
    Reply request(const QByteArray &method, const QByteArray &path, const QByteArray &authorization,
                  const QByteArray &body = {}, const QByteArray &contentType = "application/json",
                  bool keepBody = true);

private:
    bool connectSocket();
    bool sendAll(const QByteArray &data);
    bool fill();
    int m_fd = -1;
    QByteArray m_host;
    quint16 m_port;
    QByteArray m_buffer;
};

} // namespace iotile::test
