#pragma once

#include "common/util/error.h"
#include "server/domain/streamalias.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Stream aliases and their taps, scoped to the orgs the caller is an active member of.
class AliasStore
{
public:
    explicit AliasStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff
        std::optional<qint64> orgId;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<StreamAlias>> list(const ListQuery &query, const Access &access, qint64 offset,
                                    qint64 limit);
    Result<std::optional<StreamAlias>> bySlug(const QString &slug);
    // Inserts and gives the alias its slug (made from its id).
    Result<StreamAlias> create(StreamAlias alias);
    Status update(const StreamAlias &alias);
    Status remove(qint64 id);

    struct TapQuery
    {
        bool all = false;
        std::optional<qint64> aliasId;
    };
    Result<qint64> countTaps(const TapQuery &query, const Access &access);
    Result<QList<StreamAliasTap>> listTaps(const TapQuery &query, const Access &access, qint64 offset,
                                           qint64 limit);
    Result<std::optional<StreamAliasTap>> tapById(qint64 id);
    // An alias's taps in timestamp order: the slices a read through the alias is made of.
    Result<QList<StreamAliasTap>> tapsOf(qint64 aliasId);
    Result<StreamAliasTap> createTap(StreamAliasTap tap);
    Status updateTap(const StreamAliasTap &tap);
    Status removeTap(qint64 id);

private:
    Result<std::optional<StreamAlias>> one(const char *where, const QVariant &value);
    SqlConnection &m_db;
};

} // namespace iotile
