#include "server/ingest/otaversionlistener.h"

#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/worker/jobqueue.h"
#include "server/worker/versionconfirmaction.h"

#include <QHash>
#include <QJsonArray>
#include <QLoggingCategory>

#include <cmath>

namespace iotile {

namespace {
Q_LOGGING_CATEGORY(lcOta, "iotile.ota")
}

void OtaVersionListener::committed(const CommittedBatch &batch, ServerContext &server)
{
    QHash<qint64, QJsonArray> byDevice;
    for (const CommittedStream &s : batch.streams) {
        const auto slug = StreamSlug::parse(s.slug);
        if (!slug || slug->isVirtual() || slug->isBlockStream())
            continue;
        if (slug->lid() != VersionConfirmAction::kOsLid && slug->lid() != VersionConfirmAction::kAppLid)
            continue;
        const qint64 deviceId =
            s.stream && s.stream->deviceId ? *s.stream->deviceId : qint64(slug->device().id());
        if (deviceId <= 0)
            continue;
        for (const DataPoint &p : s.points) {
            qint64 value = 0;
            if (p.intValue)
                value = *p.intValue;
            else if (p.value && std::isfinite(*p.value))
                value = std::llround(*p.value);
            else
                continue;
            if (value < 0 || value > 0xFFFFFFFFLL)
                continue;
            byDevice[deviceId].append(QJsonObject {{QStringLiteral("lid"), int(slug->lid())},
                                                   {QStringLiteral("value"), double(value)},
                                                   {QStringLiteral("seq"), double(p.seq)},
                                                   {QStringLiteral("ts"), double(p.ts)}});
        }
    }
    if (byDevice.isEmpty())
        return;
    auto db = server.db().connection();
    if (!db) {
        qCWarning(lcOta) << "cannot queue OTA version confirmation:" << db.error().message();
        return;
    }
    for (auto it = byDevice.cbegin(); it != byDevice.cend(); ++it) {
        const QJsonObject args {{QStringLiteral("device"), double(it.key())},
                                {QStringLiteral("points"), it.value()}};
        EnqueueOptions options;
        options.maxAttempts = 5;
        if (auto queued = JobQueue::enqueue(**db, QStringLiteral("VersionConfirmAction"), args, options);
            !queued)
            qCWarning(lcOta) << "cannot queue OTA version confirmation for device" << it.key() << ":"
                             << queued.error().message();
    }
}

} // namespace iotile
