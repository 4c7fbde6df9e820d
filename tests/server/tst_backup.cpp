#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/backup/orgbackup.h"
#include "server/blob/blobstore.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// Org export and import (the `iotile-server export`/`import` commands): an org with members, a project,
// catalog references, a device, a variable, a stream, properties, notes, data points and events goes out
// of one server and into another (a fresh database), and the second server's API then answers exactly
// as the first's did; members log in with their old passwords. Data blocks, streamers with their reports,
// stream aliases, OTA scripts/requests/actions, stream filters with states, transitions, triggers,
// actions and log, alarms, report definitions, generated reports and the files behind them travel too. A
// second import of the same org, a truncated file and a file naming an unknown column are refused without
// writing anything.
class TstBackup : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void roundTrip();
    void operationsRoundTrip();
    void exportIsStable();
    void importTwiceConflicts();
    void truncatedFileRefused();
    void unknownColumnRefused();
    void unknownOrg();

private:
    QByteArray exportFrom(TestServer &server, const QString &org);
    Result<BackupCounts> importInto(TestServer &server, const QByteArray &file);
    qint64 orgCount(TestServer &server);
    // What the API shows of the org, for comparing two servers.
    QJsonObject snapshot(HttpClient &client);

    std::unique_ptr<TestServer> m_source;
    std::unique_ptr<TestServer> m_target;
    QString m_org;
    QString m_project;
    QString m_device;
    QString m_stream;
    qint64 m_fleetId = 0;
    // Files of the org (streamer report, OTA script, generated report): key -> content.
    QHash<QString, QByteArray> m_blobs;
    QByteArray m_export;
};

QByteArray TstBackup::exportFrom(TestServer &server, const QString &org)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto counts = OrgBackup::exportOrg(server.context(), org, buffer);
    [&] { QVERIFY2(counts, counts ? "" : qPrintable(counts.error().message())); }();
    return buffer.data();
}

Result<BackupCounts> TstBackup::importInto(TestServer &server, const QByteArray &file)
{
    QByteArray copy = file;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return OrgBackup::importOrg(server.context(), buffer);
}

qint64 TstBackup::orgCount(TestServer &server)
{
    auto db = server.context().db().connection();
    return *(*db)->query("SELECT count(*) FROM orgs").scalarInt64();
}

QJsonObject TstBackup::snapshot(HttpClient &c)
{
    QJsonObject s;
    const auto get = [&](const QString &path) {
        const HttpReply r = c.get(path);
        [&] { QVERIFY2(r.status == 200, qPrintable(path + QLatin1Char(' ') + QString::fromUtf8(r.body))); }();
        return r.json();
    };
    s.insert("org", get(QStringLiteral("/api/v1/org/%1/").arg(m_org)));
    s.insert("members", get(QStringLiteral("/api/v1/org/%1/members/").arg(m_org)));
    s.insert("projects", get(QStringLiteral("/api/v1/org/%1/projects/").arg(m_org)));
    s.insert("device", get(QStringLiteral("/api/v1/device/%1/").arg(m_device)));
    s.insert("variables", get(QStringLiteral("/api/v1/variable/?project=%1").arg(m_project)));
    s.insert("stream", get(QStringLiteral("/api/v1/stream/%1/").arg(m_stream)));
    s.insert("properties", get(QStringLiteral("/api/v1/property/?target=%1").arg(m_device)));
    s.insert("notes", get(QStringLiteral("/api/v1/note/?target=%1").arg(m_device)));
    // Point and event ids are the target's own; compare everything else.
    QJsonArray points;
    for (const QJsonValue &v : get(QStringLiteral("/api/v1/stream/%1/data/?page_size=1000").arg(m_stream))
                                   .toObject()
                                   .value("results")
                                   .toArray()) {
        QJsonObject p = v.toObject();
        p.remove("id");
        points.append(p);
    }
    s.insert("data", points);
    QJsonArray events;
    for (const QJsonValue &v : get(QStringLiteral("/api/v1/event/?filter=%1&page_size=1000").arg(m_stream))
                                   .toObject()
                                   .value("results")
                                   .toArray()) {
        QJsonObject e = v.toObject();
        e.remove("id");
        events.append(e);
    }
    s.insert("events", events);
    return s;
}

