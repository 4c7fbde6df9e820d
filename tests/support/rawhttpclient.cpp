#include "tests/support/rawhttpclient.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace iotile::test {

RawHttpClient::RawHttpClient(QByteArray host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{ }

RawHttpClient::~RawHttpClient()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool RawHttpClient::connectSocket()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_buffer.clear();
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0)
        return false;
    int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(m_port);
    ::inet_pton(AF_INET, m_host.constData(), &addr.sin_addr);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    return true;
}

bool RawHttpClient::sendAll(const QByteArray &data)
{
    qsizetype sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(m_fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += n;
    }
    return true;
}

bool RawHttpClient::fill()
{
    char buf[65536];
    const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
    if (n <= 0)
        return false;
    m_buffer.append(buf, n);
    return true;
}

RawHttpClient::Reply RawHttpClient::request(const QByteArray &method, const QByteArray &path,
                                            const QByteArray &authorization, const QByteArray &body,
                                            const QByteArray &contentType, bool keepBody)
{
    QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_host + "\r\n";
    if (!authorization.isEmpty())
        req += "Authorization: " + authorization + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        req += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n";
    req += "\r\n";
    req += body;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (m_fd < 0 && !connectSocket())
            return {};
        if (!sendAll(req)) {
            ::close(m_fd);
            m_fd = -1;
            continue;
        }
        Reply reply;
        qsizetype headEnd;
        while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0)
            if (!fill())
                goto retry;
        {
            const QByteArray head = m_buffer.left(headEnd);
            reply.status = head.mid(9, 3).toInt();
            m_buffer.remove(0, headEnd + 4);
            const QByteArray lower = head.toLower();
            const qsizetype cl = lower.indexOf("content-length:");
            if (cl >= 0) {
                const qsizetype eol = lower.indexOf("\r\n", cl);
                const qsizetype length =
                    lower.mid(cl + 15, eol < 0 ? -1 : eol - cl - 15).trimmed().toLongLong();
                while (m_buffer.size() < length)
                    if (!fill())
                        goto retry;
                reply.body = m_buffer.left(length);
                reply.bytes = length;
                reply.lines = reply.body.count('\n');
                m_buffer.remove(0, length);
            } else if (lower.contains("transfer-encoding: chunked")) {
                for (;;) {
                    qsizetype eol;
                    while ((eol = m_buffer.indexOf("\r\n")) < 0)
                        if (!fill())
                            goto retry;
                    const qsizetype size = m_buffer.left(eol).toLongLong(nullptr, 16);
                    while (m_buffer.size() < eol + 2 + size + 2)
                        if (!fill())
                            goto retry;
                    const QByteArrayView chunk(m_buffer.constData() + eol + 2, size);
                    reply.bytes += size;
                    reply.lines += chunk.count('\n');
                    if (keepBody)
                        reply.body.append(chunk);
                    m_buffer.remove(0, eol + 2 + size + 2);
                    if (size == 0)
                        break;
                }
            }
            if (lower.contains("connection: close")) {
                ::close(m_fd);
                m_fd = -1;
            }
        }
        return reply;
    retry:
        ::close(m_fd);
        m_fd = -1;
    }
    return {};
}

} // namespace iotile::test
