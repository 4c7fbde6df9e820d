#pragma once

#include "common/util/error.h"

#include <QString>
#include <QStringList>

namespace iotile {

class SqlConnection;

// Bulk changes to the metadata that hangs off a slug (properties, notes, locations, the data mask):
// what archiving a device into a data block, resetting a device and deleting a block do to it. Runs in
// the caller's transaction.
class TargetMetadataStore
{
public:
    explicit TargetMetadataStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // User properties move from `from` to `to` (replacing same-named ones there); system properties are
    // copied (existing names on `to` are kept, so a retry adds nothing).
    Status moveUserProperties(const QString &from, const QString &to);
    Status copySystemProperties(const QString &from, const QString &to, qint64 now);
    // userOnly: keep system properties.
    Status deleteProperties(const QString &target, bool userOnly);

    // userOnly: only notes of type "ui" (system notes stay behind).
    Status moveNotes(const QString &from, const QString &to, bool userOnly);
    Status deleteNotes(const QStringList &targets, bool userOnly);

    Status moveLocations(const QString &from, const QString &to);
    Status deleteLocations(const QString &target);

    // The data mask window follows the data it masks.
    Status moveMask(const QString &from, const QString &to);

private:
    SqlConnection &m_db;
};

} // namespace iotile
