#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

class SqlConnection;
struct GeneratedReport;

// Builds one generated report (CSV, XLSX or HTML) from its streams, stores the file in the BlobStore,
// moves its status GS -> G0 -> G1 (GE once the last attempt failed) and mails its recipients a link.
class GenerateReportAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("GenerateReportAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    // Queues the generation of `report` in the caller's transaction; origin: the scheme://host links use
    // when the server has no public_url.
    static Status schedule(SqlConnection &db, const GeneratedReport &report, const QString &origin);

private:
    Status fail(JobContext &context, SqlConnection &db, const QString &id, const Error &error);
};

} // namespace iotile
