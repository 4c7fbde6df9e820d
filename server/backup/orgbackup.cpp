#include "server/backup/orgbackup.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/membershipcache.h"
#include "server/ingest/streamresolver.h"
#include "server/store/backupstore.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <limits>
#include <map>
#include <set>

namespace iotile {

namespace {

constexpr int kFormatVersion = 1;
constexpr qint64 kPointsPerLine = 2000;
const QString kFormat = QStringLiteral("iotile-org-export");

// How a column refers to another row.
enum class RefKind {
    Row, // a row of an exported table: renumbered through that table's map
    Self, // a row of the same table: set after all its rows are in
    Account, // an account: the member's new id by e-mail, else empty
    Catalog, // a catalog row: written as its key (slug or name), looked up in the target
};

struct Ref
{
    QString column;
    RefKind kind;
    QString table; // Row/Catalog: the referenced table
    QString key = QStringLiteral("slug"); // Catalog: the key column
};

struct TableSpec
{
    QString name;
    QString where; // rows of the org; every ? is the org id
    QList<Ref> refs;
    bool renumber = true; // false: the table has no id column, or keeps it (devices, fleets)
    bool identity = false; // kept ids of an identity column: its sequence is moved past them afterwards
};

const QString kOrgProjects = QStringLiteral("(SELECT id FROM projects WHERE org_id = ?)");
const QString kOrgDevices = QStringLiteral(
    "(SELECT id FROM devices WHERE org_id = ? OR project_id IN (SELECT id FROM projects WHERE org_id = ?))");

const QString kOrgFilters = QStringLiteral(
    "(SELECT id FROM stream_filters WHERE project_id IN (SELECT id FROM projects WHERE org_id = ?))");
const QString kOrgRequests = QStringLiteral("(SELECT id FROM ota_requests WHERE org_id = ? OR script_id IN "
                                            "(SELECT id FROM device_scripts WHERE org_id = ?))");

Ref account(const char *column)
{
    return Ref {QString::fromLatin1(column), RefKind::Account, {}};
}

Ref row(const char *column, const char *table)
{
    return Ref {QString::fromLatin1(column), RefKind::Row, QString::fromLatin1(table)};
}

Ref catalog(const char *column, const char *table, const char *key = "slug")
{
    return Ref {QString::fromLatin1(column), RefKind::Catalog, QString::fromLatin1(table),
                QString::fromLatin1(key)};
}

// In import order: referenced tables first.
const QList<TableSpec> &tables()
{
    static const QList<TableSpec> specs = {
        {QStringLiteral("orgs"),
         QStringLiteral("id = ?"),
         {catalog("ot_id", "org_templates"), account("created_by")}},
        {QStringLiteral("org_memberships"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), account("user_id")}},
        {QStringLiteral("org_domains"), QStringLiteral("org_id = ?"), {row("org_id", "orgs")}},
        {QStringLiteral("org_api_keys"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), account("created_by")}},
        {QStringLiteral("property_templates"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), account("created_by")}},
        {QStringLiteral("property_template_enums"),
         QStringLiteral("template_id IN (SELECT id FROM property_templates WHERE org_id = ?)"),
         {row("template_id", "property_templates"), account("created_by")}},
        {QStringLiteral("projects"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), catalog("project_template_id", "project_templates"), account("created_by")}},
        {QStringLiteral("variables"),
         QStringLiteral("org_id = ? OR project_id IN ") + kOrgProjects,
         {row("project_id", "projects"), row("org_id", "orgs"), catalog("var_type_id", "var_types"),
          catalog("input_unit_id", "var_type_units"), catalog("output_unit_id", "var_type_units"),
          Ref {QStringLiteral("derived_variable_id"), RefKind::Self, {}}, account("created_by")}},
        {QStringLiteral("devices"),
         QStringLiteral("org_id = ? OR project_id IN ") + kOrgProjects,
         {catalog("sg_id", "sensor_graphs"), catalog("template_id", "device_templates"),
          row("org_id", "orgs"), row("project_id", "projects"), account("created_by"), account("claimed_by")},
         false},
        {QStringLiteral("device_status"), QStringLiteral("device_id IN ") + kOrgDevices, {}, false},
        {QStringLiteral("device_keys"),
         QStringLiteral("device_id IN ") + kOrgDevices,
         {account("created_by")}},
        // Data blocks (archives) before streams: a block's streams refer to it.
        {QStringLiteral("data_blocks"),
         QStringLiteral("org_id = ? OR device_id IN ") + kOrgDevices,
         {row("org_id", "orgs"), catalog("sg_id", "sensor_graphs"), account("created_by")}},
        {QStringLiteral("data_block_counters"), QStringLiteral("device_id IN ") + kOrgDevices, {}, false},
        {QStringLiteral("streams"),
         QStringLiteral("org_id = ? OR project_id IN ") + kOrgProjects,
         {row("project_id", "projects"), row("variable_id", "variables"), row("org_id", "orgs"),
          row("block_id", "data_blocks"), catalog("var_type_id", "var_types"),
          catalog("input_unit_id", "var_type_units"), catalog("output_unit_id", "var_type_units"),
          Ref {QStringLiteral("derived_stream_id"), RefKind::Self, {}}, account("created_by")}},
        // Fleets (issue 12): groups of the org's devices, and the versions devices reported.
        // A fleet's slug is its id: kept, like device ids.
        {QStringLiteral("fleets"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), account("created_by")},
         false,
         true},
        {QStringLiteral("fleet_members"),
         QStringLiteral("fleet_id IN (SELECT id FROM fleets WHERE org_id = ?)"),
         {row("fleet_id", "fleets")}},
        {QStringLiteral("device_versions"), QStringLiteral("device_id IN ") + kOrgDevices, {}},
        // Streamers and their uploaded reports (report ids are UUIDs: kept; files travel as blob lines).
        {QStringLiteral("streamers"), QStringLiteral("device_id IN ") + kOrgDevices, {account("created_by")}},
        {QStringLiteral("streamer_reports"),
         QStringLiteral("streamer_id IN (SELECT id FROM streamers WHERE device_id IN ") + kOrgDevices
             + QStringLiteral(")"),
         {row("streamer_id", "streamers"), account("created_by")},
         false},
        {QStringLiteral("stream_aliases"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), account("created_by")}},
        {QStringLiteral("stream_alias_taps"),
         QStringLiteral("alias_id IN (SELECT id FROM stream_aliases WHERE org_id = ?)"),
         {row("alias_id", "stream_aliases"), row("stream_id", "streams"), account("created_by")}},
        // OTA: scripts (their files as blob lines), deployment requests, rollout plans, device actions.
        {QStringLiteral("device_scripts"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), account("file_created_by"), account("created_by")}},
        {QStringLiteral("ota_requests"),
         QStringLiteral("id IN ") + kOrgRequests,
         {row("script_id", "device_scripts"), row("fleet_id", "fleets"), row("org_id", "orgs"),
          account("created_by")}},
        {QStringLiteral("ota_rollout_devices"),
         QStringLiteral("request_id IN ") + kOrgRequests,
         {row("request_id", "ota_requests")},
         false},
        {QStringLiteral("ota_actions"),
         QStringLiteral("request_id IN ") + kOrgRequests,
         {row("request_id", "ota_requests")}},
        // Stream filters with their states, transitions (UUID ids: kept), triggers, actions and log.
        {QStringLiteral("stream_filters"),
         QStringLiteral("project_id IN ") + kOrgProjects,
         {row("project_id", "projects"), row("variable_id", "variables"), row("input_stream_id", "streams"),
          account("created_by")}},
        {QStringLiteral("filter_states"),
         QStringLiteral("filter_id IN ") + kOrgFilters,
         {row("filter_id", "stream_filters"), account("created_by")}},
        {QStringLiteral("filter_transitions"),
         QStringLiteral("filter_id IN ") + kOrgFilters,
         {row("filter_id", "stream_filters"), row("src_id", "filter_states"), row("dst_id", "filter_states"),
          account("created_by")},
         false},
        {QStringLiteral("filter_triggers"),
         QStringLiteral("filter_id IN ") + kOrgFilters,
         {row("filter_id", "stream_filters"), catalog("user_output_unit_id", "var_type_units"),
          account("created_by")}},
        {QStringLiteral("filter_actions"),
         QStringLiteral("filter_id IN ") + kOrgFilters,
         {row("filter_id", "stream_filters"), row("state_id", "filter_states"), account("created_by")}},
        {QStringLiteral("filter_current_states"),
         QStringLiteral("filter_id IN ") + kOrgFilters,
         {row("filter_id", "stream_filters"), row("state_id", "filter_states")},
         false},
        {QStringLiteral("filter_logs"),
         QStringLiteral("filter_id IN ") + kOrgFilters,
         {row("filter_id", "stream_filters")}},
        {QStringLiteral("alarms"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), row("project_id", "projects"), row("filter_id", "stream_filters"),
          row("state_id", "filter_states"), row("action_id", "filter_actions"), account("ack_by"),
          account("cleared_by"), account("created_by")}},
        // Report definitions and generated reports (UUID ids: kept; files as blob lines).
        {QStringLiteral("user_reports"),
         QStringLiteral("org_id = ?"),
         {row("org_id", "orgs"), account("created_by")}},
        {QStringLiteral("generated_reports"),
         QStringLiteral("org_id = ?"),
         {row("report_id", "user_reports"), row("org_id", "orgs"), account("created_by")},
         false},
    };
    return specs;
}