void TstBackup::initTestCase()
{
    m_source = std::make_unique<TestServer>();
    QVERIFY2(m_source->ok(), qPrintable(m_source->error()));
    const Account owner =
        m_source->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    const Account member =
        m_source->createUser(QStringLiteral("member@example.com"), QStringLiteral("password2"));
    m_source->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password3"));
    Seed seed(*m_source);
    const VarType type = seed.varType(QStringLiteral("Liquid Volume"), 1, 1, 3785, 1000);
    const SensorGraph sg = seed.sensorGraph(QStringLiteral("Water Meter"), {QStringLiteral("5001")}, &type);
    const Org org = seed.org(QStringLiteral("Backup Org"), owner);
    seed.member(org, member, QStringLiteral("m1"));
    const Project project = seed.project(org, QStringLiteral("Backup Project"), owner);
    const Variable v = seed.variable(project, 0x5001, QStringLiteral("Volume"), &type);
    const Device device = seed.claim(seed.device(0xb1, &sg, QStringLiteral("Meter")), project, owner);
    m_org = org.slug;
    m_project = project.slug;
    m_device = device.slug;
    m_stream = seed.stream(device, project, v).slug;
    // An org that must not leak into the export.
    const Org other = seed.org(QStringLiteral("Other Org"), owner);
    const Project otherProject = seed.project(other, QStringLiteral("Other Project"), owner);
    seed.claim(seed.device(0xc1), otherProject, owner);

    auto c = m_source->clientFor(owner);
    QJsonArray points;
    const qint64 t0 = *isotime::parse(QByteArrayView("2025-11-30T23:00:00Z")); // two months: two partitions
    for (int i = 0; i < 300; ++i)
        points.append(
            QJsonObject {{"stream", m_stream},
                         {"timestamp", isotime::toString(t0 + qint64(i) * 60 * isotime::kMicrosPerSecond)},
                         {"int_value", i * 7},
                         {"streamer_local_id", i + 1}});
    HttpReply r = c->post(QStringLiteral("/api/v1/data/"), points);
    QVERIFY2(r.status == 201, r.body.constData());
    QJsonArray events;
    for (int i = 0; i < 3; ++i)
        events.append(
            QJsonObject {{"stream", m_stream},
                         {"timestamp", isotime::toString(t0 + qint64(i) * isotime::kMicrosPerSecond)},
                         {"streamer_local_id", 500 + i},
                         {"extra_data", QJsonObject {{"i", i}, {"label", "trip"}}}});
    r = c->post(QStringLiteral("/api/v1/event/"), events);
    QVERIFY2(r.status == 201, r.body.constData());
    r = c->post(QStringLiteral("/api/v1/property/"),
                QJsonObject {{"target", m_device}, {"name", "Floor"}, {"int_value", 3}});
    QVERIFY2(r.status == 201, r.body.constData());
    r = c->post(
        QStringLiteral("/api/v1/note/"),
        QJsonObject {{"target", m_device}, {"note", "Installed"}, {"timestamp", "2025-11-30T22:00:00Z"}});
    QVERIFY2(r.status == 201, r.body.constData());

    // A fleet with the device (owners lack the original's can_manage_ota right: made in the store).
    {
        SqlQuery f =
            seed.db().query("INSERT INTO fleets (name, org_id, created_on) VALUES (?, ?, ?) RETURNING id");
        f.bind(QStringLiteral("Meters")).bind(org.id).bind(t0);
        const auto fleetId = f.scalarInt64();
        QVERIFY(fleetId);
        m_fleetId = *fleetId;
        SqlQuery m = seed.db().query(
            "INSERT INTO fleet_members (fleet_id, device_id, always_on, created_on) VALUES (?, ?, ?, ?)");
        m.bind(*fleetId).bind(device.id).bind(true).bind(t0);
        QVERIFY(m.exec());
    }

    // Operations data of the org, written in the store (each has its own API tests).
    {
        const auto insert = [&](const char *sql, const QVariantList &binds) -> qint64 {
            SqlQuery q = seed.db().query(sql);
            for (const QVariant &b : binds)
                q.bind(b);
            if (QByteArrayView(sql).contains("RETURNING")) {
                const auto id = q.scalarInt64();
                [&] { QVERIFY2(id, id ? "" : qPrintable(id.error().message())); }();
                return id ? *id : 0;
            }
            const Status s = q.exec();
            [&] { QVERIFY2(s, s ? "" : qPrintable(s.error().message())); }();
            return 0;
        };
        const QString block = QStringLiteral("b--0001-0000-0000-00b1");
        const qint64 blockId = insert(
            "INSERT INTO data_blocks (slug, title, device_id, block, org_id, sg_id, created_on, created_by)"
            " VALUES (?, 'Archive', ?, 1, ?, ?, ?, ?) RETURNING id",
            {block, device.id, org.id, sg.id, t0, owner.id});
        insert("INSERT INTO data_block_counters (device_id, last_block) VALUES (?, 1)", {device.id});
        insert("INSERT INTO streams (uuid, slug, block_id, variable_id, org_id, var_lid, created_on)"
               " VALUES ('5e1b2c3d-0000-4000-8000-0000000000b1', 's--0000-0000--0001-0000-0000-00b1--5001', "
               "?, ?,"
               " ?, 20481, ?)",
               {blockId, v.id, org.id, t0});
        const qint64 streamerId =
            insert("INSERT INTO streamers (slug, device_id, idx, created_on, created_by)"
                   " VALUES ('t--0000-0000-0000-00b1--0001', ?, 1, ?, ?) RETURNING id",
                   {device.id, t0, owner.id});
        m_blobs.insert(QStringLiteral("streamer/reports/2025/11/30/7f3e9a40-0000-4000-8000-000000000001.bin"),
                       QByteArray("signed report bytes\x01\x02"));
        m_blobs.insert(QStringLiteral("ota/scripts/3c1d-script/firmware.trub"), QByteArray("trub script"));
        m_blobs.insert(QStringLiteral("reports/generated/4d2e-report/report.csv"), QByteArray("a,b\n1,2\n"));
        for (auto it = m_blobs.cbegin(); it != m_blobs.cend(); ++it)
            QVERIFY(m_source->context().blobs().put(it.key(), it.value()));
        insert("INSERT INTO streamer_reports (id, streamer_id, blob_key, file_name, ext, received, status,"
               " created_on, created_by) VALUES ('7f3e9a40-0000-4000-8000-000000000001', ?,"
               " 'streamer/reports/2025/11/30/7f3e9a40-0000-4000-8000-000000000001.bin', 'r.bin', 'bin', ?,"
               " 'success', ?, ?)",
               {streamerId, t0, t0, owner.id});
        const qint64 aliasId =
            insert("INSERT INTO stream_aliases (slug, name, org_id, created_on, created_by)"
                   " VALUES ('a--0000-0001', 'Meter alias', ?, ?, ?) RETURNING id",
                   {org.id, t0, owner.id});
        SqlQuery streamRow = seed.db().query("SELECT id FROM streams WHERE slug = ?");
        streamRow.bind(m_stream);
        const qint64 streamId = *streamRow.scalarInt64();
        insert(
            "INSERT INTO stream_alias_taps (alias_id, timestamp, stream_id, created_on) VALUES (?, ?, ?, ?)",
            {aliasId, t0, streamId, t0});
        const qint64 scriptId = insert(
            "INSERT INTO device_scripts (uuid, name, org_id, major, minor, patch, file_uuid, file_name,"
            " file_key, created_on, created_by) VALUES ('3c1d0000-0000-4000-8000-000000000001', 'Firmware', "
            "?,"
            " 1, 2, 3, '3c1d0000-0000-4000-8000-0000000000f1', 'firmware.trub',"
            " 'ota/scripts/3c1d-script/firmware.trub', ?, ?) RETURNING id",
            {org.id, t0, owner.id});
        const qint64 requestId =
            insert("INSERT INTO ota_requests (script_id, fleet_id, org_id, created_on, created_by)"
                   " VALUES (?, ?, ?, ?, ?) RETURNING id",
                   {scriptId, m_fleetId, org.id, t0, owner.id});
        insert("INSERT INTO ota_rollout_devices (request_id, device_id, position, step) VALUES (?, ?, 0, 0)",
               {requestId, device.id});
        insert("INSERT INTO ota_actions (request_id, device_id, created_on) VALUES (?, ?, ?)",
               {requestId, device.id, t0});
        const qint64 filterId = insert("INSERT INTO stream_filters (slug, name, project_id, variable_id, "
                                       "device_id, input_stream_id, secret,"
                                       " created_on, created_by) VALUES "
                                       "('f--0000-0001--0000-0000-0000-00b1--5001', 'High flow', ?, ?, ?, ?,"
                                       " 'secret', ?, ?) RETURNING id",
                                       {project.id, v.id, device.id, streamId, t0, owner.id});
        const qint64 low = insert("INSERT INTO filter_states (filter_id, label, slug, created_on)"
                                  " VALUES (?, 'Low', 'low', ?) RETURNING id",
                                  {filterId, t0});
        const qint64 high = insert("INSERT INTO filter_states (filter_id, label, slug, created_on)"
                                   " VALUES (?, 'High', 'high', ?) RETURNING id",
                                   {filterId, t0});
        insert("INSERT INTO filter_transitions (id, filter_id, src_id, dst_id, created_on)"
               " VALUES ('6a7b0000-0000-4000-8000-000000000001', ?, ?, ?, ?)",
               {filterId, low, high, t0});
        insert("INSERT INTO filter_triggers (filter_id, transition_id, operator, threshold, created_on)"
               " VALUES (?, '6a7b0000-0000-4000-8000-000000000001', 'gt', 10, ?)",
               {filterId, t0});
        const qint64 actionId = insert("INSERT INTO filter_actions (filter_id, state_id, type, created_on)"
                                       " VALUES (?, ?, 'eml', ?) RETURNING id",
                                       {filterId, high, t0});
        insert(
            "INSERT INTO filter_current_states (filter_id, stream, state_id, updated_on) VALUES (?, ?, ?, ?)",
            {filterId, m_stream, high, t0});
        insert("INSERT INTO filter_logs (uuid, filter_id, target_slug, device_id, ts, src, dst, created_on)"
               " VALUES ('6a7b0000-0000-4000-8000-0000000000l1', ?, ?, ?, ?, 'low', 'high', ?)",
               {filterId, m_stream, device.id, t0, t0});
        insert(
            "INSERT INTO alarms (rule, severity, target, target_type, org_id, project_id, device_id, stream,"
            " filter_id, state_id, action_id, first_seen, last_seen, ack_by)"
            " VALUES ('filter', 'warning', ?, 'device', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {device.slug, org.id, project.id, device.id, m_stream, filterId, high, actionId, t0, t0,
             member.id});
        const qint64 reportId =
            insert("INSERT INTO user_reports (label, org_id, generator, created_on, created_by)"
                   " VALUES ('Monthly', ?, 'end_of_month', ?, ?) RETURNING id",
                   {org.id, t0, owner.id});
        insert("INSERT INTO generated_reports (id, label, report_id, org_id, status, generator, file_key,"
               " file_name, created_on, created_by) VALUES ('4d2e0000-0000-4000-8000-000000000001', "
               "'Monthly', ?,"
               " ?, 'G1', 'end_of_month', 'reports/generated/4d2e-report/report.csv', 'report.csv', ?, ?)",
               {reportId, org.id, t0, owner.id});
    }

    m_export = exportFrom(*m_source, m_org);
    QVERIFY(!m_export.isEmpty());

    // The target knows the catalog (var types and sensor graphs are shared by every org) but no accounts.
    m_target = std::make_unique<TestServer>();
    QVERIFY2(m_target->ok(), qPrintable(m_target->error()));
    Seed targetSeed(*m_target);
    const VarType t2 = targetSeed.varType(QStringLiteral("Liquid Volume"), 1, 1, 3785, 1000);
    targetSeed.sensorGraph(QStringLiteral("Water Meter"), {QStringLiteral("5001")}, &t2);
}

