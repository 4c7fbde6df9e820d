#pragma once

#include "server/worker/jobaction.h"

#include <QByteArray>

namespace iotile {

// A filter's webhook (beyond the original; also its Slack action "slk"): POSTs a JSON description of the
// firing to the action's URL, signed with the filter's secret so the receiver can tell it came from us:
// X-IOTile-Signature: sha256=<hex HMAC-SHA256(secret, body)>. Network errors, 5xx, 408 and 429 are
// retried with the job's backoff; other answers end the job.
class FilterWebhookAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("FilterWebhookAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    static QByteArray signature(const QByteArray &secret, const QByteArray &body);
};

} // namespace iotile
