#include "server/app/servercontext.h"
#include "server/backup/originalimport.h"
#include "server/domain/passwordhasher.h"
#include "server/store/database.h"
#include "tests/support/testserver.h"

#include <QElapsedTimer>
#include <QPasswordDigestor>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace iotile;
using namespace iotile::test;

namespace {

const QString kOrgUuid = QStringLiteral("6d9b6a2e-1c2f-4b8e-9d61-0c5a7e3f1a01");
const QString kProjectUuid = QStringLiteral("2f1c9e0b-7a44-4d2e-8c1b-5e6f7a8b9c02");
const QString kDevice = QStringLiteral("d--0000-0000-0000-00a1");
const QString kStream = QStringLiteral("s--0000-0001--0000-0000-0000-00a1--5001");
const QString kBulkStream = QStringLiteral("s--0000-0001--0000-0000-0000-00a1--5002");
const QString kOwnerPassword = QStringLiteral("Original-Pass-1");
const QString kMemberPassword = QStringLiteral("Member-Pass-2");
constexpr int kBulkPoints = 25000;

// Django's PBKDF2PasswordHasher: pbkdf2_sha256$<iterations>$<salt>$<base64(PBKDF2-HMAC-SHA256, 32 bytes)>.
QString djangoHash(const QString &password, const QString &salt, int iterations)
{
    const QByteArray key = QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(),
                                                              salt.toUtf8(), iterations, 32);
    return QStringLiteral("pbkdf2_sha256$%1$%2$%3")
        .arg(iterations)
        .arg(salt, QString::fromLatin1(key.toBase64()));
}

