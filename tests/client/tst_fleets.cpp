#include "client/app/translations.h"
#include "client/fleets/deploymentdialog.h"
#include "client/fleets/deploymentlistmodel.h"
#include "client/fleets/deploymentprogressmodel.h"
#include "client/fleets/devicescriptmodel.h"
#include "client/fleets/fleetlistmodel.h"
#include "client/fleets/fleetmembersmodel.h"
#include "client/fleets/fleetswidget.h"
#include "common/api/apiclient.h"
#include "common/api/deploymentaction.h"
#include "common/api/deploymentrequest.h"
#include "common/api/devicescript.h"
#include "common/api/deviceversion.h"
#include "common/api/fleet.h"
#include "common/api/fleetmember.h"
#include "tests/client/support/cannedhttpserver.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace iotile;
using namespace iotile::test;

// Fleets and OTA: the wire types, the list models with their edits, the progress of a deployment and the
// Fleets & OTA view. The payloads follow the original's serializers (apps/fleet, apps/ota,
// apps/devicescript); they are served canned until the server has these endpoints, then these tests
// move to tests/support's TestServer with seeded fleets, scripts and requests.
class TstFleets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();

    void wireTypes();
    void requestState_data();
    void requestState();
    void fleetList();
    void fleetCreateAndEdit();
    void members();
    void memberFlags();
    void scripts();
    void deploymentsScope();
    void deploymentCreateAndRelease();
    void progressJoinsDevicesAndActions();
    void progressFollows();
    void progressKeepsRowsOnFailure();
    void criteria_data();
    void criteria();
    void view();

private:
    static QJsonObject bodyOf(const CannedHttpServer::Request &request);
    static bool waitLoaded(RecordListModel *model);

    CannedHttpServer m_http;
    std::unique_ptr<api::ApiClient> m_api;
};

namespace {

const QString kOrg = QStringLiteral("acme");
const QString kFleet = QStringLiteral("g--0000-0000-0001");
const QString kDev1 = QStringLiteral("d--0000-0000-0000-0001");
const QString kDev2 = QStringLiteral("d--0000-0000-0000-0002");
const QString kDev3 = QStringLiteral("d--0000-0000-0000-0003");

QJsonObject fleetJson(int id, const QString &name, bool network = false, const QString &description = {})
{
    return {{"id", id},
            {"name", name},
            {"slug", QStringLiteral("g--0000-0000-%1").arg(id, 4, 10, QLatin1Char('0'))},
            {"org", kOrg},
            {"description", description},
            {"created_on", "2024-01-02T03:04:05.000000Z"},
            {"created_by", "ann"},
            {"is_network", network}};
}

QJsonObject memberJson(const QString &device, bool alwaysOn, bool accessPoint)
{
    return {{"device", device}, {"always_on", alwaysOn}, {"is_access_point", accessPoint}};
}

QJsonObject requestJson(int id, const QJsonValue &fleet, const QJsonValue &released,
                        const QJsonValue &completed = {})
{
    return {{"id", id},
            {"script", "z--0000-0002"},
            {"selection_criteria", QJsonArray {"os_tag:eq:1024"}},
            {"org", kOrg},
            {"fleet", fleet},
            {"released_on", released},
            {"completed_on", completed}};
}

QJsonObject versionJson(const QString &type, int tag, const QString &version, const QString &ts)
{
    return {
        {"type", type}, {"tag", tag}, {"version", version}, {"streamer_local_id", 12}, {"updated_ts", ts}};
}

QJsonObject actionJson(int id, const QString &device, const QString &attempt, bool ok, bool confirmed,
                       const QString &log = {})
{
    return {{"id", id},
            {"deployment", 7},
            {"device", device},
            {"created_on", attempt},
            {"last_attempt_on", attempt},
            {"attempt_successful", ok},
            {"device_confirmation", confirmed},
            {"log", log}};
}

} // namespace

