#include "client/app/translations.h"
#include "client/fleets/deploymentdialog.h"
#include "client/fleets/deploymentlistmodel.h"
#include "client/fleets/deploymentprogressmodel.h"
#include "client/fleets/devicescriptmodel.h"
#include "client/fleets/fleetlistmodel.h"
#include "client/fleets/fleetmembersmodel.h"
#include "client/fleets/fleetswidget.h"
#include "client/fleets/scriptuploaddialog.h"
#include "client/widgets/noticebar.h"
#include "common/api/apiclient.h"
#include "common/api/deploymentaction.h"
#include "common/api/deploymentrequest.h"
#include "common/api/devicescript.h"
#include "common/api/deviceversion.h"
#include "common/api/fleet.h"
#include "common/api/fleetmember.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace iotile;
using namespace iotile::test;

// Fleets and OTA against a real server on loopback: the list models with their edits (fleets created,
// edited and deleted, devices added and removed, script files uploaded), deployment requests created
// from a device script and released, the progress of a request from the actions a gateway reports and
// the version the device confirms through its OS tag/version stream, and the Fleets & OTA view.
class TstFleets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void wireTypes();
    void requestState_data();
    void requestState();
    void fleetList();
    void fleetCreateEditDelete();
    void fleetRights();
    void members();
    void memberOfAnotherOrg();
    void memberFlags();
    void scripts();
    void scriptUpload();
    void deploymentFlow();
    void progressFollows();
    void progressKeepsRowsOnFailure();
    void criteria_data();
    void criteria();
    void view();

private:
    std::unique_ptr<api::ApiClient> client(const Account &account) const;
    static bool waitLoaded(RecordListModel *model);
    // A fleet of the org made through the API, with these devices (always-on and gateway flags off).
    QString makeFleet(const QString &name, const QStringList &devices, bool network = false,
                      const QString &description = {});
    qint64 makeReleasedRequest(const QString &fleet);
    QString dataStream(const QString &device, int lid) const;

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_dev, m_member, m_staff; // m_dev manages OTA (role d1); owners may not
    Org m_acme, m_zeta;
    Project m_plant;
    QString m_firmware1, m_firmware2, m_config; // script slugs
    QString m_trucks, m_warehouse, m_lab; // fleet slugs
};

namespace {

const QString kDev1 = QStringLiteral("d--0000-0000-0000-0001");
const QString kDev2 = QStringLiteral("d--0000-0000-0000-0002");
const QString kDev3 = QStringLiteral("d--0000-0000-0000-0003");
const QString kZetaDev = QStringLiteral("d--0000-0000-0000-0009");

// An OS or app tag/version word as devices report it on 5c08/5c09: tag in the low 20 bits, then minor
// and major.
double versionWord(quint32 tag, int major, int minor)
{
    return double(tag | quint32(minor) << 20 | quint32(major) << 26);
}

} // namespace

void TstFleets::initTestCase()
{
    // The English plural forms ("3 devices") come from the embedded English translation.
    Translations::install(QStringLiteral("en"));
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("owner password"));
    m_dev = m_server->createUser(QStringLiteral("dev@example.com"), QStringLiteral("dev password"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("member password"));
    m_staff =
        m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("staff password"), true);
    Seed seed(*m_server);
    // A vendor org runs its own devices: its scripts, fleets and devices are all in one org.
    m_acme = seed.org(QStringLiteral("Acme"), m_owner, true);
    seed.member(m_acme, m_dev, QStringLiteral("d1"));
    seed.member(m_acme, m_member, QStringLiteral("m1"));
    m_zeta = seed.org(QStringLiteral("Zeta"), m_owner);
    seed.member(m_zeta, m_dev, QStringLiteral("d1"));
    m_plant = seed.project(m_acme, QStringLiteral("Plant"), m_owner);
    const Project zetaProject = seed.project(m_zeta, QStringLiteral("Elsewhere"), m_owner);
    const SensorGraph meter = seed.sensorGraph(QStringLiteral("Water Meter"), {QStringLiteral("5001")});
    seed.claim(seed.device(0x1, &meter, QStringLiteral("Pump")), m_plant, m_owner);
    seed.claim(seed.device(0x2, &meter), m_plant, m_owner);
    seed.claim(seed.device(0x3, &meter, QStringLiteral("Valve")), m_plant, m_owner);
    seed.claim(seed.device(0x9, &meter, QStringLiteral("Far")), zetaProject, m_owner);

    auto owner = m_server->clientFor(m_dev);
    const auto script = [&](const QString &name, int major, int minor, bool released) {
        const HttpReply r = owner->post(QStringLiteral("/api/v1/ota/script/"),
                                        QJsonObject {{"name", name},
                                                     {"org", m_acme.slug},
                                                     {"major_version", major},
                                                     {"minor_version", minor},
                                                     {"released", released}});
        if (r.status != 201)
            qWarning("script: %d %s", r.status, r.body.constData());
        return r.object().value("slug").toString();
    };
    m_firmware1 = script(QStringLiteral("Firmware"), 1, 0, true);
    m_firmware2 = script(QStringLiteral("Firmware"), 1, 1, false);
    m_config = script(QStringLiteral("Config"), 0, 1, true);
    QVERIFY(!m_firmware1.isEmpty() && !m_firmware2.isEmpty() && !m_config.isEmpty());
    m_warehouse = makeFleet(QStringLiteral("Warehouse"), {}, true, QStringLiteral("Gateways in hall 2"));
    m_trucks = makeFleet(QStringLiteral("Trucks"), {kDev2});
    m_lab = makeFleet(QStringLiteral("Lab"), {});
    QVERIFY(!m_warehouse.isEmpty() && !m_trucks.isEmpty() && !m_lab.isEmpty());
    QCOMPARE(owner
                 ->post(QStringLiteral("/api/v1/fleet/%1/register/").arg(m_trucks),
                        QJsonObject {{"device", kDev1}, {"always_on", true}, {"is_access_point", true}})
                 .status,
             201);
    // Devices 1 and 2 run OS tag 1024 v1.0 (what a deployment's selection criteria look at).
    auto staff = m_server->clientFor(m_staff);
    for (const QString &device : {kDev1, kDev2}) {
        QCOMPARE(staff
                     ->post(QStringLiteral("/api/v1/ota/version/?staff=1"),
                            QJsonObject {{"device", device},
                                         {"type", "os"},
                                         {"tag", 1024},
                                         {"major_version", 1},
                                         {"minor_version", 0},
                                         {"updated_ts", "2026-01-01T00:00:00Z"}})
                     .status,
                 201);
    }
}

