#include "server/live/livesession.h"

#include "common/slug/streamslug.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/http/authenticator.h"
#include "server/live/liveaccess.h"
#include "server/live/livehub.h"
#include "server/live/livemessage.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/livelogstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QWebSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcLive)

namespace iotile {

namespace {

constexpr int kAuthTimeoutMs = 10000;
constexpr int kAbortAfterCloseMs = 2000;
constexpr int kLingerMs = 5000;
constexpr qint64 kBacklogPage = 500;
constexpr int kMaxTargets = 1000;

// close() is graceful towards what the kernel already holds: the connection stays established (FIN_WAIT1
// on our side) until the peer has read the whole send queue, megabytes for a stalled reader, and that is
// what abort() does in Qt. With a zero linger the close discards the queue and resets the connection.
void resetOnClose(QTcpSocket *tcp)
{
#ifdef Q_OS_UNIX
    const qintptr fd = tcp ? tcp->socketDescriptor() : -1;
    if (fd < 0)
        return;
    linger off {};
    off.l_onoff = 1; // and l_linger 0
    if (::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &off, sizeof off) != 0)
        qCWarning(lcLive) << "SO_LINGER failed: the cut connection closes once its peer reads its queue";
#else
    Q_UNUSED(tcp);
#endif
}

QString closeReason(const QString &detail)
{
    // A close frame's reason has at most 123 bytes.
    QByteArray utf8 = detail.toUtf8();
    if (utf8.size() > 120)
        utf8 = utf8.left(120);
    return QString::fromUtf8(utf8);
}

} // namespace

LiveSession::LiveSession(std::unique_ptr<QWebSocket> socket, QPointer<QTcpSocket> tcp,
                         const QByteArray &authorization, ServerContext &server, LiveHub &hub,
                         QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_tcp(std::move(tcp))
    , m_server(server)
    , m_hub(hub)
    , m_maxQueuedBytes(server.config().liveMaxQueuedBytes)
{
    m_socket->setMaxAllowedIncomingMessageSize(256 * 1024);
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &LiveSession::received);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, [this] {
        fail(BadMessage, QStringLiteral("bad_message"), QStringLiteral("Messages are JSON text."));
    });
    connect(m_socket.get(), &QWebSocket::disconnected, this, &QObject::deleteLater);
    m_abort.setSingleShot(true);
    connect(&m_abort, &QTimer::timeout, this, [this] {
        if (!m_closing) {
            fail(Unauthenticated, QStringLiteral("not_authenticated"),
                 QStringLiteral("No credentials within %1 s.").arg(kAuthTimeoutMs / 1000));
            return;
        }
        reset();
    });
    m_recheck.setInterval(server.config().liveRecheckSeconds * 1000);
    connect(&m_recheck, &QTimer::timeout, this, &LiveSession::recheck);
    start(authorization);
}

LiveSession::~LiveSession()
{
    m_hub.remove(this);
    // The connection underneath outlives the QWebSocket in Qt 6.4: it may finish sending a close frame,
    // for five seconds at most, then it goes.
    if (QTcpSocket *tcp = m_tcp.data()) {
        if (tcp->state() == QAbstractSocket::UnconnectedState) {
            tcp->deleteLater();
        } else {
            connect(tcp, &QTcpSocket::disconnected, tcp, &QObject::deleteLater);
            tcp->disconnectFromHost();
            QTimer::singleShot(kLingerMs, tcp, [tcp] {
                tcp->abort();
                tcp->deleteLater();
            });
        }
    }
}

void LiveSession::start(const QByteArray &authorization)
{
    if (!authorization.isEmpty()) {
        if (!authenticate(authorization))
            return;
    } else {
        // Browsers cannot set headers on a WebSocket: the first message may carry the credential.
        m_abort.start(kAuthTimeoutMs);
    }
}