void TstFleets::initTestCase()
{
    // The English plural forms ("3 devices") come from the embedded English translation.
    Translations::install(QStringLiteral("en"));
    QVERIFY(m_http.listen());
    m_http.routeList(QStringLiteral("/api/v1/org/"),
                     {QJsonObject {{"id", "u-1"}, {"name", "Acme"}, {"slug", kOrg}},
                      QJsonObject {{"id", "u-2"}, {"name", "Zeta"}, {"slug", "zeta"}}},
                     100);
    m_http.routeList(QStringLiteral("/api/v1/fleet/"),
                     {fleetJson(2, QStringLiteral("Warehouse"), true, QStringLiteral("Gateways in hall 2")),
                      fleetJson(1, QStringLiteral("Trucks")), fleetJson(3, QStringLiteral("Lab"))},
                     2, {{QStringLiteral("org"), kOrg}});
    m_http.routeList(QStringLiteral("/api/v1/fleet/"), {}, 2,
                     {{QStringLiteral("org"), QStringLiteral("zeta")}});
    m_http.routeJson("POST", QStringLiteral("/api/v1/fleet/"), fleetJson(4, QStringLiteral("Boats")), 201);
    m_http.routeJson("PATCH", QStringLiteral("/api/v1/fleet/g--0000-0000-0001/"),
                     fleetJson(1, QStringLiteral("Lorries"), true));
    m_http.routeList(QStringLiteral("/api/v1/fleet/%1/devices/").arg(kFleet),
                     {memberJson(kDev2, false, false), memberJson(kDev1, true, true)}, 100);
    m_http.routeList(QStringLiteral("/api/v1/fleet/g--0000-0000-0002/devices/"), {}, 100);
    m_http.routeJson("POST", QStringLiteral("/api/v1/fleet/%1/register/").arg(kFleet),
                     memberJson(kDev3, false, true), 201);
    m_http.routeJson("POST", QStringLiteral("/api/v1/fleet/%1/deregister/").arg(kFleet),
                     QJsonObject {{"device", kDev2}, {"always_on", false}, {"is_access_point", false}}, 202);
    m_http.routeList(QStringLiteral("/api/v1/device/"),
                     {QJsonObject {{"id", 1}, {"slug", kDev1}, {"label", "Pump"}},
                      QJsonObject {{"id", 2}, {"slug", kDev2}, {"label", ""}},
                      QJsonObject {{"id", 3}, {"slug", kDev3}, {"label", "Valve"}}},
                     100, {{QStringLiteral("org__slug"), kOrg}});
    m_http.routeList(QStringLiteral("/api/v1/ota/script/"),
                     {QJsonObject {{"slug", "z--0000-0001"},
                                   {"gid", 1},
                                   {"name", "Firmware"},
                                   {"org", kOrg},
                                   {"version", "v1.0.0"},
                                   {"created_on", "2024-01-01T00:00:00Z"},
                                   {"released", true},
                                   {"released_on", "2024-01-05"}},
                      QJsonObject {{"slug", "z--0000-0002"},
                                   {"gid", 2},
                                   {"name", "Firmware"},
                                   {"org", kOrg},
                                   {"version", "v1.1.0"},
                                   {"created_on", "2024-02-01T00:00:00Z"},
                                   {"released", false},
                                   {"released_on", QJsonValue()}},
                      QJsonObject {{"slug", "z--0000-0003"},
                                   {"gid", 3},
                                   {"name", "Config"},
                                   {"org", kOrg},
                                   {"version", "v0.1.0"},
                                   {"created_on", "2024-02-01T00:00:00Z"},
                                   {"released", true},
                                   {"released_on", "2024-02-02"}}},
                     100, {{QStringLiteral("org"), kOrg}});
    m_http.routeList(
        QStringLiteral("/api/v1/ota/request/"),
        {requestJson(5, kFleet, "2024-03-01T00:00:00Z"), requestJson(7, kFleet, "2024-04-01T00:00:00Z")}, 100,
        {{QStringLiteral("fleet"), kFleet}});
    m_http.routeList(QStringLiteral("/api/v1/ota/request/"),
                     {requestJson(3, QJsonValue(), "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")}, 100,
                     {{QStringLiteral("org"), kOrg}});
    m_http.routeJson("POST", QStringLiteral("/api/v1/ota/request/"), requestJson(9, kFleet, QJsonValue()),
                     201);
    m_http.routeJson("POST", QStringLiteral("/api/v1/ota/request/9/release/"),
                     requestJson(9, kFleet, "2024-05-01T00:00:00Z"));
    m_http.routeList(QStringLiteral("/api/v1/ota/request/7/devices/"),
                     {QJsonObject {{"id", 2},
                                   {"slug", kDev2},
                                   {"sg", "water-meter-v1-0-0"},
                                   {"template", "tpl"},
                                   {"versions", QJsonArray {}}},
                      QJsonObject {{"id", 1},
                                   {"slug", kDev1},
                                   {"sg", "water-meter-v1-0-0"},
                                   {"template", "tpl"},
                                   {"versions",
                                    QJsonArray {versionJson("os", 1024, "v1.0", "2024-01-01T00:00:00Z"),
                                                versionJson("os", 1024, "v1.1", "2024-04-02T00:00:00Z"),
                                                versionJson("app", 2048, "v2.1", "2024-01-01T00:00:00Z")}}}},
                     1);
    m_http.routeList(QStringLiteral("/api/v1/ota/action/"),
                     {actionJson(1, kDev1, "2024-04-01T10:00:00Z", false, false, "timeout"),
                      actionJson(2, kDev1, "2024-04-01T11:00:00Z", true, true, "ok"),
                      actionJson(3, kDev3, "2024-04-01T12:00:00Z", true, false)},
                     2, {{QStringLiteral("request"), QStringLiteral("7")}});
    m_http.routeList(QStringLiteral("/api/v1/ota/request/5/devices/"), {}, 100);
    m_http.routeList(QStringLiteral("/api/v1/ota/action/"), {}, 100,
                     {{QStringLiteral("request"), QStringLiteral("5")}});
}

