#pragma once

#include "common/util/error.h"

#include <QStringList>

#include <functional>
#include <vector>

namespace iotile {

class SqlConnection;

// Which database a migration belongs to: the main one, or the one for stream data and events (which
// is the main one unless configured apart).
enum class SchemaScope { Main, Data };

// One numbered schema step. Statements use Dialect tokens; `extra` runs dialect-specific work after them.
struct Migration
{
    int version = 0;
    const char *name = "";
    SchemaScope scope = SchemaScope::Main;
    QStringList statements;
    std::function<Status(SqlConnection &)> extra;
};

// Every migration in order; each file in store/migrations/ contributes one.
const std::vector<Migration> &allMigrations();

} // namespace iotile