// Metadata attached to objects by slug ("target"): kept as they are, selected by the org's slugs.
const QList<TableSpec> &targetTables()
{
    static const QList<TableSpec> specs = {
        {QStringLiteral("properties"), QStringLiteral("target = ?"), {account("created_by")}},
        {QStringLiteral("notes"), QStringLiteral("target = ?"), {account("user_id")}},
        {QStringLiteral("locations"), QStringLiteral("target = ?"), {account("user_id")}},
        {QStringLiteral("config_attributes"),
         QStringLiteral("target = ?"),
         {catalog("name_id", "config_attribute_names", "name"), account("updated_by")}},
        {QStringLiteral("data_masks"), QStringLiteral("target = ?"), {account("updated_by")}, false},
    };
    return specs;
}

// Columns naming a file in the blob store: the files travel in the export as blob lines.
QString blobColumn(const QString &table)
{
    if (table == QLatin1String("streamer_reports"))
        return QStringLiteral("blob_key");
    if (table == QLatin1String("device_scripts") || table == QLatin1String("generated_reports"))
        return QStringLiteral("file_key");
    return {};
}

const TableSpec *specOf(const QString &name)
{
    for (const QList<TableSpec> *list : {&tables(), &targetTables()})
        for (const TableSpec &t : *list)
            if (t.name == name)
                return &t;
    return nullptr;
}