// A faithful subset of the original's schema as Django's migrations create it on PostgreSQL (tables
// <app>_<model>, foreign keys <field>_id, timestamptz, uuid primary keys, jsonb, varchar arrays), from
// server/apps/*/models.py of iotile/iotile_cloud. Columns the importer ignores are there too.
const char *const kOriginalSchema[] = {
    "CREATE TABLE authentication_account (id serial PRIMARY KEY, password varchar(128) NOT NULL,"
    " last_login timestamptz NULL, email varchar(254) NOT NULL UNIQUE, username varchar(40) NOT NULL UNIQUE,"
    " slug varchar(60) NOT NULL UNIQUE, name varchar(120) NOT NULL, tagline varchar(260) NOT NULL,"
    " external_avatar_url varchar(260) NULL, is_staff boolean NOT NULL, is_active boolean NOT NULL,"
    " is_admin boolean NOT NULL, time_zone varchar(64) NULL, created_at timestamptz NOT NULL,"
    " updated_at timestamptz NOT NULL)",
    "CREATE TABLE account_emailaddress (id serial PRIMARY KEY, email varchar(254) NOT NULL UNIQUE,"
    " verified boolean NOT NULL, \"primary\" boolean NOT NULL,"
    " user_id integer NOT NULL REFERENCES authentication_account(id) DEFERRABLE INITIALLY DEFERRED)",
    "CREATE TABLE orgtemplate_orgtemplate (id serial PRIMARY KEY, name varchar(50) NOT NULL,"
    " major_version integer NOT NULL, minor_version integer NOT NULL, patch_version integer NOT NULL,"
    " slug varchar(60) NOT NULL UNIQUE, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id), active boolean NOT NULL,"
    " extra_data jsonb NULL, UNIQUE (name, major_version, minor_version, patch_version))",
    "CREATE TABLE org_org (id uuid PRIMARY KEY, name varchar(50) NOT NULL UNIQUE, slug varchar(60) NOT NULL"
    " UNIQUE, about text NOT NULL, created_on timestamptz NOT NULL, created_by_id integer NOT NULL"
    " REFERENCES authentication_account(id) DEFERRABLE INITIALLY DEFERRED, is_vendor boolean NOT NULL,"
    " avatar_id integer NULL, ot_id integer NULL REFERENCES orgtemplate_orgtemplate(id))",
    "CREATE TABLE projecttemplate_projecttemplate (id serial PRIMARY KEY, name varchar(50) NOT NULL,"
    " major_version integer NOT NULL, minor_version integer NOT NULL, patch_version integer NOT NULL,"
    " slug varchar(60) NOT NULL UNIQUE, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id), org_id uuid NULL REFERENCES"
    " org_org(id), active boolean NOT NULL, extra_data jsonb NULL,"
    " UNIQUE (name, major_version, minor_version, patch_version))",
    "CREATE TABLE org_orgmembership (id uuid PRIMARY KEY, created_on timestamptz NOT NULL,"
    " is_active boolean NOT NULL, is_org_admin boolean NOT NULL, permissions jsonb NULL,"
    " role varchar(3) NOT NULL, org_id uuid NOT NULL REFERENCES org_org(id) DEFERRABLE INITIALLY DEFERRED,"
    " user_id integer NOT NULL REFERENCES authentication_account(id) DEFERRABLE INITIALLY DEFERRED,"
    " UNIQUE (org_id, user_id))",
    "CREATE TABLE vartype_vartype (id serial PRIMARY KEY, name varchar(26) NOT NULL UNIQUE,"
    " slug varchar(30) NOT NULL UNIQUE, storage_units_full varchar(26) NOT NULL,"
    " stream_data_type varchar(2) NOT NULL, is_encoded boolean NOT NULL, has_schema boolean NOT NULL,"
    " created_on timestamptz NOT NULL, created_by_id integer NOT NULL REFERENCES authentication_account(id))",
    "CREATE TABLE vartype_vartypeinputunit (id serial PRIMARY KEY, slug varchar(54) NOT NULL UNIQUE,"
    " unit_full varchar(20) NOT NULL, unit_short varchar(5) NOT NULL, m integer NOT NULL, d integer NOT NULL,"
    " o double precision NOT NULL, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " var_type_id integer NOT NULL REFERENCES vartype_vartype(id), UNIQUE (var_type_id, unit_full))",
    "CREATE TABLE vartype_vartypeoutputunit (id serial PRIMARY KEY, slug varchar(54) NOT NULL UNIQUE,"
    " unit_full varchar(20) NOT NULL, unit_short varchar(5) NOT NULL, m integer NOT NULL, d integer NOT NULL,"
    " o double precision NOT NULL, decimal_places integer NOT NULL, derived_units jsonb NULL,"
    " created_on timestamptz NOT NULL, created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " var_type_id integer NOT NULL REFERENCES vartype_vartype(id), UNIQUE (var_type_id, unit_full))",
    "CREATE TABLE devicetemplate_devicetemplate (id uuid PRIMARY KEY, external_sku varchar(50) NOT NULL,"
    " internal_sku varchar(50) NOT NULL, family varchar(50) NOT NULL, major_version integer NOT NULL,"
    " minor_version integer NOT NULL, patch_version integer NOT NULL, released_on date NOT NULL,"
    " slug varchar(60) NOT NULL UNIQUE, os_tag integer NOT NULL CHECK (os_tag >= 0),"
    " os_major_version integer NOT NULL, os_minor_version integer NOT NULL, hw_tag integer NOT NULL,"
    " hw_major_version integer NOT NULL, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " org_id uuid NULL REFERENCES org_org(id), active boolean NOT NULL, description text NOT NULL,"
    " UNIQUE (external_sku, major_version, minor_version, patch_version))",
    "CREATE TABLE sensorgraph_sensorgraph (id serial PRIMARY KEY, name varchar(50) NOT NULL,"
    " major_version integer NOT NULL, minor_version integer NOT NULL, patch_version integer NOT NULL,"
    " slug varchar(60) NOT NULL UNIQUE, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " org_id uuid NULL REFERENCES org_org(id), active boolean NOT NULL,"
    " project_template_id integer NULL REFERENCES projecttemplate_projecttemplate(id),"
    " report_processing_engine_ver integer NOT NULL, app_tag integer NOT NULL,"
    " app_major_version integer NOT NULL, app_minor_version integer NOT NULL, ui_extra jsonb NULL,"
    " sgf_id integer NULL, description text NOT NULL,"
    " UNIQUE (name, major_version, minor_version, patch_version))",
    "CREATE TABLE sensorgraph_variabletemplate (id serial PRIMARY KEY, label varchar(60) NOT NULL,"
    " lid_hex varchar(4) NOT NULL, derived_lid_hex varchar(4) NOT NULL, m integer NOT NULL, d integer NOT "
    "NULL,"
    " o double precision NOT NULL, ctype varchar(16) NOT NULL, app_only boolean NOT NULL,"
    " web_only boolean NOT NULL, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " default_input_unit_id integer NULL REFERENCES vartype_vartypeinputunit(id),"
    " default_output_unit_id integer NULL REFERENCES vartype_vartypeoutputunit(id),"
    " sg_id integer NOT NULL REFERENCES sensorgraph_sensorgraph(id),"
    " var_type_id integer NOT NULL REFERENCES vartype_vartype(id))",
    "CREATE TABLE project_project (id uuid PRIMARY KEY, gid integer NOT NULL CHECK (gid >= 0),"
    " name varchar(50) NOT NULL, slug varchar(30) NOT NULL, about text NOT NULL,"
    " created_on timestamptz NOT NULL, created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " org_id uuid NULL REFERENCES org_org(id), is_template boolean NOT NULL, project_template_id integer "
    "NULL)",
    "CREATE TABLE stream_streamvariable (id uuid PRIMARY KEY, name varchar(30) NOT NULL,"
    " about varchar(60) NOT NULL, slug varchar(20) NOT NULL, lid integer NOT NULL, units varchar(10) NOT "
    "NULL,"
    " multiplication_factor integer NOT NULL, division_factor integer NOT NULL,"
    " \"offset\" double precision NOT NULL, decimal_places integer NOT NULL, mdo_label varchar(10) NOT NULL,"
    " raw_value_format varchar(5) NOT NULL, app_only boolean NOT NULL, web_only boolean NOT NULL,"
    " created_on timestamptz NOT NULL, created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " org_id uuid NULL REFERENCES org_org(id), project_id uuid NULL REFERENCES project_project(id),"
    " var_type_id integer NULL REFERENCES vartype_vartype(id),"
    " input_unit_id integer NULL REFERENCES vartype_vartypeinputunit(id),"
    " output_unit_id integer NULL REFERENCES vartype_vartypeoutputunit(id),"
    " derived_variable_id uuid NULL REFERENCES stream_streamvariable(id) DEFERRABLE INITIALLY DEFERRED,"
    " UNIQUE (project_id, lid))",
    "CREATE TABLE physicaldevice_device (id bigserial PRIMARY KEY, slug varchar(24) NOT NULL,"
    " external_id varchar(24) NOT NULL, label varchar(100) NOT NULL, lon numeric(9,6) NULL,"
    " lat numeric(9,6) NULL, last_known_id integer NOT NULL CHECK (last_known_id >= 0),"
    " last_reboot_ts timestamptz NULL, created_on timestamptz NOT NULL, claimed_on timestamptz NULL,"
    " active boolean NOT NULL, state varchar(2) NOT NULL,"
    " claimed_by_id integer NULL REFERENCES authentication_account(id),"
    " created_by_id integer NULL REFERENCES authentication_account(id),"
    " org_id uuid NULL REFERENCES org_org(id), project_id uuid NULL REFERENCES project_project(id),"
    " sg_id integer NULL REFERENCES sensorgraph_sensorgraph(id),"
    " template_id uuid NULL REFERENCES devicetemplate_devicetemplate(id))",
    "CREATE TABLE physicaldevice_devicestatus (id serial PRIMARY KEY, last_known_id bigint NOT NULL,"
    " last_report_ts timestamptz NULL, health_check_enabled boolean NOT NULL,"
    " health_check_period integer NOT NULL, last_known_state varchar(4) NOT NULL,"
    " notification_recipients varchar(64)[] NOT NULL,"
    " device_id bigint NOT NULL UNIQUE REFERENCES physicaldevice_device(id))",
    "CREATE TABLE datablock_datablock (id serial PRIMARY KEY, slug varchar(24) NOT NULL, title varchar(50)"
    " NOT NULL, created_on timestamptz NOT NULL)",
    "CREATE TABLE stream_streamid (id uuid PRIMARY KEY, slug varchar(42) NOT NULL,"
    " var_lid integer NOT NULL, var_name varchar(30) NOT NULL, data_type varchar(2) NOT NULL,"
    " data_label varchar(100) NOT NULL, multiplication_factor integer NULL, division_factor integer NULL,"
    " \"offset\" double precision NULL, mdo_type varchar(2) NOT NULL, mdo_label varchar(10) NOT NULL,"
    " raw_value_format varchar(5) NOT NULL, is_encoded boolean NOT NULL, created_on timestamptz NOT NULL,"
    " enabled boolean NOT NULL, block_id integer NULL REFERENCES datablock_datablock(id),"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id),"
    " derived_stream_id uuid NULL REFERENCES stream_streamid(id) DEFERRABLE INITIALLY DEFERRED,"
    " device_id bigint NULL REFERENCES physicaldevice_device(id),"
    " input_unit_id integer NULL REFERENCES vartype_vartypeinputunit(id),"
    " org_id uuid NULL REFERENCES org_org(id),"
    " output_unit_id integer NULL REFERENCES vartype_vartypeoutputunit(id),"
    " project_id uuid NULL REFERENCES project_project(id),"
    " var_type_id integer NULL REFERENCES vartype_vartype(id),"
    " variable_id uuid NULL REFERENCES stream_streamvariable(id),"
    " UNIQUE (project_id, device_id, variable_id, block_id))",
    "CREATE TABLE property_genericproperty (id serial PRIMARY KEY, target varchar(42) NOT NULL,"
    " type varchar(4) NOT NULL, name varchar(40) NOT NULL, str_value varchar(256) NOT NULL,"
    " is_system boolean NOT NULL, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id), UNIQUE (target, name))",
    "CREATE TABLE streamnote_streamnote (id serial PRIMARY KEY, type varchar(2) NOT NULL,"
    " target_slug varchar(39) NULL, timestamp timestamptz NULL, note text NULL, attachment_id integer NULL,"
    " created_on timestamptz NOT NULL, created_by_id integer NOT NULL REFERENCES authentication_account(id))",
    "CREATE TABLE devicelocation_devicelocation (id serial PRIMARY KEY, target_slug varchar(39) NOT NULL,"
    " timestamp timestamptz NOT NULL, lon numeric(9,6) NOT NULL, lat numeric(9,6) NOT NULL,"
    " user_id integer NOT NULL REFERENCES authentication_account(id))",
    "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL,"
    " user_id integer NOT NULL UNIQUE REFERENCES authentication_account(id))",
    "CREATE TABLE deviceauth_devicekey (id serial PRIMARY KEY, slug varchar(24) NOT NULL, type varchar(16) "
    "NOT NULL,"
    " secret text NOT NULL, downloadable boolean NOT NULL, created_on timestamptz NOT NULL,"
    " created_by_id integer NOT NULL REFERENCES authentication_account(id), UNIQUE (slug, type))",
    "CREATE TABLE streamevent_streameventdata (id serial PRIMARY KEY, stream_slug varchar(39) NULL,"
    " project_slug varchar(12) NULL, device_slug varchar(33) NULL, variable_slug varchar(18) NULL,"
    " device_timestamp bigint NULL, timestamp timestamptz NULL, streamer_local_id integer NOT NULL"
    " CHECK (streamer_local_id >= 0), dirty_ts boolean NOT NULL, status varchar(3) NOT NULL, uuid uuid NOT "
    "NULL,"
    " s3_key_path varchar(20) NULL, ext varchar(10) NULL, extra_data jsonb NULL, format_version integer NOT "
    "NULL)",
    "CREATE TABLE streamdata_streamdata (id serial PRIMARY KEY, stream_slug varchar(39) NULL,"
    " project_slug varchar(12) NULL, device_slug varchar(33) NULL, variable_slug varchar(18) NULL,"
    " device_timestamp bigint NULL, timestamp timestamptz NULL, streamer_local_id integer NOT NULL"
    " CHECK (streamer_local_id >= 0), dirty_ts boolean NOT NULL, status varchar(3) NOT NULL,"
    " type varchar(3) NOT NULL, value double precision NULL, int_value bigint NULL)",
};

} // namespace

