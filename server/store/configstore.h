#pragma once

#include "common/util/error.h"
#include "server/domain/configattribute.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Configuration attribute names and the attributes stored under them on targets.
class ConfigStore
{
public:
    explicit ConfigStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct NameQuery
    {
        QString name; // exact
        QString nameContains; // case-insensitive
        QString tag;
    };
    Result<qint64> countNames(const NameQuery &query);
    Result<QList<ConfigName>> names(const NameQuery &query, qint64 offset, qint64 limit);
    Result<std::optional<ConfigName>> nameById(qint64 id);
    Result<std::optional<ConfigName>> nameByName(const QString &name);
    // nullopt when the name exists already.
    Result<std::optional<ConfigName>> createName(const ConfigName &name, qint64 userId);
    // False when the new name is taken.
    Result<bool> updateName(const ConfigName &name);
    Status removeName(qint64 id);

    Result<qint64> countAttributes(const QString &target, const QString &nameContains);
    Result<QList<ConfigAttribute>> attributes(const QString &target, const QString &nameContains,
                                              qint64 offset, qint64 limit);
    Result<std::optional<ConfigAttribute>> attributeById(qint64 id);
    Result<std::optional<ConfigAttribute>> attribute(const QString &target, qint64 nameId);
    // Creates the attribute or overwrites the data of the existing one.
    Result<ConfigAttribute> upsertAttribute(const QString &target, qint64 nameId, const QJsonValue &data,
                                            qint64 userId);
    Status removeAttribute(qint64 id);

private:
    SqlConnection &m_db;
};

} // namespace iotile