QVariantList orgBinds(const QString &where, qint64 orgId)
{
    QVariantList binds;
    for (qsizetype i = where.count(QLatin1Char('?')); i > 0; --i)
        binds << orgId;
    return binds;
}

Status writeLine(QIODevice &out, const QJsonObject &line)
{
    QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
    bytes += '\n';
    if (out.write(bytes) != bytes.size())
        return Error::internal(QStringLiteral("cannot write the export: %1").arg(out.errorString()));
    return Ok {};
}

QJsonArray pointJson(const DataPoint &p)
{
    return QJsonArray {p.ts,
                       p.seq,
                       p.deviceTs ? QJsonValue(*p.deviceTs) : QJsonValue(),
                       p.intValue ? QJsonValue(*p.intValue) : QJsonValue(),
                       p.value ? QJsonValue(*p.value) : QJsonValue(),
                       int(p.type),
                       int(p.status),
                       p.dirty};
}

std::optional<DataPoint> pointFromJson(const QJsonValue &v, qint64 key)
{
    const QJsonArray a = v.toArray();
    if (a.size() != 8 || !a.at(0).isDouble())
        return std::nullopt;
    DataPoint p;
    p.streamId = key;
    p.ts = qint64(a.at(0).toDouble());
    p.seq = qint64(a.at(1).toDouble());
    if (a.at(2).isDouble())
        p.deviceTs = qint64(a.at(2).toDouble());
    if (a.at(3).isDouble())
        p.intValue = qint64(a.at(3).toDouble());
    if (a.at(4).isDouble())
        p.value = a.at(4).toDouble();
    p.type = PointType(a.at(5).toInt());
    p.status = PointStatus(a.at(6).toInt());
    p.dirty = a.at(7).toBool();
    return p;
}

} // namespace

