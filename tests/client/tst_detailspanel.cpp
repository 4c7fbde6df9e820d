#include "client/explorer/configattributesmodel.h"
#include "client/explorer/detailspanel.h"
#include "client/explorer/locationsmodel.h"
#include "client/explorer/notesmodel.h"
#include "client/explorer/propertiesmodel.h"
#include "client/widgets/noticebar.h"
#include "common/api/apiclient.h"
#include "common/util/isotime.h"
#include "tests/client/support/cannedhttpserver.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The details of a selected item: the property, note, location and configuration tables with their edits,
// and the panel that shows the tabs each kind has. Endpoints as documented, served canned for now.
class TstDetailsPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();

    void properties();
    void propertyEditFails();
    void notes();
    void locations();
    void configAttributes();
    void configData_data();
    void configData();
    void tabsPerKind_data();
    void tabsPerKind();
    void deviceLabel();

private:
    static QJsonObject bodyOf(const CannedHttpServer::Request &request);

    CannedHttpServer m_http;
    std::unique_ptr<api::ApiClient> m_api;
};

namespace {
const QString kDevice = QStringLiteral("d--0000-0000-0000-0001");

QJsonObject deviceJson(const QString &label)
{
    return {{QStringLiteral("id"), 1},
            {QStringLiteral("slug"), kDevice},
            {QStringLiteral("label"), label},
            {QStringLiteral("active"), true},
            {QStringLiteral("sg"), QStringLiteral("water-meter-v1-1-0")}};
}
} // namespace

void TstDetailsPanel::initTestCase()
{
    QVERIFY(m_http.listen());
    // Non-paginated list (the original's device/<slug>/properties/).
    m_http.routeJson(
        "GET", QStringLiteral("/api/v1/device/%1/properties/").arg(kDevice),
        QJsonArray {
            QJsonObject {
                {"id", 2}, {"name", "Zone"}, {"value", "North"}, {"type", "str"}, {"is_system", false}},
            QJsonObject {{"id", 1}, {"name", "Asset"}, {"value", 42}, {"type", "int"}, {"is_system", true}}});
    m_http.routeJson(
        "POST", QStringLiteral("/api/v1/device/%1/new_property/").arg(kDevice),
        QJsonObject {{"id", 3}, {"name", "Zone"}, {"value", "South"}, {"type", "str"}, {"is_system", false}},
        201);
    m_http.routeJson("DELETE", QStringLiteral("/api/v1/property/2/"), QJsonObject {}, 204);
    m_http.routeList(QStringLiteral("/api/v1/note/"),
                     {QJsonObject {{"id", 1},
                                   {"target", kDevice},
                                   {"timestamp", "2024-01-01T10:00:00Z"},
                                   {"note", "Installed"},
                                   {"type", "ui"},
                                   {"user_info", QJsonObject {{"username", "@ann"}}}},
                      QJsonObject {{"id", 2},
                                   {"target", kDevice},
                                   {"timestamp", "2024-03-01T10:00:00Z"},
                                   {"note", "Battery"},
                                   {"type", "ui"},
                                   {"user_info", QJsonObject {{"username", "@bob"}}}}},
                     1000, {{QStringLiteral("target"), kDevice}});
    m_http.routeJson("POST", QStringLiteral("/api/v1/note/"),
                     QJsonObject {{"id", 3},
                                  {"target", kDevice},
                                  {"timestamp", "2024-06-01T10:00:00Z"},
                                  {"note", "Checked"},
                                  {"type", "ui"},
                                  {"user_info", QJsonObject {{"username", "@ann"}}}},
                     201);
    m_http.routeList(QStringLiteral("/api/v1/location/"),
                     {QJsonObject {{"id", 1},
                                   {"timestamp", "2024-01-01T10:00:00Z"},
                                   {"target", kDevice},
                                   {"lat", "47.376900"},
                                   {"lon", "8.541700"},
                                   {"user", "ann"}}},
                     1000, {{QStringLiteral("target"), kDevice}});
    m_http.routeList(QStringLiteral("/api/v1/config/attr/"),
                     {QJsonObject {{"id", 5},
                                   {"target", kDevice},
                                   {"name", ":classic:ui:color"},
                                   {"data", "blue"},
                                   {"updated_on", "2024-01-01T10:00:00Z"}}},
                     100, {{QStringLiteral("target"), kDevice}});
    m_http.routeList(QStringLiteral("/api/v1/config/attr/"), {}, 100,
                     {{QStringLiteral("target"), QStringLiteral("^acme")}});
    m_http.routeJson("POST", QStringLiteral("/api/v1/config/attr/"),
                     QJsonObject {{"id", 5},
                                  {"target", kDevice},
                                  {"name", ":classic:ui:color"},
                                  {"data", QJsonObject {{"r", 1}}},
                                  {"updated_on", "2024-06-01T10:00:00Z"}},
                     201);
    m_http.routeJson("PATCH", QStringLiteral("/api/v1/device/%1/").arg(kDevice),
                     deviceJson(QStringLiteral("Inlet")));
}