// `iotile-server import-original`: a throwaway PostgreSQL database laid out like the original service's
// (Django) holds users with real Django password hashes, an org with an owner and an operator, the catalog,
// a project, variables, a claimed device, streams (one of a data block, which is left out) and 25,005 data
// points over two months. The importer moves them into our server's database (SQLite or PostgreSQL, as
// the suite runs), after which the owner logs in over HTTP with the original password and the API shows
// the org, project, device, streams and data under their original slugs and ids. A second run adds
// nothing; a source that is unreachable, not PostgreSQL, or not the original's schema is refused clearly.
class TstImportOriginal : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void firstImport();
    void djangoHashMatchesPython();
    void djangoHashFormats_data();
    void djangoHashFormats();
    void loginWithOriginalPassword();
    void apiShowsOriginalObjects();
    void operatorRoleKept();
    void secondRunAddsNothing();
    void refusedSources_data();
    void refusedSources();

private:
    bool adminExec(const QString &sql);
    QString databaseUrl(const QString &name) const;
    Result<BackupCounts> runImport(const QString &url);
    qint64 scalar(const QString &sql);
    QString loginJwt(const QString &email, const QString &password);

    QString m_adminUrl;
    QString m_sourceName;
    QString m_emptyName;
    std::unique_ptr<TestServer> m_server;
    std::optional<BackupCounts> m_first;
};