Result<BackupCounts> OrgBackup::exportOrg(ServerContext &server, const QString &orgSlug, QIODevice &out)
{
    IOTILE_TRY(db, server.db().connection());
    IOTILE_TRY(dataDb, server.dataDb().connection());
    BackupStore store(*db);
    BackupStore dataStore(*dataDb);
    IOTILE_TRY(orgId, store.idBy(QStringLiteral("orgs"), QStringLiteral("slug"), orgSlug));
    if (!orgId)
        return Error::detail(ErrorKind::NotFound, QStringLiteral("no org with slug \"%1\"").arg(orgSlug));
    BackupCounts counts;
    counts.org = orgSlug;
    IOTILE_CHECK(writeLine(out,
                           QJsonObject {{QStringLiteral("format"), kFormat},
                                        {QStringLiteral("version"), kFormatVersion},
                                        {QStringLiteral("org"), orgSlug},
                                        {QStringLiteral("exported_at"), isotime::toString(isotime::now())},
                                        {QStringLiteral("server"), QStringLiteral(IOTILE_VERSION)}}));

    // Members first: the importer matches them by e-mail or creates them.
    IOTILE_TRY(members,
               store.rows(QStringLiteral("accounts"),
                          QStringLiteral("id IN (SELECT user_id FROM org_memberships WHERE org_id = ?)"),
                          {*orgId}));
    for (const QJsonObject &a : members)
        IOTILE_CHECK(writeLine(
            out,
            QJsonObject {{QStringLiteral("table"), QStringLiteral("accounts")}, {QStringLiteral("row"), a}}));
    counts.rows[QStringLiteral("accounts")] = members.size();

    QStringList targets {orgSlug};
    QStringList streamSlugs;
    QStringList keyPatterns;
    QStringList blobKeys;
    const auto exportRows = [&](const TableSpec &spec, const QList<QJsonObject> &rows) -> Status {
        for (QJsonObject r : rows) {
            for (const Ref &ref : spec.refs) {
                if (ref.kind != RefKind::Catalog || r.value(ref.column).isNull())
                    continue;
                IOTILE_TRY(key, store.keyOf(ref.table, ref.key, qint64(r.value(ref.column).toDouble())));
                r.insert(ref.column, key ? QJsonValue(*key) : QJsonValue());
            }
            if (const QString column = blobColumn(spec.name); !column.isEmpty())
                if (const QString key = r.value(column).toString(); !key.isEmpty())
                    blobKeys << key;
            const QString slug = r.value(QLatin1String("slug")).toString();
            if (spec.name == QLatin1String("projects")) {
                targets << slug;
                keyPatterns << QStringLiteral("s--%1--%").arg(slug.mid(3));
            } else if (spec.name == QLatin1String("devices")) {
                targets << slug;
                keyPatterns << QStringLiteral("s--%--%1--%").arg(slug.mid(3));
            } else if (spec.name == QLatin1String("streams") || spec.name == QLatin1String("variables")) {
                targets << slug;
                if (spec.name == QLatin1String("streams"))
                    streamSlugs << slug;
            }
            IOTILE_CHECK(writeLine(
                out, QJsonObject {{QStringLiteral("table"), spec.name}, {QStringLiteral("row"), r}}));
        }
        counts.rows[spec.name] += rows.size();
        return Ok {};
    };
    for (const TableSpec &spec : tables()) {
        IOTILE_TRY(rows, store.rows(spec.name, spec.where, orgBinds(spec.where, *orgId)));
        IOTILE_CHECK(exportRows(spec, rows));
    }
    for (const TableSpec &spec : targetTables()) {
        for (const QString &target : std::as_const(targets)) {
            IOTILE_TRY(rows, store.rows(spec.name, spec.where, {target}));
            IOTILE_CHECK(exportRows(spec, rows));
        }
    }

    // Stream data and events, by stream key: the org's streams, plus data of its devices and projects
    // stored under slugs without a stream row.
    StreamDataStore data(*dataDb);
    std::map<qint64, QString> keys;
    for (const QString &slug : std::as_const(streamSlugs)) {
        IOTILE_TRY(key, data.keyOf(slug));
        if (key)
            keys[*key] = slug;
    }
    for (const QString &pattern : std::as_const(keyPatterns)) {
        IOTILE_TRY(found, data.keysLike(pattern));
        for (const auto &[key, slug] : found)
            keys[key] = slug;
    }
    for (const auto &[key, slug] : keys) {
        qint64 ts = std::numeric_limits<qint64>::min();
        qint64 seq = std::numeric_limits<qint64>::min();
        for (;;) {
            IOTILE_TRY(points, data.after(key, ts, seq, std::nullopt, kPointsPerLine));
            if (points.empty())
                break;
            QJsonArray list;
            for (const DataPoint &p : points)
                list.append(pointJson(p));
            IOTILE_CHECK(writeLine(
                out, QJsonObject {{QStringLiteral("data"), slug}, {QStringLiteral("points"), list}}));
            counts.rows[QStringLiteral("stream_data")] += qint64(points.size());
            ts = points.back().ts;
            seq = points.back().seq;
            if (qint64(points.size()) < kPointsPerLine)
                break;
        }
        IOTILE_TRY(events,
                   dataStore.rows(QStringLiteral("stream_events"), QStringLiteral("stream_id = ?"), {key}));
        for (QJsonObject e : events) {
            if (const QString blob = e.value(QLatin1String("blob_key")).toString(); !blob.isEmpty())
                blobKeys << blob;
            e.remove(QStringLiteral("id"));
            e.remove(QStringLiteral("stream_id"));
            IOTILE_CHECK(
                writeLine(out, QJsonObject {{QStringLiteral("events"), slug}, {QStringLiteral("row"), e}}));
        }
        counts.rows[QStringLiteral("stream_events")] += events.size();
    }

    // Files last, one line each (base64): streamer reports, OTA scripts, generated reports, event files.
    blobKeys.removeDuplicates();
    for (const QString &key : std::as_const(blobKeys)) {
        IOTILE_TRY(present, server.blobs().exists(key));
        if (!present) {
            counts.rows[QStringLiteral("blobs_missing")] += 1;
            continue;
        }
        IOTILE_TRY(bytes, server.blobs().get(key));
        IOTILE_CHECK(
            writeLine(out,
                      QJsonObject {{QStringLiteral("blob"), key},
                                   {QStringLiteral("content"), QString::fromLatin1(bytes.toBase64())}}));
        counts.rows[QStringLiteral("blobs")] += 1;
    }

    QJsonObject countJson;
    for (auto it = counts.rows.cbegin(); it != counts.rows.cend(); ++it)
        countJson.insert(it.key(), it.value());
    IOTILE_CHECK(
        writeLine(out, QJsonObject {{QStringLiteral("end"), true}, {QStringLiteral("counts"), countJson}}));
    return counts;
}