void TstFleets::cleanupTestCase()
{
    m_server.reset();
}

std::unique_ptr<api::ApiClient> TstFleets::client(const Account &account) const
{
    auto api = std::make_unique<api::ApiClient>();
    api->setBaseUrl(QUrl(m_server->baseUrl()));
    api->setToken(m_server->jwtFor(account));
    return api;
}

bool TstFleets::waitLoaded(RecordListModel *model)
{
    QSignalSpy loaded(model, &RecordListModel::loaded);
    return loaded.wait(10000);
}

QString TstFleets::makeFleet(const QString &name, const QStringList &devices, bool network,
                             const QString &description)
{
    auto owner = m_server->clientFor(m_dev);
    const HttpReply r = owner->post(
        QStringLiteral("/api/v1/fleet/"),
        QJsonObject {
            {"name", name}, {"org", m_acme.slug}, {"is_network", network}, {"description", description}});
    if (r.status != 201)
        return {};
    const QString slug = r.object().value("slug").toString();
    for (const QString &device : devices) {
        if (owner
                ->post(QStringLiteral("/api/v1/fleet/%1/register/").arg(slug),
                       QJsonObject {{"device", device}})
                .status
            != 201)
            return {};
    }
    return slug;
}

qint64 TstFleets::makeReleasedRequest(const QString &fleet)
{
    auto owner = m_server->clientFor(m_dev);
    const HttpReply r =
        owner->post(QStringLiteral("/api/v1/ota/request/"),
                    QJsonObject {{"script", m_firmware1}, {"org", m_acme.slug}, {"fleet", fleet}});
    const qint64 id = r.object().value("id").toInteger();
    if (r.status != 201
        || owner->post(QStringLiteral("/api/v1/ota/request/%1/release/").arg(id), QJsonObject {}).status
            != 200)
        return 0;
    return id;
}

QString TstFleets::dataStream(const QString &device, int lid) const
{
    return QStringLiteral("s--%1--%2--%3")
        .arg(m_plant.slug.mid(3), device.mid(3))
        .arg(lid, 4, 16, QLatin1Char('0'));
}

void TstFleets::wireTypes()
{
    // The wire types read what the server answers.
    auto owner = m_server->clientFor(m_dev);
    const api::Fleet fleet =
        api::Fleet::fromJson(owner->get(QStringLiteral("/api/v1/fleet/%1/").arg(m_warehouse)).object());
    QCOMPARE(fleet.slug, m_warehouse);
    QCOMPARE(fleet.org, m_acme.slug);
    QCOMPARE(fleet.name, QStringLiteral("Warehouse"));
    QVERIFY(fleet.isNetwork);
    QVERIFY(fleet.createdOn.isValid());
    QCOMPARE(fleet.toBody().keys(), (QStringList {"description", "is_network", "name", "org"}));

    const QJsonArray members = owner->get(QStringLiteral("/api/v1/fleet/%1/devices/").arg(m_trucks))
                                   .object()
                                   .value("results")
                                   .toArray();
    QList<api::FleetMember> parsed;
    for (const QJsonValue &m : members)
        parsed.append(api::FleetMember::fromJson(m.toObject()));
    const auto dev1 = std::find_if(parsed.cbegin(), parsed.cend(),
                                   [](const api::FleetMember &m) { return m.device == kDev1; });
    QVERIFY(dev1 != parsed.cend());
    QVERIFY(dev1->alwaysOn && dev1->isAccessPoint);

    const api::DeviceScript script = api::DeviceScript::fromJson(
        owner->get(QStringLiteral("/api/v1/ota/script/%1/").arg(m_firmware1)).object());
    QCOMPARE(script.displayName(), QStringLiteral("Firmware v1.0.0"));
    QVERIFY(script.released);
    QCOMPARE(script.releasedOn, QDate::currentDate());

    const api::DeviceVersion version =
        api::DeviceVersion::fromJson(owner->get(QStringLiteral("/api/v1/ota/version/?device=%1").arg(kDev1))
                                         .object()
                                         .value("results")
                                         .toArray()
                                         .at(0)
                                         .toObject());
    QCOMPARE(version.displayText(), QStringLiteral("v1.0 (tag 1024)"));

    const QJsonObject create = api::DeploymentRequest::createBody(m_firmware1, m_acme.slug, QString(), {});
    QVERIFY(create.value("fleet").isNull());
    QCOMPARE(create.value("selection_criteria").toArray().size(), 0);
}

