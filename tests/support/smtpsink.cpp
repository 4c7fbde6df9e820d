#include "tests/support/smtpsink.h"

#include <QRegularExpression>
#include <QTcpSocket>

namespace iotile::test {

SmtpSink::SmtpSink(QObject *parent)
    : QObject(parent)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &SmtpSink::accept);
}

void SmtpSink::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *message = new Message;
        auto *inData = new bool(false);
        connect(socket, &QTcpSocket::disconnected, socket, [socket, message, inData] {
            delete message;
            delete inData;
            socket->deleteLater();
        });
        socket->write("220 sink ESMTP\r\n");
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, message, inData] {
            while (socket->canReadLine()) {
                const QByteArray line = socket->readLine();
                if (*inData) {
                    if (line == ".\r\n") {
                        *inData = false;
                        m_messages.append(*message);
                        *message = Message {};
                        socket->write("250 queued\r\n");
                    } else {
                        message->data += line.startsWith("..") ? line.mid(1) : line;
                    }
                    continue;
                }
                const QByteArray upper = line.trimmed().toUpper();
                if (upper.startsWith("EHLO") || upper.startsWith("HELO"))
                    socket->write("250-sink\r\n250 8BITMIME\r\n");
                else if (upper.startsWith("MAIL FROM:"))
                    message->from = line.trimmed().mid(10), socket->write("250 ok\r\n");
                else if (upper.startsWith("RCPT TO:"))
                    message->recipients.append(line.trimmed().mid(8).replace('<', "").replace('>', "")),
                        socket->write("250 ok\r\n");
                else if (upper == "DATA")
                    *inData = true, socket->write("354 go ahead\r\n");
                else if (upper == "QUIT")
                    socket->write("221 bye\r\n"), socket->disconnectFromHost();
                else
                    socket->write("250 ok\r\n");
            }
        });
    }
}

QString SmtpSink::Message::subject() const
{
    for (const QByteArray &line : data.split('\n')) {
        if (line.startsWith("Subject: ")) {
            QByteArray v = line.mid(9).trimmed();
            if (v.startsWith("=?UTF-8?B?") && v.endsWith("?="))
                return QString::fromUtf8(QByteArray::fromBase64(v.mid(10, v.size() - 12)));
            return QString::fromUtf8(v);
        }
    }
    return {};
}

QString SmtpSink::Message::text() const
{
    // The first text/plain part: base64 lines after its blank line.
    const qsizetype part = data.indexOf("Content-Type: text/plain");
    if (part < 0)
        return {};
    const qsizetype start = data.indexOf("\r\n\r\n", part);
    if (start < 0)
        return {};
    QByteArray b64;
    for (const QByteArray &line : data.mid(start + 4).split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.isEmpty() || l.startsWith("--"))
            break;
        b64 += l;
    }
    return QString::fromUtf8(QByteArray::fromBase64(b64));
}

} // namespace iotile::test