namespace {

Result<QJsonObject> readLine(QIODevice &in, qint64 lineNumber)
{
    const QByteArray bytes = in.readLine();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (!doc.isObject())
        return Error::badRequest(
            QStringLiteral("line %1: not a JSON object (%2)").arg(lineNumber).arg(error.errorString()));
    return doc.object();
}

// The import of one file: maps from the file's ids to the target's.
class Importer
{
public:
    Importer(SqlConnection &db, SqlConnection &dataDb, BlobStore &blobs)
        : m_blobs(blobs)
        , m_store(db)
        , m_dataStore(dataDb)
        , m_data(dataDb)
    { }

    Status line(const QJsonObject &line, qint64 number);
    Status finish();
    BackupCounts counts;

private:
    Status account(QJsonObject row);
    Status tableRow(const TableSpec &spec, QJsonObject row, qint64 number);
    Result<qint64> streamKey(const QString &slug);

    BlobStore &m_blobs;
    BackupStore m_store;
    BackupStore m_dataStore;
    StreamDataStore m_data;
    QHash<QString, QHash<qint64, qint64>> m_ids; // table -> file id -> new id
    struct Pending
    {
        QString table;
        qint64 id;
        QString column;
        qint64 fileRef;
    };
    QList<Pending> m_self;
    QHash<QString, qint64> m_keys;
    QSet<QString> m_identities;
};

Status Importer::account(QJsonObject row)
{
    const qint64 fileId = qint64(row.value(QLatin1String("id")).toDouble());
    const QString email = row.value(QLatin1String("email")).toString();
    IOTILE_TRY(existing, m_store.idBy(QStringLiteral("accounts"), QStringLiteral("email"), email));
    if (existing) {
        m_ids[QStringLiteral("accounts")].insert(fileId, *existing);
        counts.rows[QStringLiteral("accounts_matched")] += 1;
        return Ok {};
    }
    row.remove(QStringLiteral("id"));
    IOTILE_TRY(id, m_store.insert(QStringLiteral("accounts"), row, true));
    m_ids[QStringLiteral("accounts")].insert(fileId, id);
    counts.rows[QStringLiteral("accounts")] += 1;
    return Ok {};
}

Status Importer::tableRow(const TableSpec &spec, QJsonObject row, qint64 number)
{
    QList<Pending> self;
    for (const Ref &ref : spec.refs) {
        const QJsonValue v = row.value(ref.column);
        if (v.isNull() || v.isUndefined())
            continue;
        switch (ref.kind) {
        case RefKind::Row:
        case RefKind::Account: {
            const QString table = ref.kind == RefKind::Account ? QStringLiteral("accounts") : ref.table;
            const QHash<qint64, qint64> &ids = m_ids[table];
            const auto mapped = ids.constFind(qint64(v.toDouble()));
            if (mapped == ids.cend()) {
                if (ref.column == QLatin1String("user_id") && spec.name == QLatin1String("org_memberships"))
                    return Error::badRequest(
                        QStringLiteral("line %1: membership of an account not in the file").arg(number));
                row.insert(ref.column, QJsonValue());
                if (ref.kind == RefKind::Row)
                    counts.rows[QStringLiteral("unresolved")] += 1;
            } else {
                row.insert(ref.column, *mapped);
            }
            break;
        }
        case RefKind::Self:
            self.append({spec.name, 0, ref.column, qint64(v.toDouble())});
            row.insert(ref.column, QJsonValue());
            break;
        case RefKind::Catalog: {
            IOTILE_TRY(id, m_store.idBy(ref.table, ref.key, v.toString()));
            if (!id)
                counts.rows[QStringLiteral("unresolved")] += 1;
            row.insert(ref.column, id ? QJsonValue(*id) : QJsonValue());
            break;
        }
        }
    }
    const bool hasId = spec.renumber && row.contains(QLatin1String("id"));
    const qint64 fileId = qint64(row.value(QLatin1String("id")).toDouble());
    if (hasId)
        row.remove(QStringLiteral("id"));
    if (spec.name == QLatin1String("orgs")) {
        IOTILE_TRY(exists,
                   m_store.idBy(QStringLiteral("orgs"), QStringLiteral("slug"),
                                row.value(QLatin1String("slug")).toString()));
        if (exists)
            return Error::detail(ErrorKind::Conflict,
                                 QStringLiteral("an org with slug \"%1\" already exists")
                                     .arg(row.value(QLatin1String("slug")).toString()));
        counts.org = row.value(QLatin1String("slug")).toString();
    }
    Result<qint64> inserted = m_store.insert(spec.name, row, hasId);
    if (!inserted)
        return Error::detail(
            inserted.error().kind(),
            QStringLiteral("line %1 (%2): %3").arg(number).arg(spec.name, inserted.error().message()));
    if (hasId) {
        m_ids[spec.name].insert(fileId, *inserted);
        for (Pending &p : self) {
            p.id = *inserted;
            m_self.append(p);
        }
    } else if (spec.name == QLatin1String("devices") || spec.identity) {
        m_ids[spec.name].insert(fileId, fileId);
        if (spec.identity)
            m_identities.insert(spec.name);
    }
    counts.rows[spec.name] += 1;
    return Ok {};
}

Result<qint64> Importer::streamKey(const QString &slug)
{
    if (auto it = m_keys.constFind(slug); it != m_keys.cend())
        return *it;
    IOTILE_TRY(key, m_data.ensureKey(slug));
    m_keys.insert(slug, key);
    return key;
}

Status Importer::line(const QJsonObject &line, qint64 number)
{
    if (line.contains(QLatin1String("table"))) {
        const QString table = line.value(QLatin1String("table")).toString();
        const QJsonObject row = line.value(QLatin1String("row")).toObject();
        if (table == QLatin1String("accounts"))
            return account(row);
        const TableSpec *spec = specOf(table);
        if (!spec)
            return Error::badRequest(QStringLiteral("line %1: unknown table \"%2\"").arg(number).arg(table));
        return tableRow(*spec, row, number);
    }
    if (line.contains(QLatin1String("data"))) {
        IOTILE_TRY(key, streamKey(line.value(QLatin1String("data")).toString()));
        std::vector<DataPoint> points;
        for (const QJsonValue &v : line.value(QLatin1String("points")).toArray()) {
            auto p = pointFromJson(v, key);
            if (!p)
                return Error::badRequest(QStringLiteral("line %1: malformed data point").arg(number));
            points.push_back(*p);
        }
        IOTILE_TRY(inserted, m_data.insert(points));
        counts.rows[QStringLiteral("stream_data")] += inserted;
        return Ok {};
    }
    if (line.contains(QLatin1String("events"))) {
        IOTILE_TRY(key, streamKey(line.value(QLatin1String("events")).toString()));
        QJsonObject row = line.value(QLatin1String("row")).toObject();
        row.remove(QStringLiteral("id"));
        row.insert(QStringLiteral("stream_id"), key);
        Result<qint64> inserted = m_dataStore.insert(QStringLiteral("stream_events"), row, false);
        if (!inserted)
            return Error::detail(
                inserted.error().kind(),
                QStringLiteral("line %1 (stream_events): %2").arg(number).arg(inserted.error().message()));
        counts.rows[QStringLiteral("stream_events")] += 1;
        return Ok {};
    }
    if (line.contains(QLatin1String("blob"))) {
        // Written before the transactions commit: a failed import leaves unreferenced files, not rows
        // pointing at missing ones.
        const QString key = line.value(QLatin1String("blob")).toString();
        if (Status s = BlobStore::checkKey(key); !s)
            return Error::badRequest(QStringLiteral("line %1: %2").arg(number).arg(s.error().message()));
        IOTILE_CHECK(m_blobs.put(
            key, QByteArray::fromBase64(line.value(QLatin1String("content")).toString().toLatin1())));
        counts.rows[QStringLiteral("blobs")] += 1;
        return Ok {};
    }
    return Error::badRequest(QStringLiteral("line %1: neither a row, data, events nor a file").arg(number));
}

Status Importer::finish()
{
    for (const QString &table : std::as_const(m_identities))
        IOTILE_CHECK(m_store.syncIdentity(table));
    for (const Pending &p : std::as_const(m_self)) {
        const QHash<qint64, qint64> &ids = m_ids[p.table];
        const auto mapped = ids.constFind(p.fileRef);
        if (mapped != ids.cend())
            IOTILE_CHECK(m_store.setColumn(p.table, p.id, p.column, *mapped));
    }
    return Ok {};
}

} // namespace

