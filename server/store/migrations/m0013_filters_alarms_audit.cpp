#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Stream filters (the original's streamfilter app: filters, states, transitions, triggers, actions) plus
// what the original kept in Redis only: the current state of each filter per stream. Alarms raised by
// filters or the API, de-duplicated while active by a partial unique index. The audit log of writes has no
// foreign keys: a record must outlive the user or org it names, and must never fail to insert because
// its subject was deleted by the very request it records.
Migration m0013FiltersAlarmsAudit()
{
    Migration m;
    m.version = 13;
    m.name = "stream filters, alarms, audit log";
    m.statements = {
        QStringLiteral("CREATE TABLE stream_filters ("
                       " id {ID},"
                       " slug TEXT NOT NULL UNIQUE,"
                       " name TEXT NOT NULL DEFAULT '',"
                       " project_id {BIGINT} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,"
                       " variable_id {BIGINT} NOT NULL REFERENCES variables(id) ON DELETE CASCADE,"
                       " device_id {BIGINT} REFERENCES devices(id) ON DELETE CASCADE,"
                       " input_stream_id {BIGINT} REFERENCES streams(id) ON DELETE CASCADE,"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " secret TEXT NOT NULL,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX stream_filters_project ON stream_filters (project_id)"),
        QStringLiteral("CREATE TABLE filter_states ("
                       " id {ID},"
                       " filter_id {BIGINT} NOT NULL REFERENCES stream_filters(id) ON DELETE CASCADE,"
                       " label TEXT NOT NULL,"
                       " slug TEXT NOT NULL,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (filter_id, slug))"),
        QStringLiteral("CREATE TABLE filter_transitions ("
                       " id TEXT PRIMARY KEY,"
                       " filter_id {BIGINT} NOT NULL REFERENCES stream_filters(id) ON DELETE CASCADE,"
                       " src_id {BIGINT} REFERENCES filter_states(id) ON DELETE CASCADE,"
                       " dst_id {BIGINT} NOT NULL REFERENCES filter_states(id) ON DELETE CASCADE,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX filter_transitions_filter ON filter_transitions (filter_id)"),
        QStringLiteral("CREATE TABLE filter_triggers ("
                       " id {ID},"
                       " filter_id {BIGINT} NOT NULL REFERENCES stream_filters(id) ON DELETE CASCADE,"
                       " transition_id TEXT REFERENCES filter_transitions(id) ON DELETE CASCADE,"
                       " operator TEXT NOT NULL,"
                       " threshold {DOUBLE},"
                       " user_threshold {DOUBLE},"
                       " user_output_unit_id {BIGINT} REFERENCES var_type_units(id) ON DELETE SET NULL,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX filter_triggers_filter ON filter_triggers (filter_id)"),
        QStringLiteral("CREATE TABLE filter_actions ("
                       " id {ID},"
                       " filter_id {BIGINT} NOT NULL REFERENCES stream_filters(id) ON DELETE CASCADE,"
                       " state_id {BIGINT} REFERENCES filter_states(id) ON DELETE CASCADE,"
                       " type TEXT NOT NULL,"
                       " on_event TEXT NOT NULL DEFAULT 'entry',"
                       " extra_payload {JSON},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX filter_actions_filter ON filter_actions (filter_id)"),
        // version: compare-and-set, so two ingest threads (or servers) never both fire one transition.
        QStringLiteral("CREATE TABLE filter_current_states ("
                       " filter_id {BIGINT} NOT NULL REFERENCES stream_filters(id) ON DELETE CASCADE,"
                       " stream TEXT NOT NULL,"
                       " state_id {BIGINT} REFERENCES filter_states(id) ON DELETE SET NULL,"
                       " version {BIGINT} NOT NULL DEFAULT 0,"
                       " updated_on {BIGINT} NOT NULL,"
                       " PRIMARY KEY (filter_id, stream))"),
        // The original's DynamoDB filter log: one row per transition fired by a data point. No foreign key to
        // the filter: the log of a stream outlives a filter that was deleted and made again.
        QStringLiteral("CREATE TABLE filter_logs ("
                       " id {ID},"
                       " uuid TEXT NOT NULL,"
                       " filter_id {BIGINT},"
                       " target_slug TEXT NOT NULL,"
                       " device_id {BIGINT},"
                       " ts {BIGINT} NOT NULL,"
                       " src TEXT NOT NULL,"
                       " dst TEXT NOT NULL,"
                       " triggers {JSON},"
                       " created_on {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE INDEX filter_logs_device ON filter_logs (device_id, ts)"),
        QStringLiteral("CREATE TABLE alarms ("
                       " id {ID},"
                       " rule TEXT NOT NULL,"
                       " name TEXT NOT NULL DEFAULT '',"
                       " severity TEXT NOT NULL,"
                       " target TEXT NOT NULL,"
                       " target_type TEXT NOT NULL,"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " project_id {BIGINT} REFERENCES projects(id) ON DELETE CASCADE,"
                       " device_id {BIGINT} REFERENCES devices(id) ON DELETE SET NULL,"
                       " stream TEXT NOT NULL DEFAULT '',"
                       " filter_id {BIGINT} REFERENCES stream_filters(id) ON DELETE SET NULL,"
                       " state_id {BIGINT} REFERENCES filter_states(id) ON DELETE SET NULL,"
                       " action_id {BIGINT} REFERENCES filter_actions(id) ON DELETE SET NULL,"
                       " auto_clear {BOOL} NOT NULL DEFAULT {FALSE},"
                       " message TEXT NOT NULL DEFAULT '',"
                       " details {JSON},"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " occurrences {BIGINT} NOT NULL DEFAULT 1,"
                       " first_seen {BIGINT} NOT NULL,"
                       " last_seen {BIGINT} NOT NULL,"
                       " acknowledged {BOOL} NOT NULL DEFAULT {FALSE},"
                       " ack_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " ack_on {BIGINT},"
                       " ack_comment TEXT NOT NULL DEFAULT '',"
                       " cleared_on {BIGINT},"
                       " cleared_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " clear_comment TEXT NOT NULL DEFAULT '',"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        // De-duplication: one active alarm per rule and target; raising again counts instead.
        QStringLiteral(
            "CREATE UNIQUE INDEX alarms_active_rule ON alarms (rule, target) WHERE active = {TRUE}"),
        QStringLiteral("CREATE INDEX alarms_org ON alarms (org_id, last_seen)"),
        QStringLiteral("CREATE INDEX alarms_project ON alarms (project_id, last_seen)"),
        QStringLiteral("CREATE INDEX alarms_device ON alarms (device_id, last_seen)"),
        QStringLiteral("CREATE INDEX alarms_source ON alarms (filter_id, stream) WHERE active = {TRUE}"),
        QStringLiteral("CREATE TABLE audit_log ("
                       " id {ID},"
                       " ts {BIGINT} NOT NULL,"
                       " user_id {BIGINT},"
                       " user_slug TEXT NOT NULL DEFAULT '',"
                       " auth_scheme TEXT NOT NULL DEFAULT '',"
                       " method TEXT NOT NULL,"
                       " path TEXT NOT NULL,"
                       " resource_type TEXT NOT NULL DEFAULT '',"
                       " resource_id TEXT NOT NULL DEFAULT '',"
                       " status INTEGER NOT NULL,"
                       " client_address TEXT NOT NULL DEFAULT '',"
                       " org_id {BIGINT},"
                       " org_slug TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE INDEX audit_log_ts ON audit_log (ts)"),
        QStringLiteral("CREATE INDEX audit_log_org ON audit_log (org_id, ts)"),
        QStringLiteral("CREATE INDEX audit_log_user ON audit_log (user_id, ts)"),
    };
    return m;
}

} // namespace iotile::migrations
