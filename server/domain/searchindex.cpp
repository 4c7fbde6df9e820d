#include "server/domain/searchindex.h"

#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "server/store/database.h"
#include "server/store/searchstore.h"

#include <QRegularExpression>

namespace iotile {

namespace {

// Bounds on what one query may ask for: every word is a phrase the engine has to match.
constexpr qsizetype kMaxWords = 12;
constexpr qsizetype kMaxWordLength = 64;

const QString kOrg = QStringLiteral("org");
const QString kProject = QStringLiteral("project");
const QString kDevice = QStringLiteral("device");

} // namespace

QString SearchIndex::normalize(const QString &text)
{
    // NFKD splits accented letters into base + combining mark and folds compatibility forms ("ﬁ", "①").
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    bool separated = true;
    for (const QChar c : decomposed) {
        switch (c.category()) {
        case QChar::Mark_NonSpacing:
        case QChar::Mark_SpacingCombining:
        case QChar::Mark_Enclosing:
            continue; // diacritics: "Zürich" is found as "zurich" and the other way round
        default:
            break;
        }
        if (c.isLetterOrNumber()) {
            out += c.toLower();
            separated = false;
        } else if (!separated) {
            out += QLatin1Char(' ');
            separated = true;
        }
    }
    if (out.endsWith(QLatin1Char(' ')))
        out.chop(1);
    return out;
}

QStringList SearchIndex::queryWords(const QString &text)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    QStringList out;
    for (const QString &word : text.split(space, Qt::SkipEmptyParts)) {
        QString folded = normalize(word.left(kMaxWordLength));
        if (folded.isEmpty())
            continue;
        out << folded;
        if (out.size() == kMaxWords)
            break;
    }
    return out;
}

void SearchIndex::normalizeAll(QList<SearchDocument> &documents)
{
    for (SearchDocument &d : documents) {
        d.title = normalize(d.title);
        d.body = normalize(d.body);
    }
}

Status SearchIndex::refresh(SqlConnection &db, const QString &targetSlug)
{
    Status (*refresher)(SqlConnection &, const QString &) = nullptr;
    QString slug = targetSlug;
    if (targetSlug.startsWith(QLatin1Char('^'))) {
        refresher = &refreshOrg;
        slug = targetSlug.mid(1);
    } else if (targetSlug.startsWith(QLatin1String("p--"))) {
        refresher = &refreshProject;
    } else if (targetSlug.startsWith(QLatin1String("d--"))) {
        refresher = &refreshDevice;
    } else {
        return Ok {}; // not a searchable kind: no transaction (on SQLite it would take the write lock)
    }
    // One transaction: a reader never sees an object half re-indexed (nested in the caller's, if any).
    Transaction tx(db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(refresher(db, slug));
    return tx.commit();
}

Status SearchIndex::refreshOrg(SqlConnection &db, const QString &slug)
{
    SearchStore store(db);
    IOTILE_TRY(orgs, store.orgSources({slug, std::nullopt}));
    if (orgs.isEmpty()) {
        // Deleted: its projects went with it (cascade) and its devices are now unclaimed.
        IOTILE_TRY(indexed, store.indexedOrg(kOrg, slug, 0));
        if (!indexed)
            return Ok {};
        IOTILE_CHECK(store.remove(kOrg, slug, 0));
        if (!*indexed)
            return Ok {};
        IOTILE_CHECK(store.removeOrgRows(kProject, **indexed));
        return reconcileDevices(db, **indexed);
    }
    SearchDocument &org = orgs.first();
    // A rename changes the slug: drop the row under the old one (PostgreSQL keys rows by slug).
    IOTILE_CHECK(store.removeOrgRows(kOrg, org.key));
    normalizeAll(orgs);
    IOTILE_CHECK(store.put(orgs));
    // Project rows carry their org's name and slug.
    IOTILE_TRY(projects, store.projectSources({QString(), org.key}));
    normalizeAll(projects);
    return store.put(projects);
}

Status SearchIndex::refreshProject(SqlConnection &db, const QString &slug)
{
    const auto parsed = ProjectSlug::parse(QStringView(slug));
    if (!parsed)
        return Ok {};
    const QString canonical = parsed->toString();
    SearchStore store(db);
    IOTILE_TRY(indexed, store.indexedOrg(kProject, canonical, parsed->id()));
    IOTILE_TRY(projects, store.projectSources({canonical, std::nullopt}));
    if (projects.isEmpty()) {
        IOTILE_CHECK(store.remove(kProject, canonical, parsed->id()));
    } else {
        normalizeAll(projects);
        IOTILE_CHECK(store.put(projects));
    }
    // Deleting a project releases its devices; moving it to another org moves them.
    const bool orgChanged = indexed && *indexed && (projects.isEmpty() || *indexed != projects.first().orgId);
    return orgChanged ? reconcileDevices(db, **indexed) : Status(Ok {});
}

Status SearchIndex::refreshDevice(SqlConnection &db, const QString &slug)
{
    const auto parsed = DeviceSlug::fromLookup(slug);
    if (!parsed)
        return Ok {};
    const QString canonical = parsed->toString();
    SearchStore store(db);
    IOTILE_TRY(devices, store.deviceSources({canonical, std::nullopt}));
    if (devices.isEmpty())
        return store.remove(kDevice, canonical, qint64(parsed->id()));
    normalizeAll(devices);
    return store.put(devices);
}

Status SearchIndex::reconcileDevices(SqlConnection &db, qint64 formerOrgId)
{
    IOTILE_TRY(slugs, SearchStore(db).devicesLeftOrg(formerOrgId));
    for (const QString &slug : std::as_const(slugs))
        IOTILE_CHECK(refreshDevice(db, slug));
    return Ok {};
}

Status SearchIndex::rebuild(SqlConnection &db)
{
    Transaction tx(db);
    IOTILE_CHECK(tx.started());
    SearchStore store(db);
    IOTILE_CHECK(store.clear());
    for (auto source :
         {&SearchStore::orgSources, &SearchStore::projectSources, &SearchStore::deviceSources}) {
        IOTILE_TRY(documents, (store.*source)({}));
        normalizeAll(documents);
        IOTILE_CHECK(store.insert(documents));
    }
    return tx.commit();
}

} // namespace iotile
