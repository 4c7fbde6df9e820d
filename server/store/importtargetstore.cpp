#include "server/store/importtargetstore.h"

#include "server/store/database.h"

#include <QStringList>

namespace iotile {

Result<std::optional<qint64>> ImportTargetStore::find(const QString &table, const QString &idColumn,
                                                      const QList<QPair<QString, QVariant>> &keys)
{
    QStringList conditions;
    for (const auto &[column, value] : keys)
        conditions << (value.isNull() ? QStringLiteral("%1 IS NULL").arg(column)
                                      : QStringLiteral("%1 = ?").arg(column));
    SqlQuery q = m_db.query(QStringLiteral("SELECT %1 FROM %2 WHERE %3")
                                .arg(idColumn, table, conditions.join(QStringLiteral(" AND "))));
    for (const auto &[column, value] : keys)
        if (!value.isNull())
            q.bind(value);
    IOTILE_CHECK(q.exec());
    std::optional<qint64> id;
    if (q.next())
        id = q.int64(0);
    q.raw().finish();
    return id;
}

Result<bool> ImportTargetStore::idTaken(const QString &table, qint64 id)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM %1 WHERE id = ?").arg(table));
    q.bind(id);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

} // namespace iotile
