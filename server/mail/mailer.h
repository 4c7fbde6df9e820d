#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace iotile {

struct ServerConfig;

struct MailMessage
{
    QStringList to;
    QString subject;
    QString text;
    QString html; // optional alternative part
};

// Sends mail without blocking the caller (an HTTP thread): messages are queued and delivered from a
// thread of the mailer's own. Delivery failures are logged, never returned to the request.
class Mailer
{
public:
    virtual ~Mailer() = default;
    virtual void send(MailMessage message) = 0;
    // Waits until queued messages were handed to the server (shutdown, tests); false on timeout.
    virtual bool flush(int timeoutMs) = 0;

    static std::unique_ptr<Mailer> create(const ServerConfig &config);
};

} // namespace iotile
