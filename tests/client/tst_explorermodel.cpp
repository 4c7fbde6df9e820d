#include "client/demo/democatalog.h"
#include "client/explorer/explorerfiltermodel.h"
#include "client/explorer/explorermodel.h"
#include "common/api/apiclient.h"
#include "tests/client/support/cannedhttpserver.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace iotile;
using namespace iotile::test;

// The explorer tree and its filter, loading lazily from the documented list endpoints (org/,
// org/<slug>/projects/, device/?project=, stream/?device=), served by a canned HTTP server until the real
// ones land. The whole tree is also loaded once under QAbstractItemModelTester (which fetches every node
// it visits, so the request-counting tests run without it).
class TstExplorerModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void wholeTreeUnderTester();
    void loadsOrgsOverPages();
    void loadsChildrenLazily();
    void failedNode();
    void viewFetchesOnExpand();
    void checkingStreams();
    void search_data();
    void search();
    void hideInactive();
    void naturalSort();
    void populateAndUpdate();

private:
    QModelIndex child(const QModelIndex &parent, const QString &name) const;
    bool loadAll(const QModelIndex &parent);

    CannedHttpServer m_http;
    std::unique_ptr<api::ApiClient> m_api;
    std::unique_ptr<ExplorerModel> m_model;
};

namespace {

QJsonObject org(const QString &slug, const QString &name)
{
    return {{QStringLiteral("id"), slug + QStringLiteral("-uuid")},
            {QStringLiteral("slug"), slug},
            {QStringLiteral("name"), name}};
}

QJsonObject project(const QString &id, const QString &name, int gid)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("slug"), QStringLiteral("p--0000-%1").arg(gid, 4, 16, QLatin1Char('0'))}};
}

QJsonObject device(int id, const QString &label, bool active = true)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("slug"), QStringLiteral("d--0000-0000-0000-%1").arg(id, 4, 16, QLatin1Char('0'))},
            {QStringLiteral("label"), label},
            {QStringLiteral("external_id"), QStringLiteral("EXT-%1").arg(id)},
            {QStringLiteral("active"), active}};
}

QJsonObject stream(int deviceId, int lid, const QString &label)
{
    return {{QStringLiteral("slug"),
             QStringLiteral("s--0000-0001--0000-0000-0000-%1--%2")
                 .arg(deviceId, 4, 16, QLatin1Char('0'))
                 .arg(lid, 4, 16, QLatin1Char('0'))},
            {QStringLiteral("data_label"), label},
            {QStringLiteral("enabled"), true}};
}

} // namespace

void TstExplorerModel::initTestCase()
{
    QVERIFY(m_http.listen());
    m_http.routeList(QStringLiteral("/api/v1/org/"),
                     {org(QStringLiteral("acme"), QStringLiteral("Acme")),
                      org(QStringLiteral("empty"), QStringLiteral("Empty Org")),
                      org(QStringLiteral("broken"), QStringLiteral("Broken Org"))},
                     2);
    m_http.routeList(QStringLiteral("/api/v1/org/acme/projects/"),
                     {project(QStringLiteral("uuid-plant"), QStringLiteral("Plant"), 1),
                      project(QStringLiteral("uuid-lab"), QStringLiteral("Lab"), 2)},
                     100);
    m_http.routeList(QStringLiteral("/api/v1/org/empty/projects/"), {}, 100);
    m_http.routeJson("GET", QStringLiteral("/api/v1/org/broken/projects/"),
                     QJsonObject {{QStringLiteral("detail"),
                                   QStringLiteral("You do not have permission to perform this action.")}},
                     403);
    m_http.routeList(QStringLiteral("/api/v1/device/"),
                     {device(1, QStringLiteral("Pump 10")), device(2, QStringLiteral("Pump 2")),
                      device(3, QStringLiteral("Old meter"), false)},
                     1000, {{QStringLiteral("project"), QStringLiteral("uuid-plant")}});
    m_http.routeList(QStringLiteral("/api/v1/device/"), {}, 1000,
                     {{QStringLiteral("project"), QStringLiteral("uuid-lab")}});
    m_http.routeList(
        QStringLiteral("/api/v1/stream/"),
        {stream(1, 0x5001, QStringLiteral("Pressure")), stream(1, 0x5002, QStringLiteral("Flow"))}, 5000,
        {{QStringLiteral("device"), QStringLiteral("d--0000-0000-0000-0001")}});
    m_http.routeList(QStringLiteral("/api/v1/stream/"), {stream(3, 0x5001, QStringLiteral("Volume"))}, 5000,
                     {{QStringLiteral("device"), QStringLiteral("d--0000-0000-0000-0003")}});
    m_http.routeList(QStringLiteral("/api/v1/stream/"), {}, 5000,
                     {{QStringLiteral("device"), QStringLiteral("d--0000-0000-0000-0002")}});
}