bool TstImportOriginal::adminExec(const QString &sql)
{
    QSqlDatabase db = QSqlDatabase::database(QStringLiteral("original-admin"));
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

QString TstImportOriginal::databaseUrl(const QString &name) const
{
    QUrl u(m_adminUrl);
    u.setPath(QLatin1Char('/') + name);
    return u.toString();
}

Result<BackupCounts> TstImportOriginal::runImport(const QString &url)
{
    OriginalImportOptions options;
    options.sourceUrl = url;
    options.dataBatchRows = 4000; // several batches (and two monthly partitions)
    return OriginalImport::run(m_server->context(), options);
}

qint64 TstImportOriginal::scalar(const QString &sql)
{
    auto db = m_server->context().db().connection();
    return *(*db)->query(sql).scalarInt64();
}

QString TstImportOriginal::loginJwt(const QString &email, const QString &password)
{
    const HttpReply r = m_server->anonymous()->post(QStringLiteral("/api/v1/auth/login/"),
                                                    QJsonObject {{"email", email}, {"password", password}});
    return r.status == 200 ? r.object().value("jwt").toString() : QString();
}

void TstImportOriginal::initTestCase()
{
    // The source is always PostgreSQL (the original ran on it): scripts/test.sh passes its cluster as
    // IOTILE_TEST_PG_URL for the SQLite run too; the destination follows IOTILE_TEST_DATABASE_URL.
    const auto env = QProcessEnvironment::systemEnvironment();
    m_adminUrl = env.value(QStringLiteral("IOTILE_TEST_PG_URL"));
    if (m_adminUrl.isEmpty() && env.value(QStringLiteral("IOTILE_TEST_DATABASE_URL")).startsWith("postgres"))
        m_adminUrl = env.value(QStringLiteral("IOTILE_TEST_DATABASE_URL"));
    if (m_adminUrl.isEmpty())
        QSKIP("no PostgreSQL for the original's database: set IOTILE_TEST_PG_URL (scripts/test.sh does)");

    const QUrl admin(m_adminUrl);
    QSqlDatabase adminDb =
        QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("original-admin"));
    adminDb.setHostName(admin.host());
    adminDb.setPort(admin.port(5432));
    adminDb.setUserName(admin.userName());
    adminDb.setPassword(admin.password());
    adminDb.setDatabaseName(admin.path().mid(1).isEmpty() ? QStringLiteral("postgres") : admin.path().mid(1));
    QVERIFY2(adminDb.open(), qPrintable(adminDb.lastError().text()));
    const QString suffix = QString::number(QRandomGenerator::global()->generate64(), 16);
    m_sourceName = QStringLiteral("iotile_original_") + suffix;
    m_emptyName = QStringLiteral("iotile_notoriginal_") + suffix;
    QVERIFY(adminExec(QStringLiteral("CREATE DATABASE ") + m_sourceName));
    QVERIFY(adminExec(QStringLiteral("CREATE DATABASE ") + m_emptyName));

    {
        QSqlDatabase src = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("original-src"));
        src.setHostName(admin.host());
        src.setPort(admin.port(5432));
        src.setUserName(admin.userName());
        src.setPassword(admin.password());
        src.setDatabaseName(m_sourceName);
        QVERIFY2(src.open(), qPrintable(src.lastError().text()));
        QSqlQuery q(src);
        const auto exec = [&](const QString &sql) {
            const bool ok = q.exec(sql);
            if (!ok)
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return ok;
        };
        for (const char *ddl : kOriginalSchema)
            QVERIFY(exec(QString::fromLatin1(ddl)));

        const QString ownerHash = djangoHash(kOwnerPassword, QStringLiteral("Gx3a9XkQpLm2"), 900);
        const QString memberHash = djangoHash(kMemberPassword, QStringLiteral("pQ8sLw2ZrT0e"), 1000);
        QVERIFY(
            exec(QStringLiteral(
                     "INSERT INTO authentication_account VALUES"
                     " (7, '%1', '2024-05-01T10:00:00Z', 'owner@example.com', 'owner', 'owner', 'Olga Owner',"
                     " 'Water', NULL, false, true, false, 'America/Chicago', '2019-03-01T08:00:00Z',"
                     " '2024-05-01T10:00:00Z'),"
                     " (9, '%2', NULL, 'operator@example.com', 'operator', 'operator', 'Oscar Operator', '',"
                     " NULL, false, true, false, NULL, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')")
                     .arg(ownerHash, memberHash)));
        QVERIFY(exec("INSERT INTO account_emailaddress (email, verified, \"primary\", user_id) VALUES"
                     " ('owner@example.com', true, true, 7), ('operator@example.com', false, true, 9)"));
        QVERIFY(exec("INSERT INTO orgtemplate_orgtemplate VALUES (2, 'Water Utility', 1, 0, 0,"
                     " 'water-utility-v1-0-0', '2018-01-01T00:00:00Z', 7, true, '{\"web\": {}}')"));
        QVERIFY(exec(QStringLiteral("INSERT INTO org_org VALUES ('%1', 'Arch Water', 'arch-water',"
                                    " 'Meters', '2019-03-02T08:00:00Z', 7, false, NULL, 2)")
                         .arg(kOrgUuid)));
        QVERIFY(exec(
            QStringLiteral("INSERT INTO projecttemplate_projecttemplate VALUES (4, 'Water Meter', 1, 0, 0,"
                           " 'water-meter-v1-0-0', '2018-01-01T00:00:00Z', 7, '%1', true, NULL)")
                .arg(kOrgUuid)));
        QVERIFY(exec(QStringLiteral(
                         "INSERT INTO org_orgmembership VALUES"
                         " ('0e2a5a43-0000-4000-8000-000000000001', '2019-03-02T08:00:00Z', true, true, NULL,"
                         " 'a0', '%1', 7),"
                         " ('0e2a5a43-0000-4000-8000-000000000002', '2020-01-02T00:00:00Z', true, false,"
                         " '{\"can_read_stream_data\": false, \"can_create_stream_data\": true,"
                         " \"can_access_companion\": true, \"can_claim_devices\": true}', 'r1', '%1', 9)")
                         .arg(kOrgUuid)));
        QVERIFY(exec("INSERT INTO vartype_vartype VALUES (3, 'Water Meter Volume', 'water-meter-volume',"
                     " 'Liters', 'D0', false, false, '2018-01-01T00:00:00Z', 7)"));
        QVERIFY(exec("INSERT INTO vartype_vartypeinputunit VALUES (11, 'in--water-meter-volume--gallons',"
                     " 'Gallons', 'g', 3785, 1000, 0, '2018-01-01T00:00:00Z', 7, 3)"));
        QVERIFY(exec("INSERT INTO vartype_vartypeoutputunit VALUES (12, 'out--water-meter-volume--liters',"
                     " 'Liters', 'l', 1, 1, 0, 2, NULL, '2018-01-01T00:00:00Z', 7, 3)"));
        QVERIFY(
            exec("INSERT INTO devicetemplate_devicetemplate VALUES ('5b8f0a8e-2d2b-4c3f-9a55-000000000003',"
                 " 'Water Meter POD', '', 'POD', 2, 0, 0, '2018-06-01', 'water-meter-pod-v2-0-0', 1024, 2,"
                 " 0, 3, 1, '2018-06-01T00:00:00Z', 7, NULL, true, '')"));
        QVERIFY(exec("INSERT INTO sensorgraph_sensorgraph VALUES (5, 'Water Meter', 1, 1, 0,"
                     " 'water-meter-v1-1-0', '2018-06-01T00:00:00Z', 7, NULL, true, 4, 2, 1027, 0, 1,"
                     " '{\"web\": {\"widgets\": []}}', NULL, '')"));
        QVERIFY(exec("INSERT INTO sensorgraph_variabletemplate VALUES (21, 'IO 1', '5001', '', 1, 1, 0,"
                     " 'unsigned int', false, false, '2018-06-01T00:00:00Z', 7, 11, 12, 5, 3)"));
        QVERIFY(
            exec(QStringLiteral("INSERT INTO project_project VALUES ('%1', 1, 'Field Test', 'p--0000-0001',"
                                " '', '2019-03-03T08:00:00Z', 7, '%2', false, 4)")
                     .arg(kProjectUuid, kOrgUuid)));
        QVERIFY(
            exec(QStringLiteral(
                     "INSERT INTO stream_streamvariable (id, name, about, slug, lid, units,"
                     " multiplication_factor, division_factor, \"offset\", decimal_places, mdo_label,"
                     " raw_value_format, app_only, web_only, created_on, created_by_id, org_id, project_id,"
                     " var_type_id, input_unit_id, output_unit_id, derived_variable_id) VALUES"
                     " ('a1000000-0000-4000-8000-000000005002', 'IO 1 derived', '', 'v--0000-0001--5002',"
                     " 20482, '', 1, 1, 0, 0, '', '<L', false, false, '2019-03-03T08:00:00Z', 7, '%1',"
                     " '%2', NULL, NULL, NULL, 'a1000000-0000-4000-8000-000000005001'),"
                     " ('a1000000-0000-4000-8000-000000005001', 'IO 1', 'Pump 1 flow', 'v--0000-0001--5001',"
                     " 20481, 'l', 1, 1, 0, 2, '', '<L', false, false, '2019-03-03T08:00:00Z', 7, '%1', '%2',"
                     " 3, 11, 12, NULL)")
                     .arg(kOrgUuid, kProjectUuid)));
        QVERIFY(exec(QStringLiteral("INSERT INTO physicaldevice_device VALUES (161, '%1', '', 'Pump 1',"
                                    " -122.676200, 45.523100, 42, NULL, '2019-03-04T08:00:00Z',"
                                    " '2019-03-05T08:00:00Z', true, 'N1', 7, 7, '%2', '%3', 5,"
                                    " '5b8f0a8e-2d2b-4c3f-9a55-000000000003')")
                         .arg(kDevice, kOrgUuid, kProjectUuid)));
        QVERIFY(exec("INSERT INTO physicaldevice_devicestatus VALUES (1, 42, '2024-02-10T00:00:00Z', true,"
                     " 3600, 'OK', '{ops@example.com}', 161)"));
        QVERIFY(exec("INSERT INTO datablock_datablock VALUES (1, 'b--0001-0000-0000-00a1', 'Archive',"
                     " '2023-01-01T00:00:00Z')"));
        QVERIFY(
            exec(QStringLiteral(
                     "INSERT INTO stream_streamid (id, slug, var_lid, var_name, data_type, data_label,"
                     " multiplication_factor, division_factor, \"offset\", mdo_type, mdo_label,"
                     " raw_value_format, is_encoded, created_on, enabled, block_id, created_by_id,"
                     " derived_stream_id, device_id, input_unit_id, org_id, output_unit_id, project_id,"
                     " var_type_id, variable_id) VALUES"
                     " ('c1000000-0000-4000-8000-000000005001', '%1', 20481, 'IO 1', 'D0', 'Flow', NULL,"
                     " NULL, NULL, 'V', '', '<L', false, '2019-03-05T08:00:00Z', true, NULL, 7, NULL, 161,"
                     " 11, '%3', 12, '%4', 3, 'a1000000-0000-4000-8000-000000005001'),"
                     " ('c1000000-0000-4000-8000-000000005002', '%2', 20482, 'IO 1 derived', 'D0', '', 1, 1,"
                     " 0, 'S', '', '<L', false, '2019-03-05T08:00:00Z', true, NULL, 7,"
                     " 'c1000000-0000-4000-8000-000000005001', 161, NULL, '%3', NULL, '%4', NULL,"
                     " 'a1000000-0000-4000-8000-000000005002'),"
                     " ('c1000000-0000-4000-8000-00000000b001', 's--0000-0000--0001-0000-0000-00a1--5001',"
                     " 20481, 'IO 1', 'D0', '', NULL, NULL, NULL, 'V', '', '<L', false,"
                     " '2023-01-01T00:00:00Z', true, 1, 7, NULL, NULL, NULL, '%3', NULL, NULL, NULL, NULL)")
                     .arg(kStream, kBulkStream, kOrgUuid, kProjectUuid)));
        // Five points by hand, a point without a timestamp (skipped), then the bulk stream over two months.
        QVERIFY(
            exec(QStringLiteral("INSERT INTO streamdata_streamdata (stream_slug, project_slug, device_slug,"
                                " variable_slug, device_timestamp, timestamp, streamer_local_id, dirty_ts,"
                                " status, type, value, int_value)"
                                " SELECT '%1', 'p--0000-0001', '%2', 'v--0000-0001--5001', 1000 + n,"
                                " TIMESTAMPTZ '2024-01-31T22:00:00Z' + n * INTERVAL '1 hour', n, false,"
                                " 'cln', 'Num', n * 1.5, n FROM generate_series(1, 5) n")
                     .arg(kStream, kDevice)));
        QVERIFY(
            exec(QStringLiteral("INSERT INTO streamdata_streamdata (stream_slug, streamer_local_id, dirty_ts,"
                                " status, type, value) VALUES ('%1', 99, false, 'unk', 'Num', 1)")
                     .arg(kStream)));
        QVERIFY(
            exec(QStringLiteral("INSERT INTO streamdata_streamdata (stream_slug, project_slug, device_slug,"
                                " variable_slug, timestamp, streamer_local_id, dirty_ts, status, type,"
                                " value, int_value)"
                                " SELECT '%1', 'p--0000-0001', '%2', 'v--0000-0001--5002',"
                                " TIMESTAMPTZ '2024-01-20T00:00:00Z' + n * INTERVAL '2 minutes', n, false,"
                                " 'unk', 'Num', n, n FROM generate_series(1, %3) n")
                     .arg(kBulkStream, kDevice)
                     .arg(kBulkPoints)));
        QVERIFY(
            exec(QStringLiteral(
                     "INSERT INTO streamevent_streameventdata (stream_slug, project_slug, device_slug,"
                     " variable_slug, device_timestamp, timestamp, streamer_local_id, dirty_ts, status, uuid,"
                     " s3_key_path, ext, extra_data, format_version) VALUES"
                     " ('%1', 'p--0000-0001', '%2', 'v--0000-0001--5001', 77, '2024-02-01T10:00:00Z', 300,"
                     " false, 'cln', 'e1000000-0000-4000-8000-000000000001', '2024/02/01/10', 'json',"
                     " '{\"max_g\": 3.5, \"axis\": \"z\"}', 2),"
                     " ('%1', 'p--0000-0001', '%2', 'v--0000-0001--5001', 78, '2024-02-01T11:00:00Z', 301,"
                     " false, 'cln', 'e1000000-0000-4000-8000-000000000002', '', 'json', NULL, 2)")
                     .arg(kStream, kDevice)));
        QVERIFY(exec(
            QStringLiteral("INSERT INTO property_genericproperty (target, type, name, str_value, is_system,"
                           " created_on, created_by_id) VALUES ('%1', 'str', 'Site', 'North well',"
                           " false, '2019-03-06T08:00:00Z', 7),"
                           " ('%1', 'int', 'Floor', '3', false, '2019-03-06T08:00:00Z', 7)")
                .arg(kDevice)));
        QVERIFY(exec(QStringLiteral("INSERT INTO streamnote_streamnote (type, target_slug, timestamp, note,"
                                    " created_on, created_by_id) VALUES ('ui', '%1', '2024-02-02T09:00:00Z',"
                                    " 'Replaced battery', '2024-02-02T09:05:00Z', 9)")
                         .arg(kDevice)));
        QVERIFY(
            exec(QStringLiteral("INSERT INTO devicelocation_devicelocation (target_slug, timestamp, lon, lat,"
                                " user_id) VALUES ('%1', '2024-02-02T09:00:00Z', -122.676200, 45.523100, 7)")
                     .arg(kDevice)));
        QVERIFY(exec("INSERT INTO authtoken_token VALUES ('9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b',"
                     " '2019-03-01T08:00:00Z', 7)"));
        QVERIFY(exec(
            QStringLiteral("INSERT INTO deviceauth_devicekey (slug, type, secret, downloadable, created_on,"
                           " created_by_id) VALUES ('%1', 'SSH', 'c2VjcmV0LWtleQ==', true,"
                           " '2019-03-04T08:00:00Z', 7),"
                           " ('d--0000-0000-0000-0fff', 'SSH', 'b3JwaGFu', false, '2019-03-04T08:00:00Z', 7)")
                .arg(kDevice)));
        q.finish();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("original-src"));

    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
}

