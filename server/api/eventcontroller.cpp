#include "server/api/eventcontroller.h"

#include "common/reports/msgpackreader.h"
#include "common/util/jsonwriter.h"
#include "server/api/datacontroller.h"
#include "server/api/datatarget.h"
#include "server/api/eventfields.h"
#include "server/api/eventfilecontroller.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/eventingest.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace iotile {

namespace {

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    Access access(ctx.user().get(), *mainDb);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    DataSelector range;
    std::optional<qint64> lastn;
    IOTILE_CHECK(DataController::readRangeFilters(ctx, range, lastn, false));
    const QString filter = ctx.queryValue(QStringLiteral("filter"));
    IOTILE_TRY(target,
               DataTarget::fromFilter(ctx, *mainDb, *dataDb, access, filter, Permission::ReadStreamData));
    if (ctx.queryFlag(QStringLiteral("mask")) && !filter.startsWith(QLatin1String("v--")))
        IOTILE_CHECK(target.applyMask(*mainDb));
    // The query's range within the target's (the mask narrows it).
    DataSelector selector = range;
    selector.key = target.selector.key;
    selector.slugPattern = target.selector.slugPattern;
    selector.slices = target.selector.slices; // a-- (stream aliases)
    if (target.selector.start)
        selector.start =
            range.start ? std::max(*range.start, *target.selector.start) : *target.selector.start;
    if (target.selector.end)
        selector.end = range.end ? std::min(*range.end, *target.selector.end) : *target.selector.end;
    // Events whose packet failed to decode carry extra_data.error: only staff asking see them.
    const bool withErrors = ctx.isStaff() && !ctx.queryValue(QStringLiteral("with_errors")).isEmpty();

    StreamEventStore store(*dataDb);
    qint64 count = 0;
    if (!target.empty) {
        IOTILE_TRY(n, store.count(selector, lastn, withErrors));
        count = n;
    }
    IOTILE_CHECK(page.validate(count));
    std::vector<StreamEvent> rows;
    if (count > 0) {
        IOTILE_TRY(fetched, store.fetch(selector, lastn, withErrors, page.offset(), page.limit()));
        rows = std::move(fetched);
    }
    QByteArray body = page.envelopeHead(ctx, count);
    body.reserve(body.size() + qsizetype(rows.size()) * 400 + 2);
    JsonWriter w(body);
    w.beginArray();
    for (const StreamEvent &e : rows)
        writeEventRecord(w, e);
    w.endArray();
    body.append('}');
    return HttpResponse::rawJson(std::move(body));
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(value, EventController::body(ctx));
    const bool many = value.isArray();
    if (!many && !value.isObject())
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Invalid data. Expected a dictionary, but got %1.")
                                .arg(value.isString() ? QStringLiteral("str") : QStringLiteral("value")));
    const QJsonArray items = many ? value.toArray() : QJsonArray {value};
    if (many && items.isEmpty())
        return HttpResponse::rawJson(QByteArrayLiteral("null"), 201); // the original answers None

    // Every item checked first: field errors of a list come back as one object per item.
    std::vector<EventFields> fields;
    fields.reserve(size_t(items.size()));
    QJsonArray errorList;
    bool bad = false;
    for (const QJsonValue &item : items) {
        QJsonObject errors;
        if (!item.isObject()) {
            errors.insert(
                QStringLiteral("non_field_errors"),
                QJsonArray {QStringLiteral("Invalid data. Expected a dictionary, but got %1.")
                                .arg(item.isArray() ? QStringLiteral("list") : QStringLiteral("str"))});
            fields.emplace_back();
        } else {
            fields.push_back(EventFields::read(item.toObject(), true, errors));
        }
        bad = bad || !errors.isEmpty();
        errorList.append(errors);
    }
    if (bad)
        return many ? Error(ErrorKind::BadRequest, errorList) : Error::fields(errorList.first().toObject());

    IOTILE_TRY(mainDb, ctx.db());
    Access access(ctx.user().get(), *mainDb);
    EventIngest ingest(ctx.server(), access);
    std::vector<EventIngest::Pending> pending;
    pending.reserve(fields.size());
    for (const EventFields &f : fields) {
        IOTILE_CHECK(ingest.writable(*mainDb, *f.stream));
        EventIngest::Pending p;
        f.applyTo(p.event);
        if (f.data) {
            // `data` is the event's JSON file; its extension says so whatever the body claimed.
            p.event.ext = QStringLiteral("json");
            p.blob = toJsonText(*f.data);
            p.contentType = EventIngest::contentTypeOf(p.event.ext);
        }
        pending.push_back(std::move(p));
    }
    IOTILE_TRY(stored, ingest.insert(std::move(pending)));
    if (!many)
        return HttpResponse::rawJson(eventRecord(stored.front()), 201);
    return HttpResponse::json(QJsonObject {{QStringLiteral("count"), double(stored.size())}}, 201);
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    Access access(ctx.user().get(), *mainDb);
    IOTILE_TRY(event, EventController::permittedEvent(ctx, *mainDb, access));
    EventIngest ingest(ctx.server(), access);
    if (ctx.method() == Delete) {
        IOTILE_CHECK(ingest.remove(event));
        return HttpResponse::noContent();
    }
    if (ctx.method() == Get)
        return HttpResponse::rawJson(eventRecord(event));

    IOTILE_TRY(value, EventController::body(ctx));
    if (!value.isObject())
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Invalid data. Expected a dictionary, but got list."));
    QJsonObject errors;
    const EventFields f = EventFields::read(value.toObject(), ctx.method() == Put, errors);
    if (!errors.isEmpty())
        return Error::fields(errors);
    // Moving an event to another stream needs the right to write there.
    if (f.stream && f.stream->toString() != event.stream)
        IOTILE_CHECK(ingest.writable(*mainDb, *f.stream));
    EventIngest::Pending p;
    p.event = event;
    f.applyTo(p.event);
    if (f.data) {
        p.event.ext = QStringLiteral("json");
        p.blob = toJsonText(*f.data);
        p.contentType = EventIngest::contentTypeOf(p.event.ext);
    }
    IOTILE_TRY(saved, ingest.update(std::move(p)));
    return HttpResponse::rawJson(eventRecord(saved));
}

} // namespace

