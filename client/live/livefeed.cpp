#include "client/live/livefeed.h"

#include "common/api/apiclient.h"
#include "common/api/apireply.h"
#include "common/util/isotime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

namespace iotile {

Q_LOGGING_CATEGORY(lcLiveFeed, "iotile.studio.live")

namespace {

// The original's devices upload every few minutes at best; 10 s keeps a chart current when polling.
constexpr int kDefaultPollMs = 10000;
constexpr int kMaxReconnectMs = 30000;
// Reconnects that fail this often in a row end in polling (which keeps trying the socket now and then).
constexpr int kMaxAttempts = 6;
constexpr int kDefaultRetryMs = 60000;
// The server takes at most this many targets in one subscribe message.
constexpr qsizetype kMaxTargets = 1000;

// Close codes after which a reconnect would be refused again (bad message, credentials, rights, target).
bool isRefusal(int closeCode)
{
    return closeCode == 4400 || closeCode == 4401 || closeCode == 4403 || closeCode == 4404;
}

std::optional<Mdo> mdoOf(const QJsonValue &unit)
{
    if (!unit.isObject())
        return std::nullopt;
    const QJsonObject o = unit.toObject();
    const QJsonValue offset = o.value(QLatin1String("o"));
    return Mdo::create(o.value(QLatin1String("m")).toInteger(1), o.value(QLatin1String("d")).toInteger(1),
                       offset.isDouble() ? std::optional<double>(offset.toDouble()) : std::nullopt);
}

} // namespace

struct LiveFeed::Conversion
{
    bool known = false;
    bool failed = false; // the lookup was refused (e.g. credentials not yet good): tried again when through
    std::optional<Mdo> mdo;
    QList<QJsonArray> pending; // points that arrived before the unit was known, in order
};

LiveFeed::LiveFeed(api::ApiClient *api, QObject *parent)
    : LiveUpdates(parent)
    , m_api(api)
    , m_reconnect(new QTimer(this))
    , m_poll(new QTimer(this))
    , m_retry(new QTimer(this))
{
    // While polling, the socket is tried again now and then: a server back from a restart pushes again.
    m_retry->setInterval(kDefaultRetryMs);
    connect(m_retry, &QTimer::timeout, this, &LiveFeed::open);
    m_reconnect->setSingleShot(true);
    connect(m_reconnect, &QTimer::timeout, this, &LiveFeed::open);
    m_poll->setInterval(kDefaultPollMs);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (!m_slugs.isEmpty())
            emit newData(m_slugs);
    });
    // The session's credentials changed (refreshed, another user, signed out): the open connection still
    // speaks for the old ones.
    connect(api, &api::ApiClient::tokenChanged, this, [this](const QByteArray &token) {
        if (m_mode == Mode::Off)
            return;
        if (token.isEmpty()) {
            if (m_mode != Mode::Polling)
                fallBackToPolling(QStringLiteral("signed out"));
            return;
        }
        if (m_mode == Mode::Polling || !m_everConnected)
            open(); // perhaps these credentials are accepted
        else
            dropConnection(); // reconnects with the new token, after the last cursor
    });
}

LiveFeed::~LiveFeed()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void LiveFeed::setPollingInterval(int milliseconds)
{
    m_poll->setInterval(milliseconds);
}

void LiveFeed::setRetryInterval(int milliseconds)
{
    m_retry->setInterval(milliseconds);
}

QUrl LiveFeed::socketUrl() const
{
    QUrl url = m_api->url(QStringLiteral("/api/v1/live/"));
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    return url;
}

void LiveFeed::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    emit modeChanged(mode);
}

void LiveFeed::watch(const QStringList &slugs)
{
    QStringList unique;
    for (const QString &slug : slugs) {
        if (!slug.isEmpty() && !unique.contains(slug))
            unique.append(slug);
    }
    const QStringList before = std::exchange(m_slugs, unique);
    for (auto it = m_units.begin(); it != m_units.end();) {
        if (m_slugs.contains(it.key()))
            ++it;
        else
            it = m_units.erase(it);
    }
    if (!isActive())
        return;
    for (const QString &slug : std::as_const(m_slugs)) {
        if (!m_units.contains(slug))
            lookUpUnit(slug);
    }
    if (!m_ready)
        return; // the subscription after "ready" takes the new list
    QJsonArray removed;
    for (const QString &slug : before) {
        if (!m_slugs.contains(slug) && m_subscribed.remove(slug))
            removed.append(slug);
    }
    if (!removed.isEmpty())
        send(QJsonObject {{QStringLiteral("type"), QStringLiteral("unsubscribe")},
                          {QStringLiteral("targets"), removed}});
    QStringList added;
    for (const QString &slug : std::as_const(m_slugs)) {
        if (!before.contains(slug))
            added.append(slug);
    }
    // A stream added now was loaded fresh by the chart: it needs no backlog.
    subscribe(added, false);
}