bool LiveSession::authenticate(const QByteArray &authorization)
{
    auto db = m_server.db().connection();
    if (!db) {
        fail(InternalError, QStringLiteral("server_error"), db.error().message());
        return false;
    }
    auto caller = m_server.auth().authenticate(authorization, **db);
    finishQueries();
    if (!caller || !caller->user) {
        fail(Unauthenticated, QStringLiteral("not_authenticated"),
             caller ? QStringLiteral("Authentication credentials were not provided.")
                    : caller.error().message());
        return false;
    }
    m_user = caller->user;
    m_abort.stop();
    send(QJsonObject {{QStringLiteral("type"), QStringLiteral("ready")},
                      {QStringLiteral("user"), m_user->slug},
                      {QStringLiteral("cursor"), m_hub.position()}});
    return true;
}

void LiveSession::received(const QString &text)
{
    if (m_closing)
        return;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (!doc.isObject()) {
        fail(BadMessage, QStringLiteral("bad_message"), QStringLiteral("Messages are JSON objects."));
        return;
    }
    const QJsonObject message = doc.object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (!m_user) {
        if (type != QLatin1String("auth")) {
            fail(Unauthenticated, QStringLiteral("not_authenticated"),
                 QStringLiteral(
                     "Authenticate first: send {\"type\":\"auth\",\"authorization\":\"JWT ...\"}."));
            return;
        }
        authenticate(message.value(QLatin1String("authorization")).toString().toUtf8());
        return;
    }
    if (type == QLatin1String("subscribe"))
        subscribe(message);
    else if (type == QLatin1String("unsubscribe"))
        unsubscribe(message);
    else if (type == QLatin1String("ping"))
        send(QJsonObject {{QStringLiteral("type"), QStringLiteral("pong")},
                          {QStringLiteral("id"), message.value(QLatin1String("id"))}});
    else if (type == QLatin1String("auth"))
        fail(BadMessage, QStringLiteral("bad_message"), QStringLiteral("Already authenticated."));
    else
        fail(BadMessage, QStringLiteral("bad_message"),
             QStringLiteral("Unknown message type \"%1\".").arg(type));
}

