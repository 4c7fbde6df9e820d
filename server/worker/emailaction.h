#pragma once

#include "server/worker/jobaction.h"

#include <QStringList>

namespace iotile {

class SqlConnection;

// A filter's email notification (the original's EmlAction): resolves notification_recipient
// ("email:<address>", "user:<slug>" of a member, "org:admin", "org:all", "staff:all", or the legacy
// {"org", "users", "emails"} object) in the filter's org and mails the rendered body, or the default text.
class FilterEmailAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("FilterEmailAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    // "staff:all" only counts when `allowStaff` (a filter made by staff): members must not mail the
    // operators.
    static Result<QStringList> recipients(SqlConnection &db, const QJsonValue &spec, qint64 orgId,
                                          bool allowStaff);
};

} // namespace iotile
