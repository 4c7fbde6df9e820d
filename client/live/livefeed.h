#pragma once

#include "client/data/liveupdates.h"
#include "common/units/mdo.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <memory>
#include <optional>

class QTimer;
class QWebSocket;

namespace iotile {

namespace api {
class ApiClient;
}

// LiveUpdates from the server's live push (ws://…/api/v1/live/, QtWebSockets): subscribes to the
// watched streams, hands on their points as they arrive in the streams' output units, and after a dropped
// connection reconnects asking for everything after the last cursor it saw, so nothing is missed. When the
// server refuses the socket (an older server, a proxy without WebSocket, credentials) or stays away, it falls
// back to polling and tries the socket again now and then.
class LiveFeed final : public LiveUpdates
{
    Q_OBJECT
public:
    enum class Mode { Off, Connecting, Push, Reconnecting, Polling };
    Q_ENUM(Mode)

    explicit LiveFeed(api::ApiClient *api, QObject *parent = nullptr);
    ~LiveFeed() override;

    void watch(const QStringList &slugs) override;
    const QStringList &watched() const { return m_slugs; }
    void start() override;
    void stop() override;
    bool isActive() const override { return m_mode != Mode::Off; }
    bool carriesPoints() const override { return m_mode != Mode::Polling; }

    Mode mode() const { return m_mode; }
    // The newest cursor received; a reconnect asks for what came after it.
    qint64 lastCursor() const { return m_cursor; }
    // The first reconnect waits this long, each further one twice as long up to 30 s (default 1 s).
    void setReconnectDelay(int milliseconds) { m_reconnectDelay = milliseconds; }
    // Values as stored instead of converted to the stream's output unit (the chart's setting).
    void setStoredUnits(bool stored) { m_storedUnits = stored; }
    // How often the polling fallback says "new data" (default 10 s).
    void setPollingInterval(int milliseconds);
    // While polling, how often the socket is tried again (default 60 s).
    void setRetryInterval(int milliseconds);
    // Closes the connection as a network failure would (the feed reconnects); for tests and diagnostics.
    void dropConnection();

signals:
    void modeChanged(iotile::LiveFeed::Mode mode);
    // The server had purged entries after the last cursor: the chart should fetch the streams again.
    void gapDetected();

private:
    struct Conversion;
    void open();
    void onDisconnected();
    void onMessage(const QString &text);
    void onData(const QJsonObject &message);
    void subscribe(const QStringList &slugs, bool resume);
    void send(const QJsonObject &message);
    void setMode(Mode mode);
    void scheduleReconnect();
    void fallBackToPolling(const QString &reason);
    void lookUpUnit(const QString &slug);
    void unitKnown(const QString &slug, std::optional<Mdo> mdo);
    void emitPoints(const QString &slug, const QJsonArray &points);
    QUrl socketUrl() const;

    api::ApiClient *m_api;
    QWebSocket *m_socket = nullptr;
    QTimer *m_reconnect;
    QTimer *m_poll;
    QTimer *m_retry;
    QStringList m_slugs;
    QSet<QString> m_subscribed;
    Mode m_mode = Mode::Off;
    qint64 m_cursor = 0;
    bool m_hasCursor = false; // m_cursor came from the server (a reconnect resumes after it)
    bool m_ready = false;
    bool m_fresh = false; // the first subscription since start(): no backlog covers what came before it
    bool m_everConnected = false; // this connection attempt reached the server's "ready"
    int m_reconnectDelay = 1000;
    bool m_storedUnits = false;
    int m_attempt = 0;
    // Output-unit conversions per stream; points that arrive before the lookup finished wait for it.
    QHash<QString, std::shared_ptr<Conversion>> m_units;
};

} // namespace iotile
