#pragma once

#include "common/util/error.h"
#include "server/mqtt/mqttauthfiles.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

struct mosquitto;
struct mosquitto_message;

namespace iotile {

class ServerContext;
class SqlConnection;

// MQTT ingest (setting mqtt_url): subscribes with QoS 1 and a persistent session to
// <prefix>/device/+/data (the JSON bodies of POST /api/v1/data/) and <prefix>/device/+/report (a streamer
// report file, as uploaded to POST /api/v1/streamer/report/) and stores what devices publish through the
// HTTP paths (DataIngest: validation, dedup and one-transaction atomicity; ReportUpload: signature checks,
// blob, report record and queued processing), as the device's claiming user. A device may only write its
// own streams and reports; the broker's ACL (MqttAuthFiles, kept current here
// when mqtt_auth_dir is set) keeps it to its own topics. libmosquitto runs on a thread of its own and hands
// messages to a few ingest lanes (threads with their own database connections): a device's messages always
// go to the same lane, so they are stored in the order they came; a full lane holds the MQTT thread back,
// and with it the broker.
class MqttIngest final
{
public:
    static Result<std::unique_ptr<MqttIngest>> start(ServerContext &server);
    ~MqttIngest();
    MqttIngest(const MqttIngest &) = delete;
    MqttIngest &operator=(const MqttIngest &) = delete;

    bool isConnected() const { return m_connected.load(); }
    qint64 messages() const { return m_messages.load(); }
    qint64 pointsStored() const { return m_points.load(); }
    qint64 reportsAccepted() const { return m_reports.load(); }
    qint64 rejected() const { return m_rejected.load(); }
    // Rewrites the broker's password and ACL files when the device keys changed (also every 10 s).
    Status refreshAuthFiles();

private:
    explicit MqttIngest(ServerContext &server);
    void run();
    struct Message
    {
        QString topic;
        QString device;
        QByteArray payload;
        bool report = false;
        qint64 received = 0; // when the server got it, whole seconds (µs): a report's upload time
    };
    struct Claimant;
    struct Lane
    {
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<Message> queue;
        bool stop = false;
        std::thread thread;
    };
    void handle(const mosquitto_message &message);
    void runLane(Lane &lane);
    void store(const Message &message);
    bool storeTogether(const std::vector<Message> &messages);
    void finishConnections();
    void stopLanes();
    Result<Claimant> claimant(SqlConnection &mainDb, const QString &deviceSlug);
    // The data messages of one device, stored in one transaction.
    Status ingestData(const QString &deviceSlug, const std::vector<Message> &messages);
    Status ingestReport(const QString &deviceSlug, const QByteArray &payload, qint64 received);
    static void onConnect(mosquitto *mosq, void *self, int rc);
    static void onDisconnect(mosquitto *mosq, void *self, int rc);
    static void onMessage(mosquitto *mosq, void *self, const mosquitto_message *message);

    ServerContext &m_server;
    QByteArray m_host;
    int m_port = 1883;
    QByteArray m_user;
    QByteArray m_password;
    QByteArray m_clientId;
    QString m_prefix;
    mosquitto *m_mosq = nullptr;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stop {false};
    std::atomic<bool> m_connected {false};
    std::atomic<qint64> m_messages {0};
    std::atomic<qint64> m_points {0};
    std::atomic<qint64> m_reports {0};
    std::atomic<qint64> m_rejected {0};
    QList<MqttAuthFiles::Account> m_written;
    std::vector<std::unique_ptr<Lane>> m_lanes;
};

} // namespace iotile
