#include "server/api/datadeletecontroller.h"

#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/datapurge.h"
#include "server/domain/stream.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"
#include "server/store/streamstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

struct DeleteRequest
{
    QString slug;
    std::optional<Stream> stream;
    std::optional<qint64> start; // timestamp >= start
    std::optional<qint64> end; // timestamp <= end, as the original's form
    bool deleteStream = false;
};

Result<std::optional<qint64>> timeValue(const QJsonValue &v, const QString &name, QJsonObject &errors)
{
    if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().isEmpty()))
        return std::optional<qint64>();
    const auto t = v.isString() ? isotime::parse(v.toString()) : std::nullopt;
    if (!t) {
        errors.insert(name, QJsonArray {QStringLiteral("Datetime has wrong format.")});
        return std::optional<qint64>();
    }
    return std::optional<qint64>(*t);
}

// Staff may clear any stream slug (with or without a stream id); otherwise the stream id must exist and
// the caller be an admin of its org, as the original's UserStreamDataDeleteView.
Result<DeleteRequest> readRequest(RequestContext &ctx, SqlConnection &db)
{
    const auto slug = StreamSlug::fromLookup(ctx.capture(0));
    if (!slug)
        return Error::notFound();
    DeleteRequest r;
    r.slug = slug->toString();
    IOTILE_TRY(stream, StreamStore(db).bySlug(r.slug));
    r.stream = stream;
    Access access(ctx.user().get(), db);
    if (!access.isStaff()) {
        if (!stream)
            return Error::notFound();
        const auto denied = [] {
            return Error::forbidden(QStringLiteral("User is not allowed to delete stream data"));
        };
        if (!stream->orgId)
            return denied();
        IOTILE_TRY(membership, access.membership(*stream->orgId));
        if (!membership || !membership->isActive || !membership->isOrgAdmin || !ctx.account().isActive)
            return denied();
    }
    QJsonObject body;
    if (ctx.method() == Post) {
        IOTILE_TRY(data, ctx.dataObject());
        body = data;
    } else {
        for (const char *name : {"start", "end", "delete_stream"})
            if (ctx.hasQuery(QLatin1String(name)))
                body.insert(QLatin1String(name), ctx.queryValue(QLatin1String(name)));
    }
    QJsonObject errors;
    IOTILE_TRY(start, timeValue(body.value(QStringLiteral("start")), QStringLiteral("start"), errors));
    IOTILE_TRY(end, timeValue(body.value(QStringLiteral("end")), QStringLiteral("end"), errors));
    if (body.contains(QStringLiteral("delete_stream"))) {
        const auto flag = parseBool(body.value(QStringLiteral("delete_stream")));
        if (!flag)
            errors.insert(QStringLiteral("delete_stream"),
                          QJsonArray {QStringLiteral("Must be a valid boolean.")});
        r.deleteStream = flag.value_or(false);
    }
    if (!errors.isEmpty())
        return Error::fields(errors);
    if (start && end && *start > *end)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("The start date must be before the end date"));
    r.start = start;
    r.end = end;
    return r;
}

Result<std::vector<DataSelector>> selectorOf(SqlConnection &dataDb, const DeleteRequest &r)
{
    IOTILE_TRY(key, StreamDataStore(dataDb).keyOf(r.slug));
    if (!key)
        return std::vector<DataSelector>();
    DataSelector s;
    s.key = *key;
    s.start = r.start;
    if (r.end)
        s.end = *r.end + 1;
    return std::vector<DataSelector> {s};
}

QJsonObject countsJson(const DataPurge::Counts &c)
{
    return QJsonObject {{QStringLiteral("data_count"), double(c.data)},
                        {QStringLiteral("event_count"), double(c.events)}};
}

Result<HttpResponse> preview(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(request, readRequest(ctx, *db));
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    IOTILE_TRY(selectors, selectorOf(*dataDb, request));
    IOTILE_TRY(counts, DataPurge(*dataDb, ctx.server().blobs()).count(selectors));
    return HttpResponse::json(countsJson(counts));
}

Result<HttpResponse> remove(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(request, readRequest(ctx, *db));
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    IOTILE_TRY(selectors, selectorOf(*dataDb, request));
    IOTILE_TRY(counts, DataPurge(*dataDb, ctx.server().blobs()).remove(selectors));
    QJsonObject reply = countsJson(counts);
    bool streamDeleted = false;
    if (request.deleteStream && request.stream) {
        IOTILE_CHECK(StreamStore(*db).remove(request.stream->id));
        ctx.server().streams().invalidate();
        streamDeleted = true;
    }
    reply.insert(QStringLiteral("stream_deleted"), streamDeleted);
    return HttpResponse::json(reply);
}

} // namespace

void DataDeleteController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/stream/{slug}/data/delete/"), preview);
    router.add(Post, QStringLiteral("/api/v1/stream/{slug}/data/delete/"), remove);
}

} // namespace iotile
