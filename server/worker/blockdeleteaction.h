#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// The original's DataBlockDeleteAction {block_slug, user}: deletes a data block and everything under it
// (properties, notes, locations, the data and events of its streams, its stream ids, its data mask) and
// mails the org's admins. Works from the slug alone, so it also cleans up after a block whose row the
// API already deleted (`org`, optional, then names the org to notify).
class BlockDeleteAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("DataBlockDeleteAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