Result<QJsonValue> EventController::body(const RequestContext &ctx)
{
    const QByteArray type = ctx.contentType();
    if (type == "application/msgpack" || type == "application/x-msgpack") {
        auto decoded = MsgpackReader::decode(QByteArrayView(ctx.body()));
        if (!decoded)
            return Error::badRequest(
                QStringLiteral("MessagePack parse error - %1").arg(decoded.errorString()));
        return std::move(decoded).value();
    }
    if (!type.isEmpty() && type != "application/json" && !type.endsWith("+json"))
        return Error::detail(
            ErrorKind::UnsupportedMediaType,
            QStringLiteral("Unsupported media type \"%1\" in request.").arg(QString::fromLatin1(type)));
    return ctx.data();
}

Result<StreamEvent> EventController::permittedEvent(RequestContext &ctx, SqlConnection &mainDb,
                                                    Access &access)
{
    bool ok = false;
    const qint64 id = ctx.capture(0).toLongLong(&ok);
    if (!ok)
        return Error::badRequest(QStringLiteral("Bad Request: Expected an integer database ID"));
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    IOTILE_TRY(found, StreamEventStore(*dataDb).byId(id));
    if (!found)
        return Error::notFound();
    if (access.isStaff())
        return *found;
    const auto slug = StreamSlug::parse(QStringView(found->stream));
    if (!slug)
        return Error::notFound();
    IOTILE_TRY(stream, ctx.server().streams().resolve(mainDb, *slug));
    if (!stream->meta)
        return Error::notFound();
    if (!stream->meta->orgId)
        return Error::forbidden();
    IOTILE_TRY(can, access.can(*stream->meta->orgId, Permission::CreateStreamData));
    if (!can)
        return Error::forbidden();
    return *found;
}

void EventController::registerRoutes(Router &router, ServerContext &server)
{
    router.add(Get, QStringLiteral("/api/v1/event/"), list);
    router.add(Post, QStringLiteral("/api/v1/event/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/event/{id}/"), detail);
    EventFileController::registerRoutes(router, server);
}

} // namespace iotile