void TstExplorerModel::init()
{
    m_api = std::make_unique<api::ApiClient>();
    m_api->setBaseUrl(QUrl(m_http.baseUrl()));
    m_api->setToken("header.payload.signature");
    m_model = std::make_unique<ExplorerModel>(m_api.get());
    m_http.clearRequests();
}

void TstExplorerModel::cleanup()
{
    m_model.reset();
    m_api.reset();
}

QModelIndex TstExplorerModel::child(const QModelIndex &parent, const QString &name) const
{
    for (int row = 0; row < m_model->rowCount(parent); ++row) {
        const QModelIndex index = m_model->index(row, 0, parent);
        if (index.data().toString() == name)
            return index;
    }
    return {};
}

bool TstExplorerModel::loadAll(const QModelIndex &parent)
{
    if (m_model->canFetchMore(parent))
        m_model->fetchMore(parent);
    QSignalSpy loading(m_model.get(), &ExplorerModel::loadingChanged);
    return !m_model->isLoading() || loading.wait(10000);
}

void TstExplorerModel::wholeTreeUnderTester()
{
    QAbstractItemModelTester tester(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    ExplorerFilterModel filter;
    filter.setSourceModel(m_model.get());
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->reload();
    // The tester fetches every node it visits, so this loads the whole canned tree.
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    int nodes = 0;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < m_model->rowCount(parent); ++row) {
            ++nodes;
            walk(m_model->index(row, 0, parent));
        }
    };
    walk({});
    QCOMPARE(nodes, 3 + 2 + 3 + 3); // orgs, projects, devices, streams
    filter.setSearchText(QStringLiteral("pump"));
    filter.setShowInactive(false);
    m_model->reload(m_model->findSlug(QStringLiteral("p--0000-0001")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    m_model->clear();
    QCOMPARE(filter.rowCount(), 0);
}

void TstExplorerModel::loadsOrgsOverPages()
{
    QSignalSpy loading(m_model.get(), &ExplorerModel::loadingChanged);
    m_model->reload();
    QVERIFY(m_model->isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    QCOMPARE(loading.size(), 2);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->index(0, ExplorerModel::SlugColumn).data().toString(), QStringLiteral("acme"));
    QCOMPARE(m_model->index(2, 0).data().toString(), QStringLiteral("Broken Org"));
    const QList<CannedHttpServer::Request> requests = m_http.requestsTo(QStringLiteral("/api/v1/org/"));
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[1].query.queryItemValue(QStringLiteral("page")), QStringLiteral("2"));
    QCOMPARE(requests[0].authorization, QByteArray("JWT header.payload.signature"));
    for (int row = 0; row < 3; ++row) {
        const QModelIndex index = m_model->index(row, 0);
        QCOMPARE(m_model->kind(index), ExplorerNode::Kind::Org);
        QVERIFY(m_model->hasChildren(index));
        QVERIFY(m_model->canFetchMore(index));
        QCOMPARE(m_model->rowCount(index), 0);
    }
}

void TstExplorerModel::loadsChildrenLazily()
{
    m_model->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    const QModelIndex acme = child({}, QStringLiteral("Acme"));
    QVERIFY(loadAll(acme));
    QCOMPARE(m_model->rowCount(acme), 2);
    QVERIFY(!m_model->canFetchMore(acme));
    const QModelIndex plant = child(acme, QStringLiteral("Plant"));
    QCOMPARE(m_model->kind(plant), ExplorerNode::Kind::Project);
    QVERIFY(loadAll(plant));
    QCOMPARE(m_model->rowCount(plant), 3);
    const QList<CannedHttpServer::Request> devices = m_http.requestsTo(QStringLiteral("/api/v1/device/"));
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices[0].query.queryItemValue(QStringLiteral("project")), QStringLiteral("uuid-plant"));
    const QModelIndex pump = child(plant, QStringLiteral("Pump 10"));
    QVERIFY(loadAll(pump));
    QCOMPARE(m_model->rowCount(pump), 2);
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/stream/"))[0].query.queryItemValue(
                 QStringLiteral("device")),
             QStringLiteral("d--0000-0000-0000-0001"));
    const QModelIndex flow = child(pump, QStringLiteral("Flow"));
    QCOMPARE(m_model->kind(flow), ExplorerNode::Kind::Stream);
    QVERIFY(!m_model->hasChildren(flow));
    QVERIFY(!m_model->canFetchMore(flow));
    QCOMPARE(m_model->flags(flow) & Qt::ItemIsUserCheckable, Qt::ItemIsUserCheckable);
    // An empty project is loaded and has no expander any more.
    const QModelIndex lab = child(acme, QStringLiteral("Lab"));
    QVERIFY(loadAll(lab));
    QVERIFY(!m_model->hasChildren(lab));
    QCOMPARE(m_model->findSlug(QStringLiteral("d--0000-0000-0000-0002")),
             child(plant, QStringLiteral("Pump 2")));
}

