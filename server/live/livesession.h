#pragma once

#include "server/live/liveinterest.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTcpSocket>
#include <QTimer>

#include <atomic>
#include <memory>

class QWebSocket;

namespace iotile {

struct Account;
class LiveHub;
class ServerContext;

// One WebSocket connection of the live feed, in the HTTP thread that upgraded it: authenticates (the
// upgrade's Authorization header, or an "auth" message), checks and registers subscriptions, replays the
// log after a client's last cursor, then forwards what the hub dispatches. Subscriptions are checked again
// every live_recheck_seconds: a target the user may no longer read is unsubscribed with the reason. The
// message protocol and the close codes are described in README ("Live push").
class LiveSession final : public QObject
{
    Q_OBJECT
public:
    enum CloseCode : int {
        GoingAway = 1001,
        InternalError = 1011,
        BadMessage = 4400,
        Unauthenticated = 4401,
        Forbidden = 4403,
        NotFound = 4404,
        SlowConsumer = 4408,
    };

    // `authorization`: the upgrade request's header (checked there already), empty when it had none.
    // `tcp`: the upgraded connection underneath (a cut resets it; see resetOnClose() in the .cpp).
    LiveSession(std::unique_ptr<QWebSocket> socket, QPointer<QTcpSocket> tcp, const QByteArray &authorization,
                ServerContext &server, LiveHub &hub, QObject *parent);
    ~LiveSession() override;

    // Called in this session's thread (queued by the hub).
    void deliver(qint64 cursor, const QString &message);
    void cut(const QString &reason);
    void goingAway();

private:
    friend class LiveHub;

    void start(const QByteArray &authorization);
    void received(const QString &text);
    bool authenticate(const QByteArray &authorization);
    void subscribe(const QJsonObject &message);
    void unsubscribe(const QJsonObject &message);
    void recheck();
    void sendBacklog(qint64 after, qint64 upTo, const LiveInterest &interest, const QJsonValue &id);
    void send(const QJsonObject &message);
    void fail(int closeCode, const QString &code, const QString &detail, const QString &target = {});
    void finishQueries();
    void reset();

    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QTcpSocket> m_tcp;
    ServerContext &m_server;
    LiveHub &m_hub;
    std::shared_ptr<const Account> m_user;
    LiveInterest m_interest;
    QTimer m_abort;
    QTimer m_recheck;
    qint64 m_maxQueuedBytes = 0;
    bool m_closing = false;
    std::atomic<int> m_queued {0}; // messages the hub posted that deliver() has not taken yet
    std::atomic<bool> m_cut {false};
};

} // namespace iotile
