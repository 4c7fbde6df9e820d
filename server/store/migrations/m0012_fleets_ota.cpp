#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Fleets (device groups for networks and OTA), OTA device scripts, deployment requests with their
// staged-rollout state and per-device step assignment, deployment actions reported by gateways, and the
// OS/app versions devices report. Fleet and script slugs are derived from the row id, so none is stored.
Migration m0012FleetsOta()
{
    Migration m;
    m.version = 12;
    m.name = "fleets and OTA";
    m.statements = {
        QStringLiteral("CREATE TABLE fleets ("
                       " id {ID},"
                       " name TEXT NOT NULL,"
                       " description TEXT NOT NULL DEFAULT '',"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " is_network {BOOL} NOT NULL DEFAULT {FALSE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (org_id, name))"),
        QStringLiteral("CREATE TABLE fleet_members ("
                       " fleet_id {BIGINT} NOT NULL REFERENCES fleets(id) ON DELETE CASCADE,"
                       " device_id {BIGINT} NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                       " always_on {BOOL} NOT NULL DEFAULT {FALSE},"
                       " is_access_point {BOOL} NOT NULL DEFAULT {FALSE},"
                       " created_on {BIGINT} NOT NULL,"
                       " PRIMARY KEY (fleet_id, device_id))"),
        QStringLiteral("CREATE INDEX fleet_members_device ON fleet_members (device_id)"),
        QStringLiteral("CREATE TABLE device_scripts ("
                       " id {ID},"
                       " uuid TEXT NOT NULL UNIQUE,"
                       " name TEXT NOT NULL,"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " major INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0,"
                       " patch INTEGER NOT NULL DEFAULT 0,"
                       " released {BOOL} NOT NULL DEFAULT {FALSE},"
                       " released_on TEXT,"
                       " notes TEXT,"
                       " file_uuid TEXT UNIQUE,"
                       " file_name TEXT,"
                       " file_key TEXT,"
                       " file_created_on {BIGINT},"
                       " file_created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (org_id, name, major, minor, patch))"),
        // rollout: the staged-rollout plan (domain/rollout.h), NULL for an all-at-once deployment.
        // rollout_step counts released steps; devices assigned to a step below it may see the request.
        QStringLiteral("CREATE TABLE ota_requests ("
                       " id {ID},"
                       " script_id {BIGINT} NOT NULL REFERENCES device_scripts(id) ON DELETE CASCADE,"
                       " fleet_id {BIGINT} REFERENCES fleets(id) ON DELETE SET NULL,"
                       " org_id {BIGINT} REFERENCES orgs(id) ON DELETE SET NULL,"
                       " selection_criteria {JSON},"
                       " released_on {BIGINT},"
                       " completed_on {BIGINT},"
                       " rollout {JSON},"
                       " rollout_status TEXT,"
                       " rollout_step INTEGER NOT NULL DEFAULT 0,"
                       " rollout_step_on {BIGINT},"
                       " rollout_targets INTEGER NOT NULL DEFAULT 0,"
                       " rollout_aborted_on {BIGINT},"
                       " rollout_abort_reason TEXT,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX ota_requests_fleet ON ota_requests (fleet_id)"),
        QStringLiteral("CREATE INDEX ota_requests_org ON ota_requests (org_id)"),
        QStringLiteral("CREATE INDEX ota_requests_rollout ON ota_requests (rollout_status)"),
        QStringLiteral("CREATE TABLE ota_rollout_devices ("
                       " request_id {BIGINT} NOT NULL REFERENCES ota_requests(id) ON DELETE CASCADE,"
                       " device_id {BIGINT} NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                       " position INTEGER NOT NULL,"
                       " step INTEGER NOT NULL,"
                       " PRIMARY KEY (request_id, device_id))"),
        QStringLiteral("CREATE INDEX ota_rollout_devices_device ON ota_rollout_devices (device_id)"),
        QStringLiteral("CREATE TABLE ota_actions ("
                       " id {ID},"
                       " request_id {BIGINT} NOT NULL REFERENCES ota_requests(id) ON DELETE CASCADE,"
                       " device_id {BIGINT} NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                       " last_attempt_on {BIGINT},"
                       " attempt_successful {BOOL} NOT NULL DEFAULT {FALSE},"
                       " device_confirmation {BOOL} NOT NULL DEFAULT {FALSE},"
                       " log TEXT,"
                       " created_on {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE INDEX ota_actions_request ON ota_actions (request_id, device_id)"),
        QStringLiteral("CREATE INDEX ota_actions_device ON ota_actions (device_id)"),
        QStringLiteral("CREATE TABLE device_versions ("
                       " id {ID},"
                       " device_id {BIGINT} NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                       " type TEXT NOT NULL,"
                       " tag {BIGINT} NOT NULL,"
                       " major INTEGER NOT NULL DEFAULT 0,"
                       " minor INTEGER NOT NULL DEFAULT 0,"
                       " streamer_local_id {BIGINT} NOT NULL DEFAULT 1,"
                       " updated_ts {BIGINT},"
                       " created_on {BIGINT} NOT NULL,"
                       " UNIQUE (device_id, type, tag, major, minor, streamer_local_id))"),
        QStringLiteral(
            "CREATE INDEX device_versions_latest ON device_versions (device_id, type, updated_ts)"),
    };
    return m;
}

} // namespace iotile::migrations
