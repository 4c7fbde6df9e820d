#pragma once

#include "common/util/error.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;
class SqlQuery;

// One row of the search index: a searchable object (kind + its slug), the org it belongs to (for access
// filtering) and its text. `key` is the object's stable number (org id, project gid, device id): SQLite
// keys the FTS5 row by it, since FTS5 cannot index the kind and ref columns.
struct SearchDocument
{
    QString kind; // "org", "project", "device"
    QString ref; // org slug, p-- slug, d-- slug
    qint64 key = 0;
    std::optional<qint64> orgId;
    QString title;
    QString body;
};

// A search result with what a client needs to show and follow it.
struct SearchHit
{
    QString kind;
    QString slug;
    QString id; // org and project UUID, device integer id as text
    QString title;
    QString orgSlug;
    double rank = 0;
};

// The search_index table (migration 0004: FTS5 on SQLite, a weighted tsvector on PostgreSQL): reading the
// source rows to index, writing index rows, and the ranked, access-filtered queries.
class SearchStore
{
public:
    explicit SearchStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Which source objects to read: one slug, those of one org, or (both unset) everything.
    struct Scope
    {
        QString slug;
        std::optional<qint64> orgId;
    };
    // Source texts, not yet normalized: title = name or label, body = the other searchable fields.
    Result<QList<SearchDocument>> orgSources(const Scope &scope);
    Result<QList<SearchDocument>> projectSources(const Scope &scope);
    Result<QList<SearchDocument>> deviceSources(const Scope &scope);

    // Replaces the index rows of these documents (same kind and ref or key).
    Status put(const QList<SearchDocument> &documents);
    // Adds rows to an index known not to hold them (a rebuild after clear()).
    Status insert(const QList<SearchDocument> &documents);
    // key 0: not known (the row is then found by kind and ref).
    Status remove(const QString &kind, const QString &ref, qint64 key);
    // Drops the rows of one kind that belong to an org (an org's old name row, a deleted org's projects).
    Status removeOrgRows(const QString &kind, qint64 orgId);
    Status clear();
    // The indexed row of one object: unset when there is none, else the org id it was indexed under.
    Result<std::optional<std::optional<qint64>>> indexedOrg(const QString &kind, const QString &ref,
                                                            qint64 key);
    // Slugs of the devices indexed under an org that are no longer in it (released, moved or deleted).
    Result<QStringList> devicesLeftOrg(qint64 orgId);

    // A query: normalized words (each a space-separated phrase), all required; the last one is a prefix.
    struct Query
    {
        QStringList words;
        QString kind; // empty: every kind
        bool all = false; // staff acting as staff: no org filter
    };
    Result<qint64> count(const Query &query, const Access &access);
    Result<QList<SearchHit>> search(const Query &query, const Access &access, qint64 offset, qint64 limit);

    // The devices of one org matching words (none: every device) and exact property values, best first.
    struct DeviceQuery
    {
        qint64 orgId = 0;
        QStringList words;
        QList<QPair<QString, QString>> properties;
    };
    Result<qint64> countDevices(const DeviceQuery &query);
    Result<QList<qint64>> deviceIds(const DeviceQuery &query, qint64 offset, qint64 limit);

private:
    QString matchExpression(const QStringList &words) const;
    QString searchSql(const Query &query, bool count) const;
    void bindSearch(SqlQuery &q, const Query &query, const Access &access) const;
    QString deviceSql(const DeviceQuery &query, bool count) const;
    void bindDevices(SqlQuery &q, const DeviceQuery &query) const;
    // "name value" of each property, by target; one target, or every target starting with a prefix.
    Result<QHash<QString, QString>> propertyTexts(const QString &target, const QString &prefix);
    Status write(const SearchDocument &document, bool replace);
    SqlConnection &m_db;
};

} // namespace iotile
