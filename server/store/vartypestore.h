#pragma once

#include "common/util/error.h"
#include "server/domain/vartype.h"

#include <QList>

#include <optional>

namespace iotile {

class SqlConnection;

// Var types and their units.
class VarTypeStore
{
public:
    explicit VarTypeStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Result<std::optional<VarType>> byId(qint64 id);
    Result<std::optional<VarType>> bySlug(const QString &slug);
    // `search`: every whitespace- or comma-separated term is a case-insensitive part of the name (DRF's
    // SearchFilter).
    Result<qint64> count(const QString &search, std::optional<qint64> createdBy);
    Result<QList<VarType>> list(const QString &search, std::optional<qint64> createdBy, qint64 offset,
                                qint64 limit);
    // Another var type already has this name or this slug.
    Result<bool> nameTaken(const QString &name, qint64 exceptId);
    Result<bool> slugTaken(const QString &slug, qint64 exceptId);
    Result<std::optional<VarTypeUnit>> unitById(qint64 id);
    Result<std::optional<VarTypeUnit>> unitBySlug(const QString &slug);
    Result<VarType> create(VarType type);
    Status update(const VarType &type);
    Status remove(qint64 id);
    // Replaces the units of a var type with the given ones (matched by slug: existing ids are kept).
    Status saveUnits(VarType &type);
    // Makes the input (or output) units of a var type exactly `units`: units matched by slug keep their ids,
    // the others are deleted. Slugs must already be set (unitSlug()).
    Status replaceUnits(qint64 typeId, bool output, QList<VarTypeUnit> &units);
    // Rewrites the slugs of a var type's units after its own slug changed.
    Status renameUnits(const VarType &type);
    // in--<var type slug>--<slugify(unit_full)> / out--...
    static QString unitSlug(bool output, const QString &typeSlug, const QString &unitFull);

private:
    Status loadUnits(VarType &type);
    Status saveUnitList(qint64 typeId, QList<VarTypeUnit> &units);
    SqlConnection &m_db;
};

} // namespace iotile
