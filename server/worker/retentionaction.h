#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// Data retention, scheduled daily (beyond the original, which kept data forever): deletes the data and
// events of each project's streams that are older than the project's data_retention_days. `days`, when
// given (staff queue it by hand), also applies a cutoff to every stream: whole monthly partitions go
// first on PostgreSQL, so the disk is freed at once, then the rows that remain. After deleting, the
// database is asked to give the space back (StreamDataStore::reclaimSpace).
class RetentionAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("RetentionAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
