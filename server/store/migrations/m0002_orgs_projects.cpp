#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Organizations and who belongs to them, their templates, and projects. Timestamps are microseconds since
// the epoch (UTC); API ids (UUIDs, slugs) are kept beside compact integer keys used for joins.
Migration m0002OrgsProjects()
{
    Migration m;
    m.version = 2;
    m.name = "orgs and projects";
    m.statements = {
        QStringLiteral("CREATE TABLE org_templates ("
                       " id {ID},"
                       " name TEXT NOT NULL,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " major INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0, patch INTEGER "
                       "NOT NULL DEFAULT 0,"
                       " extra_data {JSON},"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (name, major, minor, patch))"),
        QStringLiteral("CREATE TABLE orgs ("
                       " id {ID},"
                       " uuid TEXT NOT NULL UNIQUE,"
                       " name TEXT NOT NULL,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " about TEXT NOT NULL DEFAULT '',"
                       " ot_id {BIGINT} REFERENCES org_templates(id) ON DELETE SET NULL,"
                       " is_vendor {BOOL} NOT NULL DEFAULT {FALSE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE UNIQUE INDEX orgs_name_ci ON orgs (lower(name))"),
        // permissions: one bit per flag of the original's role table (domain/roles.h), so "orgs where the
        // caller may X" is one indexed SQL condition on both dialects.
        QStringLiteral("CREATE TABLE org_memberships ("
                       " id {ID},"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " user_id {BIGINT} NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
                       " role TEXT NOT NULL,"
                       " is_active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " is_org_admin {BOOL} NOT NULL DEFAULT {FALSE},"
                       " permissions {BIGINT} NOT NULL,"
                       " created_on {BIGINT} NOT NULL,"
                       " UNIQUE (org_id, user_id))"),
        QStringLiteral("CREATE INDEX org_memberships_user ON org_memberships (user_id, is_active)"),
        QStringLiteral("CREATE TABLE org_invitations ("
                       " id {ID},"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " email TEXT NOT NULL,"
                       " role TEXT NOT NULL DEFAULT 'm1',"
                       " token TEXT NOT NULL UNIQUE,"
                       " sent_on {BIGINT} NOT NULL,"
                       " sent_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " expires_on {BIGINT} NOT NULL,"
                       " accepted {BOOL} NOT NULL DEFAULT {FALSE},"
                       " UNIQUE (org_id, email))"),
        QStringLiteral("CREATE TABLE org_domains ("
                       " id {ID},"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " name TEXT NOT NULL UNIQUE,"
                       " verified {BOOL} NOT NULL DEFAULT {FALSE})"),
        QStringLiteral("CREATE TABLE org_api_keys ("
                       " id {ID},"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " name TEXT NOT NULL DEFAULT '',"
                       " prefix TEXT NOT NULL UNIQUE,"
                       " hashed_key TEXT NOT NULL,"
                       " revoked {BOOL} NOT NULL DEFAULT {FALSE},"
                       " expiry {BIGINT},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE TABLE project_templates ("
                       " id {ID},"
                       " name TEXT NOT NULL,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " org_id {BIGINT} REFERENCES orgs(id) ON DELETE CASCADE,"
                       " major INTEGER NOT NULL DEFAULT 0, minor INTEGER NOT NULL DEFAULT 0, patch INTEGER "
                       "NOT NULL DEFAULT 0,"
                       " extra_data {JSON},"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (name, major, minor, patch))"),
        QStringLiteral("CREATE TABLE projects ("
                       " id {ID},"
                       " uuid TEXT NOT NULL UNIQUE,"
                       " gid {BIGINT} NOT NULL UNIQUE,"
                       " slug TEXT NOT NULL UNIQUE,"
                       " name TEXT NOT NULL,"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " about TEXT NOT NULL DEFAULT '',"
                       " project_template_id {BIGINT} REFERENCES project_templates(id) ON DELETE SET NULL,"
                       " is_template {BOOL} NOT NULL DEFAULT {FALSE},"
                       " data_retention_days INTEGER,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX projects_org ON projects (org_id, name)"),
    };
    return m;
}

} // namespace iotile::migrations