void TstBackup::cleanupTestCase()
{
    m_target.reset();
    m_source.reset();
}

void TstBackup::roundTrip()
{
    // The file: a header, rows, data chunks, events, and an end line with the counts.
    const QList<QByteArray> lines = m_export.trimmed().split('\n');
    QVERIFY(lines.first().contains("\"format\":\"iotile-org-export\""));
    const QJsonObject end = QJsonDocument::fromJson(lines.last()).object();
    QVERIFY(end.value("end").toBool());
    const QJsonObject counts = end.value("counts").toObject();
    QCOMPARE(counts.value("orgs").toInt(), 1);
    QCOMPARE(counts.value("accounts").toInt(), 2); // owner and member, not the outsider
    QCOMPARE(counts.value("projects").toInt(), 1);
    QCOMPARE(counts.value("devices").toInt(), 1);
    QCOMPARE(counts.value("stream_data").toInt(), 300);
    QCOMPARE(counts.value("stream_events").toInt(), 3);
    QCOMPARE(counts.value("properties").toInt(), 1);
    QCOMPARE(counts.value("notes").toInt(), 1);
    QCOMPARE(counts.value("fleets").toInt(), 1);
    QCOMPARE(counts.value("fleet_members").toInt(), 1);
    QVERIFY(!m_export.contains("Other Org"));
    QVERIFY(!m_export.contains("outsider@example.com"));
    QVERIFY(m_export.contains("pbkdf2_sha256$")); // password hashes travel, so members keep their passwords

    auto imported = importInto(*m_target, m_export);
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message()));
    QCOMPARE(imported->org, m_org);
    QCOMPARE(imported->rows.value("stream_data"), 300);
    QCOMPARE(imported->rows.value("accounts"), 2);
    QCOMPARE(imported->rows.value("unresolved"), 0); // every catalog slug was found in the target

    // The owner logs in on the target with the old password and sees what the source showed.
    auto sourceClient = m_source->anonymous();
    auto targetClient = m_target->anonymous();
    for (auto *c : {sourceClient.get(), targetClient.get()}) {
        const HttpReply login =
            c->post(QStringLiteral("/api/v1/auth/login/"),
                    QJsonObject {{"email", "owner@example.com"}, {"password", "password1"}});
        QVERIFY2(login.status == 200, login.body.constData());
        c->setAuthorization("JWT " + login.object().value("jwt").toString().toLatin1());
    }
    const QJsonObject before = snapshot(*sourceClient);
    const QJsonObject after = snapshot(*targetClient);
    for (auto it = before.begin(); it != before.end(); ++it)
        QVERIFY2(
            it.value() == after.value(it.key()),
            qPrintable(QStringLiteral("%1 differs:\n%2\n%3")
                           .arg(it.key(),
                                QString::fromUtf8(QJsonDocument(QJsonObject {{"v", it.value()}}).toJson()),
                                QString::fromUtf8(
                                    QJsonDocument(QJsonObject {{"v", after.value(it.key())}}).toJson()))));
    QCOMPARE(before.value("data").toArray().size(), 300);
    QCOMPARE(before.value("events").toArray().size(), 3);
    // The fleet kept its id (its slug), with its member; the id sequence moved past it.
    auto db = m_target->context().db().connection();
    SqlQuery kept =
        (*db)->query("SELECT count(*) FROM fleet_members WHERE fleet_id = ? AND always_on = {TRUE}");
    kept.bind(m_fleetId);
    QCOMPARE(*kept.scalarInt64(), 1);
    const auto newId =
        (*db)
            ->query("INSERT INTO fleets (name, org_id, created_on) SELECT 'New', id, 0 FROM orgs "
                    "WHERE slug = 'backup-org' RETURNING id")
            .scalarInt64();
    QVERIFY2(newId, newId ? "" : qPrintable(newId.error().message()));
    QVERIFY(*newId > m_fleetId);
    SqlQuery drop = (*db)->query("DELETE FROM fleets WHERE id = ?");
    drop.bind(*newId);
    QVERIFY(drop.exec());
}