void TstFleets::requestState_data()
{
    QTest::addColumn<QJsonValue>("released");
    QTest::addColumn<QJsonValue>("completed");
    QTest::addColumn<int>("state");
    using State = api::DeploymentRequest::State;
    QTest::newRow("draft") << QJsonValue() << QJsonValue() << int(State::Draft);
    QTest::newRow("released") << QJsonValue("2024-01-01T00:00:00Z") << QJsonValue() << int(State::Released);
    QTest::newRow("release in the future")
        << QJsonValue("2099-01-01T00:00:00Z") << QJsonValue() << int(State::Draft);
    QTest::newRow("completed") << QJsonValue("2024-01-01T00:00:00Z") << QJsonValue("2024-02-01T00:00:00Z")
                               << int(State::Completed);
}

void TstFleets::requestState()
{
    QFETCH(QJsonValue, released);
    QFETCH(QJsonValue, completed);
    QFETCH(int, state);
    const auto request = api::DeploymentRequest::fromJson(QJsonObject {
        {"id", 1}, {"script", "z--0000-0001"}, {"released_on", released}, {"completed_on", completed}});
    QCOMPARE(int(request.state(QDateTime(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc()))), state);
}

void TstFleets::fleetList()
{
    auto api = client(m_dev);
    FleetListModel model(api.get());
    QAbstractItemModelTester tester(&model);
    model.setOrg(m_acme.slug);
    QVERIFY(waitLoaded(&model));
    // By name.
    QVERIFY(model.rowCount() >= 3);
    QCOMPARE(model.index(0, FleetListModel::NameColumn).data().toString(), QStringLiteral("Lab"));
    const int warehouse = model.rowOfSlug(m_warehouse);
    QVERIFY(warehouse > model.rowOfSlug(m_trucks));
    QCOMPARE(model.index(warehouse, FleetListModel::NetworkColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(model.index(warehouse, FleetListModel::DescriptionColumn).data().toString(),
             QStringLiteral("Gateways in hall 2"));
    QCOMPARE(model.index(warehouse, 0).data(FleetListModel::SlugRole).toString(), m_warehouse);

    // Another org's list is its own (empty).
    model.setOrg(m_zeta.slug);
    QVERIFY(waitLoaded(&model));
    QCOMPARE(model.rowCount(), 0);
}

void TstFleets::fleetCreateEditDelete()
{
    auto api = client(m_dev);
    auto http = m_server->clientFor(m_dev);
    FleetListModel model(api.get());
    QAbstractItemModelTester tester(&model);
    model.setOrg(m_acme.slug);
    QVERIFY(waitLoaded(&model));
    const int before = model.rowCount();

    QSignalSpy created(&model, &FleetListModel::created);
    api::Fleet fleet;
    fleet.name = QStringLiteral("Boats");
    fleet.org = m_acme.slug;
    fleet.description = QStringLiteral("On the lake");
    model.createFleet(fleet);
    QVERIFY(created.wait(10000));
    const QString slug = created.at(0).at(0).toString();
    QVERIFY(slug.startsWith(QStringLiteral("g--")));
    QCOMPARE(model.rowCount(), before + 1);
    HttpReply stored = http->get(QStringLiteral("/api/v1/fleet/%1/").arg(slug));
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.object().value("name").toString(), QStringLiteral("Boats"));
    QCOMPARE(stored.object().value("description").toString(), QStringLiteral("On the lake"));
    QCOMPARE(stored.object().value("created_by").toString(), m_dev.slug);

    QSignalSpy saved(&model, &RecordListModel::saved);
    api::Fleet edit = api::Fleet::fromJson(model.record(model.rowOfSlug(slug)));
    edit.name = QStringLiteral("Lorries");
    edit.isNetwork = true;
    model.updateFleet(model.rowOfSlug(slug), edit);
    QVERIFY(saved.wait(10000));
    stored = http->get(QStringLiteral("/api/v1/fleet/%1/").arg(slug));
    QCOMPARE(stored.object().value("name").toString(), QStringLiteral("Lorries"));
    QVERIFY(stored.object().value("is_network").toBool());
    QCOMPARE(stored.object().value("org").toString(), m_acme.slug);
    QCOMPARE(model.index(model.rowOfSlug(slug), FleetListModel::NameColumn).data().toString(),
             QStringLiteral("Lorries"));

    // A second fleet of the same name is refused, and the list stays as it was.
    QSignalSpy failed(&model, &RecordListModel::failed);
    fleet.name = QStringLiteral("Lorries");
    model.createFleet(fleet);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("unique")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(model.rowCount(), before + 1);

    QSignalSpy deleted(&model, &FleetListModel::deleted);
    model.deleteFleet(model.rowOfSlug(slug));
    QVERIFY(deleted.wait(10000));
    QCOMPARE(deleted.at(0).at(0).toString(), slug);
    QCOMPARE(model.rowOfSlug(slug), -1);
    QCOMPARE(model.rowCount(), before);
    QCOMPARE(http->get(QStringLiteral("/api/v1/fleet/%1/").arg(slug)).status, 404);

    // A fleet an open deployment request targets is kept; the row stays and the reason is reported.
    const QString busy = makeFleet(QStringLiteral("Busy"), {kDev3});
    QVERIFY(!busy.isEmpty());
    QVERIFY(makeReleasedRequest(busy) > 0);
    model.reload();
    QVERIFY(waitLoaded(&model));
    failed.clear();
    model.deleteFleet(model.rowOfSlug(busy));
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("open deployment request")),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(model.rowOfSlug(busy) >= 0);
    QCOMPARE(http->get(QStringLiteral("/api/v1/fleet/%1/").arg(busy)).status, 200);
}

