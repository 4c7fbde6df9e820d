#include "server/store/targetmetadatastore.h"

#include "server/store/database.h"

namespace iotile {

Status TargetMetadataStore::moveUserProperties(const QString &from, const QString &to)
{
    SqlQuery clash = m_db.query("DELETE FROM properties WHERE target = ? AND name IN "
                                "(SELECT name FROM properties WHERE target = ? AND is_system = {FALSE})");
    clash.bind(to).bind(from);
    IOTILE_CHECK(clash.exec());
    SqlQuery q = m_db.query("UPDATE properties SET target = ? WHERE target = ? AND is_system = {FALSE}");
    q.bind(to).bind(from);
    return q.exec();
}

Status TargetMetadataStore::copySystemProperties(const QString &from, const QString &to, qint64 now)
{
    SqlQuery q =
        m_db.query("INSERT INTO properties (target, name, value, type, is_system, created_on, created_by) "
                   "SELECT ?, name, value, type, is_system, ?, created_by FROM properties "
                   "WHERE target = ? AND is_system = {TRUE} ON CONFLICT (target, name) DO NOTHING");
    q.bind(to).bind(now).bind(from);
    return q.exec();
}

Status TargetMetadataStore::deleteProperties(const QString &target, bool userOnly)
{
    SqlQuery q = userOnly ? m_db.query("DELETE FROM properties WHERE target = ? AND is_system = {FALSE}")
                          : m_db.query("DELETE FROM properties WHERE target = ?");
    q.bind(target);
    return q.exec();
}

Status TargetMetadataStore::moveNotes(const QString &from, const QString &to, bool userOnly)
{
    SqlQuery q = userOnly ? m_db.query("UPDATE notes SET target = ? WHERE target = ? AND type = 'ui'")
                          : m_db.query("UPDATE notes SET target = ? WHERE target = ?");
    q.bind(to).bind(from);
    return q.exec();
}

Status TargetMetadataStore::deleteNotes(const QStringList &targets, bool userOnly)
{
    for (const QString &target : targets) {
        SqlQuery q = userOnly ? m_db.query("DELETE FROM notes WHERE target = ? AND type = 'ui'")
                              : m_db.query("DELETE FROM notes WHERE target = ?");
        q.bind(target);
        IOTILE_CHECK(q.exec());
    }
    return Ok {};
}

Status TargetMetadataStore::moveLocations(const QString &from, const QString &to)
{
    SqlQuery q = m_db.query("UPDATE locations SET target = ? WHERE target = ?");
    q.bind(to).bind(from);
    return q.exec();
}

Status TargetMetadataStore::deleteLocations(const QString &target)
{
    SqlQuery q = m_db.query("DELETE FROM locations WHERE target = ?");
    q.bind(target);
    return q.exec();
}

Status TargetMetadataStore::moveMask(const QString &from, const QString &to)
{
    SqlQuery exists = m_db.query("SELECT 1 FROM data_masks WHERE target = ?");
    exists.bind(from);
    IOTILE_CHECK(exists.exec());
    const bool has = exists.next();
    exists.raw().finish();
    if (!has)
        return Ok {};
    SqlQuery clear = m_db.query("DELETE FROM data_masks WHERE target = ?");
    clear.bind(to);
    IOTILE_CHECK(clear.exec());
    SqlQuery q = m_db.query("UPDATE data_masks SET target = ? WHERE target = ?");
    q.bind(to).bind(from);
    return q.exec();
}

} // namespace iotile
