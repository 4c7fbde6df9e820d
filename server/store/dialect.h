#pragma once

#include <QString>

// The one place where SQLite and PostgreSQL differ: column types, upserts, text matching, locking.
// Schema and queries are written once with {TOKENS} that expand per dialect.
namespace iotile {

enum class DialectKind { Sqlite, Postgres };

class Dialect
{
public:
    explicit Dialect(DialectKind kind)
        : m_kind(kind)
    { }
    DialectKind kind() const { return m_kind; }
    bool isPostgres() const { return m_kind == DialectKind::Postgres; }
    bool isSqlite() const { return m_kind == DialectKind::Sqlite; }
    QString name() const { return isPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite"); }

    // Expands {ID} (auto-increment 64-bit primary key), {BIGINT}, {BOOL}, {TRUE}, {FALSE}, {JSON},
    // {BLOB}, {DOUBLE}, {SKIP_LOCKED} (" FOR UPDATE SKIP LOCKED" on PostgreSQL, nothing on SQLite,
    // where a write transaction already excludes other writers), {ILIKE} (case-insensitive LIKE), {LEAST} and
    // {GREATEST} (two-argument min/max).
    QString expand(const QString &sqlTemplate) const;

private:
    DialectKind m_kind;
};

} // namespace iotile