void TstImportOriginal::cleanupTestCase()
{
    m_server.reset();
    if (QSqlDatabase::contains(QStringLiteral("original-admin"))) {
        adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_sourceName));
        adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_emptyName));
    }
}

void TstImportOriginal::firstImport()
{
    QElapsedTimer timer;
    timer.start();
    auto counts = runImport(databaseUrl(m_sourceName));
    QVERIFY2(counts, counts ? "" : qPrintable(counts.error().message()));
    qInfo("first import: %lld ms", qint64(timer.elapsed()));
    const QHash<QString, qint64> rows = counts->rows;
    QCOMPARE(rows.value("accounts"), 2);
    QCOMPARE(rows.value("orgs"), 1);
    QCOMPARE(rows.value("org_memberships"), 2);
    QCOMPARE(rows.value("org_templates"), 1);
    QCOMPARE(rows.value("project_templates"), 1);
    QCOMPARE(rows.value("var_types"), 1);
    QCOMPARE(rows.value("units_in"), 1);
    QCOMPARE(rows.value("units_out"), 1);
    QCOMPARE(rows.value("device_templates"), 1);
    QCOMPARE(rows.value("sensor_graphs"), 1);
    QCOMPARE(rows.value("var_templates"), 1);
    QCOMPARE(rows.value("projects"), 1);
    QCOMPARE(rows.value("variables"), 2);
    QCOMPARE(rows.value("devices"), 1);
    QCOMPARE(rows.value("device_status"), 1);
    QCOMPARE(rows.value("streams"), 2); // the data block's stream is left out
    QCOMPARE(rows.value("stream_data"), 5 + kBulkPoints);
    QCOMPARE(rows.value("stream_data skipped"), 1);
    QCOMPARE(rows.value("stream_events"), 2);
    QCOMPARE(rows.value("properties"), 2);
    QCOMPARE(rows.value("notes"), 1);
    QCOMPARE(rows.value("locations"), 1);
    QCOMPARE(rows.value("api_tokens"), 1);
    QCOMPARE(rows.value("device_keys"), 1);
    QCOMPARE(rows.value("device_keys skipped"), 1); // the key of a device the original did not have
    QCOMPARE(rows.value("unresolved references"), 0);

    // Ids, gids and self references as the original had them.
    QCOMPARE(scalar("SELECT count(*) FROM devices WHERE id = 161 AND slug = 'd--0000-0000-0000-00a1'"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM accounts WHERE id = 7 AND email = 'owner@example.com'"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM projects WHERE gid = 1 AND slug = 'p--0000-0001'"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM orgs o JOIN org_templates t ON o.ot_id = t.id"
                    " WHERE t.slug = 'water-utility-v1-0-0'"),
             1);
    QCOMPARE(
        scalar("SELECT count(*) FROM projects p JOIN project_templates t ON p.project_template_id = t.id"
               " JOIN sensor_graphs g ON g.project_template_id = t.id WHERE t.slug = 'water-meter-v1-0-0'"),
        1);
    QCOMPARE(scalar("SELECT count(*) FROM variables v JOIN variables d ON v.derived_variable_id = d.id"
                    " WHERE v.slug = 'v--0000-0001--5002' AND d.slug = 'v--0000-0001--5001'"),
             1);
    QCOMPARE(scalar("SELECT count(*) FROM streams s JOIN streams d ON s.derived_stream_id = d.id"
                    " WHERE s.slug = 's--0000-0001--0000-0000-0000-00a1--5002'"
                    " AND d.slug = 's--0000-0001--0000-0000-0000-00a1--5001'"),
             1);
    QCOMPARE(scalar("SELECT count(*) FROM accounts WHERE email = 'owner@example.com' AND email_verified"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM accounts WHERE email = 'operator@example.com' AND email_verified"),
             0);
    // Rollups (rebuilt once per stream after the bulk load) cover every point.
    auto dataDb = m_server->context().dataDb().connection();
    QCOMPARE(
        *(*dataDb)
             ->query("SELECT count(*) FROM stream_events WHERE uuid = 'e1000000-0000-4000-8000-000000000001'")
             .scalarInt64(),
        1);
    for (int level : {0, 1, 2}) {
        SqlQuery q = (*dataDb)->query("SELECT COALESCE(SUM(count), 0) FROM stream_rollups WHERE level = ?");
        q.bind(level);
        QCOMPARE(*q.scalarInt64(), qint64(5 + kBulkPoints));
    }
    m_first = *counts;
}

void TstImportOriginal::djangoHashMatchesPython()
{
    // Computed with python3: base64(hashlib.pbkdf2_hmac('sha256', b'Original-Pass-1', b'Gx3a9XkQpLm2', 900)),
    // which is what Django's PBKDF2PasswordHasher stores.
    QCOMPARE(djangoHash(kOwnerPassword, QStringLiteral("Gx3a9XkQpLm2"), 900),
             QStringLiteral("pbkdf2_sha256$900$Gx3a9XkQpLm2$a5oPWxVmhkm0m/J3KxE5E4Iqr5gEElliJT130v6nSqk="));
}

void TstImportOriginal::djangoHashFormats_data()
{
    // Encodings computed with python3's hashlib.pbkdf2_hmac, as Django's hashers store them.
    QTest::addColumn<QString>("encoded");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("verifies");
    QTest::addColumn<bool>("rehash");
    const QString sha256 =
        QStringLiteral("pbkdf2_sha256$900$Gx3a9XkQpLm2$a5oPWxVmhkm0m/J3KxE5E4Iqr5gEElliJT130v6nSqk=");
    const QString sha1 = QStringLiteral("pbkdf2_sha1$1200$OldSalt12345$8P8zEGzH/+LWlEO/uc+Dmh+G2zY=");
    QTest::newRow("sha256, fewer iterations") << sha256 << kOwnerPassword << true << true;
    QTest::newRow("sha256, wrong password") << sha256 << QStringLiteral("original-pass-1") << false << true;
    QTest::newRow("sha1 (older Django)") << sha1 << QStringLiteral("Legacy-Pass-3") << true << true;
    QTest::newRow("sha1, wrong password") << sha1 << kOwnerPassword << false << true;
    QTest::newRow("ours") << PasswordHasher(1000).hash(kOwnerPassword) << kOwnerPassword << true << false;
    QTest::newRow("unusable") << QStringLiteral("!Zx1") << QString() << false << true;
    QTest::newRow("other hasher") << QStringLiteral("bcrypt_sha256$$2b$12$abc") << QStringLiteral("x")
                                  << false << true;
}

void TstImportOriginal::djangoHashFormats()
{
    QFETCH(QString, encoded);
    QFETCH(QString, password);
    QFETCH(bool, verifies);
    QFETCH(bool, rehash);
    QCOMPARE(PasswordHasher::verify(password, encoded), verifies);
    QCOMPARE(PasswordHasher(1000).needsRehash(encoded), rehash);
}

void TstImportOriginal::loginWithOriginalPassword()
{
    QVERIFY(m_first);
    QVERIFY(loginJwt(QStringLiteral("owner@example.com"), QStringLiteral("wrong-password")).isEmpty());
    QVERIFY(!loginJwt(QStringLiteral("owner@example.com"), kOwnerPassword).isEmpty());
    // The original hash used fewer iterations than ours: re-hashed on that login, and still valid.
    auto db = m_server->context().db().connection();
    SqlQuery q = (*db)->query("SELECT password FROM accounts WHERE email = 'owner@example.com'");
    QVERIFY(q.exec() && q.next());
    const QString stored = q.text(0);
    q.raw().finish();
    QVERIFY2(
        stored.startsWith(QStringLiteral("pbkdf2_sha256$%1$").arg(m_server->config().passwordIterations)),
        qPrintable(stored));
    QVERIFY(!loginJwt(QStringLiteral("owner@example.com"), kOwnerPassword).isEmpty());
    QVERIFY(!loginJwt(QStringLiteral("operator@example.com"), kMemberPassword).isEmpty());
}

void TstImportOriginal::apiShowsOriginalObjects()
{
    QVERIFY(m_first);
    HttpClient c(m_server->baseUrl());
    c.setAuthorization("jwt " + loginJwt(QStringLiteral("owner@example.com"), kOwnerPassword).toLatin1());
    const auto get = [&](const QString &path) {
        const HttpReply r = c.get(path);
        [&] { QVERIFY2(r.status == 200, qPrintable(path + QLatin1Char(' ') + QString::fromUtf8(r.body))); }();
        return r.object();
    };
    const QJsonObject org = get(QStringLiteral("/api/v1/org/arch-water/"));
    QCOMPARE(org.value("id").toString(), kOrgUuid);
    QCOMPARE(org.value("name").toString(), QStringLiteral("Arch Water"));

    const QJsonObject project = get(QStringLiteral("/api/v1/project/%1/").arg(kProjectUuid));
    QCOMPARE(project.value("slug").toString(), QStringLiteral("p--0000-0001"));
    QCOMPARE(project.value("gid").toString(), QStringLiteral("0000-0001"));
    QCOMPARE(project.value("org").toString(), QStringLiteral("arch-water"));

    const QJsonObject device = get(QStringLiteral("/api/v1/device/%1/").arg(kDevice));
    QCOMPARE(device.value("id").toInt(), 161);
    QCOMPARE(device.value("label").toString(), QStringLiteral("Pump 1"));
    QCOMPARE(device.value("project").toString(), kProjectUuid);
    QCOMPARE(device.value("sg").toString(), QStringLiteral("water-meter-v1-1-0"));
    QCOMPARE(device.value("template").toString(), QStringLiteral("water-meter-pod-v2-0-0"));

    const QJsonObject stream = get(QStringLiteral("/api/v1/stream/%1/").arg(kStream));
    QCOMPARE(stream.value("id").toString(), QStringLiteral("c1000000-0000-4000-8000-000000005001"));
    QCOMPARE(stream.value("variable").toString(), QStringLiteral("v--0000-0001--5001"));
    QCOMPARE(stream.value("device").toString(), kDevice);

    const QJsonObject data = get(QStringLiteral("/api/v1/data/?filter=%1").arg(kStream));
    QCOMPARE(data.value("count").toInt(), 5);
    const QJsonObject first = data.value("results").toArray().at(0).toObject();
    QCOMPARE(first.value("timestamp").toString(), QStringLiteral("2024-01-31T23:00:00Z"));
    QCOMPARE(first.value("stream").toString(), kStream);
    QCOMPARE(first.value("int_value").toInt(), 1);
    QCOMPARE(first.value("value").toDouble(), 1.5);
    QCOMPARE(first.value("streamer_local_id").toInt(), 1);
    QCOMPARE(first.value("device_timestamp").toInt(), 1001);
    QCOMPARE(first.value("status").toString(), QStringLiteral("cln"));
    QCOMPARE(get(QStringLiteral("/api/v1/stream/%1/data/").arg(kStream)).value("count").toInt(), 5);
    const QJsonObject events = get(QStringLiteral("/api/v1/event/?filter=%1").arg(kStream));
    QCOMPARE(events.value("count").toInt(), 2);
    const QJsonObject event = events.value("results").toArray().at(0).toObject();
    QCOMPARE(event.value("device_timestamp").toInt(), 77);
    QCOMPARE(event.value("extra_data").toObject().value("max_g").toDouble(), 3.5);
    QCOMPARE(event.value("streamer_local_id").toInt(), 300);
    QCOMPARE(
        get(QStringLiteral("/api/v1/stream/%1/data/?page_size=1").arg(kBulkStream)).value("count").toInt(),
        kBulkPoints);

    const QJsonArray properties =
        get(QStringLiteral("/api/v1/property/?target=%1").arg(kDevice)).value("results").toArray();
    QCOMPARE(properties.size(), 2);
    const QJsonArray notes =
        get(QStringLiteral("/api/v1/note/?target=%1").arg(kDevice)).value("results").toArray();
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.at(0).toObject().value("note").toString(), QStringLiteral("Replaced battery"));
    QCOMPARE(notes.at(0).toObject().value("timestamp").toString().left(19),
             QStringLiteral("2024-02-02T09:00:00"));
    const QJsonArray locations =
        get(QStringLiteral("/api/v1/location/?target=%1").arg(kDevice)).value("results").toArray();
    QCOMPARE(locations.size(), 1);

    // The DRF token a script of the owner's still holds keeps working.
    HttpClient script(m_server->baseUrl());
    script.setAuthorization("Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b");
    const HttpReply viaToken = script.get(QStringLiteral("/api/v1/org/arch-water/"));
    QVERIFY2(viaToken.status == 200, viaToken.body.constData());
    QCOMPARE(
        scalar("SELECT count(*) FROM device_keys WHERE device_id = 161 AND type = 'SSH' AND downloadable"),
        1);

    QJsonObject roles;
    for (const QJsonValue &m :
         get(QStringLiteral("/api/v1/org/arch-water/members/")).value("results").toArray())
        roles.insert(m.toObject().value("user").toString(), m.toObject().value("role").toString());
    QCOMPARE(roles.value("owner").toString(), QStringLiteral("a0"));
    QCOMPARE(roles.value("operator").toString(), QStringLiteral("r1"));
}

