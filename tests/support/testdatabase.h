#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace iotile::test {

// A database of its own for one test: a SQLite file in a temporary folder, or, when
// IOTILE_TEST_DATABASE_URL names a PostgreSQL server (scripts/test.sh sets it), a new database on it
// that is dropped afterwards.
class TestDatabase
{
public:
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    bool isPostgres() const { return !m_adminUrl.isEmpty(); }
    const QString &url() const { return m_url; }
    QString dataDir() const { return m_dir.path(); }
    // A second, separate database (for the stream-data database split); empty on SQLite.
    QString createExtra(const QString &suffix);

private:
    QString create(const QString &name);
    void drop(const QString &name);

    QTemporaryDir m_dir;
    QString m_adminUrl;
    QString m_url;
    QStringList m_created;
};

} // namespace iotile::test