void TstFleets::init()
{
    m_api = std::make_unique<api::ApiClient>();
    m_api->setBaseUrl(QUrl(m_http.baseUrl()));
    m_api->setToken("header.payload.signature");
    m_http.clearRequests();
}

QJsonObject TstFleets::bodyOf(const CannedHttpServer::Request &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

bool TstFleets::waitLoaded(RecordListModel *model)
{
    QSignalSpy loaded(model, &RecordListModel::loaded);
    return loaded.wait(5000);
}

void TstFleets::wireTypes()
{
    const api::Fleet fleet =
        api::Fleet::fromJson(fleetJson(2, QStringLiteral("Warehouse"), true, QStringLiteral("hall")));
    QCOMPARE(fleet.slug, QStringLiteral("g--0000-0000-0002"));
    QCOMPARE(fleet.org, kOrg);
    QVERIFY(fleet.isNetwork);
    QCOMPARE(fleet.createdOn, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), QTimeZone::utc()));
    const QJsonObject body = fleet.toBody();
    QCOMPARE(body.keys(), (QStringList {"description", "is_network", "name", "org"}));

    const api::FleetMember member = api::FleetMember::fromJson(memberJson(kDev1, true, false));
    QVERIFY(member.alwaysOn);
    QVERIFY(!member.isAccessPoint);
    QCOMPARE(member.toJson(), memberJson(kDev1, true, false));

    const api::DeviceScript script = api::DeviceScript::fromJson(QJsonObject {{"slug", "z--0000-0001"},
                                                                              {"gid", 1},
                                                                              {"name", "Firmware"},
                                                                              {"version", "v1.0.0"},
                                                                              {"released", true},
                                                                              {"released_on", "2024-01-05"}});
    QCOMPARE(script.displayName(), QStringLiteral("Firmware v1.0.0"));
    QCOMPARE(script.releasedOn, QDate(2024, 1, 5));

    const api::DeploymentRequest request =
        api::DeploymentRequest::fromJson(requestJson(5, QJsonValue(), QJsonValue()));
    QVERIFY(request.fleet.isEmpty());
    QCOMPARE(request.selectionCriteria, QStringList {"os_tag:eq:1024"});
    const QJsonObject create = api::DeploymentRequest::createBody("z--0000-0001", kOrg, QString(), {});
    QVERIFY(create.value("fleet").isNull());
    QCOMPARE(create.value("selection_criteria").toArray().size(), 0);

    const api::DeploymentAction action =
        api::DeploymentAction::fromJson(actionJson(2, kDev1, "2024-04-01T11:00:00Z", true, false, "log"));
    QCOMPARE(action.deployment, 7);
    QVERIFY(action.attemptSuccessful);
    QVERIFY(!action.deviceConfirmation);
    QCOMPARE(action.log, QStringLiteral("log"));

    const api::DeviceVersion version =
        api::DeviceVersion::fromJson(versionJson("os", 1024, "v1.1", "2024-04-02T00:00:00Z"));
    QCOMPARE(version.displayText(), QStringLiteral("v1.1 (tag 1024)"));
    QCOMPARE(version.streamerLocalId, 12);
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
    const auto request = api::DeploymentRequest::fromJson(requestJson(1, QJsonValue(), released, completed));
    QCOMPARE(int(request.state(QDateTime(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc()))), state);
}

