#pragma once

#include "common/util/error.h"

#include <QHash>
#include <QString>

class QIODevice;

namespace iotile {

class ServerContext;

// What an export wrote or an import read: rows per table, plus "stream_data" points and "stream_events".
struct BackupCounts
{
    QHash<QString, qint64> rows;
    QString org;
};

// `iotile-server export --org SLUG FILE` / `import FILE`: one organization with its members (accounts
// with their password hashes), projects, variables, devices, streams, their properties, notes,
// locations, configuration attributes, data masks, fleets, data blocks, streamers and their reports,
// stream aliases, OTA scripts/requests/actions, stream filters (states, transitions, triggers, actions,
// log), alarms, report definitions and generated reports, every stream data point and event, and the
// files behind them (streamer report uploads, OTA scripts, generated reports, event files), as JSON lines
// (a header line, one line per row, per chunk of points or per file, an end line with the counts).
// UUIDs (also the UUID ids of streamer reports, filter transitions, generated reports), slugs, device
// and fleet ids are kept; internal integer keys are renumbered, so an org can move into a
// database that holds other orgs. Catalog entries (var types, units, sensor graphs, device/org/project
// templates) are referred to by slug and must exist in the target (else the reference is left empty and
// counted in "unresolved"). Import runs in one transaction per database and refuses an org slug, UUID or
// device id that already exists.
class OrgBackup
{
public:
    static Result<BackupCounts> exportOrg(ServerContext &server, const QString &orgSlug, QIODevice &out);
    static Result<BackupCounts> importOrg(ServerContext &server, QIODevice &in);
};

} // namespace iotile
