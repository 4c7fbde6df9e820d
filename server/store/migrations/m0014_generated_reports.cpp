#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// User reports (what to report on, how, to whom, how often) and the reports generated from them. A
// generated report keeps its own copy of generator, sources, range and recipients, so it outlives a
// deleted user report and a retried job builds the same file.
Migration m0014GeneratedReports()
{
    Migration m;
    m.version = 14;
    m.name = "generated reports";
    m.statements = {
        // sources, recipients: JSON arrays of strings; config: a JSON object; interval: x (manual), d, w, m.
        // last_period_end: the end of the newest period the scheduler queued (NULL: none yet).
        QStringLiteral("CREATE TABLE user_reports ("
                       " id {ID},"
                       " label TEXT NOT NULL,"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " generator TEXT NOT NULL,"
                       " config {JSON},"
                       " sources {JSON},"
                       " recipients {JSON},"
                       " period TEXT NOT NULL DEFAULT 'x',"
                       " active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " last_period_end {BIGINT},"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX user_reports_org ON user_reports (org_id)"),
        // status: the original's codes GS (scheduled), G0 (generating), G1 (completed), GE (error).
        QStringLiteral("CREATE TABLE generated_reports ("
                       " id TEXT PRIMARY KEY,"
                       " label TEXT NOT NULL,"
                       " report_id {BIGINT} REFERENCES user_reports(id) ON DELETE SET NULL,"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " source_ref TEXT NOT NULL DEFAULT '',"
                       " status TEXT NOT NULL DEFAULT 'GS',"
                       " generator TEXT NOT NULL,"
                       " sources {JSON},"
                       " recipients {JSON},"
                       " range_start {BIGINT},"
                       " range_end {BIGINT},"
                       " file_key TEXT,"
                       " file_name TEXT,"
                       " content_type TEXT,"
                       " error TEXT,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX generated_reports_org ON generated_reports (org_id, created_on)"),
        QStringLiteral("CREATE INDEX generated_reports_report ON generated_reports (report_id)"),
    };
    return m;
}

} // namespace iotile::migrations