// The operations tables arrive with their references renumbered consistently, and their files with them.
void TstBackup::operationsRoundTrip()
{
    auto sourceDb = m_source->context().db().connection();
    auto targetDb = m_target->context().db().connection();
    for (const char *table : {"data_blocks",           "data_block_counters", "streamers",
                              "streamer_reports",      "stream_aliases",      "stream_alias_taps",
                              "device_scripts",        "ota_requests",        "ota_rollout_devices",
                              "ota_actions",           "stream_filters",      "filter_states",
                              "filter_transitions",    "filter_triggers",     "filter_actions",
                              "filter_current_states", "filter_logs",         "alarms",
                              "user_reports",          "generated_reports"}) {
        const QString sql = QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table));
        const qint64 expected = *(*sourceDb)->query(sql).scalarInt64();
        QVERIFY2(expected > 0, table);
        QVERIFY2(*(*targetDb)->query(sql).scalarInt64() == expected, table);
    }
    const auto one = [&](const char *sql) {
        const auto n = (*targetDb)->query(sql).scalarInt64();
        QVERIFY2(n && *n == 1, sql);
    };
    one("SELECT count(*) FROM streams s JOIN data_blocks b ON s.block_id = b.id"
        " WHERE b.slug = 'b--0001-0000-0000-00b1' AND s.slug = 's--0000-0000--0001-0000-0000-00b1--5001'");
    one("SELECT count(*) FROM streamer_reports r JOIN streamers s ON r.streamer_id = s.id"
        " WHERE s.slug = 't--0000-0000-0000-00b1--0001'");
    one("SELECT count(*) FROM stream_alias_taps t JOIN stream_aliases a ON t.alias_id = a.id"
        " JOIN streams s ON t.stream_id = s.id WHERE a.slug = 'a--0000-0001' AND s.device_id = 177");
    one("SELECT count(*) FROM ota_requests r JOIN device_scripts s ON r.script_id = s.id"
        " JOIN fleets f ON r.fleet_id = f.id JOIN ota_actions a ON a.request_id = r.id"
        " JOIN ota_rollout_devices d ON d.request_id = r.id WHERE s.uuid = "
        "'3c1d0000-0000-4000-8000-000000000001'");
    one("SELECT count(*) FROM filter_transitions t JOIN filter_states a ON t.src_id = a.id"
        " JOIN filter_states b ON t.dst_id = b.id JOIN stream_filters f ON t.filter_id = f.id"
        " WHERE a.slug = 'low' AND b.slug = 'high' AND a.filter_id = f.id AND b.filter_id = f.id"
        " AND f.input_stream_id IN (SELECT id FROM streams WHERE device_id = 177)");
    one("SELECT count(*) FROM alarms a JOIN filter_actions x ON a.action_id = x.id"
        " JOIN filter_states s ON a.state_id = s.id JOIN accounts u ON a.ack_by = u.id"
        " WHERE s.slug = 'high' AND u.email = 'member@example.com'");
    one("SELECT count(*) FROM filter_logs l JOIN stream_filters f ON l.filter_id = f.id");
    one("SELECT count(*) FROM generated_reports g JOIN user_reports r ON g.report_id = r.id"
        " WHERE r.label = 'Monthly'");
    for (auto it = m_blobs.cbegin(); it != m_blobs.cend(); ++it) {
        const auto content = m_target->context().blobs().get(it.key());
        QVERIFY2(content, qPrintable(it.key()));
        QCOMPARE(*content, it.value());
    }
    const QJsonObject end = QJsonDocument::fromJson(m_export.trimmed().split('\n').last()).object();
    QCOMPARE(end.value("counts").toObject().value("blobs").toInt(), 3);
}