void TstFleets::fleetList()
{
    FleetListModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    model.setOrg(kOrg);
    QVERIFY(waitLoaded(&model));
    // Two pages, sorted by name.
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/fleet/")).size(), 2);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, FleetListModel::NameColumn).data().toString(), QStringLiteral("Lab"));
    QCOMPARE(model.index(2, FleetListModel::NameColumn).data().toString(), QStringLiteral("Warehouse"));
    QCOMPARE(model.index(2, FleetListModel::NetworkColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(model.index(2, FleetListModel::DescriptionColumn).data().toString(),
             QStringLiteral("Gateways in hall 2"));
    QCOMPARE(model.index(1, 0).data(FleetListModel::SlugRole).toString(), kFleet);
    QCOMPARE(model.rowOfSlug(kFleet), 1);
}

void TstFleets::fleetCreateAndEdit()
{
    FleetListModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    model.setOrg(kOrg);
    QVERIFY(waitLoaded(&model));

    QSignalSpy created(&model, &FleetListModel::created);
    api::Fleet fleet;
    fleet.name = QStringLiteral("Boats");
    fleet.org = kOrg;
    model.createFleet(fleet);
    QVERIFY(created.wait(5000));
    QCOMPARE(created.at(0).at(0).toString(), QStringLiteral("g--0000-0000-0004"));
    QCOMPARE(model.rowCount(), 4);
    const auto posts = m_http.requestsTo(QStringLiteral("/api/v1/fleet/"));
    const QJsonObject body = bodyOf(posts.last());
    QCOMPARE(posts.last().method, QByteArray("POST"));
    QCOMPARE(body.value("name").toString(), QStringLiteral("Boats"));
    QCOMPARE(body.value("org").toString(), kOrg);
    QCOMPARE(body.value("is_network").toBool(), false);

    QSignalSpy saved(&model, &RecordListModel::saved);
    api::Fleet edit = api::Fleet::fromJson(model.record(model.rowOfSlug(kFleet)));
    edit.name = QStringLiteral("Lorries");
    edit.isNetwork = true;
    model.updateFleet(model.rowOfSlug(kFleet), edit);
    QVERIFY(saved.wait(5000));
    const auto patch = m_http.requestsTo(QStringLiteral("/api/v1/fleet/%1/").arg(kFleet));
    QCOMPARE(patch.size(), 1);
    QCOMPARE(patch[0].method, QByteArray("PATCH"));
    // A fleet cannot move to another org: the edit leaves org out.
    QVERIFY(!bodyOf(patch[0]).contains("org"));
    QCOMPARE(bodyOf(patch[0]).value("name").toString(), QStringLiteral("Lorries"));
    QCOMPARE(model.index(model.rowOfSlug(kFleet), FleetListModel::NameColumn).data().toString(),
             QStringLiteral("Lorries"));
}

void TstFleets::members()
{
    FleetMembersModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    model.setFleet(kFleet);
    QVERIFY(waitLoaded(&model));
    QCOMPARE(model.deviceSlugs(), (QStringList {kDev1, kDev2}));
    QCOMPARE(model.index(0, FleetMembersModel::AccessPointColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(model.index(1, FleetMembersModel::AlwaysOnColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Unchecked));
    model.setDeviceLabels({{kDev1, QStringLiteral("Pump")}});
    QCOMPARE(model.index(0, FleetMembersModel::LabelColumn).data().toString(), QStringLiteral("Pump"));

    QSignalSpy saved(&model, &RecordListModel::saved);
    api::FleetMember member;
    member.device = kDev3;
    member.isAccessPoint = true;
    model.addDevice(member);
    QVERIFY(saved.wait(5000));
    const auto registers = m_http.requestsTo(QStringLiteral("/api/v1/fleet/%1/register/").arg(kFleet));
    QCOMPARE(registers.size(), 1);
    QCOMPARE(bodyOf(registers[0]), memberJson(kDev3, false, true));
    QCOMPARE(model.rowCount(), 3);

    // A device already in the fleet is not sent again.
    member.device = kDev1;
    model.addDevice(member);
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/fleet/%1/register/").arg(kFleet)).size(), 1);

    model.removeDevice(model.rowOfDevice(kDev2));
    QVERIFY(saved.wait(5000));
    const auto deregisters = m_http.requestsTo(QStringLiteral("/api/v1/fleet/%1/deregister/").arg(kFleet));
    QCOMPARE(deregisters.size(), 1);
    QCOMPARE(bodyOf(deregisters[0]), (QJsonObject {{"device", kDev2}}));
    QCOMPARE(model.rowOfDevice(kDev2), -1);
    QCOMPARE(model.rowCount(), 2);
}

void TstFleets::memberFlags()
{
    FleetMembersModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    model.setFleet(kFleet);
    QVERIFY(waitLoaded(&model));
    QVERIFY(model.flags(model.index(0, FleetMembersModel::AlwaysOnColumn)).testFlag(Qt::ItemIsUserCheckable));
    QVERIFY(!model.flags(model.index(0, FleetMembersModel::DeviceColumn)).testFlag(Qt::ItemIsUserCheckable));

    // No call edits a membership: deregister, then register with the new flags.
    QSignalSpy saved(&model, &RecordListModel::saved);
    const int row = model.rowOfDevice(kDev2);
    QVERIFY(model.setData(model.index(row, FleetMembersModel::AccessPointColumn), Qt::Checked,
                          Qt::CheckStateRole));
    QVERIFY(QTest::qWaitFor([&] { return saved.size() == 2; }, 5000));
    const auto requests = m_http.requests();
    QCOMPARE(requests.size(), 3); // the list, deregister, register
    QVERIFY(requests[1].path.endsWith(QStringLiteral("/deregister/")));
    QVERIFY(requests[2].path.endsWith(QStringLiteral("/register/")));
    QCOMPARE(bodyOf(requests[2]), memberJson(kDev2, false, true));
}

void TstFleets::scripts()
{
    DeviceScriptModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    model.setOrg(kOrg);
    QVERIFY(waitLoaded(&model));
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/ota/script/"))[0].query.queryItemValue("org"), kOrg);
    // By name, newest version first.
    QCOMPARE(model.index(0, DeviceScriptModel::NameColumn).data().toString(),
             QStringLiteral("Config v0.1.0"));
    QCOMPARE(model.index(1, DeviceScriptModel::NameColumn).data().toString(),
             QStringLiteral("Firmware v1.1.0"));
    QCOMPARE(model.index(1, DeviceScriptModel::ReleasedColumn).data().toString(),
             QStringLiteral("not released"));
    QCOMPARE(model.index(2, 0).data(DeviceScriptModel::SlugRole).toString(), QStringLiteral("z--0000-0001"));
}

void TstFleets::deploymentsScope()
{
    DeploymentListModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    model.setScope(kOrg, kFleet);
    QVERIFY(waitLoaded(&model));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, DeploymentListModel::IdColumn).data().toLongLong(), 7); // newest first
    QVERIFY(model.index(0, DeploymentListModel::StateColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("released")));

    model.setScope(kOrg, QString());
    QVERIFY(waitLoaded(&model));
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.index(0, DeploymentListModel::StateColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("completed")));
    QCOMPARE(model.index(0, DeploymentListModel::TargetColumn).data().toString(),
             QStringLiteral("all devices of acme"));
    const auto lists = m_http.requestsTo(QStringLiteral("/api/v1/ota/request/"));
    QCOMPARE(lists.size(), 2);
    QCOMPARE(lists[0].query.queryItemValue("fleet"), kFleet);
    QCOMPARE(lists[1].query.queryItemValue("org"), kOrg);
    QVERIFY(!lists[1].query.hasQueryItem("fleet"));
}

void TstFleets::deploymentCreateAndRelease()
{
    DeploymentListModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    model.setScope(kOrg, kFleet);
    QVERIFY(waitLoaded(&model));

    QSignalSpy created(&model, &DeploymentListModel::created);
    model.createRequest(QStringLiteral("z--0000-0002"), {QStringLiteral("os_tag:eq:1024")});
    QVERIFY(created.wait(5000));
    QCOMPARE(created.at(0).at(0).toLongLong(), 9);
    const auto posts = m_http.requestsTo(QStringLiteral("/api/v1/ota/request/"));
    const QJsonObject body = bodyOf(posts.last());
    QCOMPARE(body.value("script").toString(), QStringLiteral("z--0000-0002"));
    QCOMPARE(body.value("org").toString(), kOrg);
    QCOMPARE(body.value("fleet").toString(), kFleet);
    QCOMPARE(body.value("selection_criteria").toArray(), QJsonArray {"os_tag:eq:1024"});
    // The new request is a draft at the top.
    QCOMPARE(model.rowOfId(9), 0);
    QCOMPARE(model.index(0, DeploymentListModel::StateColumn).data().toString(), QStringLiteral("draft"));

    QSignalSpy saved(&model, &RecordListModel::saved);
    model.release(0);
    QVERIFY(saved.wait(5000));
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/ota/request/9/release/")).size(), 1);
    QCOMPARE(api::DeploymentRequest::fromJson(model.record(0)).state(),
             api::DeploymentRequest::State::Released);
}

void TstFleets::progressJoinsDevicesAndActions()
{
    DeploymentProgressModel model(m_api.get());
    QAbstractItemModelTester tester(&model);
    QSignalSpy loaded(&model, &DeploymentProgressModel::loaded);
    QSignalSpy summary(&model, &DeploymentProgressModel::summaryChanged);
    model.setRequest(7);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/ota/request/7/devices/")).size(), 2); // two pages
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/ota/action/")).size(), 2);

    QCOMPARE(model.rowCount(), 3);
    // dev1: the newer of its two actions, the newest os version.
    QCOMPARE(model.row(0).device, kDev1);
    QCOMPARE(model.index(0, DeploymentProgressModel::OsVersionColumn).data().toString(),
             QStringLiteral("v1.1 (tag 1024)"));
    QCOMPARE(model.index(0, DeploymentProgressModel::AppVersionColumn).data().toString(),
             QStringLiteral("v2.1 (tag 2048)"));
    QCOMPARE(model.index(0, DeploymentProgressModel::ConfirmedColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(model.index(0, DeploymentProgressModel::LogColumn).data().toString(), QStringLiteral("ok"));
    // dev2: selected, not attempted yet.
    QCOMPARE(model.index(1, DeploymentProgressModel::LastAttemptColumn).data().toString(),
             QStringLiteral("not yet"));
    QCOMPARE(model.index(1, DeploymentProgressModel::AttemptColumn).data(Qt::CheckStateRole).toInt(),
             int(Qt::Unchecked));
    // dev3: reported by an agent but not (any longer) selected.
    QCOMPARE(model.row(2).device, kDev3);
    QVERIFY(!model.row(2).affected);
    QVERIFY(model.index(2, DeploymentProgressModel::DeviceColumn).data(Qt::ForegroundRole).isValid());

    const DeploymentProgressModel::Summary s = model.summary();
    QCOMPARE(s.devices, 3);
    QCOMPARE(s.attempted, 2);
    QCOMPARE(s.succeeded, 2);
    QCOMPARE(s.confirmed, 1);
    QVERIFY(!summary.isEmpty());

    model.setRequest(0);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.summary().devices, 0);
}

void TstFleets::progressFollows()
{
    DeploymentProgressModel model(m_api.get());
    QSignalSpy loaded(&model, &DeploymentProgressModel::loaded);
    model.setRequest(5);
    QVERIFY(loaded.wait(5000));
    model.setFollowInterval(50);
    QCOMPARE(model.followInterval(), 50);
    QVERIFY(QTest::qWaitFor([&] { return loaded.size() >= 3; }, 5000));
    model.setFollowInterval(0);
    QCOMPARE(model.followInterval(), 0);
    const qsizetype after = m_http.requestsTo(QStringLiteral("/api/v1/ota/request/5/devices/")).size();
    QTest::qWait(200);
    QVERIFY(m_http.requestsTo(QStringLiteral("/api/v1/ota/request/5/devices/")).size() <= after + 1);
}

void TstFleets::progressKeepsRowsOnFailure()
{
    DeploymentProgressModel model(m_api.get());
    QSignalSpy loaded(&model, &DeploymentProgressModel::loaded);
    model.setRequest(7);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(model.rowCount(), 3);

    // The server goes away while following: the rows stay, the failure is reported.
    m_api->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1/")));
    QSignalSpy failed(&model, &DeploymentProgressModel::failed);
    model.reload();
    QVERIFY(failed.wait(10000));
    QCOMPARE(model.rowCount(), 3);
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
    DeviceScriptModel scripts(m_api.get());
    DeploymentDialog dialog(&scripts, QStringLiteral("fleet"));
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("deploymentCriteria"))->setPlainText(text);
    QCOMPARE(dialog.selectionCriteria(), criteria);
    QCOMPARE(dialog.invalidCriteria(), invalid);
    QVERIFY(dialog.script().isEmpty()); // no scripts loaded
}

void TstFleets::view()
{
    FleetsWidget widget(m_api.get());
    widget.resize(1000, 700);
    widget.show();
    widget.reload();
    // Orgs by name, the first chosen; its fleets, scripts and devices load.
    QVERIFY(QTest::qWaitFor(
        [&] { return widget.fleets()->rowCount() == 3 && widget.deviceBox()->count() == 3; }, 5000));
    QCOMPARE(widget.orgBox()->count(), 2);
    QCOMPARE(widget.org(), kOrg);
    QCOMPARE(widget.deviceBox()->itemText(0), QStringLiteral("Pump (%1)").arg(kDev1));
    QCOMPARE(widget.deviceBox()->itemText(1), kDev2);
    // Without a fleet, the org's requests.
    QVERIFY(QTest::qWaitFor([&] { return widget.deployments()->rowCount() == 1; }, 5000));

    QVERIFY(widget.selectFleet(kFleet));
    QCOMPARE(widget.currentFleet(), kFleet);
    QVERIFY(QTest::qWaitFor(
        [&] { return widget.members()->rowCount() == 2 && widget.deployments()->rowCount() == 2; }, 5000));
    QCOMPARE(widget.members()->index(0, FleetMembersModel::LabelColumn).data().toString(),
             QStringLiteral("Pump"));

    QVERIFY(widget.selectRequest(7));
    QVERIFY(QTest::qWaitFor([&] { return widget.progress()->rowCount() == 3; }, 5000));
    auto *summary = widget.findChild<QLabel *>(QStringLiteral("progressSummary"));
    QCOMPARE(summary->text(), QStringLiteral("3 devices: 2 attempted, 2 updated, 1 confirmed by the device"));
    widget.followBox()->setChecked(true);
    QVERIFY(widget.progress()->followInterval() > 0);
    widget.followBox()->setChecked(false);
    QCOMPARE(widget.progress()->followInterval(), 0);

    // Adding the selected device of the combo registers it with the ticked flags.
    widget.deviceBox()->setCurrentIndex(2);
    widget.findChild<QCheckBox *>(QStringLiteral("memberAccessPoint"))->setChecked(true);
    widget.addSelectedDevice();
    QVERIFY(QTest::qWaitFor([&] { return widget.members()->rowCount() == 3; }, 5000));
    QCOMPARE(bodyOf(m_http.requestsTo(QStringLiteral("/api/v1/fleet/%1/register/").arg(kFleet)).last()),
             memberJson(kDev3, false, true));

    // Another org: its (empty) fleet list, nothing selected.
    widget.setOrg(QStringLiteral("zeta"));
    QVERIFY(QTest::qWaitFor([&] { return !widget.fleets()->isLoading() && widget.fleets()->rowCount() == 0; },
                            5000));
    QVERIFY(widget.currentFleet().isEmpty());
    QCOMPARE(widget.members()->rowCount(), 0);

    widget.clear();
    QCOMPARE(widget.orgBox()->count(), 0);
    QCOMPARE(widget.fleets()->rowCount(), 0);
}

QTEST_MAIN(TstFleets)
#include "tst_fleets.moc"
