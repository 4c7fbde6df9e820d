#include "server/worker/actions.h"

#include "common/util/isotime.h"
#include "server/app/serverconfig.h"
#include "server/worker/archiveaction.h"
#include "server/worker/blockdeleteaction.h"
#include "server/worker/choppedreportaction.h"
#include "server/worker/delayaction.h"
#include "server/worker/derivedvalueaction.h"
#include "server/worker/emailaction.h"
#include "server/worker/generatereportaction.h"
#include "server/worker/hookaction.h"
#include "server/worker/jobregistry.h"
#include "server/worker/periodicreportaction.h"
#include "server/worker/pingaction.h"
#include "server/worker/processreportaction.h"
#include "server/worker/purgeaction.h"
#include "server/worker/rebootaction.h"
#include "server/worker/resetaction.h"
#include "server/worker/retentionaction.h"
#include "server/worker/rolloutaction.h"
#include "server/worker/scheduler.h"
#include "server/worker/testactions.h"
#include "server/worker/trimaction.h"
#include "server/worker/versionconfirmaction.h"
#include "server/worker/webhookaction.h"

namespace iotile {

void registerActions(JobRegistry &registry)
{
    registry.add<PingAction>();
    registry.add<PurgeAction>();
    registry.add<VersionConfirmAction>(); // OTA: fleets and OTA
    registry.add<RolloutAction>(); // OTA: fleets and OTA
    registry.add<ProcessReportAction>(); // streamer reports (server/ingest/reportingest.h)
    registry.add<ChoppedReportAction>();
    registry.add<RebootAction>(); // engines 0/1: readings before a reboot
    registry.add<DelayAction>(); // engines 0/1: a user report after its reboot was handled
    // Data blocks, device reset/trim, data retention.
    registry.add<ArchiveAction>();
    registry.add<BlockDeleteAction>();
    registry.add<ResetAction>();
    registry.add<TrimAction>();
    registry.add<RetentionAction>();
    // Stream filter actions (server/domain/filterengine.h)
    registry.add<FilterEmailAction>();
    registry.add<FilterWebhookAction>();
    registry.add<FilterDerivedValueAction>();
    registry.add<FilterHookAction>();
    registry.add<GenerateReportAction>(); // generated reports
    registry.add<PeriodicReportAction>(); // generated reports
    // Test-only actions for the process-level crash test (tests/e2e/tst_worker_crash.cpp): only when the
    // environment asks for them, never in a normal deployment.
    if (qEnvironmentVariableIntValue("IOTILE_TEST_ACTIONS") == 1)
        registerTestActions(registry);
}

void registerSchedules(Scheduler &scheduler, const ServerConfig &config)
{
    scheduler.add({QStringLiteral("purge"), QStringLiteral("PurgeAction"), 86400LL * 1000,
                   QJsonObject {{QStringLiteral("days"), config.jobRetentionDays}}});
    scheduler.add({QStringLiteral("ota-rollouts"), QStringLiteral("RolloutAction"), 60LL * 1000, {}}); // OTA
    scheduler.add(
        {QStringLiteral("retention"), QStringLiteral("RetentionAction"), 86400LL * 1000, QJsonObject {}});
    scheduler.add({QStringLiteral("periodic-reports"),
                   QStringLiteral("PeriodicReportAction"),
                   3600LL * 1000,
                   {}}); // generated reports
}

} // namespace iotile
