#pragma once

#include "server/mail/mailer.h"

#include <QMutex>
#include <QQueue>
#include <QThread>
#include <QUrl>
#include <QWaitCondition>

class QTcpSocket;

namespace iotile {

// SMTP delivery (RFC 5321) from a thread of its own: smtp://[user:pass@]host:port, smtps:// for TLS
// from the start, ?starttls=1 to upgrade a plain connection. AUTH PLAIN when a user is given.
class SmtpMailer final : public Mailer
{
public:
    SmtpMailer(QUrl server, QString from);
    ~SmtpMailer() override;

    void send(MailMessage message) override;
    bool flush(int timeoutMs) override;

    // The RFC 5322 text of a message (headers, MIME parts, dot-stuffing not applied): public for tests.
    static QByteArray compose(const MailMessage &message, const QString &from, const QByteArray &messageId);

private:
    void run();
    bool deliver(const MailMessage &message);

    QUrl m_server;
    QString m_from;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_idle;
    QQueue<MailMessage> m_queue;
    bool m_busy = false;
    bool m_stop = false;
    std::unique_ptr<QThread> m_thread;
};

} // namespace iotile