void LiveFeed::start()
{
    if (isActive())
        return;
    m_cursor = 0;
    m_hasCursor = false;
    m_attempt = 0;
    m_everConnected = false;
    m_units.clear();
    for (const QString &slug : std::as_const(m_slugs))
        lookUpUnit(slug);
    setMode(Mode::Connecting);
    open();
}

void LiveFeed::stop()
{
    m_reconnect->stop();
    m_poll->stop();
    m_retry->stop();
    m_ready = false;
    m_subscribed.clear();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    setMode(Mode::Off);
}

void LiveFeed::dropConnection()
{
    if (m_socket)
        m_socket->abort();
}

void LiveFeed::open()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->deleteLater();
    }
    m_ready = false;
    m_subscribed.clear();
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &LiveFeed::onMessage);
    connect(m_socket, &QWebSocket::disconnected, this, &LiveFeed::onDisconnected);
    // A connection that never opens (refused, upgrade declined) may report only the error (Qt 6.4's
    // signal is error(); newer Qt calls it errorOccurred()).
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    QNetworkRequest request(socketUrl());
    // The token current now: the client may have refreshed it since the last connection.
    if (m_api->hasToken())
        request.setRawHeader("Authorization", "JWT " + m_api->token());
    m_socket->open(request);
}

void LiveFeed::onDisconnected()
{
    if (!m_socket || m_mode == Mode::Off)
        return;
    m_socket->disconnect(this); // one report per connection, whichever signal came first
    if (m_mode == Mode::Polling)
        return; // a retry that did not get through: keep polling
    const int code = int(m_socket->closeCode());
    const QString reason =
        m_socket->closeReason().isEmpty() ? m_socket->errorString() : m_socket->closeReason();
    m_ready = false;
    m_subscribed.clear();
    // Never through to "ready" since start(), or refused outright: this server will not push to us.
    if (!m_everConnected || isRefusal(code) || m_attempt >= kMaxAttempts) {
        fallBackToPolling(reason);
        return;
    }
    qCInfo(lcLiveFeed).noquote() << "live connection dropped (" << code << reason
                                 << "), reconnecting after cursor" << m_cursor;
    setMode(Mode::Reconnecting);
    m_reconnect->start(std::min(kMaxReconnectMs, m_reconnectDelay << std::min(m_attempt, 5)));
    ++m_attempt;
}

void LiveFeed::fallBackToPolling(const QString &reason)
{
    qCInfo(lcLiveFeed).noquote() << "no live push from the server (" << reason << "): polling instead";
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    setMode(Mode::Polling);
    m_poll->start();
    m_retry->start();
}

void LiveFeed::send(const QJsonObject &message)
{
    if (m_socket)
        m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void LiveFeed::subscribe(const QStringList &slugs, bool resume)
{
    for (qsizetype from = 0; from < slugs.size(); from += kMaxTargets) {
        QJsonObject message {
            {QStringLiteral("type"), QStringLiteral("subscribe")},
            {QStringLiteral("targets"), QJsonArray::fromStringList(slugs.mid(from, kMaxTargets))}};
        if (resume && m_hasCursor)
            message.insert(QStringLiteral("after"), m_cursor);
        send(message);
    }
}

void LiveFeed::onMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("data")) {
        onData(message);
    } else if (type == QLatin1String("ready")) {
        // Through (again): no more polling; what was polled and what the backlog brings overlap harmlessly.
        m_poll->stop();
        m_retry->stop();
        if (m_mode == Mode::Polling)
            setMode(Mode::Connecting);
        for (const QString &slug : std::as_const(m_slugs)) {
            if (const auto conversion = m_units.value(slug); !conversion || conversion->failed)
                lookUpUnit(slug);
        }
        m_ready = true;
        m_everConnected = true;
        m_attempt = 0;
        // The first connection starts from the server's present (the chart has just loaded the streams); a
        // reconnect asks for everything after the last cursor seen.
        const bool resume = m_hasCursor;
        if (!resume)
            m_cursor = message.value(QLatin1String("cursor")).toInteger();
        m_hasCursor = true;
        m_fresh = !resume;
        if (m_slugs.isEmpty())
            setMode(Mode::Push); // nothing to subscribe to yet
        subscribe(m_slugs, resume);
    } else if (type == QLatin1String("subscribed")) {
        for (const QJsonValue &target : message.value(QLatin1String("targets")).toArray())
            m_subscribed.insert(target.toString());
        // Points committed between the chart's load and this subscription came through neither: one fetch
        // of the streams covers them.
        if (std::exchange(m_fresh, false) && !m_slugs.isEmpty())
            emit newData(m_slugs);
        setMode(Mode::Push);
    } else if (type == QLatin1String("gap")) {
        // Entries after our cursor were purged: only a fresh load shows the streams completely.
        emit gapDetected();
        if (!m_slugs.isEmpty())
            emit newData(m_slugs);
    } else if (type == QLatin1String("error")) {
        qCWarning(lcLiveFeed).noquote()
            << "live push refused:" << message.value(QLatin1String("detail")).toString();
    }
}

