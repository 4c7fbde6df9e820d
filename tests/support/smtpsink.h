#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTcpServer>

namespace iotile::test {

// A minimal SMTP server on a free loopback port that keeps every message it receives: tests check what
// the server's real SMTP client delivered (recipients, subject, decoded body).
class SmtpSink : public QObject
{
    Q_OBJECT
public:
    struct Message
    {
        QByteArray from;
        QList<QByteArray> recipients;
        QByteArray data; // raw DATA section
        QString subject() const;
        QString text() const; // the text/plain part, decoded
    };

    explicit SmtpSink(QObject *parent = nullptr);
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("smtp://127.0.0.1:%1").arg(port()); }
    const QList<Message> &messages() const { return m_messages; }

private:
    void accept();
    QTcpServer m_server;
    QList<Message> m_messages;
};

} // namespace iotile::test
