#include "server/store/backupstore.h"

#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlField>
#include <QSqlRecord>

namespace iotile {

namespace {

QVariant fromJson(const QJsonValue &v, QMetaType::Type type)
{
    if (v.isNull() || v.isUndefined())
        return QVariant();
    switch (type) {
    case QMetaType::Bool:
        return v.isBool() ? v.toBool() : v.toDouble() != 0;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        if (v.isBool())
            return qint64(v.toBool() ? 1 : 0);
        if (v.isString())
            return v.toString().toLongLong();
        return qint64(v.toDouble());
    case QMetaType::Double:
    case QMetaType::Float:
        return v.isString() ? v.toString().toDouble() : v.toDouble();
    default:
        if (v.isString())
            return v.toString();
        if (v.isBool())
            return qint64(v.toBool() ? 1 : 0); // SQLite: booleans are integers, reported untyped
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (d == double(qint64(d)))
                return qint64(d);
            return d;
        }
        return QString::fromUtf8(v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                              : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    }
}

} // namespace

Result<QList<QJsonObject>> BackupStore::rows(const QString &table, const QString &where,
                                             const QVariantList &binds)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT * FROM %1 WHERE %2").arg(table, where));
    for (const QVariant &b : binds)
        q.bind(b);
    IOTILE_CHECK(q.exec());
    QList<QJsonObject> out;
    const QSqlRecord record = q.raw().record();
    while (q.next()) {
        QJsonObject row;
        for (int i = 0; i < record.count(); ++i)
            row.insert(record.fieldName(i), variantToJson(q.value(i)));
        out.append(row);
    }
    q.raw().finish();
    return out;
}

Result<QHash<QString, QMetaType::Type>> BackupStore::readColumns(const QString &table)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT * FROM %1 WHERE 1 = 0").arg(table));
    IOTILE_CHECK(q.exec());
    QHash<QString, QMetaType::Type> out;
    const QSqlRecord record = q.raw().record();
    for (int i = 0; i < record.count(); ++i)
        out.insert(record.fieldName(i).toLower(), QMetaType::Type(record.field(i).metaType().id()));
    q.raw().finish();
    if (out.isEmpty())
        return Error::internal(QStringLiteral("table %1 has no columns").arg(table));
    return out;
}

Result<QHash<QString, QMetaType::Type>> BackupStore::columns(const QString &table)
{
    if (auto it = m_columns.constFind(table); it != m_columns.cend())
        return *it;
    IOTILE_TRY(read, readColumns(table));
    m_columns.insert(table, read);
    return read;
}

Result<qint64> BackupStore::insert(const QString &table, const QJsonObject &row, bool returnId)
{
    IOTILE_TRY(known, columns(table));
    QStringList names;
    QVariantList values;
    for (auto it = row.begin(); it != row.end(); ++it) {
        const auto type = known.constFind(it.key());
        if (type == known.cend())
            return Error::badRequest(QStringLiteral("%1 has no column \"%2\"").arg(table, it.key()));
        names << it.key();
        values << fromJson(it.value(), *type);
    }
    QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                      .arg(table, names.join(QLatin1Char(',')),
                           QStringList(qsizetype(names.size()), QStringLiteral("?")).join(QLatin1Char(',')));
    if (returnId)
        sql += QStringLiteral(" RETURNING id");
    SqlQuery q = m_db.query(sql);
    for (const QVariant &v : values)
        q.bind(v);
    if (!returnId) {
        IOTILE_CHECK(q.exec());
        return qint64(0);
    }
    return q.scalarInt64();
}

Status BackupStore::setColumn(const QString &table, qint64 id, const QString &column, qint64 value)
{
    SqlQuery q = m_db.query(QStringLiteral("UPDATE %1 SET %2 = ? WHERE id = ?").arg(table, column));
    q.bind(value).bind(id);
    return q.exec();
}

Status BackupStore::syncIdentity(const QString &table)
{
    if (!m_db.dialect().isPostgres())
        return Ok {};
    SqlQuery q = m_db.query(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                           "GREATEST((SELECT max(id) FROM %1), 1))")
                                .arg(table));
    return q.exec();
}

Result<std::optional<qint64>> BackupStore::idBy(const QString &table, const QString &keyColumn,
                                                const QString &key)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT id FROM %1 WHERE %2 = ?").arg(table, keyColumn));
    q.bind(key);
    IOTILE_CHECK(q.exec());
    std::optional<qint64> id;
    if (q.next())
        id = q.int64(0);
    q.raw().finish();
    return id;
}

Result<std::optional<QString>> BackupStore::keyOf(const QString &table, const QString &keyColumn, qint64 id)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(keyColumn, table));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    std::optional<QString> key;
    if (q.next())
        key = q.text(0);
    q.raw().finish();
    return key;
}

} // namespace iotile