void TstDetailsPanel::init()
{
    m_api = std::make_unique<api::ApiClient>();
    m_api->setBaseUrl(QUrl(m_http.baseUrl()));
    m_http.clearRequests();
}

QJsonObject TstDetailsPanel::bodyOf(const CannedHttpServer::Request &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

void TstDetailsPanel::properties()
{
    PropertiesModel model(m_api.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &RecordListModel::loaded);
    model.setOwner(QStringLiteral("/api/v1/device/%1/").arg(kDevice));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, PropertiesModel::NameColumn).data().toString(),
             QStringLiteral("Asset")); // sorted by name
    QCOMPARE(model.index(0, PropertiesModel::ValueColumn).data().toString(), QStringLiteral("42"));
    QVERIFY(
        !(model.flags(model.index(0, PropertiesModel::ValueColumn)) & Qt::ItemIsEditable)); // system property
    QVERIFY(model.flags(model.index(1, PropertiesModel::ValueColumn)) & Qt::ItemIsEditable);

    QSignalSpy saved(&model, &RecordListModel::saved);
    QVERIFY(model.setData(model.index(1, PropertiesModel::ValueColumn), QStringLiteral("South")));
    QVERIFY(saved.wait(10000));
    const auto posts = m_http.requestsTo(QStringLiteral("/api/v1/device/%1/new_property/").arg(kDevice));
    QCOMPARE(posts.size(), 1);
    QCOMPARE(bodyOf(posts[0]), (QJsonObject {{"name", "Zone"}, {"str_value", "South"}}));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, PropertiesModel::ValueColumn).data().toString(), QStringLiteral("South"));

    m_http.routeJson("DELETE", QStringLiteral("/api/v1/property/3/"), QJsonObject {}, 204);
    model.removeProperty(1);
    QVERIFY(saved.wait(10000));
    QCOMPARE(model.rowCount(), 1);
}

void TstDetailsPanel::propertyEditFails()
{
    m_http.routeJson("POST", QStringLiteral("/api/v1/device/d--0000-0000-0000-0009/new_property/"),
                     QJsonObject {{"detail", "User has no access to create/modify properties"}}, 403);
    PropertiesModel model(m_api.get());
    model.setOwner(QStringLiteral("/api/v1/device/d--0000-0000-0000-0009/"));
    QSignalSpy failed(&model, &RecordListModel::failed);
    QVERIFY(failed.wait(10000)); // the list itself is unknown here: 404
    QCOMPARE(failed.first().first().toString(), QStringLiteral("Not found."));
    model.setProperty(QStringLiteral("Zone"), QStringLiteral("str"), QStringLiteral("x"));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.last().first().toString(),
             QStringLiteral("User has no access to create/modify properties"));
    QCOMPARE(model.rowCount(), 0);
}

void TstDetailsPanel::notes()
{
    NotesModel model(m_api.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &RecordListModel::loaded);
    model.setTarget(kDevice);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, NotesModel::NoteColumn).data().toString(),
             QStringLiteral("Battery")); // newest first
    QCOMPARE(model.index(0, NotesModel::UserColumn).data().toString(), QStringLiteral("@bob"));
    QSignalSpy saved(&model, &RecordListModel::saved);
    model.addNote(QStringLiteral("Checked"));
    QVERIFY(saved.wait(10000));
    const QJsonObject body = bodyOf(m_http.requestsTo(QStringLiteral("/api/v1/note/")).last());
    QCOMPARE(body.value(QLatin1String("target")).toString(), kDevice);
    QCOMPARE(body.value(QLatin1String("note")).toString(), QStringLiteral("Checked"));
    QVERIFY(isotime::parse(body.value(QLatin1String("timestamp")).toString()).has_value());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, NotesModel::NoteColumn).data().toString(), QStringLiteral("Checked"));
    model.addNote(QStringLiteral("   ")); // nothing to send
    QTest::qWait(50);
    QCOMPARE(m_http.requestsTo(QStringLiteral("/api/v1/note/")).size(), 2);
}

void TstDetailsPanel::locations()
{
    LocationsModel model(m_api.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &RecordListModel::loaded);
    model.setTarget(kDevice);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, LocationsModel::LatitudeColumn).data().toString(),
             QLocale().toString(47.3769, 'f', 6));
    QCOMPARE(model.index(0, LocationsModel::UserColumn).data().toString(), QStringLiteral("ann"));
}

