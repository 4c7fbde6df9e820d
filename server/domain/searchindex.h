#pragma once

#include "common/util/error.h"

#include <QString>
#include <QStringList>

namespace iotile {

class SqlConnection;
struct SearchDocument;

// Keeps the search index (store migration 0004: FTS5 on SQLite, tsvector on PostgreSQL) in step with the
// searchable objects: orgs, projects, devices and the properties attached to them. Controllers call
// refresh() after a change to such an object or to a property of it.
class SearchIndex
{
public:
    // Re-indexes the object a slug names (an org slug prefixed "^", p--, d--), or drops it when it is gone.
    // Other slugs (data blocks, users, streams) are not indexed and are ignored.
    static Status refresh(SqlConnection &db, const QString &targetSlug);
    // Rebuilds the whole index from the tables: after an upgrade or a restore, or when data was written
    // around the API (bulk imports, test seeding).
    static Status rebuild(SqlConnection &db);

    // Text as the index holds it: lower case, without diacritics, runs of letters and digits separated by
    // single spaces. Both engines then tokenize indexed text and queries alike, whatever they make of
    // punctuation (PostgreSQL's parser reads "-0001" as a signed number, FTS5 as "0001").
    static QString normalize(const QString &text);
    // The words of a query (split at white space), each normalized; words without a letter or digit are
    // dropped, and long queries are cut to a bounded number of words.
    static QStringList queryWords(const QString &text);

private:
    static Status refreshOrg(SqlConnection &db, const QString &slug);
    static Status refreshProject(SqlConnection &db, const QString &slug);
    static Status refreshDevice(SqlConnection &db, const QString &slug);
    // Re-indexes the devices indexed under an org they have left (their project was deleted or moved, or
    // the org itself was deleted).
    static Status reconcileDevices(SqlConnection &db, qint64 formerOrgId);
    static void normalizeAll(QList<SearchDocument> &documents);
};

} // namespace iotile
