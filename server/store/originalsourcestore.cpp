#include "server/store/originalsourcestore.h"

#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QSqlRecord>

namespace iotile {

namespace {

enum class KeyKind { Integer, Uuid, Text };

struct SourceSpec
{
    OriginalTable table;
    const char *name;
    KeyKind key;
    bool optional;
    const char *columns; // select list: our column names as aliases; %1 is the e-mail verification test
    const char *where = nullptr;
    const char *pk = "id";
};

// Django stores times as timestamptz; ours are BIGINT microseconds since the epoch (UTC).
#define US(column) "CAST(EXTRACT(EPOCH FROM t." column ") * 1000000 AS BIGINT)"

// Column lists follow the original's models (server/apps/*/models.py); Django names a foreign key column
// <field>_id and a table <app>_<model>.
const SourceSpec kSpecs[] = {
    {OriginalTable::Accounts, "authentication_account", KeyKind::Integer, false,
     "t.id AS id, t.email, t.username, t.slug, t.name, t.tagline, t.password,"
     " COALESCE(t.time_zone, 'UTC') AS time_zone, t.is_active, t.is_staff, t.is_admin AS is_superuser,"
     " %1 AS email_verified, " US("created_at") " AS created_at, " US("updated_at") " AS updated_at, " US(
         "last_login") " AS last_login"},
    {OriginalTable::OrgTemplates, "orgtemplate_orgtemplate", KeyKind::Integer, true,
     "t.name, t.slug, t.major_version AS major, t.minor_version AS minor, t.patch_version AS patch,"
     " t.extra_data::text AS extra_data, t.active, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::ProjectTemplates, "projecttemplate_projecttemplate", KeyKind::Integer, true,
     "t.name, t.slug, t.org_id::text AS org_id, t.major_version AS major, t.minor_version AS minor,"
     " t.patch_version AS patch, t.extra_data::text AS extra_data, t.active, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::VarTypes, "vartype_vartype", KeyKind::Integer, false,
     "t.name, t.slug, t.stream_data_type, t.storage_units_full, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::InputUnits, "vartype_vartypeinputunit", KeyKind::Integer, false,
     "t.var_type_id, 'in' AS direction, t.slug, t.unit_full, t.unit_short, t.m, t.d, t.o"},
    {OriginalTable::OutputUnits, "vartype_vartypeoutputunit", KeyKind::Integer, false,
     "t.var_type_id, 'out' AS direction, t.slug, t.unit_full, t.unit_short, t.m, t.d, t.o,"
     " t.decimal_places, t.derived_units::text AS derived_units"},
    {OriginalTable::DeviceTemplates, "devicetemplate_devicetemplate", KeyKind::Uuid, false,
     "t.id::text AS uuid, t.external_sku, t.internal_sku, t.family, t.slug, t.org_id::text AS org_id,"
     " t.major_version AS major, t.minor_version AS minor, t.patch_version AS patch, t.os_tag,"
     " t.os_major_version AS os_major, t.os_minor_version AS os_minor, t.hw_tag, t.hw_major_version AS "
     "hw_major,"
     " t.released_on::text AS released_on, t.active, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::SensorGraphs, "sensorgraph_sensorgraph", KeyKind::Integer, false,
     "t.name, t.slug, t.org_id::text AS org_id, t.project_template_id, t.ui_extra::text AS ui_extra,"
     " t.report_processing_engine_ver,"
     " t.major_version AS major, t.minor_version AS minor, t.patch_version AS patch, t.app_tag,"
     " t.app_major_version AS app_major, t.app_minor_version AS app_minor, t.active, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::VarTemplates, "sensorgraph_variabletemplate", KeyKind::Integer, true,
     "t.sg_id, t.label, t.lid_hex, t.derived_lid_hex, t.var_type_id, t.default_input_unit_id,"
     " t.default_output_unit_id, t.ctype, t.m, t.d, t.o, t.app_only, t.web_only"},
    {OriginalTable::Orgs, "org_org", KeyKind::Uuid, false,
     "t.id::text AS uuid, t.name, t.slug, t.about, t.is_vendor, t.ot_id, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::Memberships, "org_orgmembership", KeyKind::Uuid, false,
     "t.org_id::text AS org_id, t.user_id, t.role, t.is_active, t.is_org_admin,"
     " t.permissions::text AS permissions, " US("created_on") " AS created_on"},
    {OriginalTable::Projects, "project_project", KeyKind::Uuid, false,
     "t.id::text AS uuid, t.gid, t.slug, t.name, t.org_id::text AS org_id, t.about, t.is_template,"
     " t.project_template_id, " US("created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::Variables, "stream_streamvariable", KeyKind::Uuid, false,
     "t.id::text AS uuid, t.slug, t.name, t.lid, t.project_id::text AS project_id, t.org_id::text AS org_id,"
     " t.var_type_id, t.input_unit_id, t.output_unit_id, t.derived_variable_id::text AS derived_variable_id,"
     " t.about, t.raw_value_format, t.units, t.multiplication_factor AS m, t.division_factor AS d,"
     " t.\"offset\" AS o, t.decimal_places, t.mdo_label, t.web_only, t.app_only, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    {OriginalTable::Devices, "physicaldevice_device", KeyKind::Integer, false,
     "t.id AS id, t.slug, t.label, t.active, t.external_id, t.sg_id, t.template_id::text AS template_id,"
     " t.org_id::text AS org_id, t.project_id::text AS project_id, t.lat::text AS lat, t.lon::text AS lon,"
     " t.state, " US("created_on") " AS created_on, t.created_by_id AS created_by,"
                                   " t.claimed_by_id AS claimed_by, " US("claimed_on") " AS claimed_on"},
    {OriginalTable::DeviceStatus, "physicaldevice_devicestatus", KeyKind::Integer, true,
     "t.device_id, " US(
         "last_report_ts") " AS last_report_ts, t.last_known_id, t.last_known_state,"
                           " t.health_check_enabled, t.health_check_period,"
                           " array_to_json(t.notification_recipients)::text AS notification_recipients"},
    // Streams of data blocks (archives) are left out: blocks are not imported.
    {OriginalTable::Streams, "stream_streamid", KeyKind::Uuid, false,
     "t.id::text AS uuid, t.slug, t.project_id::text AS project_id, t.device_id,"
     " t.variable_id::text AS variable_id, t.org_id::text AS org_id, t.data_label, t.var_type_id, "
     "t.data_type,"
     " t.var_name, t.var_lid, t.input_unit_id, t.output_unit_id,"
     " t.derived_stream_id::text AS derived_stream_id, t.raw_value_format, t.mdo_type, t.mdo_label,"
     " t.multiplication_factor AS m, t.division_factor AS d, t.\"offset\" AS o, t.enabled, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by",
     "t.block_id IS NULL"},
    // Metadata attached to objects by slug ("target").
    {OriginalTable::Properties, "property_genericproperty", KeyKind::Integer, true,
     "t.target, t.name, t.str_value AS value, t.type, t.is_system, " US(
         "created_on") " AS created_on, t.created_by_id AS created_by"},
    // Notes without a time of their own are placed at their creation; attachments stayed in S3.
    {OriginalTable::Notes, "streamnote_streamnote", KeyKind::Integer, true,
     "t.target_slug AS target, CAST(EXTRACT(EPOCH FROM COALESCE(t.timestamp, t.created_on)) * 1000000 AS"
     " BIGINT) AS timestamp, t.note, t.type, t.created_by_id AS user_id, " US("created_on") " AS created_on",
     "t.target_slug IS NOT NULL AND t.target_slug <> ''"},
    {OriginalTable::Locations, "devicelocation_devicelocation", KeyKind::Integer, true,
     "t.target_slug AS target, " US("timestamp") " AS timestamp, t.lat::text AS lat, t.lon::text AS lon,"
                                                 " t.user_id"},
    // Credentials clients and devices already hold: DRF tokens ("Authorization: Token <key>") and the
    // device keys of deviceauth (their slug is the device's).
    {OriginalTable::ApiTokens, "authtoken_token", KeyKind::Text, true,
     "t.key, t.user_id, " US("created") " AS created_at", nullptr, "key"},
    {OriginalTable::DeviceKeys, "deviceauth_devicekey", KeyKind::Integer, true,
     "(SELECT d.id FROM physicaldevice_device d WHERE d.slug = t.slug) AS device_id, t.type, t.secret,"
     " t.downloadable, " US("created_on") " AS created_on, t.created_by_id AS created_by"},
};

#undef US

const SourceSpec &specOf(OriginalTable table)
{
    for (const SourceSpec &s : kSpecs)
        if (s.table == table)
            return s;
    Q_UNREACHABLE();
}

} // namespace

QString OriginalSourceStore::tableName(OriginalTable table)
{
    return QString::fromLatin1(specOf(table).name);
}

bool OriginalSourceStore::isOptional(OriginalTable table)
{
    return specOf(table).optional;
}

Result<bool> OriginalSourceStore::hasTable(const QString &name)
{
    SqlQuery q = m_db.query("SELECT to_regclass(?) IS NOT NULL");
    q.bind(name);
    IOTILE_CHECK(q.exec());
    const bool found = q.next() && q.boolean(0);
    q.raw().finish();
    return found;
}

Result<QStringList> OriginalSourceStore::missingTables(const QStringList &names)
{
    QStringList missing;
    for (const QString &name : names) {
        IOTILE_TRY(found, hasTable(name));
        if (!found)
            missing << name;
    }
    return missing;
}

QString OriginalSourceStore::selectOf(OriginalTable table)
{
    const SourceSpec &spec = specOf(table);
    QString columns = QString::fromLatin1(spec.columns);
    if (table == OriginalTable::Accounts)
        // django-allauth keeps verification per address; without it every imported e-mail counts as
        // verified (the original let those accounts log in).
        columns =
            columns.arg(*m_hasEmailAddresses ? QStringLiteral("EXISTS (SELECT 1 FROM account_emailaddress e"
                                                              " WHERE e.user_id = t.id AND e.verified)")
                                             : QStringLiteral("TRUE"));
    const QString pk = QStringLiteral("t.") + QLatin1String(spec.pk);
    const QString key = spec.key == KeyKind::Uuid ? pk + QStringLiteral("::text") : pk;
    return QStringLiteral("SELECT %1 AS _key, %2 FROM %3 t")
        .arg(key, columns, QString::fromLatin1(spec.name));
}

Result<QList<QJsonObject>> OriginalSourceStore::page(OriginalTable table, const QJsonValue &after, int limit)
{
    if (table == OriginalTable::Accounts && !m_hasEmailAddresses) {
        IOTILE_TRY(found, hasTable(QStringLiteral("account_emailaddress")));
        m_hasEmailAddresses = found;
    }
    const SourceSpec &spec = specOf(table);
    QStringList conditions;
    if (spec.where)
        conditions << QString::fromLatin1(spec.where);
    const QString pk = QStringLiteral("t.") + QLatin1String(spec.pk);
    if (!after.isNull())
        conditions << pk
                + (spec.key == KeyKind::Uuid          ? QStringLiteral(" > CAST(? AS uuid)")
                       : spec.key == KeyKind::Integer ? QStringLiteral(" > CAST(? AS BIGINT)")
                                                      : QStringLiteral(" > ?"));
    QString sql = selectOf(table);
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY %1 LIMIT ?").arg(pk);
    SqlQuery q = m_db.query(sql);
    if (!after.isNull()) {
        if (after.isString())
            q.bind(after.toString());
        else
            q.bind(qint64(after.toDouble()));
    }
    q.bind(limit);
    IOTILE_CHECK(q.exec());
    QList<QJsonObject> rows;
    const QSqlRecord record = q.raw().record();
    while (q.next()) {
        QJsonObject row;
        for (int i = 0; i < record.count(); ++i)
            row.insert(record.fieldName(i), variantToJson(q.value(i)));
        rows.append(row);
    }
    q.raw().finish();
    return rows;
}

Result<std::vector<OriginalPoint>> OriginalSourceStore::points(qint64 afterId, int limit)
{
    SqlQuery q = m_db.query(
        "SELECT id, stream_slug, CAST(EXTRACT(EPOCH FROM timestamp) * 1000000 AS BIGINT), streamer_local_id,"
        " device_timestamp, int_value, value, type, status, dirty_ts"
        " FROM streamdata_streamdata WHERE id > ? ORDER BY id LIMIT ?");
    q.bind(afterId).bind(limit);
    IOTILE_CHECK(q.exec());
    std::vector<OriginalPoint> out;
    out.reserve(size_t(limit));
    while (q.next()) {
        OriginalPoint p;
        p.id = q.int64(0);
        p.streamSlug = q.text(1);
        p.ts = q.optionalInt64(2);
        p.seq = q.int64(3);
        p.deviceTs = q.optionalInt64(4);
        p.intValue = q.optionalInt64(5);
        if (!q.isNull(6))
            p.value = q.real(6);
        p.type = q.text(7);
        p.status = q.text(8);
        p.dirty = q.boolean(9);
        out.push_back(std::move(p));
    }
    q.raw().finish();
    return out;
}

Result<std::vector<OriginalEvent>> OriginalSourceStore::events(qint64 afterId, int limit)
{
    SqlQuery q = m_db.query(
        "SELECT id, stream_slug, CAST(EXTRACT(EPOCH FROM timestamp) * 1000000 AS BIGINT), streamer_local_id,"
        " device_timestamp, uuid::text, extra_data::text, COALESCE(ext, 'json'), format_version, status,"
        " dirty_ts FROM streamevent_streameventdata WHERE id > ? ORDER BY id LIMIT ?");
    q.bind(afterId).bind(limit);
    IOTILE_CHECK(q.exec());
    std::vector<OriginalEvent> out;
    while (q.next()) {
        OriginalEvent e;
        e.id = q.int64(0);
        e.streamSlug = q.text(1);
        e.ts = q.optionalInt64(2);
        e.seq = q.int64(3);
        e.deviceTs = q.optionalInt64(4);
        e.uuid = q.text(5);
        if (!q.isNull(6))
            e.extraData = q.text(6).toUtf8();
        e.ext = q.text(7);
        e.formatVersion = int(q.int64(8));
        e.status = q.text(9);
        e.dirty = q.boolean(10);
        out.push_back(std::move(e));
    }
    q.raw().finish();
    return out;
}

Result<qint64> OriginalSourceStore::pointCount()
{
    return m_db.query("SELECT count(*) FROM streamdata_streamdata").scalarInt64();
}

} // namespace iotile
