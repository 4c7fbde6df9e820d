#include "server/store/searchstore.h"

#include "server/domain/access.h"
#include "server/store/database.h"

namespace iotile {

namespace {

// Ranking: a hit in the name or label counts ten times a hit in the other fields. The PostgreSQL column
// weighs title A and body B (migration 0004); ts_rank's default weights give A 1.0 and B 0.4.
constexpr const char *kSqliteRank = "-bm25(search_index, 0.0, 0.0, 0.0, 10.0, 1.0)";
constexpr const char *kPostgresRank = "ts_rank(s.document, tq.query)";

// The FTS5 rowid of an object: its kind in the top byte, its stable number below (device ids are 48-bit).
qint64 rowKey(const QString &kind, qint64 key)
{
    const qint64 tag = kind == QLatin1String("org") ? 1 : kind == QLatin1String("project") ? 2 : 3;
    return (tag << 56) | key;
}

QString joined(std::initializer_list<QString> parts)
{
    QStringList out;
    for (const QString &p : parts)
        if (!p.isEmpty())
            out << p;
    return out.join(QLatin1Char(' '));
}

} // namespace

Result<QHash<QString, QString>> SearchStore::propertyTexts(const QString &target, const QString &prefix)
{
    SqlQuery q = target.isEmpty()
        ? m_db.query("SELECT target, name, value FROM properties WHERE target LIKE ? ORDER BY target, name")
        : m_db.query("SELECT target, name, value FROM properties WHERE target = ? ORDER BY name");
    q.bind(target.isEmpty() ? prefix + QLatin1Char('%') : target);
    IOTILE_CHECK(q.exec());
    QHash<QString, QString> out;
    while (q.next()) {
        QString &text = out[q.text(0)];
        if (!text.isEmpty())
            text += QLatin1Char(' ');
        text += q.text(1) + QLatin1Char(' ') + q.text(2);
    }
    return out;
}

Result<QList<SearchDocument>> SearchStore::orgSources(const Scope &scope)
{
    SqlQuery q = !scope.slug.isEmpty() ? m_db.query("SELECT id, slug, name, about FROM orgs WHERE slug = ?")
        : scope.orgId                  ? m_db.query("SELECT id, slug, name, about FROM orgs WHERE id = ?")
                                       : m_db.query("SELECT id, slug, name, about FROM orgs");
    if (!scope.slug.isEmpty())
        q.bind(scope.slug);
    else if (scope.orgId)
        q.bind(*scope.orgId);
    IOTILE_CHECK(q.exec());
    QList<SearchDocument> out;
    while (q.next()) {
        SearchDocument d;
        d.kind = QStringLiteral("org");
        d.key = q.int64(0);
        d.orgId = d.key;
        d.ref = q.text(1);
        d.title = q.text(2);
        d.body = joined({q.text(3), d.ref});
        out.append(d);
    }
    return out;
}

Result<QList<SearchDocument>> SearchStore::projectSources(const Scope &scope)
{
    // Template masters are not listed to members, so they are not searchable either.
    const QString select =
        QStringLiteral("SELECT p.gid, p.slug, p.org_id, p.name, p.about, o.slug, o.name FROM projects p "
                       "JOIN orgs o ON o.id = p.org_id WHERE p.is_template = {FALSE}");
    SqlQuery q = !scope.slug.isEmpty() ? m_db.query(select + QStringLiteral(" AND p.slug = ?"))
        : scope.orgId                  ? m_db.query(select + QStringLiteral(" AND p.org_id = ?"))
                                       : m_db.query(select);
    if (!scope.slug.isEmpty())
        q.bind(scope.slug);
    else if (scope.orgId)
        q.bind(*scope.orgId);
    IOTILE_CHECK(q.exec());
    QList<SearchDocument> out;
    while (q.next()) {
        SearchDocument d;
        d.kind = QStringLiteral("project");
        d.key = q.int64(0);
        d.ref = q.text(1);
        d.orgId = q.int64(2);
        d.title = q.text(3);
        d.body = joined({q.text(4), d.ref, q.text(5), q.text(6)});
        out.append(d);
    }
    IOTILE_TRY(properties, propertyTexts(scope.slug, QStringLiteral("p--")));
    for (SearchDocument &d : out)
        d.body = joined({d.body, properties.value(d.ref)});
    return out;
}

Result<QList<SearchDocument>> SearchStore::deviceSources(const Scope &scope)
{
    const QString select = QStringLiteral(
        "SELECT d.id, d.slug, d.org_id, d.label, d.external_id, dt.slug, sg.slug FROM devices d "
        "LEFT JOIN device_templates dt ON dt.id = d.template_id "
        "LEFT JOIN sensor_graphs sg ON sg.id = d.sg_id");
    SqlQuery q = !scope.slug.isEmpty() ? m_db.query(select + QStringLiteral(" WHERE d.slug = ?"))
        : scope.orgId                  ? m_db.query(select + QStringLiteral(" WHERE d.org_id = ?"))
                                       : m_db.query(select);
    if (!scope.slug.isEmpty())
        q.bind(scope.slug);
    else if (scope.orgId)
        q.bind(*scope.orgId);
    IOTILE_CHECK(q.exec());
    QList<SearchDocument> out;
    while (q.next()) {
        SearchDocument d;
        d.kind = QStringLiteral("device");
        d.key = q.int64(0);
        d.ref = q.text(1);
        d.orgId = q.optionalInt64(2);
        d.title = q.text(3);
        d.body = joined({d.ref, q.text(4), q.text(5), q.text(6)});
        out.append(d);
    }
    IOTILE_TRY(properties, propertyTexts(scope.slug, QStringLiteral("d--")));
    for (SearchDocument &d : out)
        d.body = joined({d.body, properties.value(d.ref)});
    return out;
}

Status SearchStore::write(const SearchDocument &d, bool replace)
{
    if (m_db.dialect().isSqlite()) {
        const qint64 rowid = rowKey(d.kind, d.key);
        if (replace) {
            SqlQuery del = m_db.query("DELETE FROM search_index WHERE rowid = ?");
            del.bind(rowid);
            IOTILE_CHECK(del.exec());
        }
        SqlQuery q = m_db.query(
            "INSERT INTO search_index (rowid, kind, ref, org_id, title, body) VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(rowid).bind(d.kind).bind(d.ref).bindOptional(d.orgId).bind(d.title).bind(d.body);
        return q.exec();
    }
    SqlQuery q =
        m_db.query("INSERT INTO search_index (kind, ref, org_id, title, body) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (kind, ref) DO UPDATE SET org_id = EXCLUDED.org_id, "
                   "title = EXCLUDED.title, body = EXCLUDED.body");
    q.bind(d.kind).bind(d.ref).bindOptional(d.orgId).bind(d.title).bind(d.body);
    return q.exec();
}

Status SearchStore::put(const QList<SearchDocument> &documents)
{
    for (const SearchDocument &d : documents)
        IOTILE_CHECK(write(d, true));
    return Ok {};
}

Status SearchStore::insert(const QList<SearchDocument> &documents)
{
    for (const SearchDocument &d : documents)
        IOTILE_CHECK(write(d, false));
    return Ok {};
}

Status SearchStore::remove(const QString &kind, const QString &ref, qint64 key)
{
    if (key > 0 && m_db.dialect().isSqlite()) {
        SqlQuery q = m_db.query("DELETE FROM search_index WHERE rowid = ?");
        q.bind(rowKey(kind, key));
        return q.exec();
    }
    SqlQuery q = m_db.query("DELETE FROM search_index WHERE kind = ? AND ref = ?");
    q.bind(kind).bind(ref);
    return q.exec();
}

Status SearchStore::removeOrgRows(const QString &kind, qint64 orgId)
{
    SqlQuery q = m_db.query("DELETE FROM search_index WHERE kind = ? AND org_id = ?");
    q.bind(kind).bind(orgId);
    return q.exec();
}

Status SearchStore::clear()
{
    return m_db.query("DELETE FROM search_index").exec();
}

Result<std::optional<std::optional<qint64>>> SearchStore::indexedOrg(const QString &kind, const QString &ref,
                                                                     qint64 key)
{
    const bool byRowid = key > 0 && m_db.dialect().isSqlite();
    SqlQuery q = byRowid ? m_db.query("SELECT org_id FROM search_index WHERE rowid = ?")
                         : m_db.query("SELECT org_id FROM search_index WHERE kind = ? AND ref = ?");
    if (byRowid)
        q.bind(rowKey(kind, key));
    else
        q.bind(kind).bind(ref);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<std::optional<qint64>>();
    return std::optional<std::optional<qint64>>(q.optionalInt64(0));
}

Result<QStringList> SearchStore::devicesLeftOrg(qint64 orgId)
{
    SqlQuery q = m_db.query("SELECT s.ref FROM search_index s LEFT JOIN devices d ON d.slug = s.ref "
                            "WHERE s.kind = 'device' AND s.org_id = ? AND COALESCE(d.org_id, 0) <> ?");
    q.bind(orgId).bind(orgId);
    IOTILE_CHECK(q.exec());
    QStringList out;
    while (q.next())
        out << q.text(0);
    return out;
}

QString SearchStore::matchExpression(const QStringList &words) const
{
    // The words are normalized (letters and digits separated by single spaces), so the quoting below
    // cannot meet a quote; it doubles them all the same so no input can become query syntax.
    QStringList terms;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const bool last = i == words.size() - 1;
        if (m_db.dialect().isSqlite()) {
            // A quoted FTS5 string is one phrase of its tokens; a trailing * makes its last token a prefix.
            QString phrase = words.at(i);
            phrase.replace(QLatin1Char('"'), QStringLiteral("\"\""));
            terms << QLatin1Char('"') + phrase + QLatin1Char('"') + (last ? QStringLiteral("*") : QString());
            continue;
        }
        // tsquery: each token quoted, consecutive tokens of a word as a phrase (<->), :* on the last one.
        QStringList tokens;
        const QStringList parts = words.at(i).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (qsizetype t = 0; t < parts.size(); ++t) {
            QString token = parts.at(t);
            token.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
            token.replace(QLatin1Char('\''), QStringLiteral("''"));
            tokens << QLatin1Char('\'') + token + QLatin1Char('\'')
                    + (last && t == parts.size() - 1 ? QStringLiteral(":*") : QString());
        }
        terms << QLatin1Char('(') + tokens.join(QStringLiteral(" <-> ")) + QLatin1Char(')');
    }
    return terms.join(m_db.dialect().isSqlite() ? QStringLiteral(" ") : QStringLiteral(" & "));
}

QString SearchStore::searchSql(const Query &query, bool count) const
{
    const bool sqlite = m_db.dialect().isSqlite();
    QString sql;
    if (count) {
        sql = QStringLiteral("SELECT count(*) FROM search_index s");
    } else {
        sql =
            QStringLiteral("SELECT s.kind, s.ref, %1, o.slug, o.uuid, o.name, p.uuid, p.name, d.id, d.label "
                           "FROM search_index s")
                .arg(QLatin1String(sqlite ? kSqliteRank : kPostgresRank));
    }
    if (!sqlite)
        sql += QStringLiteral(" CROSS JOIN (SELECT to_tsquery('simple', CAST(? AS TEXT)) AS query) tq");
    if (!count)
        sql += QStringLiteral(" LEFT JOIN orgs o ON o.id = s.org_id"
                              " LEFT JOIN projects p ON s.kind = 'project' AND p.slug = s.ref"
                              " LEFT JOIN devices d ON s.kind = 'device' AND d.slug = s.ref");
    sql += sqlite ? QStringLiteral(" WHERE search_index MATCH ?")
                  : QStringLiteral(" WHERE s.document @@ tq.query");
    if (!query.kind.isEmpty())
        sql += QStringLiteral(" AND s.kind = ?");
    if (!query.all)
        sql += QStringLiteral(" AND ") + Access::orgFilter(QStringLiteral("s.org_id"));
    if (!count)
        sql += QStringLiteral(" ORDER BY 3 DESC, s.kind, s.ref LIMIT ? OFFSET ?");
    return sql;
}

void SearchStore::bindSearch(SqlQuery &q, const Query &query, const Access &access) const
{
    q.bind(matchExpression(query.words));
    if (!query.kind.isEmpty())
        q.bind(query.kind);
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
}

Result<qint64> SearchStore::count(const Query &query, const Access &access)
{
    if (query.words.isEmpty())
        return qint64(0);
    SqlQuery q = m_db.query(searchSql(query, true));
    bindSearch(q, query, access);
    return q.scalarInt64();
}

Result<QList<SearchHit>> SearchStore::search(const Query &query, const Access &access, qint64 offset,
                                             qint64 limit)
{
    QList<SearchHit> out;
    if (query.words.isEmpty())
        return out;
    SqlQuery q = m_db.query(searchSql(query, false));
    bindSearch(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    while (q.next()) {
        SearchHit h;
        h.kind = q.text(0);
        h.slug = q.text(1);
        h.rank = q.real(2);
        h.orgSlug = q.text(3);
        if (h.kind == QLatin1String("org")) {
            h.slug = q.text(3); // current even if the org was renamed since it was indexed
            h.id = q.text(4);
            h.title = q.text(5);
        } else if (h.kind == QLatin1String("project")) {
            h.id = q.text(6);
            h.title = q.text(7);
        } else {
            h.id = q.text(8);
            h.title = q.text(9);
        }
        out.append(h);
    }
    return out;
}

QString SearchStore::deviceSql(const DeviceQuery &query, bool count) const
{
    const bool sqlite = m_db.dialect().isSqlite();
    const bool text = !query.words.isEmpty();
    QString sql = count ? QStringLiteral("SELECT count(*)") : QStringLiteral("SELECT d.id");
    if (text) {
        sql += QStringLiteral(" FROM search_index s");
        if (!sqlite)
            sql += QStringLiteral(" CROSS JOIN (SELECT to_tsquery('simple', CAST(? AS TEXT)) AS query) tq");
        sql += QStringLiteral(" JOIN devices d ON d.slug = s.ref WHERE s.kind = 'device' AND ");
        sql += sqlite ? QStringLiteral("search_index MATCH ?") : QStringLiteral("s.document @@ tq.query");
        sql += QStringLiteral(" AND d.org_id = ?");
    } else {
        sql += QStringLiteral(" FROM devices d WHERE d.org_id = ?");
    }
    for (qsizetype i = 0; i < query.properties.size(); ++i)
        sql += QStringLiteral(" AND EXISTS (SELECT 1 FROM properties pr WHERE pr.target = d.slug"
                              " AND pr.name = ? AND pr.value = ?)");
    if (!count) {
        if (text)
            sql +=
                QStringLiteral(" ORDER BY %1 DESC,").arg(QLatin1String(sqlite ? kSqliteRank : kPostgresRank));
        else
            sql += QStringLiteral(" ORDER BY");
        sql += QStringLiteral(" d.id LIMIT ? OFFSET ?");
    }
    return sql;
}

void SearchStore::bindDevices(SqlQuery &q, const DeviceQuery &query) const
{
    if (!query.words.isEmpty())
        q.bind(matchExpression(query.words));
    q.bind(query.orgId);
    for (const auto &[name, value] : query.properties)
        q.bind(name).bind(value);
}

Result<qint64> SearchStore::countDevices(const DeviceQuery &query)
{
    SqlQuery q = m_db.query(deviceSql(query, true));
    bindDevices(q, query);
    return q.scalarInt64();
}

Result<QList<qint64>> SearchStore::deviceIds(const DeviceQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(deviceSql(query, false));
    bindDevices(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<qint64> out;
    while (q.next())
        out.append(q.int64(0));
    return out;
}

} // namespace iotile