void TstExplorerModel::failedNode()
{
    m_model->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    QSignalSpy failed(m_model.get(), &ExplorerModel::loadFailed);
    const QModelIndex broken = child({}, QStringLiteral("Broken Org"));
    QVERIFY(loadAll(broken));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("Broken Org"));
    QCOMPARE(failed.first().at(1).toString(),
             QStringLiteral("You do not have permission to perform this action."));
    QCOMPARE(broken.data(ExplorerModel::LoadStateRole).toInt(), int(ExplorerNode::LoadState::Failed));
    QVERIFY(broken.data(Qt::ToolTipRole).toString().contains(QStringLiteral("permission")));
    QVERIFY(!m_model->canFetchMore(broken));
    // Refreshing tries again.
    m_model->reload(broken);
    QVERIFY(m_model->isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    QCOMPARE(failed.size(), 2);
}

void TstExplorerModel::viewFetchesOnExpand()
{
    ExplorerFilterModel filter;
    filter.setSourceModel(m_model.get());
    QTreeView view;
    view.setModel(&filter);
    view.show();
    m_model->reload();
    QTRY_COMPARE_WITH_TIMEOUT(filter.rowCount(), 3, 10000);
    const QModelIndex acme = filter.mapFromSource(child({}, QStringLiteral("Acme")));
    view.expand(acme);
    QTRY_COMPARE_WITH_TIMEOUT(filter.rowCount(acme), 2, 10000);
}

void TstExplorerModel::checkingStreams()
{
    m_model->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    const QModelIndex acme = child({}, QStringLiteral("Acme"));
    QVERIFY(loadAll(acme));
    const QModelIndex plant = child(acme, QStringLiteral("Plant"));
    QVERIFY(loadAll(plant));
    const QModelIndex pump = child(plant, QStringLiteral("Pump 10"));
    QVERIFY(loadAll(pump));
    QSignalSpy checks(m_model.get(), &ExplorerModel::streamCheckChanged);
    const QModelIndex flow = child(pump, QStringLiteral("Flow"));
    QCOMPARE(flow.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(m_model->setData(flow, Qt::Checked, Qt::CheckStateRole));
    QVERIFY(m_model->setData(flow, Qt::Checked, Qt::CheckStateRole)); // no second signal
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first().at(0).toJsonObject().value(QLatin1String("data_label")).toString(),
             QStringLiteral("Flow"));
    QVERIFY(checks.first().at(1).toBool());
    QCOMPARE(m_model->checkedStreams().size(), 1);
    QVERIFY(!m_model->setData(pump, Qt::Checked, Qt::CheckStateRole)); // devices have no check box
    QVERIFY(m_model->setData(flow, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(checks.size(), 2);
    QVERIFY(m_model->checkedStreams().isEmpty());
}

void TstExplorerModel::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("visible");
    const QStringList everything {QStringLiteral("Acme"),    QStringLiteral("Lab"),
                                  QStringLiteral("Plant"),   QStringLiteral("Pump 2"),
                                  QStringLiteral("Pump 10"), QStringLiteral("Old meter")};
    QTest::newRow("nothing") << QString() << everything;
    QTest::newRow("device label") << QStringLiteral(
        "pump 2") << QStringList {QStringLiteral("Acme"), QStringLiteral("Plant"), QStringLiteral("Pump 2")};
    QTest::newRow("device slug") << QStringLiteral("0000-0003")
                                 << QStringList {QStringLiteral("Acme"), QStringLiteral("Plant"),
                                                 QStringLiteral("Old meter")};
    QTest::newRow("external id") << QStringLiteral(
        "ext-1") << QStringList {QStringLiteral("Acme"), QStringLiteral("Plant"), QStringLiteral("Pump 10")};
    // A matching project shows everything under it.
    QTest::newRow("project") << QStringLiteral("plant")
                             << QStringList {QStringLiteral("Acme"), QStringLiteral("Plant"),
                                             QStringLiteral("Pump 2"), QStringLiteral("Pump 10"),
                                             QStringLiteral("Old meter")};
    QTest::newRow("no match") << QStringLiteral("zebra") << QStringList();
}

void TstExplorerModel::search()
{
    QFETCH(QString, text);
    QFETCH(QStringList, visible);
    m_model->populate(QJsonArray {QJsonObject {
        {QStringLiteral("slug"), QStringLiteral("acme")},
        {QStringLiteral("name"), QStringLiteral("Acme")},
        {QStringLiteral("projects"),
         QJsonArray {project(QStringLiteral("uuid-lab"), QStringLiteral("Lab"), 2), [] {
                         QJsonObject p = project(QStringLiteral("uuid-plant"), QStringLiteral("Plant"), 1);
                         p.insert(QStringLiteral("devices"),
                                  QJsonArray {device(1, QStringLiteral("Pump 10")),
                                              device(2, QStringLiteral("Pump 2")),
                                              device(3, QStringLiteral("Old meter"), false)});
                         return p;
                     }()}}}});
    ExplorerFilterModel filter;
    filter.setSourceModel(m_model.get());
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSearchText(text);
    QStringList shown;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < filter.rowCount(parent); ++row) {
            const QModelIndex index = filter.index(row, 0, parent);
            shown.append(index.data().toString());
            walk(index);
        }
    };
    walk({});
    QStringList expected = visible;
    std::sort(expected.begin(), expected.end());
    std::sort(shown.begin(), shown.end());
    QCOMPARE(shown, expected);
}

