#include "server/worker/derivedvalueaction.h"

#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"
#include "server/worker/jobcontext.h"

namespace iotile {

QList<ArgumentSpec> FilterDerivedValueAction::arguments() const
{
    return {{QStringLiteral("firing"), ArgType::Object, true}};
}

Status FilterDerivedValueAction::execute(JobContext &context)
{
    const QJsonObject firing = context.args().value(QStringLiteral("firing")).toObject();
    const QString output =
        firing.value(QStringLiteral("extra")).toObject().value(QStringLiteral("output_stream")).toString();
    const auto slug = StreamSlug::parse(QStringView(output));
    if (!slug || slug->isBlockStream())
        return hardError(QStringLiteral("bad output_stream %1").arg(output));
    const auto ts = isotime::parse(firing.value(QStringLiteral("timestamp")).toString());
    if (!ts)
        return hardError(QStringLiteral("the firing has no timestamp"));
    IOTILE_TRY(mainDb, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    IOTILE_TRY(stream, context.server().streams().resolve(*mainDb, *slug));
    if (!stream->projectExists)
        return hardError(QStringLiteral("the project of %1 no longer exists").arg(output));

    DataPoint p;
    p.ts = *ts;
    p.seq = qint64(firing.value(QStringLiteral("streamer_local_id")).toDouble());
    if (firing.value(QStringLiteral("device_timestamp")).isDouble())
        p.deviceTs = qint64(firing.value(QStringLiteral("device_timestamp")).toDouble());
    const QJsonValue intValue = firing.value(QStringLiteral("int_value"));
    if (intValue.isDouble()) {
        p.intValue = qint64(intValue.toDouble());
        if (stream->meta) {
            p.value = stream->converter.convert(*p.intValue).value;
            p.type = stream->convertsToItr ? PointType::Itr : PointType::Num;
        } else {
            p.value = double(*p.intValue);
        }
    } else if (firing.value(QStringLiteral("value")).isDouble()) {
        p.value = firing.value(QStringLiteral("value")).toDouble();
    } else {
        return hardError(QStringLiteral("the firing has no value"));
    }

    StreamDataStore store(*dataDb);
    IOTILE_CHECK(store.ensurePartitions({p.ts}));
    Transaction tx(*dataDb);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(key, store.ensureKey(stream->text));
    p.streamId = key;
    IOTILE_TRY(inserted, store.insert({p}));
    IOTILE_CHECK(tx.commit());
    StreamDataStore::invalidateCounts();
    context.log(QStringLiteral("derived %1 point(s) into %2").arg(inserted).arg(output));
    return Ok {};
}

} // namespace iotile
