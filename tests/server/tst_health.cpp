#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile::test;

// The health endpoint and server facts, over real HTTP.
class TstHealth : public QObject
{
    Q_OBJECT
private slots:
    void health();
};

void TstHealth::health()
{
    TestServer server;
    QVERIFY2(server.ok(), qPrintable(server.error()));
    auto client = server.anonymous();
    const HttpReply r = client->get(QStringLiteral("/api/v1/health/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(r.object()
                 .value(QLatin1String("database"))
                 .toObject()
                 .value(QLatin1String("main"))
                 .toObject()
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TstHealth)
#include "tst_health.moc"