void LiveSession::subscribe(const QJsonObject &message)
{
    const QJsonValue targetsValue = message.value(QLatin1String("targets"));
    const QJsonValue afterValue = message.value(QLatin1String("after"));
    if (!targetsValue.isArray() || targetsValue.toArray().isEmpty()
        || targetsValue.toArray().size() > kMaxTargets) {
        fail(BadMessage, QStringLiteral("bad_message"),
             QStringLiteral("\"targets\" must be a list of 1 to %1 stream, device or project slugs.")
                 .arg(kMaxTargets));
        return;
    }
    if (!afterValue.isUndefined() && !afterValue.isNull()
        && (!afterValue.isDouble() || afterValue.toDouble() < 0)) {
        fail(BadMessage, QStringLiteral("bad_message"),
             QStringLiteral("\"after\" must be a cursor (an integer)."));
        return;
    }
    auto db = m_server.db().connection();
    if (!db) {
        fail(InternalError, QStringLiteral("server_error"), db.error().message());
        return;
    }
    Access access(m_user.get(), **db);
    LiveInterest added;
    QJsonArray normalised;
    for (const QJsonValue &t : targetsValue.toArray()) {
        const QString target = t.toString();
        auto checked = LiveAccess::check(m_server, **db, access, target, added);
        if (!checked) {
            finishQueries();
            const ErrorKind kind = checked.error().kind();
            if (kind == ErrorKind::Forbidden)
                fail(Forbidden, QStringLiteral("forbidden"), checked.error().message(), target);
            else if (kind == ErrorKind::NotFound)
                fail(NotFound, QStringLiteral("not_found"), checked.error().message(), target);
            else
                fail(InternalError, QStringLiteral("server_error"), checked.error().message(), target);
            return;
        }
        normalised.append(*checked);
    }
    finishQueries();
    // Entries up to `position` were dispatched before this interest existed: they come from the log here;
    // later ones arrive through deliver(), after these (same thread, posted later).
    const qint64 position = m_hub.subscribe(this, added);
    m_interest.add(added);
    if (!m_recheck.isActive() && m_recheck.interval() > 0)
        m_recheck.start();
    qint64 backlog = 0;
    if (afterValue.isDouble()) {
        const qint64 after = qint64(afterValue.toDouble());
        auto data = m_server.dataDb().connection();
        if (!data) {
            fail(InternalError, QStringLiteral("server_error"), data.error().message());
            return;
        }
        LiveLogStore store(**data);
        auto oldest = store.oldest();
        if (oldest && *oldest > after + 1 && after < position)
            send(QJsonObject {
                {QStringLiteral("type"), QStringLiteral("gap")},
                {QStringLiteral("after"), after},
                {QStringLiteral("oldest"), *oldest},
                {QStringLiteral("detail"), QStringLiteral("Entries before the oldest cursor were purged.")}});
        qint64 from = after;
        while (from < position) {
            auto entries = store.after(from, position, kBacklogPage);
            if (!entries) {
                finishQueries();
                fail(InternalError, QStringLiteral("server_error"), entries.error().message());
                return;
            }
            for (const LiveLogEntry &e : *entries) {
                from = e.cursor;
                QString device;
                QString project;
                if (const auto slug = StreamSlug::parse(QStringView(e.stream))) {
                    device = slug->recordDeviceSlug();
                    project = slug->recordProjectSlug();
                }
                if (!added.matches(e.stream, device, project))
                    continue;
                m_socket->sendTextMessage(QString::fromUtf8(LiveMessage::render(e)));
                ++backlog;
            }
            if (qint64(entries->size()) < kBacklogPage)
                break;
        }
        finishQueries();
    }
    send(QJsonObject {{QStringLiteral("type"), QStringLiteral("subscribed")},
                      {QStringLiteral("id"), message.value(QLatin1String("id"))},
                      {QStringLiteral("targets"), normalised},
                      {QStringLiteral("cursor"), position},
                      {QStringLiteral("backlog"), backlog}});
}

void LiveSession::unsubscribe(const QJsonObject &message)
{
    LiveInterest removed;
    QJsonArray names;
    for (const QJsonValue &t : message.value(QLatin1String("targets")).toArray()) {
        const QString target = t.toString();
        // Only what was subscribed can be removed, so the slugs are compared as the client sent them
        // and as normalised before.
        for (QSet<QString> *set : {&m_interest.streams, &m_interest.devices, &m_interest.projects}) {
            if (set->contains(target)) {
                removed.counterpart(m_interest, set).insert(target);
                names.append(target);
            }
        }
    }
    m_hub.unsubscribe(this, removed);
    m_interest.remove(removed);
    send(QJsonObject {{QStringLiteral("type"), QStringLiteral("unsubscribed")},
                      {QStringLiteral("targets"), names}});
}

