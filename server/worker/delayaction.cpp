#include "server/worker/delayaction.h"

#include "common/slug/deviceslug.h"
#include "common/slug/streamslug.h"
#include "server/ingest/reporttimeline.h"
#include "server/store/streamdatastore.h"
#include "server/worker/jobcontext.h"
#include "server/worker/rebootaction.h"

namespace iotile {

namespace {

// More reboots than a report can hold readings for: the fix reads the block in one go anyway.
constexpr qint64 kMaxReboots = 100000;

} // namespace

QList<ArgumentSpec> DelayAction::arguments() const
{
    return {{QStringLiteral("device_slug"), ArgType::String, true},
            {QStringLiteral("project_id"), ArgType::String, true},
            {QStringLiteral("start_id"), ArgType::Integer, true},
            {QStringLiteral("end_id"), ArgType::Integer, true},
            {QStringLiteral("report_id"), ArgType::String, true},
            {QStringLiteral("attempt_count"), ArgType::Integer, false}};
}

Status DelayAction::execute(JobContext &context)
{
    const qint64 start = context.argInt(QStringLiteral("start_id"));
    const qint64 end = context.argInt(QStringLiteral("end_id"));
    IOTILE_TRY(where, RebootAction::target(context));
    IOTILE_TRY(dataDb, context.dataDb());
    StreamDataStore data(*dataDb);

    RebootAction::Block block;
    block.start = start - 1;
    block.end = end;
    block.rebaseDirtyLast = true;
    const DeviceSlug deviceSlug(quint64(where.device.id));
    IOTILE_TRY(key, data.keyOf(StreamSlug(where.project, deviceSlug, ReportTimeline::kRebootLid).toString()));
    if (key) {
        DataSelector reboots;
        reboots.key = *key;
        reboots.seqMin = start;
        reboots.seqMax = end;
        IOTILE_TRY(found,
                   data.fetch(reboots, std::nullopt, StreamDataStore::Order::SeqAscending, 0, kMaxReboots));
        for (const DataPoint &p : found)
            if (block.reboots.empty() || block.reboots.back() != p.seq)
                block.reboots.push_back(p.seq);
    }
    if (block.reboots.empty()) {
        context.log(QStringLiteral("%1: no reboot between ids %2 and %3 of report %4: nothing to fix")
                        .arg(where.device.slug)
                        .arg(start)
                        .arg(end)
                        .arg(context.argString(QStringLiteral("report_id"))));
        return Ok {};
    }
    return RebootAction::fix(context, where, block,
                             QStringLiteral("delay:%1:%2:%3").arg(where.device.slug).arg(start).arg(end));
}

} // namespace iotile
