#include "tests/support/testdatabase.h"

#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <cstdio>

namespace iotile::test {

namespace {

QString adminConnectionName()
{
    return QStringLiteral("iotile-test-admin");
}

bool adminExec(const QString &adminUrl, const QString &sql)
{
    const QUrl u(adminUrl);
    QSqlDatabase db = QSqlDatabase::contains(adminConnectionName())
        ? QSqlDatabase::database(adminConnectionName())
        : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), adminConnectionName());
    if (!db.isOpen()) {
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setUserName(u.userName());
        db.setPassword(u.password());
        db.setDatabaseName(u.path().mid(1).isEmpty() ? QStringLiteral("postgres") : u.path().mid(1));
        if (!db.open()) {
            std::fprintf(stderr, "cannot open PostgreSQL admin connection %s: %s\n", qPrintable(adminUrl),
                         qPrintable(db.lastError().text()));
            return false;
        }
    }
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        std::fprintf(stderr, "admin SQL failed: %s: %s\n", qPrintable(sql), qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

} // namespace

TestDatabase::TestDatabase()
{
    m_adminUrl = QProcessEnvironment::systemEnvironment().value(QStringLiteral("IOTILE_TEST_DATABASE_URL"));
    if (!m_adminUrl.startsWith(QLatin1String("postgres")))
        m_adminUrl.clear();
    if (m_adminUrl.isEmpty()) {
        m_url = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("test.sqlite"));
        return;
    }
    const QString name = QStringLiteral("iotile_t_%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    m_url = create(name);
}

TestDatabase::~TestDatabase()
{
    for (const QString &name : std::as_const(m_created))
        drop(name);
}

QString TestDatabase::create(const QString &name)
{
    if (!adminExec(m_adminUrl, QStringLiteral("CREATE DATABASE %1").arg(name)))
        qFatal("cannot create test database %s", qPrintable(name));
    m_created << name;
    QUrl u(m_adminUrl);
    u.setPath(QLatin1Char('/') + name);
    return u.toString();
}

void TestDatabase::drop(const QString &name)
{
    adminExec(m_adminUrl, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name));
}

QString TestDatabase::createExtra(const QString &suffix)
{
    if (!isPostgres())
        return QString();
    return create(m_created.first() + QLatin1Char('_') + suffix);
}

} // namespace iotile::test
