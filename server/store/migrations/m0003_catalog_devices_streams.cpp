#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// The vendor catalog (var types and units, components, device templates, sensor graphs with their
// variable and widget templates), devices, variables and streams.
Migration m0003CatalogDevicesStreams()
{
    Migration m;
    m.version = 3;
    m.name = "catalog, devices, variables, streams";
    m.statements = {
        QStringLiteral("CREATE TABLE var_types ("
                       " id {ID},"
                       " name TEXT NOT NULL UNIQUE,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " stream_data_type TEXT NOT NULL DEFAULT 'D0',"
                       " storage_units_full TEXT NOT NULL DEFAULT '',"
                       " decoder {JSON},"
                       " schema {JSON},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral(
            "CREATE TABLE var_type_units ("
            " id {ID},"
            " var_type_id {BIGINT} NOT NULL REFERENCES var_types(id) ON DELETE CASCADE,"
            " direction TEXT NOT NULL," // 'in' or 'out'
            " slug TEXT NOT NULL UNIQUE,"
            " unit_full TEXT NOT NULL,"
            " unit_short TEXT NOT NULL DEFAULT '',"
            " m INTEGER NOT NULL DEFAULT 1, d INTEGER NOT NULL DEFAULT 1, o {DOUBLE} NOT NULL DEFAULT 0,"
            " decimal_places INTEGER NOT NULL DEFAULT 2,"
            " derived_units {JSON})"),
        QStringLiteral("CREATE TABLE components ("
                       " id {ID},"
                       " uuid TEXT NOT NULL UNIQUE,"
                       " external_sku TEXT NOT NULL,"
                       " internal_sku TEXT NOT NULL DEFAULT '',"
                       " slug TEXT NOT NULL UNIQUE,"
                       " type TEXT NOT NULL,"
                       " hw_tag TEXT NOT NULL DEFAULT '',"
                       " hw_name TEXT NOT NULL DEFAULT '',"
                       " major INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0, patch INTEGER "
                       "NOT NULL DEFAULT 0,"
                       " description TEXT NOT NULL DEFAULT '',"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE TABLE device_templates ("
                       " id {ID},"
                       " uuid TEXT NOT NULL UNIQUE,"
                       " external_sku TEXT NOT NULL,"
                       " internal_sku TEXT NOT NULL DEFAULT '',"
                       " family TEXT NOT NULL DEFAULT '',"
                       " slug TEXT NOT NULL UNIQUE,"
                       " org_id {BIGINT} REFERENCES orgs(id) ON DELETE SET NULL,"
                       " major INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0, patch INTEGER "
                       "NOT NULL DEFAULT 0,"
                       " os_tag INTEGER NOT NULL DEFAULT 0, os_major INTEGER NOT NULL DEFAULT 0, os_minor "
                       "INTEGER NOT NULL DEFAULT 0,"
                       " hw_tag INTEGER NOT NULL DEFAULT 0, hw_major INTEGER NOT NULL DEFAULT 0,"
                       " released_on TEXT,"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE TABLE device_template_slots ("
                       " id {ID},"
                       " template_id {BIGINT} NOT NULL REFERENCES device_templates(id) ON DELETE CASCADE,"
                       " number INTEGER NOT NULL,"
                       " component_id {BIGINT} NOT NULL REFERENCES components(id) ON DELETE CASCADE,"
                       " UNIQUE (template_id, number))"),
        QStringLiteral("CREATE TABLE sensor_graphs ("
                       " id {ID},"
                       " name TEXT NOT NULL,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " org_id {BIGINT} REFERENCES orgs(id) ON DELETE SET NULL,"
                       " project_template_id {BIGINT} REFERENCES project_templates(id) ON DELETE SET NULL,"
                       " ui_extra {JSON},"
                       " report_processing_engine_ver INTEGER NOT NULL DEFAULT 0,"
                       " major INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0, patch INTEGER "
                       "NOT NULL DEFAULT 0,"
                       " app_tag INTEGER NOT NULL DEFAULT 0, app_major INTEGER NOT NULL DEFAULT 0, app_minor "
                       "INTEGER NOT NULL DEFAULT 0,"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (name, major, minor, patch))"),
        QStringLiteral(
            "CREATE TABLE var_templates ("
            " id {ID},"
            " sg_id {BIGINT} NOT NULL REFERENCES sensor_graphs(id) ON DELETE CASCADE,"
            " label TEXT NOT NULL DEFAULT '',"
            " lid_hex TEXT NOT NULL DEFAULT '',"
            " derived_lid_hex TEXT NOT NULL DEFAULT '',"
            " var_type_id {BIGINT} REFERENCES var_types(id) ON DELETE SET NULL,"
            " default_input_unit_id {BIGINT} REFERENCES var_type_units(id) ON DELETE SET NULL,"
            " default_output_unit_id {BIGINT} REFERENCES var_type_units(id) ON DELETE SET NULL,"
            " ctype TEXT NOT NULL DEFAULT 'unsigned int',"
            " m INTEGER NOT NULL DEFAULT 1, d INTEGER NOT NULL DEFAULT 1, o {DOUBLE} NOT NULL DEFAULT 0,"
            " app_only {BOOL} NOT NULL DEFAULT {FALSE},"
            " web_only {BOOL} NOT NULL DEFAULT {FALSE})"),
        QStringLiteral("CREATE TABLE display_widgets ("
                       " id {ID},"
                       " sg_id {BIGINT} NOT NULL REFERENCES sensor_graphs(id) ON DELETE CASCADE,"
                       " label TEXT NOT NULL DEFAULT '',"
                       " lid_hex TEXT NOT NULL DEFAULT '',"
                       " type TEXT NOT NULL DEFAULT 'val',"
                       " args {JSON},"
                       " var_type_id {BIGINT} REFERENCES var_types(id) ON DELETE SET NULL,"
                       " derived_unit_type TEXT NOT NULL DEFAULT '',"
                       " show_in_app {BOOL} NOT NULL DEFAULT {FALSE},"
                       " show_in_web {BOOL} NOT NULL DEFAULT {FALSE})"),
        // Device ids are the 48-bit ids devices carry in their firmware: assigned, not generated.
        QStringLiteral("CREATE TABLE devices ("
                       " id {BIGINT} PRIMARY KEY,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " label TEXT NOT NULL DEFAULT '',"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " external_id TEXT NOT NULL DEFAULT '',"
                       " sg_id {BIGINT} REFERENCES sensor_graphs(id) ON DELETE SET NULL,"
                       " template_id {BIGINT} REFERENCES device_templates(id) ON DELETE SET NULL,"
                       " org_id {BIGINT} REFERENCES orgs(id) ON DELETE SET NULL,"
                       " project_id {BIGINT} REFERENCES projects(id) ON DELETE SET NULL,"
                       " lat TEXT, lon TEXT,"
                       " state TEXT NOT NULL DEFAULT 'N1',"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " claimed_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " claimed_on {BIGINT})"),
        QStringLiteral("CREATE INDEX devices_org ON devices (org_id, id)"),
        QStringLiteral("CREATE INDEX devices_project ON devices (project_id, id)"),
        QStringLiteral("CREATE TABLE device_status ("
                       " device_id {BIGINT} PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,"
                       " last_report_ts {BIGINT},"
                       " last_known_id {BIGINT} NOT NULL DEFAULT 0,"
                       " last_known_state TEXT NOT NULL DEFAULT 'UNK',"
                       " health_check_enabled {BOOL} NOT NULL DEFAULT {FALSE},"
                       " health_check_period INTEGER NOT NULL DEFAULT 7200,"
                       " notification_recipients {JSON})"),
        QStringLiteral(
            "CREATE TABLE variables ("
            " id {ID},"
            " uuid TEXT NOT NULL UNIQUE,"
            " slug TEXT NOT NULL UNIQUE,"
            " name TEXT NOT NULL,"
            " lid INTEGER NOT NULL,"
            " project_id {BIGINT} REFERENCES projects(id) ON DELETE CASCADE,"
            " org_id {BIGINT} REFERENCES orgs(id) ON DELETE CASCADE,"
            " var_type_id {BIGINT} REFERENCES var_types(id) ON DELETE SET NULL,"
            " input_unit_id {BIGINT} REFERENCES var_type_units(id) ON DELETE SET NULL,"
            " output_unit_id {BIGINT} REFERENCES var_type_units(id) ON DELETE SET NULL,"
            " derived_variable_id {BIGINT} REFERENCES variables(id) ON DELETE SET NULL,"
            " about TEXT NOT NULL DEFAULT '',"
            " raw_value_format TEXT NOT NULL DEFAULT '<L',"
            " units TEXT NOT NULL DEFAULT '',"
            " m INTEGER NOT NULL DEFAULT 1, d INTEGER NOT NULL DEFAULT 1, o {DOUBLE} NOT NULL DEFAULT 0,"
            " decimal_places INTEGER NOT NULL DEFAULT 0,"
            " mdo_label TEXT NOT NULL DEFAULT '',"
            " web_only {BOOL} NOT NULL DEFAULT {FALSE},"
            " app_only {BOOL} NOT NULL DEFAULT {FALSE},"
            " created_on {BIGINT} NOT NULL,"
            " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE UNIQUE INDEX variables_project_lid ON variables (project_id, lid)"),
        QStringLiteral("CREATE TABLE streams ("
                       " id {ID},"
                       " uuid TEXT NOT NULL UNIQUE,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " project_id {BIGINT} REFERENCES projects(id) ON DELETE CASCADE,"
                       " device_id {BIGINT} REFERENCES devices(id) ON DELETE CASCADE,"
                       " block_id {BIGINT},"
                       " variable_id {BIGINT} REFERENCES variables(id) ON DELETE SET NULL,"
                       " org_id {BIGINT} REFERENCES orgs(id) ON DELETE CASCADE,"
                       " data_label TEXT NOT NULL DEFAULT '',"
                       " var_type_id {BIGINT} REFERENCES var_types(id) ON DELETE SET NULL,"
                       " data_type TEXT NOT NULL DEFAULT 'D0',"
                       " var_name TEXT NOT NULL DEFAULT '',"
                       " var_lid INTEGER NOT NULL DEFAULT 0,"
                       " input_unit_id {BIGINT} REFERENCES var_type_units(id) ON DELETE SET NULL,"
                       " output_unit_id {BIGINT} REFERENCES var_type_units(id) ON DELETE SET NULL,"
                       " derived_stream_id {BIGINT} REFERENCES streams(id) ON DELETE SET NULL,"
                       " raw_value_format TEXT NOT NULL DEFAULT '<L',"
                       " mdo_type TEXT NOT NULL DEFAULT 'S',"
                       " mdo_label TEXT NOT NULL DEFAULT '',"
                       " m INTEGER, d INTEGER, o {DOUBLE},"
                       " enabled {BOOL} NOT NULL DEFAULT {TRUE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX streams_device ON streams (device_id)"),
        QStringLiteral("CREATE INDEX streams_project ON streams (project_id)"),
        QStringLiteral("CREATE INDEX streams_org ON streams (org_id)"),
    };
    return m;
}

} // namespace iotile::migrations
