#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Report streamers and the reports devices upload through them (the original's Streamer and
// StreamerReport). A streamer's last_id is the dedup watermark: only readings with a higher streamer id
// are new. A report row exists from the upload on; streamer_id stays empty for uploads that failed before
// their device was known. The raw file lives in the blob store under blob_key.
Migration m0010Streamers()
{
    Migration m;
    m.version = 10;
    m.name = "streamers and streamer reports";
    m.statements = {
        QStringLiteral("CREATE TABLE streamers ("
                       " id {ID},"
                       " slug TEXT NOT NULL UNIQUE,"
                       " device_id {BIGINT} NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                       " idx INTEGER NOT NULL,"
                       " last_id {BIGINT} NOT NULL DEFAULT 0,"
                       " last_reboot_ts {BIGINT},"
                       " selector {BIGINT} NOT NULL DEFAULT 0,"
                       " process_engine_ver INTEGER NOT NULL DEFAULT 0,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (device_id, idx))"),
        // status: scheduled | processing | success | failed.
        QStringLiteral("CREATE TABLE streamer_reports ("
                       " id TEXT PRIMARY KEY,"
                       " streamer_id {BIGINT} REFERENCES streamers(id) ON DELETE CASCADE,"
                       " blob_key TEXT,"
                       " file_name TEXT NOT NULL DEFAULT '',"
                       " ext TEXT NOT NULL DEFAULT '',"
                       " received {BIGINT} NOT NULL,"
                       " device_sent_timestamp {BIGINT},"
                       " incremental_id {BIGINT},"
                       " original_first_id {BIGINT},"
                       " original_last_id {BIGINT},"
                       " actual_first_id {BIGINT},"
                       " actual_last_id {BIGINT},"
                       " time_epsilon {DOUBLE} NOT NULL DEFAULT 1,"
                       " status TEXT NOT NULL DEFAULT 'scheduled',"
                       " error TEXT NOT NULL DEFAULT '',"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        // A streamer's reports in upload order (its report list; the previous report of engine v2).
        QStringLiteral(
            "CREATE INDEX streamer_reports_streamer ON streamer_reports (streamer_id, created_on)"),
        QStringLiteral("CREATE INDEX streamer_reports_created ON streamer_reports (created_on)"),
        QStringLiteral("CREATE INDEX streamer_reports_created_by ON streamer_reports (created_by)"),
    };
    return m;
}

} // namespace iotile::migrations
