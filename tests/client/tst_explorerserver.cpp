#include "client/explorer/detailspanel.h"
#include "client/explorer/explorerfiltermodel.h"
#include "client/explorer/explorermodel.h"
#include "client/widgets/noticebar.h"
#include "common/api/apiclient.h"
#include "common/api/device.h"
#include "common/api/stream.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The explorer against the real server's org, project, device and stream endpoints, on data seeded
// through the stores: what a member sees, what an outsider does not, and an edit from the details panel.
class TstExplorerServer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void memberSeesTheTree();
    void outsiderSeesNothing();
    void searchLoadedTree();
    void editDeviceLabel();

private:
    std::unique_ptr<api::ApiClient> client(const Account &account);
    QModelIndex child(ExplorerModel &model, const QModelIndex &parent, const QString &name);
    bool loadAll(ExplorerModel &model);

    std::unique_ptr<TestServer> m_server;
    Account m_owner;
    Account m_outsider;
};

void TstExplorerServer::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("owner password"));
    m_outsider =
        m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("outsider password"));
    Seed seed(*m_server);
    const Org acme = seed.org(QStringLiteral("Acme Water"), m_owner);
    seed.org(QStringLiteral("Beta Labs"), m_owner);
    const Project plant = seed.project(acme, QStringLiteral("Plant"), m_owner);
    seed.project(acme, QStringLiteral("Lab"), m_owner);
    const VarType pressure = seed.varType(QStringLiteral("Pressure"));
    const SensorGraph meter = seed.sensorGraph(QStringLiteral("Water Meter"),
                                               {QStringLiteral("5001"), QStringLiteral("5002")}, &pressure);
    seed.claim(seed.device(0x101, &meter, QStringLiteral("Inlet 10")), plant, m_owner);
    seed.claim(seed.device(0x102, &meter, QStringLiteral("Inlet 9")), plant, m_owner);
}

void TstExplorerServer::cleanupTestCase()
{
    m_server.reset();
}

std::unique_ptr<api::ApiClient> TstExplorerServer::client(const Account &account)
{
    auto api = std::make_unique<api::ApiClient>();
    api->setBaseUrl(QUrl(m_server->baseUrl()));
    api->setToken(m_server->jwtFor(account));
    return api;
}

QModelIndex TstExplorerServer::child(ExplorerModel &model, const QModelIndex &parent, const QString &name)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        if (model.index(row, 0, parent).data().toString() == name)
            return model.index(row, 0, parent);
    }
    return {};
}

bool TstExplorerServer::loadAll(ExplorerModel &model)
{
    for (int i = 0; i < 100 && model.isLoading(); ++i)
        QTest::qWait(100);
    return !model.isLoading();
}

void TstExplorerServer::memberSeesTheTree()
{
    auto api = client(m_owner);
    ExplorerModel model(api.get());
    QSignalSpy failed(&model, &ExplorerModel::loadFailed);
    // The tester fetches every node it visits: the whole tree loads.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(loadAll(model));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex acme = child(model, {}, QStringLiteral("Acme Water"));
    QVERIFY(acme.isValid());
    QCOMPARE(acme.data(ExplorerModel::SlugRole).toString(), QStringLiteral("acme-water"));
    QCOMPARE(model.rowCount(acme), 2);
    const QModelIndex plant = child(model, acme, QStringLiteral("Plant"));
    QVERIFY(plant.isValid());
    QVERIFY(plant.data(ExplorerModel::SlugRole).toString().startsWith(QStringLiteral("p--")));
    QCOMPARE(model.rowCount(plant), 2);
    const QModelIndex inlet = child(model, plant, QStringLiteral("Inlet 10"));
    QVERIFY(inlet.isValid());
    const api::Device device = api::Device::fromJson(model.object(inlet));
    QCOMPARE(device.slug, QStringLiteral("d--0000-0000-0000-0101"));
    QCOMPARE(device.project, model.object(plant).value(QLatin1String("id")).toString());
    // Claiming made a stream per variable template of the sensor graph.
    QCOMPARE(model.rowCount(inlet), 2);
    QStringList streams;
    for (int row = 0; row < 2; ++row) {
        const api::Stream stream = api::Stream::fromJson(model.object(model.index(row, 0, inlet)));
        QCOMPARE(stream.device, device.slug);
        streams.append(stream.slug.right(4));
    }
    std::sort(streams.begin(), streams.end());
    QCOMPARE(streams, (QStringList {QStringLiteral("5001"), QStringLiteral("5002")}));
    QVERIFY(!model.hasChildren(child(model, acme, QStringLiteral("Lab"))));
}

void TstExplorerServer::outsiderSeesNothing()
{
    auto api = client(m_outsider);
    ExplorerModel model(api.get());
    QSignalSpy failed(&model, &ExplorerModel::loadFailed);
    model.reload();
    QVERIFY(loadAll(model));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(model.rowCount(), 0);
}

void TstExplorerServer::searchLoadedTree()
{
    auto api = client(m_owner);
    ExplorerModel model(api.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ExplorerFilterModel filter;
    filter.setSourceModel(&model);
    filter.sort(0);
    model.reload();
    QVERIFY(loadAll(model));
    filter.setSearchText(QStringLiteral("inlet"));
    QCOMPARE(filter.rowCount(), 1); // Acme Water only
    const QModelIndex plant = filter.index(0, 0, filter.index(0, 0));
    QCOMPARE(plant.data().toString(), QStringLiteral("Plant"));
    QCOMPARE(filter.rowCount(plant), 2);
    // Natural order: "Inlet 9" before "Inlet 10".
    QCOMPARE(filter.index(0, 0, plant).data().toString(), QStringLiteral("Inlet 9"));
    QCOMPARE(filter.index(1, 0, plant).data().toString(), QStringLiteral("Inlet 10"));
}

void TstExplorerServer::editDeviceLabel()
{
    auto api = client(m_owner);
    ExplorerModel model(api.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(loadAll(model));
    const QModelIndex device = model.findSlug(QStringLiteral("d--0000-0000-0000-0102"));
    QVERIFY(device.isValid());
    DetailsPanel panel(api.get());
    QObject::connect(&panel, &DetailsPanel::objectChanged, &model,
                     qOverload<const QJsonObject &>(&ExplorerModel::updateObject));
    panel.setItem(ExplorerNode::Kind::Device, model.object(device));
    QSignalSpy changed(&panel, &DetailsPanel::objectChanged);
    panel.saveLabel(QStringLiteral("Inlet 9 (spare)"));
    QVERIFY(changed.wait(10000));
    QCOMPARE(device.data().toString(), QStringLiteral("Inlet 9 (spare)"));
    const HttpReply stored =
        m_server->clientFor(m_owner)->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0102/"));
    QCOMPARE(stored.object().value(QLatin1String("label")).toString(), QStringLiteral("Inlet 9 (spare)"));

    // An outsider's edit is refused and shown in the panel.
    auto outsider = client(m_outsider);
    DetailsPanel refused(outsider.get());
    refused.setItem(ExplorerNode::Kind::Device, model.object(device));
    refused.saveLabel(QStringLiteral("Mine now"));
    QTRY_VERIFY_WITH_TIMEOUT(!refused.notice()->isHidden(), 10000);
}

QTEST_MAIN(TstExplorerServer)
#include "tst_explorerserver.moc"