void TstImportOriginal::operatorRoleKept()
{
    QVERIFY(m_first);
    // The operator's stored permissions say no to reading stream data, yes to uploading it.
    HttpClient c(m_server->baseUrl());
    c.setAuthorization("jwt " + loginJwt(QStringLiteral("operator@example.com"), kMemberPassword).toLatin1());
    QCOMPARE(c.get(QStringLiteral("/api/v1/org/arch-water/")).status, 200);
    const HttpReply r = c.get(QStringLiteral("/api/v1/stream/%1/data/").arg(kStream));
    QVERIFY2(r.status == 403, r.body.constData());
}

void TstImportOriginal::secondRunAddsNothing()
{
    QVERIFY(m_first);
    const qint64 accounts = scalar("SELECT count(*) FROM accounts");
    const qint64 streams = scalar("SELECT count(*) FROM streams");
    auto counts = runImport(databaseUrl(m_sourceName));
    QVERIFY2(counts, counts ? "" : qPrintable(counts.error().message()));
    for (const QString &table : m_first->rows.keys()) {
        if (table.endsWith(QLatin1String(" skipped")) || table.endsWith(QLatin1String(" existing")))
            continue;
        QVERIFY2(counts->rows.value(table) == 0, qPrintable(table));
        if (table != QLatin1String("unresolved references"))
            QCOMPARE(counts->rows.value(table + QStringLiteral(" existing")), m_first->rows.value(table));
    }
    QCOMPARE(scalar("SELECT count(*) FROM accounts"), accounts);
    QCOMPARE(scalar("SELECT count(*) FROM streams"), streams);
    // The owner's re-hashed password was left alone.
    QVERIFY(!loginJwt(QStringLiteral("owner@example.com"), kOwnerPassword).isEmpty());
}

void TstImportOriginal::refusedSources_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("unreachable") << QStringLiteral("postgresql://postgres@127.0.0.1:1/original")
                                 << QStringLiteral("cannot reach the original's database");
    QTest::newRow("not postgresql") << QStringLiteral("sqlite:/tmp/original.sqlite")
                                    << QStringLiteral("must be the original's PostgreSQL URL");
    QTest::newRow("no such tables") << QString() << QStringLiteral("no table authentication_account");
}

void TstImportOriginal::refusedSources()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    if (url.isEmpty())
        url = databaseUrl(m_emptyName);
    const qint64 accounts = scalar("SELECT count(*) FROM accounts");
    auto counts = runImport(url);
    QVERIFY(!counts);
    QVERIFY2(counts.error().message().contains(message), qPrintable(counts.error().message()));
    QCOMPARE(scalar("SELECT count(*) FROM accounts"), accounts);
}

QTEST_GUILESS_MAIN(TstImportOriginal)
#include "tst_import_original.moc"
