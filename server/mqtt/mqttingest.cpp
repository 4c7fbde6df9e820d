#include "server/mqtt/mqttingest.h"

#include "common/reports/reportparser.h"
#include "common/slug/deviceslug.h"
#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/account.h"
#include "server/domain/device.h"
#include "server/ingest/dataingest.h"
#include "server/ingest/datapointparser.h"
#include "server/ingest/reportupload.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QUrl>

#include <mosquitto.h>

Q_LOGGING_CATEGORY(lcMqtt, "iotile.mqtt")

namespace iotile {

namespace {

constexpr int kKeepAliveSeconds = 30;
constexpr int kRetryMs = 500;
constexpr int kAuthRefreshMs = 10000;
constexpr int kAttempts = 3;
constexpr int kLanes = 4; // PostgreSQL: parallel ingest (a lane's transactions wait on the database)
constexpr size_t kLaneQueue = 32; // messages waiting per lane before the MQTT thread is held back
// Data messages of one device waiting in its lane are stored in one transaction, up to this many messages
// or bytes (10,000 points, when messages hold 1,000): one commit and one COPY instead of one per message
// (PostgreSQL's cost per statement and commit is what bounds a single device's rate).
constexpr size_t kMergeMessages = 10;
constexpr qsizetype kMergeBytes = 4 * 1024 * 1024;

struct LibraryInit
{
    LibraryInit() { mosquitto_lib_init(); }
    ~LibraryInit() { mosquitto_lib_cleanup(); }
};

void ensureLibrary()
{
    static LibraryInit init;
}

// An MQTT message has no file name: the report's kind is told by its first byte, and named the way
// ReportParser::uploadKind() reads upload names (a signed list starts with its format byte, 0 to 3).
QString reportFileName(const QByteArray &payload)
{
    const QByteArray head = payload.left(64).trimmed();
    const quint8 first = head.isEmpty() ? 0 : quint8(head.at(0));
    if (first == '{')
        return QStringLiteral("mqtt.json");
    if ((first >= 0x80 && first <= 0x8f) || first == 0xde || first == 0xdf) // a msgpack map
        return QStringLiteral("mqtt.mp");
    return QStringLiteral("mqtt.bin");
}

} // namespace

MqttIngest::MqttIngest(ServerContext &server)
    : m_server(server)
{ }

Result<std::unique_ptr<MqttIngest>> MqttIngest::start(ServerContext &server)
{
    const ServerConfig &config = server.config();
    const QUrl url(config.mqttUrl);
    if (!url.isValid() || url.scheme() != QLatin1String("mqtt") || url.host().isEmpty())
        return Error::badRequest(
            QStringLiteral("invalid mqtt_url '%1': use mqtt://user:password@host:port").arg(config.mqttUrl));
    ensureLibrary();
    std::unique_ptr<MqttIngest> self(new MqttIngest(server));
    self->m_host = url.host().toUtf8();
    self->m_port = url.port(1883);
    self->m_user = url.userName(QUrl::FullyDecoded).toUtf8();
    self->m_password = url.password(QUrl::FullyDecoded).toUtf8();
    self->m_clientId = config.mqttClientId.toUtf8();
    self->m_prefix = config.mqttTopicPrefix;
    if (!config.mqttAuthDir.isEmpty())
        IOTILE_CHECK(self->refreshAuthFiles());
    // Persistent session: QoS 1 messages published while this server is away wait in the broker.
    self->m_mosq = mosquitto_new(self->m_clientId.constData(), false, self.get());
    if (!self->m_mosq)
        return Error::internal(QStringLiteral("mosquitto_new failed"));
    mosquitto_int_option(self->m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    if (!self->m_user.isEmpty())
        mosquitto_username_pw_set(self->m_mosq, self->m_user.constData(),
                                  self->m_password.isEmpty() ? nullptr : self->m_password.constData());
    mosquitto_connect_callback_set(self->m_mosq, &MqttIngest::onConnect);
    mosquitto_disconnect_callback_set(self->m_mosq, &MqttIngest::onDisconnect);
    mosquitto_message_callback_set(self->m_mosq, &MqttIngest::onMessage);
    MqttIngest *raw = self.get();
    // SQLite takes one writer at a time: more lanes would only queue on its lock.
    const int lanes = server.dataDb().dialect().isPostgres() ? kLanes : 1;
    for (int i = 0; i < lanes; ++i) {
        self->m_lanes.push_back(std::make_unique<Lane>());
        Lane *lane = self->m_lanes.back().get();
        lane->thread = std::thread([raw, lane] { raw->runLane(*lane); });
    }
    self->m_thread.reset(QThread::create([raw] { raw->run(); }));
    self->m_thread->setObjectName(QStringLiteral("mqtt"));
    self->m_thread->start();
    return self;
}

MqttIngest::~MqttIngest()
{
    m_stop.store(true);
    // The MQTT thread first (the lanes still drain, so one held back by a full lane gets on), then the
    // lanes store what they hold: the broker has those messages acknowledged.
    if (m_thread) {
        m_thread->wait();
        m_thread.reset();
    }
    stopLanes();
    if (m_mosq)
        mosquitto_destroy(m_mosq);
}

void MqttIngest::stopLanes()
{
    for (const std::unique_ptr<Lane> &lane : m_lanes) {
        {
            std::lock_guard lock(lane->mutex);
            lane->stop = true;
        }
        lane->changed.notify_all();
    }
    for (const std::unique_ptr<Lane> &lane : m_lanes) {
        if (lane->thread.joinable())
            lane->thread.join();
    }
}

void MqttIngest::runLane(Lane &lane)
{
    for (;;) {
        std::vector<Message> messages;
        {
            std::unique_lock lock(lane.mutex);
            lane.changed.wait(lock, [&] { return lane.stop || !lane.queue.empty(); });
            if (lane.queue.empty())
                break; // stopping, and nothing left
            messages.push_back(std::move(lane.queue.front()));
            lane.queue.pop_front();
            // The data messages of the same device right behind it join it.
            qsizetype bytes = messages.front().payload.size();
            while (!messages.front().report && !lane.queue.empty() && !lane.queue.front().report
                   && lane.queue.front().device == messages.front().device
                   && bytes + lane.queue.front().payload.size() <= kMergeBytes
                   && messages.size() < kMergeMessages) {
                bytes += lane.queue.front().payload.size();
                messages.push_back(std::move(lane.queue.front()));
                lane.queue.pop_front();
            }
        }
        lane.changed.notify_all(); // room for the MQTT thread
        if (messages.size() == 1 || !storeTogether(messages)) {
            for (const Message &message : messages)
                store(message);
        }
    }
    m_server.closeThreadConnections();
}

void MqttIngest::run()
{
    bool connected = false;
    bool everConnected = false;
    QElapsedTimer sinceRefresh;
    sinceRefresh.start();
    while (!m_stop.load()) {
        if (!connected) {
            const int rc = everConnected
                ? mosquitto_reconnect(m_mosq)
                : mosquitto_connect(m_mosq, m_host.constData(), m_port, kKeepAliveSeconds);
            if (rc != MOSQ_ERR_SUCCESS) {
                QThread::msleep(kRetryMs);
                continue;
            }
            connected = true;
            everConnected = true;
        }
        const int rc = mosquitto_loop(m_mosq, 100, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            connected = false;
            m_connected.store(false);
            if (!m_stop.load())
                QThread::msleep(kRetryMs);
        }
        if (!m_server.config().mqttAuthDir.isEmpty() && sinceRefresh.elapsed() > kAuthRefreshMs) {
            sinceRefresh.restart();
            if (Status s = refreshAuthFiles(); !s)
                qCWarning(lcMqtt).noquote() << s.error().message();
        }
    }
    if (connected)
        mosquitto_disconnect(m_mosq);
    m_connected.store(false);
    m_server.closeThreadConnections();
}

Status MqttIngest::refreshAuthFiles()
{
    auto db = m_server.db().connection();
    if (!db)
        return std::move(db).error();
    auto accounts = MqttAuthFiles::deviceAccounts(**db);
    (*db)->finishAll();
    if (!accounts)
        return std::move(accounts).error();
    bool same = accounts->size() == m_written.size() && !m_written.isEmpty();
    for (qsizetype i = 0; same && i < accounts->size(); ++i)
        same = accounts->at(i).user == m_written.at(i).user
            && accounts->at(i).password == m_written.at(i).password;
    if (same)
        return Ok {};
    IOTILE_CHECK(MqttAuthFiles::write(m_server.config().mqttAuthDir,
                                      {QString::fromUtf8(m_user), QString::fromUtf8(m_password)}, *accounts,
                                      m_prefix));
    m_written = *accounts;
    qCInfo(lcMqtt) << "wrote broker credentials for" << accounts->size()
                   << "devices (reload the broker: SIGHUP)";
    return Ok {};
}

void MqttIngest::onConnect(mosquitto *mosq, void *self, int rc)
{
    auto *ingest = static_cast<MqttIngest *>(self);
    if (rc != 0) {
        qCWarning(lcMqtt) << "broker refused the connection:" << mosquitto_connack_string(rc);
        return;
    }
    for (const char *kind : {"data", "report"}) {
        const QByteArray topic =
            (ingest->m_prefix + QStringLiteral("/device/+/") + QLatin1String(kind)).toUtf8();
        mosquitto_subscribe(mosq, nullptr, topic.constData(), 1);
    }
    ingest->m_connected.store(true);
}

void MqttIngest::onDisconnect(mosquitto *, void *self, int)
{
    static_cast<MqttIngest *>(self)->m_connected.store(false);
}

void MqttIngest::onMessage(mosquitto *, void *self, const mosquitto_message *message)
{
    static_cast<MqttIngest *>(self)->handle(*message);
}

void MqttIngest::handle(const mosquitto_message &message)
{
    m_messages.fetch_add(1);
    const QString topic = QString::fromUtf8(message.topic);
    const QString head = m_prefix + QStringLiteral("/device/");
    const QStringList rest =
        topic.startsWith(head) ? topic.mid(head.size()).split(QLatin1Char('/')) : QStringList();
    if (rest.size() != 2 || (rest.at(1) != QLatin1String("data") && rest.at(1) != QLatin1String("report"))) {
        m_rejected.fetch_add(1);
        qCWarning(lcMqtt).noquote() << "ignored message on" << topic;
        return;
    }
    const qint64 now = isotime::now();
    Message m {topic, rest.at(0), QByteArray(static_cast<const char *>(message.payload), message.payloadlen),
               rest.at(1) == QLatin1String("report"), now - now % isotime::kMicrosPerSecond};
    Lane &lane = *m_lanes[size_t(qHash(m.device)) % m_lanes.size()];
    std::unique_lock lock(lane.mutex);
    lane.changed.wait(lock, [&] { return lane.stop || lane.queue.size() < kLaneQueue; });
    if (lane.stop)
        return; // not reached: lanes stop after the MQTT thread
    lane.queue.push_back(std::move(m));
    lock.unlock();
    lane.changed.notify_all();
}

void MqttIngest::store(const Message &message)
{
    Status status = Ok {};
    // The broker has the message acknowledged already: a passing database failure is retried here.
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
        status = message.report ? ingestReport(message.device, message.payload, message.received)
                                : ingestData(message.device, {message});
        if (status
            || (status.error().kind() != ErrorKind::Internal
                && status.error().kind() != ErrorKind::Unavailable))
            break;
        QThread::msleep(kRetryMs * attempt);
    }
    finishConnections();
    if (!status) {
        m_rejected.fetch_add(1);
        qCWarning(lcMqtt).noquote() << "refused message on" << message.topic << ":"
                                    << status.error().message();
    }
}

bool MqttIngest::storeTogether(const std::vector<Message> &messages)
{
    // One transaction for all or none of them: anything wrong (a bad point, a database failure) and the
    // caller stores them one by one, so each message is still stored or refused as a whole on its own.
    const Status status = ingestData(messages.front().device, messages);
    finishConnections();
    if (status)
        qCDebug(lcMqtt).noquote() << messages.size() << "messages of" << messages.front().device
                                  << "stored in one transaction";
    return bool(status);
}

void MqttIngest::finishConnections()
{
    for (Database *database : {&m_server.db(), &m_server.dataDb()})
        if (auto db = database->connection()) {
            if ((*db)->inTransaction())
                (void)(*db)->rollback();
            (*db)->finishAll();
        }
}

struct MqttIngest::Claimant
{
    DeviceSlug slug;
    Device device;
    Account account;
};

Result<MqttIngest::Claimant> MqttIngest::claimant(SqlConnection &mainDb, const QString &deviceSlug)
{
    const auto slug = DeviceSlug::fromLookup(deviceSlug);
    if (!slug)
        return Error::notFound();
    IOTILE_TRY(device, DeviceStore(mainDb).byId(qint64(slug->id())));
    if (!device || !device->active || !device->claimedBy || !device->projectId)
        return Error::forbidden(QStringLiteral("%1 is not a claimed, active device").arg(deviceSlug));
    IOTILE_TRY(account, AccountStore(mainDb).byId(*device->claimedBy));
    if (!account || !account->isActive)
        return Error::forbidden(QStringLiteral("the user who claimed %1 is not active").arg(deviceSlug));
    return Claimant {*slug, std::move(*device), std::move(*account)};
}

Status MqttIngest::ingestData(const QString &deviceSlug, const std::vector<Message> &messages)
{
    auto mainDb = m_server.db().connection();
    if (!mainDb)
        return std::move(mainDb).error();
    IOTILE_TRY(who, claimant(**mainDb, deviceSlug));
    IncomingBatch all;
    for (const Message &message : messages) {
        IOTILE_TRY(batch, DataPointParser::parse(message.payload));
        if (messages.size() == 1) {
            all = std::move(batch);
            break;
        }
        if (batch.hasErrors())
            return Error::badRequest(QStringLiteral("a message has invalid points"));
        std::move(batch.points.begin(), batch.points.end(), std::back_inserter(all.points));
        all.errors.resize(all.points.size());
        all.isList = true;
    }
    // The topic names the device: its messages may only carry its own streams.
    for (const IncomingPoint &p : all.points) {
        const auto stream = StreamSlug::parse(QByteArrayView(p.stream));
        if (stream && stream->device().id() != who.slug.id())
            return Error::forbidden(
                QStringLiteral("%1 may not write %2").arg(deviceSlug, QString::fromLatin1(p.stream)));
    }
    Access access(&who.account, **mainDb);
    DataIngest ingest(m_server, access);
    ingest.setSource(CommittedBatch::Source::Mqtt);
    IOTILE_TRY(outcome, ingest.ingest(all));
    m_points.fetch_add(outcome.inserted);
    return Ok {};
}

Status MqttIngest::ingestReport(const QString &deviceSlug, const QByteArray &payload, qint64 received)
{
    auto mainDb = m_server.db().connection();
    if (!mainDb)
        return std::move(mainDb).error();
    IOTILE_TRY(who, claimant(**mainDb, deviceSlug));
    ReportUpload::File file;
    file.name = reportFileName(payload);
    file.data = payload;
    file.received = received;
    // The topic names the device: a report of another device is refused before anything is kept. A file
    // whose header cannot be read goes on, to be kept as a failed report like a broken HTTP upload.
    const ReportResult<Report> header =
        ReportParser::parseUpload(file.name, file.data, {}, SignaturePolicy::Lenient);
    if (header && header->deviceId != who.slug.id())
        return Error::forbidden(QStringLiteral("%1 may not upload a report of device %2")
                                    .arg(deviceSlug)
                                    .arg(header->deviceId <= DeviceSlug::kMaxId
                                             ? DeviceSlug(header->deviceId).toString()
                                             : QString::number(header->deviceId)));
    Access access(&who.account, **mainDb);
    IOTILE_TRY(accepted, ReportUpload(m_server, access, who.account).accept(file));
    m_reports.fetch_add(1);
    qCDebug(lcMqtt).noquote() << "report" << accepted.report.id << "of" << deviceSlug << "queued,"
                              << accepted.expectedCount << "readings";
    return Ok {};
}

} // namespace iotile