void TstFleets::fleetRights()
{
    // A member without the right to manage OTA sees the fleets but cannot change them.
    auto api = client(m_member);
    FleetListModel model(api.get());
    model.setOrg(m_acme.slug);
    QVERIFY(waitLoaded(&model));
    QVERIFY(model.rowOfSlug(m_lab) >= 0);
    QSignalSpy failed(&model, &RecordListModel::failed);
    api::Fleet fleet;
    fleet.name = QStringLiteral("Not mine");
    fleet.org = m_acme.slug;
    model.createFleet(fleet);
    QVERIFY(failed.wait(10000));
    model.deleteFleet(model.rowOfSlug(m_lab));
    QVERIFY(failed.wait(10000));
    QVERIFY(model.rowOfSlug(m_lab) >= 0);
    QCOMPARE(m_server->clientFor(m_dev)->get(QStringLiteral("/api/v1/fleet/%1/").arg(m_lab)).status, 200);
}

void TstFleets::members()
{
    auto api = client(m_dev);
    auto http = m_server->clientFor(m_dev);
    const QString fleet = makeFleet(QStringLiteral("Members"), {kDev2, kDev1});
    QVERIFY(!fleet.isEmpty());
    FleetMembersModel model(api.get());
    QAbstractItemModelTester tester(&model);
    model.setFleet(fleet);
    QVERIFY(waitLoaded(&model));
    QCOMPARE(model.deviceSlugs(), (QStringList {kDev1, kDev2}));
    QCOMPARE(model.index(0, FleetMembersModel::AccessPointColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Unchecked));
    model.setDeviceLabels({{kDev1, QStringLiteral("Pump")}});
    QCOMPARE(model.index(0, FleetMembersModel::LabelColumn).data().toString(), QStringLiteral("Pump"));

    const auto serverMembers = [&] {
        QHash<QString, QJsonObject> out;
        for (const QJsonValue &m : http->get(QStringLiteral("/api/v1/fleet/%1/devices/").arg(fleet))
                                       .object()
                                       .value("results")
                                       .toArray())
            out.insert(m.toObject().value("device").toString(), m.toObject());
        return out;
    };

    QSignalSpy saved(&model, &RecordListModel::saved);
    api::FleetMember member;
    member.device = kDev3;
    member.isAccessPoint = true;
    model.addDevice(member);
    QVERIFY(saved.wait(10000));
    QCOMPARE(model.rowCount(), 3);
    QHash<QString, QJsonObject> stored = serverMembers();
    QCOMPARE(stored.size(), 3);
    QVERIFY(stored.value(kDev3).value("is_access_point").toBool());
    QVERIFY(!stored.value(kDev3).value("always_on").toBool());

    // A device already in the fleet is not sent again.
    member.device = kDev1;
    model.addDevice(member);
    QCOMPARE(api->requestsInFlight(), 0);

    model.removeDevice(model.rowOfDevice(kDev2));
    QVERIFY(saved.wait(10000));
    QCOMPARE(model.rowOfDevice(kDev2), -1);
    QCOMPARE(model.rowCount(), 2);
    stored = serverMembers();
    QCOMPARE(stored.size(), 2);
    QVERIFY(!stored.contains(kDev2));
}

void TstFleets::memberOfAnotherOrg()
{
    auto api = client(m_dev);
    FleetMembersModel model(api.get());
    model.setFleet(m_lab);
    QVERIFY(waitLoaded(&model));
    QSignalSpy failed(&model, &RecordListModel::failed);
    api::FleetMember member;
    member.device = kZetaDev;
    model.addDevice(member);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("same Org")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(model.rowCount(), 0);
}