void LiveSession::recheck()
{
    if (m_closing || !m_user || m_interest.isEmpty())
        return;
    auto db = m_server.db().connection();
    if (!db)
        return; // a passing failure: the next round decides
    auto account = AccountStore(**db).byId(m_user->id);
    if (account && (!*account || !(*account)->isActive)) {
        finishQueries();
        fail(Unauthenticated, QStringLiteral("not_authenticated"),
             QStringLiteral("The account is no longer active."));
        return;
    }
    if (account)
        m_user = std::make_shared<const Account>(std::move(**account)); // staff status may have changed
    Access access(m_user.get(), **db);
    struct Lost
    {
        QString target;
        QString code;
        QString detail;
    };
    std::vector<Lost> lost;
    LiveInterest removed;
    for (QSet<QString> *set : {&m_interest.streams, &m_interest.devices, &m_interest.projects}) {
        for (const QString &target : std::as_const(*set)) {
            LiveInterest scratch;
            const auto checked = LiveAccess::check(m_server, **db, access, target, scratch);
            if (checked)
                continue;
            const ErrorKind kind = checked.error().kind();
            if (kind != ErrorKind::Forbidden && kind != ErrorKind::NotFound)
                continue; // not a verdict on the access: kept until a check says so
            lost.push_back(
                {target,
                 kind == ErrorKind::Forbidden ? QStringLiteral("forbidden") : QStringLiteral("not_found"),
                 checked.error().message()});
            removed.counterpart(m_interest, set).insert(target);
        }
    }
    finishQueries();
    if (lost.empty())
        return;
    // The hub posts nothing more for these targets from here; what it posted before is still queued for this
    // session, so the notice is queued after it: nothing of a target arrives after its notice.
    m_hub.unsubscribe(this, removed);
    m_interest.remove(removed);
    for (const Lost &l : lost) {
        qCInfo(lcLive).noquote() << "live subscription of" << m_user->slug << "to" << l.target
                                 << "ended:" << l.detail;
        const QJsonObject notice {{QStringLiteral("type"), QStringLiteral("unsubscribed")},
                                  {QStringLiteral("targets"), QJsonArray {l.target}},
                                  {QStringLiteral("code"), l.code},
                                  {QStringLiteral("detail"), l.detail}};
        QMetaObject::invokeMethod(
            this,
            [this, notice] {
                if (!m_closing)
                    send(notice);
            },
            Qt::QueuedConnection);
    }
    if (m_interest.isEmpty())
        m_recheck.stop();
}

void LiveSession::deliver(qint64, const QString &message)
{
    m_queued.fetch_sub(1);
    if (m_closing)
        return;
    if (m_socket->bytesToWrite() > m_maxQueuedBytes) {
        m_cut.store(true);
        cut(QStringLiteral("slow consumer: %1 bytes waiting").arg(m_socket->bytesToWrite()));
        return;
    }
    m_socket->sendTextMessage(message);
}

void LiveSession::cut(const QString &reason)
{
    if (m_closing)
        return;
    qCInfo(lcLive).noquote() << "closing live connection of" << (m_user ? m_user->slug : QStringLiteral("-"))
                             << "from" << m_socket->peerAddress().toString() << ":" << reason;
    m_hub.remove(this);
    m_hub.countCut();
    m_closing = true;
    // A close frame would wait behind everything queued (and Qt's close keeps the socket until the
    // client reads it all): the connection is reset instead, freeing its buffers now.
    reset();
}

void LiveSession::reset()
{
    // In Qt 6.4 the QWebSocket works on the very QTcpSocket QHttpServer upgraded (m_tcp): the linger
    // must be set before either abort() closes the descriptor.
    resetOnClose(m_tcp.data());
    m_socket->abort();
    if (m_tcp)
        m_tcp->abort();
    deleteLater();
}

void LiveSession::goingAway()
{
    if (m_closing)
        return;
    m_hub.remove(this);
    m_closing = true;
    m_socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
}

void LiveSession::send(const QJsonObject &message)
{
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void LiveSession::fail(int closeCode, const QString &code, const QString &detail, const QString &target)
{
    if (m_closing)
        return;
    QJsonObject error {{QStringLiteral("type"), QStringLiteral("error")},
                       {QStringLiteral("code"), code},
                       {QStringLiteral("detail"), detail}};
    if (!target.isEmpty())
        error.insert(QStringLiteral("target"), target);
    send(error);
    m_hub.remove(this);
    m_closing = true;
    m_socket->close(QWebSocketProtocol::CloseCode(closeCode), closeReason(detail));
    m_abort.start(kAbortAfterCloseMs);
}

void LiveSession::finishQueries()
{
    for (Database *database : {&m_server.db(), &m_server.dataDb()})
        if (auto db = database->connection())
            (*db)->finishAll();
}

} // namespace iotile
