#pragma once

#include "common/util/error.h"
#include "server/domain/device.h"
#include "server/domain/fleet.h"
#include "server/domain/org.h"
#include "server/domain/ota.h"

#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Slug lookups the fleet and OTA controllers share, answering as DRF's SlugRelatedField and
// get_object_or_404 do.
namespace otalookup {

// A fleet by its slug (either case); nullopt when malformed or unknown.
Result<std::optional<Fleet>> fleet(SqlConnection &db, const QString &slug);
Result<std::optional<DeviceScript>> script(SqlConnection &db, const QString &slug);
Result<std::optional<Device>> device(SqlConnection &db, const QString &slug);
Result<std::optional<Org>> org(SqlConnection &db, const QString &slug);
// {"<field>": ["Object with slug=<slug> does not exist."]}
Error missing(const QString &field, const QString &slug);

// The original's Fleet.has_access / has_write_access (write: can_manage_ota in the fleet's org).
Result<bool> canSeeFleet(Access &access, const Fleet &fleet);
Result<bool> canManageFleet(Access &access, const Fleet &fleet);
// DeploymentRequest.has_access: its fleet's org; else a vendor's or the caller's org.
Result<bool> canSeeRequest(Access &access, const DeploymentRequest &request);
// DeploymentRequest.has_write_access: can_manage_ota in the fleet's org, else the request's org.
Result<bool> canManageRequest(Access &access, const DeploymentRequest &request);

} // namespace otalookup

} // namespace iotile
