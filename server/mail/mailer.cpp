#include "server/mail/mailer.h"

#include "server/app/serverconfig.h"
#include "server/mail/smtpmailer.h"

#include <QLoggingCategory>
#include <QUrl>

Q_LOGGING_CATEGORY(lcMail, "iotile.mail")

namespace iotile {

namespace {

// The default without an SMTP server: messages go to the log, so a first run works without set-up and
// an operator can still read a confirmation link.
class LogMailer final : public Mailer
{
public:
    void send(MailMessage message) override
    {
        qCInfo(lcMail).noquote() << "mail to" << message.to.join(QStringLiteral(", "))
                                 << "subject:" << message.subject << "\n"
                                 << message.text;
    }
    bool flush(int) override { return true; }
};

} // namespace

std::unique_ptr<Mailer> Mailer::create(const ServerConfig &config)
{
    if (config.mailUrl.startsWith(QLatin1String("smtp")))
        return std::make_unique<SmtpMailer>(QUrl(config.mailUrl), config.mailFrom);
    return std::make_unique<LogMailer>();
}

} // namespace iotile