void LiveFeed::onData(const QJsonObject &message)
{
    const qint64 cursor = message.value(QLatin1String("cursor")).toInteger();
    // A message seen before the drop may come again in the backlog.
    if (m_hasCursor && cursor <= m_cursor)
        return;
    m_cursor = std::max(m_cursor, cursor);
    const QString slug = message.value(QLatin1String("stream")).toString();
    if (!m_slugs.contains(slug))
        return;
    emitPoints(slug, message.value(QLatin1String("points")).toArray());
}

void LiveFeed::emitPoints(const QString &slug, const QJsonArray &points)
{
    std::shared_ptr<Conversion> conversion = m_units.value(slug);
    if (!conversion) {
        lookUpUnit(slug);
        conversion = m_units.value(slug);
    }
    if (!conversion->known) {
        conversion->pending.append(points);
        return;
    }
    QList<QPointF> out;
    out.reserve(points.size());
    for (const QJsonValue &item : points) {
        const QJsonObject p = item.toObject();
        const auto ts = isotime::parse(p.value(QLatin1String("timestamp")).toString());
        const QJsonValue stored = p.value(QLatin1String("value"));
        if (!ts || !stored.isDouble())
            continue;
        const double value =
            conversion->mdo ? conversion->mdo->compute(stored.toDouble()) : stored.toDouble();
        out.append(QPointF(double(*ts / 1000), value));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    if (!out.isEmpty())
        emit pointsArrived(slug, out);
}

void LiveFeed::lookUpUnit(const QString &slug)
{
    // Pushed points carry the stored value; the chart shows the stream's output unit (else its
    // variable's), as stream/<slug>/data/ does.
    auto conversion = std::make_shared<Conversion>();
    m_units.insert(slug, conversion);
    api::ApiReply *reply = m_api->get(QStringLiteral("/api/v1/stream/%1/").arg(slug));
    connect(reply, &api::ApiReply::finished, this, [this, reply, slug, conversion] {
        if (m_units.value(slug) != conversion)
            return; // unwatched (or looked up again) meanwhile
        const QJsonObject stream = reply->object();
        if (!reply->isOk()) {
            conversion->failed = true;
            unitKnown(slug, std::nullopt);
            return;
        }
        if (stream.value(QLatin1String("output_unit")).isObject()) {
            unitKnown(slug, mdoOf(stream.value(QLatin1String("output_unit"))));
            return;
        }
        const QString variable = stream.value(QLatin1String("variable")).toString();
        if (variable.isEmpty()) {
            unitKnown(slug, std::nullopt);
            return;
        }
        api::ApiReply *var = m_api->get(QStringLiteral("/api/v1/variable/%1/").arg(variable));
        connect(var, &api::ApiReply::finished, this, [this, var, slug, conversion] {
            if (m_units.value(slug) == conversion)
                unitKnown(slug,
                          var->isOk() ? mdoOf(var->object().value(QLatin1String("output_unit")))
                                      : std::nullopt);
        });
    });
}

void LiveFeed::unitKnown(const QString &slug, std::optional<Mdo> mdo)
{
    const std::shared_ptr<Conversion> conversion = m_units.value(slug);
    if (!conversion)
        return;
    conversion->known = true;
    conversion->mdo = mdo;
    const QList<QJsonArray> pending = std::exchange(conversion->pending, {});
    for (const QJsonArray &points : pending)
        emitPoints(slug, points);
}

} // namespace iotile
