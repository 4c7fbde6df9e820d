#include "server/backup/originalimport.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/membershipcache.h"
#include "server/domain/roles.h"
#include "server/domain/searchindex.h"
#include "server/ingest/streamresolver.h"
#include "server/store/accountstore.h"
#include "server/store/backupstore.h"
#include "server/store/database.h"
#include "server/store/importtargetstore.h"
#include "server/store/originalsourcestore.h"
#include "server/store/streamdatastore.h"
#include "server/store/streameventstore.h"

#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <map>
#include <memory>

namespace iotile {

namespace {

// A column of ours that holds the original's id of another row until it is mapped to ours.
struct Link
{
    const char *column;
    const char *map; // the id map of the referenced rows
    bool required = false; // rows whose reference cannot be mapped are skipped (else: NULL)
};

struct Step
{
    OriginalTable source;
    const char *table; // ours
    const char *map; // the id map this step fills, and its name in the counts
    QStringList keys; // our natural key columns (after mapping): a row with these values is kept as is
    QList<Link> links;
    const char *self = nullptr; // a column referring to the same table, mapped once all rows are in
    const char *idColumn = "id";
    bool generatedId = true; // false: the row keeps the original's id (devices) or has none
};

// In dependency order.
const QList<Step> &steps()
{
    static const QList<Step> list = {
        {OriginalTable::OrgTemplates,
         "org_templates",
         "org_templates",
         {"slug"},
         {{"created_by", "accounts"}}},
        {OriginalTable::Orgs,
         "orgs",
         "orgs",
         {"uuid"},
         {{"ot_id", "org_templates"}, {"created_by", "accounts"}}},
        {OriginalTable::ProjectTemplates,
         "project_templates",
         "project_templates",
         {"slug"},
         {{"org_id", "orgs"}, {"created_by", "accounts"}}},
        {OriginalTable::Memberships,
         "org_memberships",
         "org_memberships",
         {"org_id", "user_id"},
         {{"org_id", "orgs", true}, {"user_id", "accounts", true}}},
        {OriginalTable::VarTypes, "var_types", "var_types", {"slug"}, {{"created_by", "accounts"}}},
        {OriginalTable::InputUnits,
         "var_type_units",
         "units_in",
         {"slug"},
         {{"var_type_id", "var_types", true}}},
        {OriginalTable::OutputUnits,
         "var_type_units",
         "units_out",
         {"slug"},
         {{"var_type_id", "var_types", true}}},
        {OriginalTable::DeviceTemplates,
         "device_templates",
         "device_templates",
         {"slug"},
         {{"org_id", "orgs"}, {"created_by", "accounts"}}},
        {OriginalTable::SensorGraphs,
         "sensor_graphs",
         "sensor_graphs",
         {"slug"},
         {{"org_id", "orgs"}, {"project_template_id", "project_templates"}, {"created_by", "accounts"}}},
        {OriginalTable::VarTemplates,
         "var_templates",
         "var_templates",
         {"sg_id", "lid_hex", "label"},
         {{"sg_id", "sensor_graphs", true},
          {"var_type_id", "var_types"},
          {"default_input_unit_id", "units_in"},
          {"default_output_unit_id", "units_out"}}},
        {OriginalTable::Projects,
         "projects",
         "projects",
         {"uuid"},
         {{"org_id", "orgs", true},
          {"project_template_id", "project_templates"},
          {"created_by", "accounts"}}},
        {OriginalTable::Variables,
         "variables",
         "variables",
         {"uuid"},
         {{"project_id", "projects"},
          {"org_id", "orgs"},
          {"var_type_id", "var_types"},
          {"input_unit_id", "units_in"},
          {"output_unit_id", "units_out"},
          {"created_by", "accounts"}},
         "derived_variable_id"},
        {OriginalTable::Devices,
         "devices",
         "devices",
         {"id"},
         {{"sg_id", "sensor_graphs"},
          {"template_id", "device_templates"},
          {"org_id", "orgs"},
          {"project_id", "projects"},
          {"created_by", "accounts"},
          {"claimed_by", "accounts"}},
         nullptr,
         "id",
         false},
        {OriginalTable::DeviceStatus,
         "device_status",
         "device_status",
         {"device_id"},
         {{"device_id", "devices", true}},
         nullptr,
         "device_id",
         false},
        {OriginalTable::Streams,
         "streams",
         "streams",
         {"uuid"},
         {{"project_id", "projects"},
          {"device_id", "devices"},
          {"variable_id", "variables"},
          {"org_id", "orgs"},
          {"var_type_id", "var_types"},
          {"input_unit_id", "units_in"},
          {"output_unit_id", "units_out"},
          {"created_by", "accounts"}},
         "derived_stream_id"},
        {OriginalTable::Properties,
         "properties",
         "properties",
         {"target", "name"},
         {{"created_by", "accounts"}}},
        {OriginalTable::Notes,
         "notes",
         "notes",
         {"target", "timestamp", "created_on"},
         {{"user_id", "accounts"}}},
        {OriginalTable::Locations,
         "locations",
         "locations",
         {"target", "timestamp"},
         {{"user_id", "accounts"}}},
        // One token per account: an account that has one here already keeps it.
        {OriginalTable::ApiTokens,
         "api_tokens",
         "api_tokens",
         {"user_id"},
         {{"user_id", "accounts", true}},
         nullptr,
         "user_id",
         false},
        {OriginalTable::DeviceKeys,
         "device_keys",
         "device_keys",
         {"device_id", "type"},
         {{"device_id", "devices", true}, {"created_by", "accounts"}}},
    };
    return list;
}

QString keyText(const QJsonValue &v)
{
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return v.toString();
}

// The original keeps a membership's permissions as {"can_delete_org": true, ...}; ours are bits.
qint64 permissionBits(const QJsonValue &stored, const QString &role)
{
    const QJsonObject flags = QJsonDocument::fromJson(stored.toString().toUtf8()).object();
    if (flags.isEmpty())
        return qint64(Roles::permissions(role));
    quint64 bits = 0;
    for (int i = 0; i < 64; ++i) {
        const quint64 bit = 1ull << i;
        if (!(Roles::allPermissions() & bit))
            continue;
        if (flags.value(QLatin1String(Roles::flagName(Permission(bit)))).toBool())
            bits |= bit;
    }
    return qint64(bits);
}

// A source URL gets a connect timeout unless it names one: an unreachable host fails in seconds.
QString withConnectTimeout(const QString &url)
{
    QUrl u(url);
    QUrlQuery query(u);
    if (!query.hasQueryItem(QStringLiteral("connect_timeout")))
        query.addQueryItem(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    u.setQuery(query);
    return u.toString();
}

Result<std::unique_ptr<Database>> openSource(const QString &url, const QString &label)
{
    if (!url.startsWith(QLatin1String("postgresql://")) && !url.startsWith(QLatin1String("postgres://")))
        return Error::badRequest(QStringLiteral(
            "--source must be the original's PostgreSQL URL (postgresql://user:pass@host/db)"));
    auto db = Database::open(withConnectTimeout(url), label);
    if (!db)
        return Error::unavailable(
            QStringLiteral("cannot reach the original's database: %1").arg(db.error().message()));
    return db;
}

class Importer
{
public:
    Importer(SqlConnection &db, SqlConnection &source, const OriginalImportOptions &o)
        : m_db(db)
        , m_source(source)
        , m_store(db)
        , m_target(db)
        , m_options(o)
    { }

    Status accounts();
    Status step(const Step &s);
    Status data(SqlConnection &dataSource, SqlConnection &dataDb);
    Status events(SqlConnection &dataSource, SqlConnection &dataDb);
    BackupCounts counts;

private:
    Status row(const Step &s, QJsonObject r);
    std::optional<qint64> mapped(const char *map, const QJsonValue &original) const;
    void progress(const QString &what);

    SqlConnection &m_db;
    OriginalSourceStore m_source;
    BackupStore m_store;
    ImportTargetStore m_target;
    const OriginalImportOptions &m_options;
    QHash<QString, QHash<QString, qint64>> m_ids; // map -> original key -> our id
    struct Pending
    {
        qint64 id;
        QString original;
    };
    QList<Pending> m_self;
};

void Importer::progress(const QString &what)
{
    if (m_options.progress)
        m_options.progress(what);
}

std::optional<qint64> Importer::mapped(const char *map, const QJsonValue &original) const
{
    const auto ids = m_ids.constFind(QLatin1String(map));
    if (ids == m_ids.cend())
        return std::nullopt;
    const auto id = ids->constFind(keyText(original));
    if (id == ids->cend())
        return std::nullopt;
    return *id;
}

Status Importer::accounts()
{
    AccountStore accounts(m_db);
    QJsonValue after;
    bool keptIds = false;
    for (;;) {
        IOTILE_TRY(rows, m_source.page(OriginalTable::Accounts, after, m_options.batchRows));
        if (rows.isEmpty())
            break;
        Transaction tx(m_db);
        IOTILE_CHECK(tx.started());
        for (QJsonObject r : rows) {
            const QString key = keyText(r.take(QStringLiteral("_key")));
            IOTILE_TRY(existing, accounts.byEmail(r.value(QLatin1String("email")).toString()));
            if (existing) {
                m_ids[QStringLiteral("accounts")].insert(key, existing->id);
                counts.rows[QStringLiteral("accounts existing")] += 1;
                continue;
            }
            IOTILE_TRY(taken, m_target.idTaken(QStringLiteral("accounts"), key.toLongLong()));
            if (taken)
                r.remove(QStringLiteral("id"));
            else
                keptIds = true;
            Result<qint64> id = m_store.insert(QStringLiteral("accounts"), r, true);
            if (!id)
                return Error::detail(
                    id.error().kind(),
                    QStringLiteral("account %1 <%2>: %3")
                        .arg(key, r.value(QLatin1String("email")).toString(), id.error().message()));
            m_ids[QStringLiteral("accounts")].insert(key, *id);
            counts.rows[QStringLiteral("accounts")] += 1;
        }
        IOTILE_CHECK(tx.commit());
        after = rows.last().value(QLatin1String("_key"));
    }
    if (keptIds)
        IOTILE_CHECK(m_store.syncIdentity(QStringLiteral("accounts")));
    progress(QStringLiteral("accounts: %1 new, %2 existing")
                 .arg(counts.rows.value(QStringLiteral("accounts")))
                 .arg(counts.rows.value(QStringLiteral("accounts existing"))));
    return Ok {};
}

Status Importer::row(const Step &s, QJsonObject r)
{
    const QString map = QLatin1String(s.map);
    const QString key = keyText(r.take(QStringLiteral("_key")));
    for (const Link &link : s.links) {
        const QString column = QLatin1String(link.column);
        const QJsonValue original = r.value(column);
        if (original.isNull() && link.required) {
            counts.rows[map + QStringLiteral(" skipped")] += 1;
            return Ok {};
        }
        if (original.isNull())
            continue;
        const std::optional<qint64> id = mapped(link.map, original);
        if (!id && link.required) {
            counts.rows[map + QStringLiteral(" skipped")] += 1;
            return Ok {};
        }
        if (!id)
            counts.rows[QStringLiteral("unresolved references")] += 1;
        r.insert(column, id ? QJsonValue(*id) : QJsonValue());
    }
    if (s.source == OriginalTable::Memberships)
        r.insert(
            QStringLiteral("permissions"),
            permissionBits(r.value(QLatin1String("permissions")), r.value(QLatin1String("role")).toString()));
    QJsonValue self;
    if (s.self)
        self = r.take(QLatin1String(s.self));

    QList<QPair<QString, QVariant>> keys;
    for (const QString &column : s.keys)
        keys.append({column, r.value(column).toVariant()});
    IOTILE_TRY(existing, m_target.find(QLatin1String(s.table), QLatin1String(s.idColumn), keys));
    if (existing) {
        m_ids[map].insert(key, *existing);
        counts.rows[map + QStringLiteral(" existing")] += 1;
        return Ok {};
    }
    Result<qint64> id = m_store.insert(QLatin1String(s.table), r, s.generatedId);
    if (!id)
        return Error::detail(
            id.error().kind(),
            QStringLiteral("%1 %2 (original %3): %4")
                .arg(map, key, OriginalSourceStore::tableName(s.source), id.error().message()));
    const qint64 ours = s.generatedId ? *id : key.toLongLong();
    m_ids[map].insert(key, ours);
    if (!self.isNull())
        m_self.append({ours, keyText(self)});
    counts.rows[map] += 1;
    return Ok {};
}

Status Importer::step(const Step &s)
{
    m_self.clear();
    QJsonValue after;
    for (;;) {
        IOTILE_TRY(rows, m_source.page(s.source, after, m_options.batchRows));
        if (rows.isEmpty())
            break;
        Transaction tx(m_db);
        IOTILE_CHECK(tx.started());
        for (const QJsonObject &r : std::as_const(rows))
            IOTILE_CHECK(row(s, r));
        IOTILE_CHECK(tx.commit());
        after = rows.last().value(QLatin1String("_key"));
    }
    if (!m_self.isEmpty()) {
        Transaction tx(m_db);
        IOTILE_CHECK(tx.started());
        for (const Pending &p : std::as_const(m_self))
            if (const auto target = mapped(s.map, p.original))
                IOTILE_CHECK(m_store.setColumn(QLatin1String(s.table), p.id, QLatin1String(s.self), *target));
        IOTILE_CHECK(tx.commit());
    }
    const QString map = QLatin1String(s.map);
    progress(QStringLiteral("%1: %2 new, %3 existing, %4 skipped")
                 .arg(map)
                 .arg(counts.rows.value(map))
                 .arg(counts.rows.value(map + QStringLiteral(" existing")))
                 .arg(counts.rows.value(map + QStringLiteral(" skipped"))));
    return Ok {};
}

// The bulk path: pages of the original's streamdata_streamdata by id, each page one COPY (PostgreSQL)
// in one transaction; points already stored are skipped by the data store's key. Rollups are rebuilt
// per stream at the end (updating them per page cost 5x the COPY for minute-spaced data).
Status Importer::data(SqlConnection &dataSource, SqlConnection &dataDb)
{
    OriginalSourceStore source(dataSource);
    StreamDataStore store(dataDb);
    QHash<QString, qint64> keys;
    std::map<qint64, std::pair<qint64, qint64>> spans; // stream key -> first and last timestamp seen
    qint64 after = 0;
    qint64 read = 0;
    for (;;) {
        IOTILE_TRY(page, source.points(after, m_options.dataBatchRows));
        if (page.empty())
            break;
        after = page.back().id;
        read += qint64(page.size());
        std::vector<DataPoint> points;
        points.reserve(page.size());
        std::vector<qint64> timestamps;
        for (const OriginalPoint &o : page) {
            if (!o.ts || o.streamSlug.isEmpty()) {
                counts.rows[QStringLiteral("stream_data skipped")] += 1;
                continue;
            }
            DataPoint p;
            p.ts = *o.ts;
            p.seq = o.seq;
            p.deviceTs = o.deviceTs;
            p.intValue = o.intValue;
            p.value = o.value;
            p.type = pointTypeFromName(o.type.toLatin1()).value_or(PointType::Num);
            p.status = pointStatusFromName(o.status.toLatin1()).value_or(PointStatus::Unknown);
            p.dirty = o.dirty;
            timestamps.push_back(p.ts);
            points.push_back(p);
        }
        // Partitions are made outside the transaction (see StreamDataStore::ensurePartitions).
        IOTILE_CHECK(store.ensurePartitions(timestamps));
        Transaction tx(dataDb);
        IOTILE_CHECK(tx.started());
        size_t i = 0;
        for (const OriginalPoint &o : page) {
            if (!o.ts || o.streamSlug.isEmpty())
                continue;
            auto key = keys.constFind(o.streamSlug);
            if (key == keys.cend()) {
                IOTILE_TRY(made, store.ensureKey(o.streamSlug));
                key = keys.insert(o.streamSlug, made);
            }
            DataPoint &p = points[i++];
            p.streamId = *key;
            auto span = spans.try_emplace(p.streamId, p.ts, p.ts).first;
            span->second.first = std::min(span->second.first, p.ts);
            span->second.second = std::max(span->second.second, p.ts);
        }
        IOTILE_TRY(inserted, store.insertDeferringRollups(points));
        IOTILE_CHECK(tx.commit());
        counts.rows[QStringLiteral("stream_data")] += inserted;
        if (const qint64 stored = qint64(points.size()) - inserted; stored > 0)
            counts.rows[QStringLiteral("stream_data existing")] += stored;
        progress(QStringLiteral("stream data: %1 points read, %2 new")
                     .arg(read)
                     .arg(counts.rows.value(QStringLiteral("stream_data"))));
    }
    // Rollups once per stream over what was seen (also what a failed earlier run left without them).
    for (const auto &[key, span] : spans) {
        Transaction tx(dataDb);
        IOTILE_CHECK(tx.started());
        IOTILE_CHECK(store.rebuildRollups(key, span.first, span.second + 1));
        IOTILE_CHECK(tx.commit());
    }
    if (!spans.empty())
        progress(QStringLiteral("stream data: rollups of %1 streams rebuilt").arg(spans.size()));
    return Ok {};
}

// Stream events, keyed by their UUID (a second run skips them). Their files stayed in the original's S3
// bucket: the rows come without them.
Status Importer::events(SqlConnection &dataSource, SqlConnection &dataDb)
{
    OriginalSourceStore source(dataSource);
    IOTILE_TRY(missing, source.missingTables({QStringLiteral("streamevent_streameventdata")}));
    if (!missing.isEmpty())
        return Ok {};
    StreamDataStore keys(dataDb);
    StreamEventStore store(dataDb);
    ImportTargetStore target(dataDb);
    QHash<QString, qint64> keyOf;
    qint64 after = 0;
    for (;;) {
        IOTILE_TRY(page, source.events(after, m_options.batchRows));
        if (page.empty())
            break;
        after = page.back().id;
        Transaction tx(dataDb);
        IOTILE_CHECK(tx.started());
        for (const OriginalEvent &o : page) {
            if (!o.ts || o.streamSlug.isEmpty() || o.uuid.isEmpty()) {
                counts.rows[QStringLiteral("stream_events skipped")] += 1;
                continue;
            }
            IOTILE_TRY(existing,
                       target.find(QStringLiteral("stream_events"), QStringLiteral("id"),
                                   {{QStringLiteral("uuid"), o.uuid}}));
            if (existing) {
                counts.rows[QStringLiteral("stream_events existing")] += 1;
                continue;
            }
            auto key = keyOf.constFind(o.streamSlug);
            if (key == keyOf.cend()) {
                IOTILE_TRY(made, keys.ensureKey(o.streamSlug));
                key = keyOf.insert(o.streamSlug, made);
            }
            StreamEvent e;
            e.streamId = *key;
            e.ts = *o.ts;
            e.seq = o.seq;
            e.deviceTs = o.deviceTs;
            e.uuid = o.uuid;
            e.extraData = o.extraData;
            e.ext = o.ext;
            e.formatVersion = o.formatVersion;
            e.status = pointStatusFromName(o.status.toLatin1()).value_or(PointStatus::Unknown);
            e.dirty = o.dirty;
            e.createdOn = isotime::now();
            IOTILE_CHECK(store.insert(e));
            counts.rows[QStringLiteral("stream_events")] += 1;
        }
        IOTILE_CHECK(tx.commit());
    }
    progress(QStringLiteral("stream events: %1 new, %2 existing")
                 .arg(counts.rows.value(QStringLiteral("stream_events")))
                 .arg(counts.rows.value(QStringLiteral("stream_events existing"))));
    return Ok {};
}

} // namespace

Result<BackupCounts> OriginalImport::run(ServerContext &server, const OriginalImportOptions &options)
{
    IOTILE_TRY(sourceDb, openSource(options.sourceUrl, QStringLiteral("original")));
    std::unique_ptr<Database> sourceDataDb;
    if (options.withData && !options.sourceDataUrl.isEmpty() && options.sourceDataUrl != options.sourceUrl) {
        IOTILE_TRY(opened, openSource(options.sourceDataUrl, QStringLiteral("original data")));
        sourceDataDb = std::move(opened);
    }
    IOTILE_TRY(source, sourceDb->connection());
    IOTILE_TRY(dataSource, sourceDataDb ? sourceDataDb->connection() : sourceDb->connection());

    // Every table is checked before anything is written: a wrong database fails with one clear message.
    {
        QStringList required = {OriginalSourceStore::tableName(OriginalTable::Accounts)};
        for (const Step &s : steps())
            if (!OriginalSourceStore::isOptional(s.source))
                required << OriginalSourceStore::tableName(s.source);
        IOTILE_TRY(missing, OriginalSourceStore(*source).missingTables(required));
        if (options.withData) {
            IOTILE_TRY(
                missingData,
                OriginalSourceStore(*dataSource).missingTables({QStringLiteral("streamdata_streamdata")}));
            missing << missingData;
        }
        if (!missing.isEmpty())
            return Error::badRequest(
                QStringLiteral(
                    "the source does not look like the original iotile.cloud database: no table %1")
                    .arg(missing.join(QStringLiteral(", "))));
    }

    IOTILE_TRY(db, server.db().connection());
    Importer importer(*db, *source, options);
    IOTILE_CHECK(importer.accounts());
    for (const Step &s : steps()) {
        if (OriginalSourceStore::isOptional(s.source)) {
            IOTILE_TRY(
                missing,
                OriginalSourceStore(*source).missingTables({OriginalSourceStore::tableName(s.source)}));
            if (!missing.isEmpty())
                continue;
        }
        IOTILE_CHECK(importer.step(s));
    }
    // Rows written around the API: the search index is rebuilt from the tables.
    IOTILE_CHECK(SearchIndex::rebuild(*db));
    if (options.withData) {
        IOTILE_TRY(dataDb, server.dataDb().connection());
        IOTILE_CHECK(importer.data(*dataSource, *dataDb));
        IOTILE_CHECK(importer.events(*dataSource, *dataDb));
    }
    StreamDataStore::invalidateCounts();
    server.streams().invalidate();
    MembershipCache::clear();
    sourceDb->closeThreadConnection();
    if (sourceDataDb)
        sourceDataDb->closeThreadConnection();
    return importer.counts;
}

} // namespace iotile
