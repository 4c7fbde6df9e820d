#pragma once

#include "server/store/migration.h"

// One function per migration file; store/migrations/migrations.cpp lists them in order.
namespace iotile::migrations {

Migration m0001Accounts();

} // namespace iotile::migrations
