#pragma once

#include "common/util/error.h"
#include "server/backup/orgbackup.h"

#include <QString>

#include <functional>

namespace iotile {

class ServerContext;

struct OriginalImportOptions
{
    QString sourceUrl; // postgresql://... of the original's main database
    QString sourceDataUrl; // its stream data database ("database2"); empty: the main one
    int batchRows = 1000; // rows per transaction (domain tables)
    int dataBatchRows = 20000; // stream data points per transaction
    bool withData = true;
    std::function<void(const QString &)> progress; // optional: one line per finished table / data batch
};

// `iotile-server import-original --source postgresql://...`: moves the original service's users and their
// things from its PostgreSQL database into ours: accounts with their password hashes (Django's
// pbkdf2_sha256/sha1 formats, which our login verifies as they are) and DRF API tokens, org and project
// templates, var types and units, device templates, sensor graphs with their variable templates, orgs
// with memberships and roles, projects, variables, devices with their status and keys, streams,
// properties, notes and locations, stream data and stream events (without files the original kept in
// S3). UUIDs, slugs, project gids and device ids are kept, so clients, scripts and devices in the field
// keep working; account ids are kept where they are free. A row already present (same UUID, slug,
// device id, e-mail, membership pair, ...) is left as it is, so the import can run again (e.g. once more
// at cut-over) and adds only what is new; data points are keyed by stream, timestamp and streamer id like
// every other ingest. Each batch of rows is one transaction.
class OriginalImport
{
public:
    static Result<BackupCounts> run(ServerContext &server, const OriginalImportOptions &options);
};

} // namespace iotile