void TstFleets::memberFlags()
{
    auto api = client(m_dev);
    const QString fleet = makeFleet(QStringLiteral("Flags"), {kDev2});
    QVERIFY(!fleet.isEmpty());
    FleetMembersModel model(api.get());
    QAbstractItemModelTester tester(&model);
    model.setFleet(fleet);
    QVERIFY(waitLoaded(&model));
    QVERIFY(model.flags(model.index(0, FleetMembersModel::AlwaysOnColumn)).testFlag(Qt::ItemIsUserCheckable));
    QVERIFY(!model.flags(model.index(0, FleetMembersModel::DeviceColumn)).testFlag(Qt::ItemIsUserCheckable));

    // No call edits a membership: deregister, then register with the new flags.
    QSignalSpy saved(&model, &RecordListModel::saved);
    QVERIFY(
        model.setData(model.index(0, FleetMembersModel::AccessPointColumn), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(QTest::qWaitFor([&] { return saved.size() == 2; }, 10000));
    QCOMPARE(model.index(0, FleetMembersModel::AccessPointColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    const QJsonArray stored = m_server->clientFor(m_dev)
                                  ->get(QStringLiteral("/api/v1/fleet/%1/devices/").arg(fleet))
                                  .object()
                                  .value("results")
                                  .toArray();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.at(0).toObject(),
             (QJsonObject {{"device", kDev2}, {"always_on", false}, {"is_access_point", true}}));
}

void TstFleets::scripts()
{
    auto api = client(m_dev);
    DeviceScriptModel model(api.get());
    QAbstractItemModelTester tester(&model);
    model.setOrg(m_acme.slug);
    QVERIFY(waitLoaded(&model));
    QCOMPARE(model.rowCount(), 3);
    // By name, newest version first.
    QCOMPARE(model.index(0, DeviceScriptModel::NameColumn).data().toString(),
             QStringLiteral("Config v0.1.0"));
    QCOMPARE(model.index(1, DeviceScriptModel::NameColumn).data().toString(),
             QStringLiteral("Firmware v1.1.0"));
    QCOMPARE(model.index(1, DeviceScriptModel::ReleasedColumn).data().toString(),
             QStringLiteral("not released"));
    QCOMPARE(model.index(2, 0).data(DeviceScriptModel::SlugRole).toString(), m_firmware1);
    QCOMPARE(model.rowOfSlug(m_config), 0);

    // A member without the right to manage OTA lists none of them.
    auto memberApi = client(m_member);
    DeviceScriptModel memberModel(memberApi.get());
    memberModel.setOrg(m_acme.slug);
    QVERIFY(waitLoaded(&memberModel));
    QCOMPARE(memberModel.rowCount(), 0);
}

void TstFleets::scriptUpload()
{
    auto api = client(m_dev);
    auto http = m_server->clientFor(m_dev);
    DeviceScriptModel model(api.get());
    model.setOrg(m_acme.slug);
    QVERIFY(waitLoaded(&model));
    QCOMPARE(http->get(QStringLiteral("/api/v1/ota/script/%1/file/").arg(m_firmware2)).object().value("url"),
             QJsonValue());

    QByteArray firmware;
    for (int i = 0; i < 70000; ++i)
        firmware.append(char(i * 7));
    QSignalSpy uploaded(&model, &DeviceScriptModel::uploaded);
    model.uploadFile(m_firmware2, QStringLiteral("fw \"1.1\".bin"), firmware);
    QVERIFY(uploaded.wait(10000));
    QCOMPARE(uploaded.at(0).at(0).toString(), m_firmware2);
    const QJsonObject file = uploaded.at(0).at(1).toJsonObject();
    QCOMPARE(file.value("file_type").toString(), QStringLiteral("script"));
    QVERIFY(file.value("title").toString().startsWith(QStringLiteral("fw ")));
    const QJsonObject info =
        http->get(QStringLiteral("/api/v1/ota/script/%1/file/").arg(m_firmware2)).object();
    QCOMPARE(info.value("key").toString(), file.value("key").toString());
    const HttpReply download = http->get(QStringLiteral("/api/v1/ota/script/%1/download/").arg(m_firmware2));
    QCOMPARE(download.status, 200);
    QCOMPARE(download.body, firmware);

    // An empty file and a member without the right are refused.
    QSignalSpy failed(&model, &RecordListModel::failed);
    model.uploadFile(m_firmware2, QStringLiteral("empty.bin"), QByteArray());
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("empty")),
             qPrintable(failed.at(0).at(0).toString()));
    auto memberApi = client(m_member);
    DeviceScriptModel memberModel(memberApi.get());
    QSignalSpy memberFailed(&memberModel, &RecordListModel::failed);
    memberModel.uploadFile(m_config, QStringLiteral("x.bin"), QByteArrayLiteral("x"));
    QVERIFY(memberFailed.wait(10000));
    QCOMPARE(http->get(QStringLiteral("/api/v1/ota/script/%1/download/").arg(m_firmware2)).body, firmware);
}

void TstFleets::deploymentFlow()
{
    auto api = client(m_dev);
    auto http = m_server->clientFor(m_dev);

    // A fleet made in the client, with two devices that run OS 1024 v1.0 and one that reported nothing.
    FleetListModel fleets(api.get());
    fleets.setOrg(m_acme.slug);
    QVERIFY(waitLoaded(&fleets));
    QSignalSpy created(&fleets, &FleetListModel::created);
    api::Fleet fleet;
    fleet.name = QStringLiteral("Pumps");
    fleet.org = m_acme.slug;
    fleets.createFleet(fleet);
    QVERIFY(created.wait(10000));
    const QString pumps = created.at(0).at(0).toString();
    FleetMembersModel members(api.get());
    members.setFleet(pumps);
    QVERIFY(waitLoaded(&members));
    QSignalSpy saved(&members, &RecordListModel::saved);
    for (const QString &device : {kDev1, kDev2, kDev3}) {
        api::FleetMember m;
        m.device = device;
        members.addDevice(m);
    }
    QVERIFY(QTest::qWaitFor([&] { return saved.size() == 3; }, 10000));

    // The request from a device script, for the devices on OS tag 1024.
    DeploymentListModel requests(api.get());
    QAbstractItemModelTester tester(&requests);
    requests.setScope(m_acme.slug, pumps);
    QVERIFY(waitLoaded(&requests));
    QCOMPARE(requests.rowCount(), 0);
    QSignalSpy requestCreated(&requests, &DeploymentListModel::created);
    requests.createRequest(m_firmware1, {QStringLiteral("os_tag:eq:1024")});
    QVERIFY(requestCreated.wait(10000));
    const qint64 id = requestCreated.at(0).at(0).toLongLong();
    QVERIFY(id > 0);
    QCOMPARE(requests.rowOfId(id), 0);
    QCOMPARE(requests.index(0, DeploymentListModel::StateColumn).data().toString(), QStringLiteral("draft"));
    QCOMPARE(requests.index(0, DeploymentListModel::TargetColumn).data().toString(), pumps);
    HttpReply stored = http->get(QStringLiteral("/api/v1/ota/request/%1/").arg(id));
    QCOMPARE(stored.object().value("script").toString(), m_firmware1);
    QCOMPARE(stored.object().value("fleet").toString(), pumps);
    QCOMPARE(stored.object().value("org").toString(), m_acme.slug);
    QCOMPARE(stored.object().value("selection_criteria").toArray(), QJsonArray {"os_tag:eq:1024"});
    QVERIFY(stored.object().value("released_on").isNull());
    // The draft stays in the list of one who manages the org's OTA after a reload (all=1); the
    // original's listing, for gateways, shows released, open requests only.
    requests.reload();
    QVERIFY(waitLoaded(&requests));
    QCOMPARE(requests.rowCount(), 1);
    QCOMPARE(requests.index(0, DeploymentListModel::StateColumn).data().toString(), QStringLiteral("draft"));
    QCOMPARE(
        http->get(QStringLiteral("/api/v1/ota/request/?fleet=%1").arg(pumps)).object().value("count").toInt(),
        0);

    QSignalSpy releaseSaved(&requests, &RecordListModel::saved);
    requests.release(0);
    QVERIFY(releaseSaved.wait(10000));
    QCOMPARE(api::DeploymentRequest::fromJson(requests.record(0)).state(),
             api::DeploymentRequest::State::Released);
    QVERIFY(
        !http->get(QStringLiteral("/api/v1/ota/request/%1/").arg(id)).object().value("released_on").isNull());
    // Released and open, the request is what the fleet's list shows after a reload.
    requests.reload();
    QVERIFY(waitLoaded(&requests));
    QCOMPARE(requests.rowCount(), 1);
    QVERIFY(requests.index(0, DeploymentListModel::StateColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("released")));

    // Progress before any attempt: the two devices the criteria select, neither attempted.
    DeploymentProgressModel progress(api.get());
    QAbstractItemModelTester progressTester(&progress);
    QSignalSpy loaded(&progress, &DeploymentProgressModel::loaded);
    progress.setRequest(id);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(progress.rowCount(), 2);
    QCOMPARE(progress.row(0).device, kDev1);
    QCOMPARE(progress.row(1).device, kDev2);
    QCOMPARE(progress.index(0, DeploymentProgressModel::OsVersionColumn).data().toString(),
             QStringLiteral("v1.0 (tag 1024)"));
    QCOMPARE(progress.index(1, DeploymentProgressModel::LastAttemptColumn).data().toString(),
             QStringLiteral("not yet"));
    QCOMPARE(progress.summary().attempted, 0);

    // A gateway reports a failed and then a successful attempt for device 1, and one for device 3 that the
    // criteria do not select.
    const auto report = [&](const QString &device, const QString &at, bool ok, const QString &log) {
        return http
            ->post(QStringLiteral("/api/v1/ota/action/"),
                   QJsonObject {{"deployment", id},
                                {"device", device},
                                {"attempt_successful", ok},
                                {"last_attempt_on", at},
                                {"log", log}})
            .status;
    };
    QCOMPARE(report(kDev1, QStringLiteral("2026-02-01T10:00:00Z"), false, QStringLiteral("timeout")), 201);
    QCOMPARE(report(kDev1, QStringLiteral("2026-02-01T11:00:00Z"), true, QStringLiteral("ok")), 201);
    QCOMPARE(report(kDev3, QStringLiteral("2026-02-01T12:00:00Z"), true, QStringLiteral("pushed")), 201);
    loaded.clear();
    progress.reload();
    QVERIFY(loaded.wait(10000));
    QCOMPARE(progress.rowCount(), 3);
    QCOMPARE(progress.index(0, DeploymentProgressModel::LogColumn).data().toString(), QStringLiteral("ok"));
    QCOMPARE(progress.index(0, DeploymentProgressModel::AttemptColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(progress.index(0, DeploymentProgressModel::ConfirmedColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Unchecked));
    QCOMPARE(progress.row(2).device, kDev3);
    QVERIFY(!progress.row(2).affected);
    QVERIFY(progress.index(2, DeploymentProgressModel::DeviceColumn).data(Qt::ForegroundRole).isValid());
    QCOMPARE(progress.summary().attempted, 2);
    QCOMPARE(progress.summary().succeeded, 2);
    QCOMPARE(progress.summary().confirmed, 0);

    // Device 1 reports its new OS (tag 1024 v1.1) on its 5c08 stream: the cloud confirms the attempt.
    QCOMPARE(http->post(QStringLiteral("/api/v1/data/"),
                        QJsonObject {{"stream", dataStream(kDev1, 0x5c08)},
                                     {"timestamp", "2026-02-01T11:05:00Z"},
                                     {"int_value", versionWord(1024, 1, 1)}})
                 .status,
             201);
    // The confirmation and the device's version come from two reads of the model: wait for both.
    QVERIFY(QTest::qWaitFor(
        [&] {
            if (!progress.isLoading() && progress.summary().confirmed == 1
                && progress.index(0, DeploymentProgressModel::OsVersionColumn).data().toString()
                    == QLatin1String("v1.1 (tag 1024)"))
                return true;
            if (!progress.isLoading())
                progress.reload();
            return false;
        },
        20000));
    QCOMPARE(progress.index(0, DeploymentProgressModel::ConfirmedColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(progress.index(0, DeploymentProgressModel::OsVersionColumn).data().toString(),
             QStringLiteral("v1.1 (tag 1024)"));
    QCOMPARE(progress.index(1, DeploymentProgressModel::OsVersionColumn).data().toString(),
             QStringLiteral("v1.0 (tag 1024)"));

    progress.setRequest(0);
    QCOMPARE(progress.rowCount(), 0);
    QCOMPARE(progress.summary().devices, 0);
}

void TstFleets::progressFollows()
{
    auto api = client(m_dev);
    const qint64 id = makeReleasedRequest(m_trucks);
    QVERIFY(id > 0);
    DeploymentProgressModel model(api.get());
    QSignalSpy loaded(&model, &DeploymentProgressModel::loaded);
    model.setRequest(id);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 2); // Trucks: devices 1 and 2, no criteria
    QCOMPARE(model.summary().attempted, 0);
    model.setFollowInterval(50);
    QCOMPARE(model.followInterval(), 50);
    // An attempt reported meanwhile shows up without anyone reloading.
    QCOMPARE(m_server->clientFor(m_dev)
                 ->post(QStringLiteral("/api/v1/ota/action/"),
                        QJsonObject {{"deployment", id}, {"device", kDev2}, {"attempt_successful", false}})
                 .status,
             201);
    QVERIFY(QTest::qWaitFor([&] { return model.summary().attempted == 1; }, 10000));
    QVERIFY(loaded.size() >= 2);
    model.setFollowInterval(0);
    QCOMPARE(model.followInterval(), 0);
    QTest::qWait(100);
    const qsizetype after = loaded.size();
    QTest::qWait(300);
    QVERIFY(loaded.size() <= after + 1);
}

void TstFleets::progressKeepsRowsOnFailure()
{
    auto api = client(m_dev);
    const qint64 id = makeReleasedRequest(m_trucks);
    QVERIFY(id > 0);
    DeploymentProgressModel model(api.get());
    QSignalSpy loaded(&model, &DeploymentProgressModel::loaded);
    model.setRequest(id);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 2);

    // The server goes away while following: the rows stay, the failure is reported.
    api->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1/")));
    QSignalSpy failed(&model, &DeploymentProgressModel::failed);
    model.reload();
    QVERIFY(failed.wait(10000));
    QCOMPARE(model.rowCount(), 2);
}

void TstFleets::criteria_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("criteria");
    QTest::addColumn<QStringList>("invalid");
    QTest::newRow("empty") << QString() << QStringList {} << QStringList {};
    QTest::newRow("two, blank lines")
        << QStringLiteral("os_tag:eq:1024\n\n  app_version:gte:2.1  \n")
        << QStringList {"os_tag:eq:1024", "app_version:gte:2.1"} << QStringList {};
    QTest::newRow("not a criterion") << QStringLiteral("os_tag=1024") << QStringList {"os_tag=1024"}
                                     << QStringList {"os_tag=1024"};
    const QString tooLong = QStringLiteral("os_tag:eq:") + QString(60, QLatin1Char('1'));
    QTest::newRow("too long") << tooLong << QStringList {tooLong} << QStringList {tooLong};
}

void TstFleets::criteria()
{
    QFETCH(QString, text);
    QFETCH(QStringList, criteria);
    QFETCH(QStringList, invalid);
    auto api = client(m_dev);
    DeviceScriptModel scripts(api.get());
    DeploymentDialog dialog(&scripts, QStringLiteral("fleet"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("deploymentCriteria"))->setPlainText(text);
    QCOMPARE(dialog.selectionCriteria(), criteria);
    QCOMPARE(dialog.invalidCriteria(), invalid);
    QVERIFY(dialog.script().isEmpty()); // no scripts loaded
}

void TstFleets::view()
{
    auto api = client(m_dev);
    auto http = m_server->clientFor(m_dev);
    FleetsWidget widget(api.get());
    widget.resize(1000, 700);
    widget.show();
    widget.reload();
    // Orgs by name, the first chosen; its fleets, scripts and devices load.
    const int fleetCount =
        http->get(QStringLiteral("/api/v1/fleet/?org=%1").arg(m_acme.slug)).object().value("count").toInt();
    QVERIFY(fleetCount >= 3);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return widget.fleets()->rowCount() == fleetCount && widget.deviceBox()->count() == 3
                && widget.scripts()->rowCount() == 3;
        },
        10000));
    QCOMPARE(widget.orgBox()->count(), 2);
    QCOMPARE(widget.org(), m_acme.slug);
    QCOMPARE(widget.deviceBox()->itemText(0), QStringLiteral("Pump (%1)").arg(kDev1));
    QCOMPARE(widget.deviceBox()->itemText(1), kDev2);

    QVERIFY(widget.selectFleet(m_trucks));
    QCOMPARE(widget.currentFleet(), m_trucks);
    QVERIFY(QTest::qWaitFor(
        [&] { return widget.members()->rowCount() == 2 && !widget.deployments()->isLoading(); }, 10000));
    QCOMPARE(widget.members()->index(0, FleetMembersModel::LabelColumn).data().toString(),
             QStringLiteral("Pump"));

    // A request made through the view's dialog is selected, released, and its progress shown.
    widget.newDeployment();
    auto *deployment = widget.findChild<DeploymentDialog *>();
    QVERIFY(deployment && deployment->isVisible());
    auto *scriptBox = deployment->findChild<QComboBox *>(QStringLiteral("deploymentScript"));
    scriptBox->setCurrentIndex(widget.scripts()->rowOfSlug(m_config));
    QCOMPARE(deployment->script(), m_config);
    deployment->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(QTest::qWaitFor([&] { return widget.currentRequest() > 0 && widget.progress()->rowCount() == 2; },
                            10000));
    const qint64 id = widget.currentRequest();
    QCOMPARE(widget.findChild<QPushButton *>(QStringLiteral("releaseRequest"))->isEnabled(), true);
    widget.releaseSelected();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return !http->get(QStringLiteral("/api/v1/ota/request/%1/").arg(id))
                        .object()
                        .value("released_on")
                        .isNull();
        },
        10000));
    QCOMPARE(http->post(QStringLiteral("/api/v1/ota/action/"),
                        QJsonObject {{"deployment", id}, {"device", kDev1}, {"attempt_successful", true}})
                 .status,
             201);
    widget.progress()->reload();
    auto *summary = widget.findChild<QLabel *>(QStringLiteral("progressSummary"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            return summary->text()
                == QStringLiteral("2 devices: 1 attempted, 1 updated, 0 confirmed by the device");
        },
        10000));
    widget.followBox()->setChecked(true);
    QVERIFY(widget.progress()->followInterval() > 0);
    widget.followBox()->setChecked(false);
    QCOMPARE(widget.progress()->followInterval(), 0);

    // Adding the selected device of the combo registers it with the ticked flags.
    widget.deviceBox()->setCurrentIndex(2);
    widget.findChild<QCheckBox *>(QStringLiteral("memberAccessPoint"))->setChecked(true);
    widget.addSelectedDevice();
    QVERIFY(QTest::qWaitFor([&] { return widget.members()->rowCount() == 3; }, 10000));
    bool found = false;
    for (const QJsonValue &m : http->get(QStringLiteral("/api/v1/fleet/%1/devices/").arg(m_trucks))
                                   .object()
                                   .value("results")
                                   .toArray())
        found = found
            || (m.toObject().value("device").toString() == kDev3
                && m.toObject().value("is_access_point").toBool());
    QVERIFY(found);

    // A script file uploaded from the view.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("config-0.1.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("config bytes");
    file.close();
    ScriptUploadDialog dialog(widget.scripts());
    dialog.setScript(m_config);
    dialog.setFilePath(file.fileName());
    QCOMPARE(dialog.script(), m_config);
    QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(widget.uploadScriptFile(dialog.script(), dialog.filePath()));
    QVERIFY(QTest::qWaitFor(
        [&] { return widget.notice()->text().contains(QStringLiteral("config-0.1.bin")); }, 10000));
    QCOMPARE(http->get(QStringLiteral("/api/v1/ota/script/%1/download/").arg(m_config)).body,
             QByteArray("config bytes"));
    QVERIFY(!widget.uploadScriptFile(m_config, dir.filePath(QStringLiteral("missing.bin"))));

    // A fleet made through the view's dialog is selected.
    widget.newFleet();
    auto *fleetDialog = widget.findChild<QDialog *>(QStringLiteral("fleetDialog"));
    QVERIFY(fleetDialog && fleetDialog->isVisible());
    fleetDialog->findChild<QLineEdit *>(QStringLiteral("fleetName"))->setText(QStringLiteral("Ferries"));
    fleetDialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return widget.currentFleet().startsWith(QStringLiteral("g--"))
                && widget.fleets()
                       ->index(widget.fleets()->rowOfSlug(widget.currentFleet()), FleetListModel::NameColumn)
                       .data()
                       .toString()
                == QStringLiteral("Ferries");
        },
        10000));
    QCOMPARE(http->get(QStringLiteral("/api/v1/fleet/%1/").arg(widget.currentFleet()))
                 .object()
                 .value("name")
                 .toString(),
             QStringLiteral("Ferries"));

    // Deleting the selected fleet (Lab: no requests) from the view.
    QVERIFY(widget.selectFleet(m_lab));
    QVERIFY(widget.findChild<QPushButton *>(QStringLiteral("deleteFleet"))->isEnabled());
    widget.deleteSelectedFleet();
    QVERIFY(QTest::qWaitFor([&] { return widget.fleets()->rowOfSlug(m_lab) < 0; }, 10000));
    QCOMPARE(http->get(QStringLiteral("/api/v1/fleet/%1/").arg(m_lab)).status, 404);
    QVERIFY(widget.notice()->text().contains(m_lab));
    QVERIFY(widget.currentFleet() != m_lab);

    // Another org: its (empty) fleet list, nothing selected.
    widget.setOrg(m_zeta.slug);
    QVERIFY(QTest::qWaitFor([&] { return !widget.fleets()->isLoading() && widget.fleets()->rowCount() == 0; },
                            10000));
    QVERIFY(widget.currentFleet().isEmpty());
    QCOMPARE(widget.members()->rowCount(), 0);

    widget.clear();
    QCOMPARE(widget.orgBox()->count(), 0);
    QCOMPARE(widget.fleets()->rowCount(), 0);
}

QTEST_MAIN(TstFleets)
#include "tst_fleets.moc"