Result<BackupCounts> OrgBackup::importOrg(ServerContext &server, QIODevice &in)
{
    // Pass 1: the header, the end line (a cut-off file is refused before anything is written), and the
    // months of the data: PostgreSQL partitions are made before the transactions (DDL would otherwise
    // be undone with a failed import while the partition cache remembers it).
    if (!in.isSequential() && !in.seek(0))
        return Error::badRequest(QStringLiteral("cannot read the import file"));
    IOTILE_TRY(header, readLine(in, 1));
    if (header.value(QLatin1String("format")).toString() != kFormat)
        return Error::badRequest(QStringLiteral("not an iotile-server org export"));
    if (header.value(QLatin1String("version")).toInt() != kFormatVersion)
        return Error::badRequest(QStringLiteral("export format version %1 is not supported")
                                     .arg(header.value(QLatin1String("version")).toInt()));
    if (in.isSequential())
        return Error::badRequest(QStringLiteral("the import file must be seekable (a regular file)"));
    const qint64 body = in.pos();
    std::set<qint64> days;
    bool ended = false;
    for (qint64 n = 2; !in.atEnd(); ++n) {
        IOTILE_TRY(line, readLine(in, n));
        if (line.value(QLatin1String("end")).toBool()) {
            ended = true;
            break;
        }
        for (const QJsonValue &p : line.value(QLatin1String("points")).toArray())
            days.insert(qint64(p.toArray().at(0).toDouble()) / (isotime::kMicrosPerSecond * 86400));
    }
    if (!ended)
        return Error::badRequest(QStringLiteral("the export is incomplete (no end line)"));

    IOTILE_TRY(db, server.db().connection());
    IOTILE_TRY(dataDb, server.dataDb().connection());
    {
        std::vector<qint64> timestamps;
        for (qint64 d : days)
            timestamps.push_back(d * isotime::kMicrosPerSecond * 86400);
        IOTILE_CHECK(StreamDataStore(*dataDb).ensurePartitions(timestamps));
    }
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    std::optional<Transaction> dataTx;
    if (dataDb != db) {
        dataTx.emplace(*dataDb);
        IOTILE_CHECK(dataTx->started());
    }
    Importer importer(*db, *dataDb, server.blobs());
    in.seek(body);
    for (qint64 n = 2; !in.atEnd(); ++n) {
        IOTILE_TRY(line, readLine(in, n));
        if (line.value(QLatin1String("end")).toBool())
            break;
        IOTILE_CHECK(importer.line(line, n));
    }
    IOTILE_CHECK(importer.finish());
    // The data first: if the main commit then fails, the points wait under stream keys nobody shows.
    if (dataTx)
        IOTILE_CHECK(dataTx->commit());
    IOTILE_CHECK(tx.commit());
    StreamDataStore::invalidateCounts();
    server.streams().invalidate();
    MembershipCache::clear();
    return importer.counts;
}

} // namespace iotile
