#include "server/api/eventfilecontroller.h"

#include "common/util/isotime.h"
#include "common/util/jsonwriter.h"
#include "server/api/blobresponse.h"
#include "server/api/eventcontroller.h"
#include "server/api/eventfields.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/blob/gzip.h"
#include "server/domain/access.h"
#include "server/http/jwtcodec.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/eventingest.h"
#include "server/store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace iotile {

namespace {

// /data/ holds the whole file in memory: bound what a small gzip may inflate to.
constexpr qint64 kMaxEventData = 64 * 1024 * 1024;
// How long a link from /url/ works (the original's presigned S3 links: 15 minutes).
constexpr qint64 kLinkSeconds = 15 * 60;
const QString kLinkPurpose = QStringLiteral("event-file");

Error errorBody(ErrorKind kind, const QString &message)
{
    return Error(kind, QJsonObject {{QStringLiteral("error"), message}});
}

Error noData()
{
    return errorBody(ErrorKind::NotFound, QStringLiteral("Event has no data"));
}

BlobDownloadOptions downloadOptions(const StreamEvent &e)
{
    BlobDownloadOptions o;
    o.expiry = std::chrono::seconds(kLinkSeconds);
    o.fileName = e.uuid + QLatin1Char('.') + e.ext;
    o.contentType = EventIngest::contentTypeOf(e.ext);
    return o;
}

bool isValidJson(const QByteArray &text)
{
    // QJsonDocument reads objects and arrays only: a scalar document is checked inside an array.
    QJsonParseError error;
    QJsonDocument::fromJson('[' + text + ']', &error);
    return error.error == QJsonParseError::NoError;
}

Result<HttpResponse> data(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    Access access(ctx.user().get(), *mainDb);
    IOTILE_TRY(event, EventController::permittedEvent(ctx, *mainDb, access));
    const bool gz = event.ext == QLatin1String("json.gz");
    if (event.blobKey.isEmpty() || (!gz && event.ext != QLatin1String("json")))
        return noData();
    auto raw = ctx.server().blobs().get(event.blobKey);
    if (!raw) {
        if (raw.error().kind() == ErrorKind::NotFound)
            return errorBody(ErrorKind::NotFound,
                             QStringLiteral("The event's file is missing from the store"));
        return std::move(raw).error();
    }
    QByteArray text = std::move(*raw);
    if (gz) {
        auto inflated = gzip::decompress(text, kMaxEventData);
        if (!inflated)
            return errorBody(ErrorKind::NotFound, inflated.error().message());
        text = std::move(*inflated);
    }
    if (!isValidJson(text))
        return errorBody(ErrorKind::NotFound, QStringLiteral("The event's file is not valid JSON"));
    return HttpResponse::rawJson(std::move(text));
}

Result<HttpResponse> url(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    Access access(ctx.user().get(), *mainDb);
    IOTILE_TRY(event, EventController::permittedEvent(ctx, *mainDb, access));
    const QString key = QStringLiteral("url");
    if (event.blobKey.isEmpty())
        return HttpResponse::json(QJsonObject {{key, QJsonValue::Null}});
    auto download = ctx.server().blobs().download(event.blobKey, downloadOptions(event));
    if (!download) {
        if (download.error().kind() == ErrorKind::NotFound)
            return HttpResponse::json(QJsonObject {{key, QJsonValue::Null}});
        return std::move(download).error();
    }
    if (!download->redirect.isEmpty())
        return HttpResponse::json(QJsonObject {{key, download->redirect.toString(QUrl::FullyEncoded)}});
    // No presigned links from this store: a signed link to /file/ that works without credentials until
    // it expires, as the original's S3 links did. It names the file, so a replaced file ends it.
    const QJsonObject claims {
        {QStringLiteral("purpose"), kLinkPurpose},
        {QStringLiteral("event"), double(event.id)},
        {QStringLiteral("key"), event.blobKey},
        {QStringLiteral("exp"), double(isotime::now() / isotime::kMicrosPerSecond + kLinkSeconds)}};
    const QByteArray token = ctx.server().jwt().sign(claims);
    const QString link = ctx.origin() + QStringLiteral("/api/v1/event/%1/file/?token=").arg(event.id)
        + QString::fromLatin1(token);
    return HttpResponse::json(QJsonObject {{key, link}});
}

Result<HttpResponse> file(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    const QString token = ctx.queryValue(QStringLiteral("token"));
    StreamEvent event;
    if (!token.isEmpty()) {
        bool ok = false;
        const qint64 id = ctx.capture(0).toLongLong(&ok);
        if (!ok)
            return Error::badRequest(QStringLiteral("Bad Request: Expected an integer database ID"));
        const Error refused = Error::forbidden(QStringLiteral("Invalid or expired download link."));
        auto claims = ctx.server().jwt().verify(token.toLatin1(), isotime::now() / isotime::kMicrosPerSecond);
        if (!claims || claims->value(QLatin1String("purpose")).toString() != kLinkPurpose
            || claims->value(QLatin1String("event")).toInteger(-1) != id)
            return refused;
        IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
        IOTILE_TRY(found, StreamEventStore(*dataDb).byId(id));
        if (!found || found->blobKey != claims->value(QLatin1String("key")).toString())
            return refused;
        event = *found;
    } else {
        IOTILE_CHECK(ctx.requireUser());
        Access access(ctx.user().get(), *mainDb);
        IOTILE_TRY(found, EventController::permittedEvent(ctx, *mainDb, access));
        event = found;
    }
    if (event.blobKey.isEmpty())
        return noData();
    IOTILE_TRY(download, ctx.server().blobs().download(event.blobKey, downloadOptions(event)));
    return BlobResponse::from(std::move(download));
}

// The extension the original derives from a file name: everything after the first dot of its base name.
Result<QString> extensionOf(const QString &fileName)
{
    QString base = fileName;
    const qsizetype slash = std::max(base.lastIndexOf(QLatin1Char('/')), base.lastIndexOf(QLatin1Char('\\')));
    if (slash >= 0)
        base = base.mid(slash + 1);
    const QStringList parts = base.split(QLatin1Char('.'));
    if (parts.size() <= 1)
        return Error::bareList(QStringLiteral("Filename must use file extensions"));
    const QString ext = parts.mid(1).join(QLatin1Char('.'));
    if (ext != QLatin1String("json") && ext != QLatin1String("json.gz"))
        return Error::bareList(QStringLiteral("Unsupported extension for Stream Event"));
    return ext;
}

Result<HttpResponse> upload(RequestContext &ctx)
{
    const QByteArray type = ctx.contentType();
    const bool form = type == "multipart/form-data" || type == "application/x-www-form-urlencoded";
    IOTILE_TRY(value, form ? ctx.data() : EventController::body(ctx));
    if (!value.isObject())
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Invalid data. Expected a dictionary, but got list."));
    const QJsonObject body = value.toObject();

    // The original's StreamEventDataRawUploadSerializer: form fields arrive as text.
    QJsonObject errors;
    EventFields::require(body, QStringLiteral("stream"), errors);
    EventFields::require(body, QStringLiteral("timestamp"), errors);
    std::optional<StreamSlug> stream;
    std::optional<qint64> ts, deviceTs, seq;
    QByteArray extraData;
    if (body.contains(QStringLiteral("stream")))
        stream = EventFields::readStream(body.value(QStringLiteral("stream")), errors);
    if (body.contains(QStringLiteral("timestamp")))
        ts = EventFields::readTime(body.value(QStringLiteral("timestamp")), QStringLiteral("timestamp"),
                                   errors);
    const auto optionalInt = [&](const QString &name) -> std::optional<qint64> {
        const QJsonValue v = body.value(name);
        if (v.isUndefined() || (v.isString() && v.toString().isEmpty()))
            return std::nullopt;
        return EventFields::readInt(v, name, errors, true);
    };
    deviceTs = optionalInt(QStringLiteral("device_timestamp"));
    seq = optionalInt(QStringLiteral("streamer_local_id"));
    if (seq && *seq < 0)
        errors.insert(QStringLiteral("streamer_local_id"),
                      QJsonArray {QStringLiteral("Ensure this value is greater than or equal to 0.")});
    const QString extraName = QStringLiteral("encoded_extra_data");
    if (body.contains(extraName)) {
        const QJsonValue v = body.value(extraName);
        QJsonParseError error;
        const QJsonDocument doc =
            v.isString() ? QJsonDocument::fromJson(v.toString().toUtf8(), &error) : QJsonDocument();
        if (!v.isString())
            errors.insert(extraName, QJsonArray {QStringLiteral("Not a valid string.")});
        else if (error.error != QJsonParseError::NoError)
            errors.insert(
                extraName,
                QJsonArray {QStringLiteral("Failed to deserialize value: %1").arg(error.errorString())});
        else if (!doc.isObject())
            errors.insert(extraName, QJsonArray {QStringLiteral("Value should be a utf-8 encoded string")});
        else if (containsNul(doc.object()))
            errors.insert(extraName,
                          QJsonArray {QStringLiteral("extra_data must not contain NUL characters")});
        else
            extraData = doc.toJson(QJsonDocument::Compact);
    }
    if (!errors.isEmpty())
        return Error::fields(errors);

    IOTILE_TRY(files, ctx.files());
    const auto it = std::find_if(files.cbegin(), files.cend(),
                                 [](const UploadedFile &f) { return f.fieldName == QLatin1String("file"); });
    if (it == files.cend())
        return errorBody(ErrorKind::BadRequest, QStringLiteral("missing request.data['file']"));
    if (it->data.isEmpty())
        return Error::field(QStringLiteral("file"), QStringLiteral("The submitted file is empty."));

    IOTILE_TRY(mainDb, ctx.db());
    Access access(ctx.user().get(), *mainDb);
    EventIngest ingest(ctx.server(), access);
    IOTILE_CHECK(ingest.writable(*mainDb, *stream));
    IOTILE_TRY(ext, extensionOf(it->fileName));

    EventIngest::Pending p;
    p.event.stream = stream->toString();
    p.event.ts = *ts;
    p.event.deviceTs = deviceTs;
    p.event.seq = seq.value_or(0);
    p.event.extraData = extraData;
    p.event.ext = ext;
    p.blob = it->data;
    p.contentType = EventIngest::contentTypeOf(ext);
    std::vector<EventIngest::Pending> one;
    one.push_back(std::move(p));
    IOTILE_TRY(stored, ingest.insert(std::move(one)));
    const StreamEvent &e = stored.front();

    QByteArray out;
    JsonWriter w(out);
    w.beginObject();
    w.key("id").value(e.id);
    w.key("stream").value(e.stream);
    w.key("device_timestamp").optional(e.deviceTs);
    w.key("timestamp").time(e.ts);
    w.key("streamer_local_id").value(e.seq);
    // The stored object as JSON text (the original printed Python's repr of it).
    if (e.extraData.isEmpty())
        w.key("encoded_extra_data").null();
    else
        w.key("encoded_extra_data").value(QString::fromUtf8(e.extraData));
    w.endObject();
    return HttpResponse::rawJson(std::move(out), 201);
}

} // namespace

void EventFileController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/event/{id}/data/"), data);
    router.add(Get, QStringLiteral("/api/v1/event/{id}/url/"), url);
    router.add(Get, QStringLiteral("/api/v1/event/{id}/file/"), file, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/event/upload/"), upload);
}

} // namespace iotile
