#include "server/worker/retentionaction.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/datapurge.h"
#include "server/store/database.h"
#include "server/store/projectstore.h"
#include "server/store/streamdatastore.h"
#include "server/worker/jobcontext.h"

#include <algorithm>

namespace iotile {

QList<ArgumentSpec> RetentionAction::arguments() const
{
    return {{QStringLiteral("days"), ArgType::Integer, false}};
}

Status RetentionAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const qint64 now = isotime::now();
    DataPurge purge(*dataDb, context.server().blobs());
    std::optional<qint64> latestCutoff;
    bool deletedAny = false;
    const auto noteCutoff = [&](qint64 cutoff) {
        latestCutoff = latestCutoff ? std::max(*latestCutoff, cutoff) : cutoff;
    };

    // Per project: the rows of the project's streams (device and virtual ones; a data block's streams
    // belong to no project and stay).
    Access nobody(nullptr, *db);
    ProjectStore projects(*db);
    ProjectStore::ListQuery all;
    all.all = true;
    constexpr qint64 kPage = 500;
    for (qint64 offset = 0;; offset += kPage) {
        IOTILE_TRY(page, projects.list(all, nobody, offset, kPage));
        for (const Project &p : page) {
            if (!p.dataRetentionDays || *p.dataRetentionDays <= 0)
                continue;
            const qint64 cutoff = now - qint64(*p.dataRetentionDays) * isotime::kMicrosPerDay;
            DataSelector old;
            old.slugPattern = QStringLiteral("s--%1--%").arg(p.slug.mid(3));
            old.end = cutoff;
            IOTILE_TRY(removed, purge.remove({old}));
            noteCutoff(cutoff);
            deletedAny = deletedAny || removed.data || removed.events;
            if (removed.data || removed.events)
                context.log(
                    QStringLiteral("%1: %2 data point(s) and %3 event(s) older than %4 day(s) deleted")
                        .arg(p.slug)
                        .arg(removed.data)
                        .arg(removed.events)
                        .arg(*p.dataRetentionDays));
        }
        if (page.size() < kPage)
            break;
    }

    // Server-wide: whole months first (a DROP frees the disk at once, where DELETE leaves dead rows for
    // vacuum), then the rest of the month the cutoff falls in, and events.
    const qint64 days = context.argInt(QStringLiteral("days"), 0);
    if (days > 0) {
        const qint64 cutoff = now - days * isotime::kMicrosPerDay;
        StreamDataStore store(*dataDb);
        IOTILE_TRY(dropped, store.dropBefore(cutoff));
        DataSelector old;
        old.slugPattern = QStringLiteral("%");
        old.end = cutoff;
        IOTILE_TRY(removed, purge.remove({old}));
        noteCutoff(cutoff);
        deletedAny = deletedAny || dropped || removed.data || removed.events;
        context.log(QStringLiteral("older than %1 day(s): %2, %3 data point(s) and %4 event(s) deleted")
                        .arg(days)
                        .arg(dataDb->dialect().isPostgres()
                                 ? QStringLiteral("%1 monthly partition(s) dropped").arg(dropped)
                                 : QStringLiteral("%1 data point(s) deleted").arg(dropped))
                        .arg(removed.data)
                        .arg(removed.events));
    }
    if (latestCutoff) {
        IOTILE_TRY(empty, StreamDataStore(*dataDb).dropEmptyPartitions(*latestCutoff));
        if (empty)
            context.log(QStringLiteral("%1 empty partition(s) dropped").arg(empty));
    }
    if (deletedAny) {
        IOTILE_TRY(reclaimed, StreamDataStore(*dataDb).reclaimSpace());
        context.log(reclaimed);
    }
    return Ok {};
}

} // namespace iotile