void TstExplorerModel::hideInactive()
{
    m_model->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 10000);
    const QModelIndex acme = child({}, QStringLiteral("Acme"));
    QVERIFY(loadAll(acme));
    const QModelIndex plant = child(acme, QStringLiteral("Plant"));
    QVERIFY(loadAll(plant));
    const QModelIndex old = child(plant, QStringLiteral("Old meter"));
    QVERIFY(loadAll(old));
    QVERIFY(!old.data(ExplorerModel::ActiveRole).toBool());
    QVERIFY(old.data(Qt::ForegroundRole).isValid());
    ExplorerFilterModel filter;
    filter.setSourceModel(m_model.get());
    const QModelIndex plantShown = filter.mapFromSource(plant);
    QCOMPARE(filter.rowCount(plantShown), 3);
    filter.setShowInactive(false);
    QCOMPARE(filter.rowCount(plantShown), 2);
    // Its streams do not bring it back through a search either.
    filter.setSearchText(QStringLiteral("volume"));
    QVERIFY(!filter.mapFromSource(old).isValid());
    filter.setShowInactive(true);
    QVERIFY(filter.mapFromSource(old).isValid());
}

void TstExplorerModel::naturalSort()
{
    m_model->populate(QJsonArray {
        QJsonObject {{QStringLiteral("slug"), QStringLiteral("acme")},
                     {QStringLiteral("name"), QStringLiteral("Acme")},
                     {QStringLiteral("projects"),
                      QJsonArray {QJsonObject {{QStringLiteral("id"), QStringLiteral("p")},
                                               {QStringLiteral("name"), QStringLiteral("P")},
                                               {QStringLiteral("devices"),
                                                QJsonArray {device(1, QStringLiteral("Device 10")),
                                                            device(2, QStringLiteral("device 9")),
                                                            device(3, QStringLiteral("Device 1"))}}}}}}});
    ExplorerFilterModel filter;
    filter.setSourceModel(m_model.get());
    filter.sort(0);
    const QModelIndex projectIndex = filter.index(0, 0, filter.index(0, 0));
    QStringList order;
    for (int row = 0; row < filter.rowCount(projectIndex); ++row)
        order.append(filter.index(row, 0, projectIndex).data().toString());
    QCOMPARE(
        order,
        (QStringList {QStringLiteral("Device 1"), QStringLiteral("device 9"), QStringLiteral("Device 10")}));
}

void TstExplorerModel::populateAndUpdate()
{
    m_model->populate(DemoCatalog::orgs());
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(!m_model->canFetchMore({}));
    const QModelIndex device = m_model->findSlug(DemoCatalog::featuredDevice());
    QVERIFY(device.isValid());
    QCOMPARE(m_model->kind(device), ExplorerNode::Kind::Device);
    QCOMPARE(m_model->rowCount(device), 3);
    QVERIFY(!m_model->canFetchMore(device));
    for (const QString &slug : DemoCatalog::featuredStreams())
        QVERIFY(m_model->findSlug(slug).isValid());
    QJsonObject renamed = m_model->object(device);
    renamed.insert(QStringLiteral("label"), QStringLiteral("Renamed"));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->updateObject(renamed);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(device.data().toString(), QStringLiteral("Renamed"));
    QVERIFY(m_http.requests().isEmpty());
}

QTEST_MAIN(TstExplorerModel)
#include "tst_explorermodel.moc"
