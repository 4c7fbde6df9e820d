#include "server/mail/smtpmailer.h"

#include <QDateTime>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QUrlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcMail)

namespace iotile {

namespace {

constexpr int kTimeoutMs = 15000;

QByteArray encodeHeader(const QString &value)
{
    bool ascii = true;
    for (QChar c : value)
        ascii &= c.unicode() >= 32 && c.unicode() < 127;
    if (ascii)
        return value.toLatin1();
    return "=?UTF-8?B?" + value.toUtf8().toBase64() + "?=";
}

QByteArray wrapBase64(const QByteArray &data)
{
    const QByteArray b64 = data.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < b64.size(); i += 76) {
        out += b64.mid(i, 76);
        out += "\r\n";
    }
    return out;
}

QByteArray addressOf(const QString &mailbox)
{
    // "Name <addr@host>" -> addr@host
    const qsizetype lt = mailbox.indexOf(QLatin1Char('<'));
    const qsizetype gt = mailbox.indexOf(QLatin1Char('>'));
    if (lt >= 0 && gt > lt)
        return mailbox.mid(lt + 1, gt - lt - 1).trimmed().toUtf8();
    return mailbox.trimmed().toUtf8();
}

// One SMTP conversation on a blocking socket (this runs on the mailer's own thread).
class Conversation
{
public:
    explicit Conversation(QTcpSocket &socket)
        : m_socket(socket)
    { }

    // Reads a (possibly multi-line) reply; returns its code or -1.
    int reply(QByteArray *text = nullptr)
    {
        for (;;) {
            while (!m_socket.canReadLine()) {
                if (!m_socket.waitForReadyRead(kTimeoutMs))
                    return -1;
            }
            const QByteArray line = m_socket.readLine();
            if (text)
                *text += line;
            if (line.size() < 4)
                return -1;
            if (line[3] != '-')
                return line.left(3).toInt();
        }
    }
    int command(const QByteArray &line, QByteArray *text = nullptr)
    {
        m_socket.write(line + "\r\n");
        if (!m_socket.waitForBytesWritten(kTimeoutMs))
            return -1;
        return reply(text);
    }

private:
    QTcpSocket &m_socket;
};

} // namespace

SmtpMailer::SmtpMailer(QUrl server, QString from)
    : m_server(std::move(server))
    , m_from(std::move(from))
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("mailer"));
    m_thread->start();
}

SmtpMailer::~SmtpMailer()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

void SmtpMailer::send(MailMessage message)
{
    QMutexLocker lock(&m_mutex);
    m_queue.enqueue(std::move(message));
    m_wake.wakeOne();
}

bool SmtpMailer::flush(int timeoutMs)
{
    QMutexLocker lock(&m_mutex);
    QDeadlineTimer deadline(timeoutMs);
    while (!m_queue.isEmpty() || m_busy) {
        if (!m_idle.wait(&m_mutex, deadline))
            return false;
    }
    return true;
}

void SmtpMailer::run()
{
    for (;;) {
        MailMessage message;
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.isEmpty() && !m_stop)
                m_wake.wait(&m_mutex);
            if (m_queue.isEmpty() && m_stop)
                return;
            message = m_queue.dequeue();
            m_busy = true;
        }
        // One retry covers a server that dropped an idle or busy connection.
        if (!deliver(message) && !deliver(message))
            qCWarning(lcMail) << "giving up on mail to" << message.to << "subject" << message.subject;
        QMutexLocker lock(&m_mutex);
        m_busy = false;
        m_idle.wakeAll();
    }
}

QByteArray SmtpMailer::compose(const MailMessage &message, const QString &from, const QByteArray &messageId)
{
    QByteArray out;
    out += "From: " + from.toUtf8() + "\r\n";
    out += "To: " + message.to.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    out += "Subject: " + encodeHeader(message.subject) + "\r\n";
    out += "Date: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1() + "\r\n";
    out += "Message-ID: <" + messageId + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    if (message.html.isEmpty()) {
        out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        out += wrapBase64(message.text.toUtf8());
        return out;
    }
    const QByteArray boundary =
        "=_iotile_" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += wrapBase64(message.text.toUtf8());
    out += "--" + boundary
        + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += wrapBase64(message.html.toUtf8());
    out += "--" + boundary + "--\r\n";
    return out;
}

bool SmtpMailer::deliver(const MailMessage &message)
{
    const bool implicitTls = m_server.scheme() == QLatin1String("smtps");
    const bool startTls =
        QUrlQuery(m_server).queryItemValue(QStringLiteral("starttls")) == QLatin1String("1");
    const quint16 port = quint16(m_server.port(implicitTls ? 465 : 25));
    QSslSocket socket;
    if (implicitTls)
        socket.connectToHostEncrypted(m_server.host(), port);
    else
        socket.connectToHost(m_server.host(), port);
    if (!(implicitTls ? socket.waitForEncrypted(kTimeoutMs) : socket.waitForConnected(kTimeoutMs))) {
        qCWarning(lcMail) << "cannot connect to" << m_server.host() << port << socket.errorString();
        return false;
    }
    Conversation smtp(socket);
    const QByteArray hello = "EHLO "
        + (QHostInfo::localHostName().isEmpty() ? QByteArray("localhost")
                                                : QHostInfo::localHostName().toUtf8());
    if (smtp.reply() != 220 || smtp.command(hello) != 250)
        return false;
    if (startTls) {
        if (smtp.command("STARTTLS") != 220)
            return false;
        socket.startClientEncryption();
        if (!socket.waitForEncrypted(kTimeoutMs) || smtp.command(hello) != 250)
            return false;
    }
    if (!m_server.userName().isEmpty()) {
        const QByteArray credentials = QByteArray(1, '\0') + m_server.userName().toUtf8()
            + QByteArray(1, '\0') + m_server.password().toUtf8();
        if (smtp.command("AUTH PLAIN " + credentials.toBase64()) != 235) {
            qCWarning(lcMail) << "SMTP authentication refused by" << m_server.host();
            return false;
        }
    }
    if (smtp.command("MAIL FROM:<" + addressOf(m_from) + ">") != 250)
        return false;
    for (const QString &to : message.to) {
        const int code = smtp.command("RCPT TO:<" + addressOf(to) + ">");
        if (code != 250 && code != 251)
            return false;
    }
    if (smtp.command("DATA") != 354)
        return false;
    const QByteArray messageId = QByteArray::number(QRandomGenerator::global()->generate64(), 16) + "@iotile";
    QByteArray body = compose(message, m_from, messageId);
    // Dot-stuffing: a line starting with '.' gets another one (base64 bodies never do; headers might).
    body.replace("\r\n.", "\r\n..");
    if (body.startsWith('.'))
        body.prepend('.');
    socket.write(body);
    if (smtp.command(".") != 250)
        return false;
    smtp.command("QUIT");
    socket.disconnectFromHost();
    return true;
}

} // namespace iotile
