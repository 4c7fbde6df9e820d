#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// What hangs off any object by its slug (properties, config attributes, notes, locations), device keys,
// and the search index (FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL).
Migration m0004Metadata()
{
    Migration m;
    m.version = 4;
    m.name = "properties, config, notes, locations, keys, search";
    m.statements = {
        QStringLiteral("CREATE TABLE properties ("
                       " id {ID},"
                       " target TEXT NOT NULL,"
                       " name TEXT NOT NULL,"
                       " value TEXT NOT NULL DEFAULT '',"
                       " type TEXT NOT NULL DEFAULT 'str',"
                       " is_system {BOOL} NOT NULL DEFAULT {FALSE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (target, name))"),
        QStringLiteral("CREATE TABLE property_templates ("
                       " id {ID},"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " name TEXT NOT NULL,"
                       " type TEXT NOT NULL DEFAULT 'str',"
                       " default_value TEXT NOT NULL DEFAULT '',"
                       " extra {JSON},"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (org_id, name))"),
        QStringLiteral("CREATE TABLE property_template_enums ("
                       " id {ID},"
                       " template_id {BIGINT} NOT NULL REFERENCES property_templates(id) ON DELETE CASCADE,"
                       " value TEXT NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (template_id, value))"),
        QStringLiteral("CREATE TABLE sg_property_templates ("
                       " sg_id {BIGINT} NOT NULL REFERENCES sensor_graphs(id) ON DELETE CASCADE,"
                       " template_id {BIGINT} NOT NULL REFERENCES property_templates(id) ON DELETE CASCADE,"
                       " PRIMARY KEY (sg_id, template_id))"),
        QStringLiteral("CREATE TABLE config_attribute_names ("
                       " id {ID},"
                       " name TEXT NOT NULL UNIQUE,"
                       " description TEXT,"
                       " tags {JSON},"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE TABLE config_attributes ("
                       " id {ID},"
                       " target TEXT NOT NULL,"
                       " name_id {BIGINT} NOT NULL REFERENCES config_attribute_names(id) ON DELETE CASCADE,"
                       " data {JSON},"
                       " updated_on {BIGINT} NOT NULL,"
                       " updated_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (target, name_id))"),
        QStringLiteral("CREATE TABLE notes ("
                       " id {ID},"
                       " target TEXT NOT NULL,"
                       " timestamp {BIGINT} NOT NULL,"
                       " note TEXT,"
                       " type TEXT NOT NULL DEFAULT 'ui',"
                       " user_id {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " attachment {JSON},"
                       " created_on {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE INDEX notes_target ON notes (target, timestamp)"),
        QStringLiteral("CREATE TABLE locations ("
                       " id {ID},"
                       " target TEXT NOT NULL,"
                       " timestamp {BIGINT} NOT NULL,"
                       " lat TEXT NOT NULL DEFAULT '0.000000',"
                       " lon TEXT NOT NULL DEFAULT '0.000000',"
                       " user_id {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX locations_target ON locations (target, timestamp)"),
        QStringLiteral("CREATE TABLE device_keys ("
                       " id {ID},"
                       " device_id {BIGINT} NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                       " type TEXT NOT NULL,"
                       " secret TEXT NOT NULL,"
                       " downloadable {BOOL} NOT NULL DEFAULT {FALSE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (device_id, type))"),
    };
    // Search: one row per searchable object (kind + key), with the org it belongs to for access filtering.
    m.extra = [](SqlConnection &c) -> Status {
        if (c.dialect().isSqlite()) {
            if (Status s =
                    c.execOnce(QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5("
                                              "kind UNINDEXED, ref UNINDEXED, org_id UNINDEXED, title, body,"
                                              " tokenize = 'unicode61 remove_diacritics 2')"));
                !s)
                return s;
            return Ok {};
        }
        if (Status s =
                c.execOnce(QStringLiteral("CREATE TABLE search_index ("
                                          " kind TEXT NOT NULL, ref TEXT NOT NULL, org_id BIGINT,"
                                          " title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',"
                                          " document tsvector GENERATED ALWAYS AS"
                                          " (setweight(to_tsvector('simple', title), 'A') ||"
                                          "  setweight(to_tsvector('simple', body), 'B')) STORED,"
                                          " PRIMARY KEY (kind, ref))"));
            !s)
            return s;
        return c.execOnce(
            QStringLiteral("CREATE INDEX search_index_document ON search_index USING GIN (document)"));
    };
    return m;
}

} // namespace iotile::migrations
