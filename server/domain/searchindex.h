#pragma once

#include "common/util/error.h"

#include <QString>

namespace iotile {

class SqlConnection;

// Keeps the search index (store migration 0004: FTS5 on SQLite, tsvector on PostgreSQL) in step with the
// searchable objects: orgs, projects, devices and the properties attached to them. Controllers call
// refresh() after a change to such an object or to a property of it.
class SearchIndex
{
public:
    // Re-indexes the object a slug names (an org slug prefixed "^", p--, d--), or drops it when it is gone.
    static Status refresh(SqlConnection &db, const QString &targetSlug);
};

} // namespace iotile
