#pragma once

#include "common/util/error.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace iotile {

class SqlConnection;

// The tables of the original Django service that `iotile-server import-original` reads.
enum class OriginalTable {
    Accounts,
    OrgTemplates,
    ProjectTemplates,
    VarTypes,
    InputUnits,
    OutputUnits,
    DeviceTemplates,
    SensorGraphs,
    VarTemplates,
    Orgs,
    Memberships,
    Projects,
    Variables,
    Devices,
    DeviceStatus,
    Streams,
    Properties,
    Notes,
    Locations,
    ApiTokens,
    DeviceKeys,
};

// One row of the original's streamdata_streamdata, times already in microseconds since the epoch.
struct OriginalPoint
{
    qint64 id = 0;
    QString streamSlug;
    std::optional<qint64> ts; // the original allows rows without a timestamp
    qint64 seq = 0;
    std::optional<qint64> deviceTs;
    std::optional<qint64> intValue;
    std::optional<double> value;
    QString type;
    QString status;
    bool dirty = false;
};

// One row of the original's streamevent_streameventdata (its files stayed in the original's S3 bucket).
struct OriginalEvent
{
    qint64 id = 0;
    QString streamSlug;
    std::optional<qint64> ts;
    qint64 seq = 0;
    std::optional<qint64> deviceTs;
    QString uuid;
    QByteArray extraData; // JSON text; empty: null
    QString ext;
    int formatVersion = 2;
    QString status;
    bool dirty = false;
};

// Reads the original service's PostgreSQL schema (Django's app_model tables, read-only). Rows come back
// as JSON objects keyed by OUR column names (accounts, orgs, ... of server/store/migrations), with times
// in microseconds, so the importer only has to map the foreign keys, which still hold the original's ids
// (integers or UUID text) under our column names. Each row also carries "_key", its primary key in the
// original, for paging and id maps.
class OriginalSourceStore
{
public:
    explicit OriginalSourceStore(SqlConnection &connection)
        : m_db(connection)
    { }

    static QString tableName(OriginalTable table);
    static bool isOptional(OriginalTable table);
    // The original's table names among `names` that the source database lacks.
    Result<QStringList> missingTables(const QStringList &names);
    // Up to `limit` rows ordered by primary key, after `after` (null: from the first).
    Result<QList<QJsonObject>> page(OriginalTable table, const QJsonValue &after, int limit);
    // Stream data rows with id > afterId, by id.
    Result<std::vector<OriginalPoint>> points(qint64 afterId, int limit);
    Result<qint64> pointCount();
    // Stream events with id > afterId, by id.
    Result<std::vector<OriginalEvent>> events(qint64 afterId, int limit);

private:
    Result<bool> hasTable(const QString &name);
    QString selectOf(OriginalTable table);
    SqlConnection &m_db;
    std::optional<bool> m_hasEmailAddresses;
};

} // namespace iotile