void TstDetailsPanel::configAttributes()
{
    ConfigAttributesModel model(m_api.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &RecordListModel::loaded);
    model.setTarget(kDevice);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ConfigAttributesModel::DataColumn).data().toString(), QStringLiteral("\"blue\""));
    QSignalSpy saved(&model, &RecordListModel::saved);
    QVERIFY(model.setData(model.index(0, ConfigAttributesModel::DataColumn), QStringLiteral(R"({"r": 1})")));
    QVERIFY(saved.wait(10000));
    const QJsonObject body = bodyOf(m_http.requestsTo(QStringLiteral("/api/v1/config/attr/")).last());
    QCOMPARE(
        body,
        (QJsonObject {{"target", kDevice}, {"name", ":classic:ui:color"}, {"data", QJsonObject {{"r", 1}}}}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ConfigAttributesModel::DataColumn).data().toString(),
             QStringLiteral(R"({"r":1})"));
}

void TstDetailsPanel::configData_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonValue>("data");
    QTest::newRow("object") << QStringLiteral(R"({"a": [1]})")
                            << QJsonValue(QJsonObject {{"a", QJsonArray {1}}});
    QTest::newRow("number") << QStringLiteral("12.5") << QJsonValue(12.5);
    QTest::newRow("true") << QStringLiteral("true") << QJsonValue(true);
    QTest::newRow("null") << QStringLiteral("null") << QJsonValue();
    QTest::newRow("quoted") << QStringLiteral("\"x\"") << QJsonValue(QStringLiteral("x"));
    QTest::newRow("plain words") << QStringLiteral("dark blue") << QJsonValue(QStringLiteral("dark blue"));
}

void TstDetailsPanel::configData()
{
    QFETCH(QString, text);
    QFETCH(QJsonValue, data);
    QCOMPARE(ConfigAttributesModel::parseData(text), data);
}

void TstDetailsPanel::tabsPerKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("tabs");
    QTest::newRow("org") << int(ExplorerNode::Kind::Org)
                         << QStringList {QStringLiteral("Overview"), QStringLiteral("Configuration")};
    QTest::newRow("project") << int(ExplorerNode::Kind::Project)
                             << QStringList {QStringLiteral("Overview"), QStringLiteral("Properties"),
                                             QStringLiteral("Notes"), QStringLiteral("Configuration")};
    QTest::newRow("device") << int(ExplorerNode::Kind::Device)
                            << QStringList {QStringLiteral("Overview"), QStringLiteral("Properties"),
                                            QStringLiteral("Notes"), QStringLiteral("Locations"),
                                            QStringLiteral("Configuration")};
    QTest::newRow("stream") << int(ExplorerNode::Kind::Stream)
                            << QStringList {QStringLiteral("Overview"), QStringLiteral("Notes")};
}

void TstDetailsPanel::tabsPerKind()
{
    QFETCH(int, kind);
    QFETCH(QStringList, tabs);
    DetailsPanel panel(m_api.get());
    panel.setItem(ExplorerNode::Kind(kind), QJsonObject {{"slug", "acme"}, {"name", "Acme"}});
    QStringList shown;
    for (int i = 0; i < panel.tabs()->count(); ++i) {
        if (panel.tabs()->isTabVisible(i))
            shown.append(panel.tabs()->tabText(i));
    }
    QCOMPARE(shown, tabs);
    // Nothing is fetched until a list's tab is opened.
    QTest::qWait(50);
    QVERIFY(m_http.requests().isEmpty());
    if (ExplorerNode::Kind(kind) == ExplorerNode::Kind::Org) {
        panel.tabs()->setCurrentIndex(4);
        QTRY_COMPARE_WITH_TIMEOUT(m_http.requestsTo(QStringLiteral("/api/v1/config/attr/")).size(), 1, 10000);
        QCOMPARE(m_http.requests().first().query.queryItemValue(QStringLiteral("target")),
                 QStringLiteral("^acme"));
    }
}

void TstDetailsPanel::deviceLabel()
{
    DetailsPanel panel(m_api.get());
    panel.setItem(ExplorerNode::Kind::Device, deviceJson(QStringLiteral("Old name")));
    auto *label = panel.findChild<QLineEdit *>(QStringLiteral("deviceLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(), QStringLiteral("Old name"));
    QSignalSpy changed(&panel, &DetailsPanel::objectChanged);
    label->setText(QStringLiteral("Inlet"));
    QTest::keyClick(label, Qt::Key_Return);
    QVERIFY(changed.wait(10000));
    QCOMPARE(bodyOf(m_http.requestsTo(QStringLiteral("/api/v1/device/%1/").arg(kDevice)).first()),
             (QJsonObject {{"label", "Inlet"}}));
    QCOMPARE(changed.first().first().toJsonObject().value(QLatin1String("label")).toString(),
             QStringLiteral("Inlet"));
    QCOMPARE(panel.object().value(QLatin1String("label")).toString(), QStringLiteral("Inlet"));
    panel.tabs()->setCurrentIndex(1);
    QTRY_COMPARE_WITH_TIMEOUT(panel.propertiesModel()->rowCount(), 2, 10000);
}

QTEST_MAIN(TstDetailsPanel)
#include "tst_detailspanel.moc"