void TstBackup::exportIsStable()
{
    // Exporting the imported org gives the same file but for the time stamp and account ids.
    const QByteArray again = exportFrom(*m_target, m_org);
    const QList<QByteArray> a = m_export.trimmed().split('\n');
    const QList<QByteArray> b = again.trimmed().split('\n');
    QCOMPARE(b.size(), a.size());
    int dataLines = 0;
    for (int i = 1; i < a.size(); ++i) {
        if (a.at(i).startsWith("{\"data\"")) {
            QCOMPARE(b.at(i), a.at(i));
            ++dataLines;
        }
    }
    QVERIFY(dataLines >= 1);
    QCOMPARE(b.last(), a.last());
}

void TstBackup::importTwiceConflicts()
{
    const qint64 orgs = orgCount(*m_target);
    auto again = importInto(*m_target, m_export);
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), ErrorKind::Conflict);
    QVERIFY2(again.error().message().contains(m_org), qPrintable(again.error().message()));
    QCOMPARE(orgCount(*m_target), orgs);
}

void TstBackup::truncatedFileRefused()
{
    TestServer fresh;
    QVERIFY2(fresh.ok(), qPrintable(fresh.error()));
    QByteArray cut = m_export.trimmed();
    cut.truncate(cut.lastIndexOf('\n') + 1); // drop the end line
    auto r = importInto(fresh, cut);
    QVERIFY(!r);
    QVERIFY2(r.error().message().contains(QLatin1String("incomplete")), qPrintable(r.error().message()));
    QCOMPARE(orgCount(fresh), 0);
    auto garbage = importInto(fresh, "{\"format\":\"something else\"}\n");
    QVERIFY(!garbage);
}

void TstBackup::unknownColumnRefused()
{
    TestServer fresh;
    QVERIFY2(fresh.ok(), qPrintable(fresh.error()));
    // A column the target does not have is refused (names in the file are never trusted as SQL).
    QByteArray evil = m_export;
    evil.replace("\"about\":", "\"about) VALUES (1); DROP TABLE orgs; --\":");
    auto r = importInto(fresh, evil);
    QVERIFY(!r);
    QVERIFY2(r.error().message().contains(QLatin1String("has no column")), qPrintable(r.error().message()));
    QCOMPARE(orgCount(fresh), 0);
    auto db = fresh.context().db().connection();
    QCOMPARE(*(*db)->query("SELECT count(*) FROM accounts").scalarInt64(), 0);
}

void TstBackup::unknownOrg()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto r = OrgBackup::exportOrg(m_source->context(), QStringLiteral("no-such-org"), buffer);
    QVERIFY(!r);
    QCOMPARE(r.error().kind(), ErrorKind::NotFound);
}

QTEST_GUILESS_MAIN(TstBackup)
#include "tst_backup.moc"
