#include "server/api/datacontroller.h"

#include "common/slug/streamslug.h"
#include "common/util/jsonwriter.h"
#include "server/api/dataexport.h"
#include "server/api/datatarget.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/http/deferredanswer.h"
#include "server/http/errormapping.h"
#include "server/http/httpresponse.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/batchwriter.h"
#include "server/ingest/dataingest.h"
#include "server/ingest/datapointparser.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <cstring>

namespace iotile {

namespace {

constexpr qint64 kLastnLimit = 100000;

Result<std::optional<qint64>> timeParam(const RequestContext &ctx, const QString &name)
{
    const QString text = ctx.queryValue(name);
    if (text.isEmpty())
        return std::optional<qint64>();
    const auto t = isotime::parse(text);
    if (!t)
        return Error::field(name, QStringLiteral("Enter a valid date/time."));
    return std::optional<qint64>(*t);
}

Result<std::optional<qint64>> intParam(const RequestContext &ctx, const QString &name)
{
    const QString text = ctx.queryValue(name);
    if (text.isEmpty())
        return std::optional<qint64>();
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (!ok)
        return Error::field(name, QStringLiteral("Enter a number."));
    return std::optional<qint64>(n);
}

// The stream, project, device and variable slugs of a data record, from its stream slug.
struct RecordSlugs
{
    QByteArray stream, project, device, variable;
};

const RecordSlugs &slugsOf(QHash<qint64, RecordSlugs> &cache, const QHash<qint64, QString> &streams,
                           qint64 key)
{
    auto it = cache.find(key);
    if (it != cache.end())
        return *it;
    RecordSlugs r;
    const QString text = streams.value(key);
    r.stream = text.toLatin1();
    if (const auto slug = StreamSlug::parse(QStringView(text))) {
        r.project = slug->recordProjectSlug().toLatin1();
        r.device = slug->recordDeviceSlug().toLatin1();
        r.variable = slug->recordVariableSlug().toLatin1();
    }
    return *cache.insert(key, r);
}

template<size_t N>
char *put(char *out, const char (&text)[N])
{
    std::memcpy(out, text, N - 1);
    return out + N - 1;
}

char *put(char *out, QByteArrayView text)
{
    std::memcpy(out, text.data(), size_t(text.size()));
    return out + text.size();
}

char *putString(char *out, QByteArrayView text)
{
    *out++ = '"';
    out = put(out, text);
    *out++ = '"';
    return out;
}

char *putOptional(char *out, const std::optional<qint64> &v)
{
    return v ? JsonWriter::writeInt(out, *v) : put(out, "null");
}

// One data record written in place: a page of 10,000 records is the hot path of chart clients.
void writeRecord(JsonWriter &w, const DataPoint &p, const RecordSlugs &s)
{
    const QByteArrayView type(pointTypeName(p.type)), status(pointStatusName(p.status));
    char *const start = w.room(400 + s.stream.size() + s.project.size() + s.device.size() + s.variable.size()
                               + type.size() + status.size());
    char *o = put(start, "{\"id\":");
    o = JsonWriter::writeInt(o, p.id);
    o = putString(put(o, ",\"stream\":"), s.stream);
    o = putString(put(o, ",\"project\":"), s.project);
    o = putString(put(o, ",\"device\":"), s.device);
    o = putString(put(o, ",\"variable\":"), s.variable);
    o = putString(put(o, ",\"type\":"), type);
    o = putOptional(put(o, ",\"device_timestamp\":"), p.deviceTs);
    o = put(o, ",\"timestamp\":\"");
    o = isotime::write(o, p.ts, isotime::Style::Seconds);
    o = putOptional(put(o, "\",\"int_value\":"), p.intValue);
    o = put(o, ",\"value\":");
    o = p.value ? JsonWriter::writeDouble(o, *p.value) : put(o, "null");
    o = JsonWriter::writeInt(put(o, ",\"streamer_local_id\":"), p.seq);
    o = put(o, p.dirty ? QByteArrayView(",\"dirty_ts\":true") : QByteArrayView(",\"dirty_ts\":false"));
    o = putString(put(o, ",\"status\":"), status);
    *o++ = '}';
    w.commit(o);
}

// A page of data records written in pieces. A large page goes out with chunked framing as it is written,
// so the client reads the first records while the server serialises the rest (a 10,000-record page is
// some 3 MB of JSON); a small one is written whole.
class DataPageStream final : public ResponseStream
{
public:
    static constexpr size_t kRecordsPerPiece = 1000; // about 320 kB

    DataPageStream(QByteArray head, std::vector<DataPoint> rows, QHash<qint64, QString> streams)
        : m_head(std::move(head))
        , m_rows(std::move(rows))
        , m_streams(std::move(streams))
    { }

    bool next(QByteArray &out, bool &) override
    {
        const size_t end = std::min(m_rows.size(), m_next + kRecordsPerPiece);
        out.reserve(out.size() + m_head.size() + qsizetype(end - m_next) * 330 + 4);
        if (m_next == 0) {
            out.append(m_head);
            out.append('[');
            m_head.clear();
        } else {
            out.append(',');
        }
        JsonWriter w(out); // a new writer puts no comma before its first record: the one above does
        for (; m_next < end; ++m_next)
            writeRecord(w, m_rows[m_next], slugsOf(m_slugs, m_streams, m_rows[m_next].streamId));
        if (m_next < m_rows.size())
            return true;
        out.append("]}");
        return false;
    }

private:
    QByteArray m_head;
    std::vector<DataPoint> m_rows;
    QHash<qint64, QString> m_streams;
    QHash<qint64, RecordSlugs> m_slugs;
    size_t m_next = 0;
};

StreamDataStore::Order orderingOf(const RequestContext &ctx, bool &ok)
{
    ok = true;
    const QString o = ctx.queryValue(QStringLiteral("ordering"));
    if (o.isEmpty() || o == QLatin1String("timestamp"))
        return StreamDataStore::Order::TimeAscending;
    if (o == QLatin1String("-timestamp"))
        return StreamDataStore::Order::TimeDescending;
    if (o == QLatin1String("streamer_local_id"))
        return StreamDataStore::Order::SeqAscending;
    if (o == QLatin1String("-streamer_local_id"))
        return StreamDataStore::Order::SeqDescending;
    ok = false;
    return StreamDataStore::Order::TimeAscending;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    Access access(ctx.user().get(), *mainDb);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    DataSelector selector;
    std::optional<qint64> lastn;
    IOTILE_CHECK(DataController::readRangeFilters(ctx, selector, lastn, false));
    bool orderOk = true;
    const auto order = orderingOf(ctx, orderOk);
    if (!orderOk)
        return Error::field(QStringLiteral("ordering"), QStringLiteral("Unknown ordering."));
    const QString filter = ctx.queryValue(QStringLiteral("filter"));
    IOTILE_TRY(target,
               DataTarget::fromFilter(ctx, *mainDb, *dataDb, access, filter, Permission::ReadStreamData));
    if (ctx.queryFlag(QStringLiteral("mask")) && !filter.startsWith(QLatin1String("v--")))
        IOTILE_CHECK(target.applyMask(*mainDb));
    const std::optional<qint64> start = selector.start, end = selector.end;
    if (!target.empty) {
        const DataSelector base = target.selector;
        target.selector = selector;
        target.selector.key = base.key;
        target.selector.slugPattern = base.slugPattern;
        target.selector.slices = base.slices; // a-- (stream aliases)
        if (base.start)
            target.selector.start = start ? std::max(*start, *base.start) : *base.start;
        if (base.end)
            target.selector.end = end ? std::min(*end, *base.end) : *base.end;
    }
    if (ctx.queryValue(QStringLiteral("format")) == QLatin1String("csv")) {
        QList<QPair<qint64, QString>> streams;
        if (!target.empty)
            for (auto it = target.slugs.cbegin(); it != target.slugs.cend(); ++it)
                streams.append({it.key(), it.value()});
        std::sort(streams.begin(), streams.end(),
                  [](const auto &a, const auto &b) { return a.second < b.second; });
        // A stream alias exports its slices in time order, each within its own window.
        std::vector<DataExportStream::Window> windows;
        if (!target.selector.slices.empty()) {
            streams.clear();
            for (const KeySlice &slice : target.selector.slices) {
                streams.append({slice.key, target.slugs.value(slice.key)});
                const std::optional<qint64> &from = target.selector.start;
                const std::optional<qint64> &to = target.selector.end;
                windows.push_back({from ? std::max(*from, slice.start) : slice.start,
                                   slice.end ? (to ? std::min(*to, *slice.end) : *slice.end) : to});
            }
        }
        auto stream = std::make_shared<DataExportStream>(ctx.server().dataDb(), streams,
                                                         target.selector.start, target.selector.end,
                                                         DataExportStream::Layout::Data, target.stream);
        if (!windows.empty())
            stream->setWindows(std::move(windows));
        HttpResponse r = HttpResponse::stream(stream, QByteArrayLiteral("text/csv; charset=utf-8"));
        r.addHeader("Content-Disposition", "attachment; filename=\"data.csv\"");
        return r;
    }
    StreamDataStore store(*dataDb);
    std::vector<DataPoint> rows;
    IOTILE_TRY(count,
               DataController::readPage(store, target.selector, lastn, order, page, target.empty, rows));
    QByteArray head = page.envelopeHead(ctx, count);
    if (rows.size() > DataPageStream::kRecordsPerPiece)
        return HttpResponse::stream(
            std::make_shared<DataPageStream>(std::move(head), std::move(rows), target.slugs),
            QByteArrayLiteral("application/json"));
    DataPageStream whole(std::move(head), std::move(rows), target.slugs);
    QByteArray body;
    bool failed = false;
    while (whole.next(body, failed)) { }
    return HttpResponse::rawJson(std::move(body));
}

Result<HttpResponse> create(RequestContext &ctx)
{
    const QByteArray type = ctx.contentType();
    if (!type.isEmpty() && type != "application/json")
        return Error::detail(
            ErrorKind::UnsupportedMediaType,
            QStringLiteral("Unsupported media type \"%1\" in request.").arg(QString::fromLatin1(type)));
    IOTILE_TRY(batch, DataPointParser::parse(ctx.body()));
    IOTILE_TRY(mainDb, ctx.db());
    Access access(ctx.user().get(), *mainDb);
    DataIngest ingest(ctx.server(), access);
    if (BatchWriter *writer = ctx.server().batchWriter(); writer && batch.isList) {
        // Checked here; written with whatever other posts queue up meanwhile (group commit), and answered
        // once committed. This thread goes on with the next request in the meantime.
        IOTILE_TRY(prepared, ingest.prepare(batch));
        auto shared = std::make_shared<PreparedBatch>(std::move(prepared));
        auto answer = std::make_shared<DeferredAnswer>();
        ServerContext &server = ctx.server();
        writer->submit(shared, [answer, shared, &server](Status written) {
            answer->complete([written, shared, &server]() -> HttpResponse {
                if (!written)
                    return errorResponse(written.error());
                DataIngest::notify(server, *shared);
                return HttpResponse::json(
                    QJsonObject {{QStringLiteral("count"), double(shared->points.size())}}, 201);
            });
        });
        return HttpResponse::deferred(answer);
    }
    IOTILE_TRY(outcome, ingest.ingest(batch));
    if (!batch.isList) {
        QByteArray body;
        JsonWriter w(body);
        RecordSlugs slugs;
        const QString text = outcome.singleStream->text;
        slugs.stream = text.toLatin1();
        slugs.project = outcome.singleStream->slug.recordProjectSlug().toLatin1();
        slugs.device = outcome.singleStream->slug.recordDeviceSlug().toLatin1();
        slugs.variable = outcome.singleStream->slug.recordVariableSlug().toLatin1();
        writeRecord(w, *outcome.single, slugs);
        return HttpResponse::rawJson(std::move(body), 201);
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("count"), double(outcome.posted)}}, 201);
}

// /data/<id>/: staff only, as in the original (owners included are refused).
Result<std::pair<DataPoint, QString>> staffPoint(RequestContext &ctx, SqlConnection &dataDb)
{
    bool ok = false;
    const qint64 id = ctx.capture(0).toLongLong(&ok);
    if (!ok)
        return Error::badRequest(QStringLiteral("Bad Request: Expected an integer database ID"));
    StreamDataStore store(dataDb);
    IOTILE_TRY(point, store.byId(id));
    if (!point)
        return Error::notFound();
    if (!ctx.isStaff())
        return Error::forbidden();
    SqlQuery q = dataDb.query("SELECT slug FROM stream_keys WHERE id = ?");
    q.bind(point->streamId);
    IOTILE_CHECK(q.exec());
    return std::make_pair(*point, q.next() ? q.text(0) : QString());
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    IOTILE_TRY(found, staffPoint(ctx, *dataDb));
    auto [point, slug] = found;
    StreamDataStore store(*dataDb);
    if (ctx.method() == Delete) {
        // The row and the rollups it counted in go together.
        Transaction tx(*dataDb);
        IOTILE_CHECK(tx.started());
        IOTILE_CHECK(store.removeById(point.id));
        IOTILE_CHECK(tx.commit());
        return HttpResponse::noContent();
    }
    if (ctx.method() == Put || ctx.method() == Patch) {
        IOTILE_TRY(body, ctx.dataObject());
        QJsonObject errors;
        if (body.contains(QStringLiteral("int_value"))) {
            const QJsonValue v = body.value(QStringLiteral("int_value"));
            if (v.isNull())
                point.intValue.reset();
            else if (v.isDouble())
                point.intValue = qint64(v.toDouble());
            else
                errors.insert(QStringLiteral("int_value"),
                              QJsonArray {QStringLiteral("A valid integer is required.")});
        }
        if (body.contains(QStringLiteral("value"))) {
            const QJsonValue v = body.value(QStringLiteral("value"));
            if (v.isNull())
                point.value.reset();
            else if (v.isDouble())
                point.value = v.toDouble();
            else
                errors.insert(QStringLiteral("value"),
                              QJsonArray {QStringLiteral("A valid number is required.")});
        }
        if (body.contains(QStringLiteral("timestamp"))) {
            const auto t = isotime::parse(body.value(QStringLiteral("timestamp")).toString());
            if (!t)
                errors.insert(QStringLiteral("timestamp"),
                              QJsonArray {QStringLiteral("Datetime has wrong format.")});
            else
                point.ts = *t;
        }
        if (body.contains(QStringLiteral("status"))) {
            const auto s = pointStatusFromName(body.value(QStringLiteral("status")).toString().toLatin1());
            if (!s)
                errors.insert(QStringLiteral("status"), QJsonArray {QStringLiteral("Not a valid choice.")});
            else
                point.status = *s;
        }
        if (body.contains(QStringLiteral("dirty_ts")))
            point.dirty = body.value(QStringLiteral("dirty_ts")).toBool();
        if (!errors.isEmpty())
            return Error::fields(errors);
        // A new time may fall in a month with no partition yet (made outside the transaction, as ingest
        // does); the row, its rollups and the note of its id change together.
        IOTILE_CHECK(store.ensurePartitions({point.ts}));
        Transaction tx(*dataDb);
        IOTILE_CHECK(tx.started());
        IOTILE_CHECK(store.updateValues(point));
        IOTILE_CHECK(tx.commit());
    }
    QByteArray body;
    JsonWriter w(body);
    QHash<qint64, RecordSlugs> cache;
    QHash<qint64, QString> streams {{point.streamId, slug}};
    writeRecord(w, point, slugsOf(cache, streams, point.streamId));
    return HttpResponse::rawJson(std::move(body));
}

} // namespace

Result<qint64> DataController::readPage(StreamDataStore &store, const DataSelector &selector,
                                        std::optional<qint64> lastn, StreamDataStore::Order order,
                                        PageRequest &page, bool empty, std::vector<DataPoint> &rows)
{
    if (lastn && page.isFirst() && page.limit() >= *lastn) {
        // The last n on one page (a chart's usual read): the page holds them all and is the count. A count
        // of its own would be another statement whenever points came in since the last (any write drops
        // the cached counts), as they do on the streams people watch.
        if (!empty) {
            IOTILE_TRY(fetched, store.fetch(selector, lastn, order, 0, page.limit()));
            rows = std::move(fetched);
        }
        IOTILE_CHECK(page.validate(qint64(rows.size())));
        return qint64(rows.size());
    }
    qint64 count = 0;
    if (!empty) {
        IOTILE_TRY(n, store.count(selector, lastn));
        count = n;
    }
    IOTILE_CHECK(page.validate(count));
    if (count > 0) {
        IOTILE_TRY(fetched, store.fetch(selector, lastn, order, page.offset(), page.limit()));
        rows = std::move(fetched);
    }
    return count;
}

Status DataController::readRangeFilters(const RequestContext &ctx, DataSelector &s,
                                        std::optional<qint64> &lastn, bool clampLastn)
{
    IOTILE_TRY(start, timeParam(ctx, QStringLiteral("start")));
    IOTILE_TRY(end, timeParam(ctx, QStringLiteral("end")));
    IOTILE_TRY(exact, timeParam(ctx, QStringLiteral("timestamp")));
    s.start = start;
    s.end = end;
    s.timestamp = exact;
    struct IntFilter
    {
        const char *name;
        std::optional<qint64> DataSelector::*member;
    };
    static constexpr IntFilter kFilters[] = {
        {"id_min", &DataSelector::idMin},
        {"id_max", &DataSelector::idMax},
        {"id_0", &DataSelector::idMin},
        {"id_1", &DataSelector::idMax},
        {"streamer_id_min", &DataSelector::seqMin},
        {"streamer_id_max", &DataSelector::seqMax},
        {"streamer_id_0", &DataSelector::seqMin},
        {"streamer_id_1", &DataSelector::seqMax},
        {"streamer_ts_min", &DataSelector::deviceTsMin},
        {"streamer_ts_max", &DataSelector::deviceTsMax},
    };
    for (const IntFilter &f : kFilters) {
        IOTILE_TRY(v, intParam(ctx, QLatin1String(f.name)));
        if (v)
            s.*(f.member) = v;
    }
    IOTILE_TRY(n, intParam(ctx, QStringLiteral("lastn")));
    if (n) {
        if (clampLastn) {
            lastn = std::clamp<qint64>(*n, 1, kLastnLimit);
        } else {
            if (*n < 1)
                return Error::bareList(QStringLiteral("lastn must be greater than 0"));
            if (*n > kLastnLimit)
                return Error::bareList(QStringLiteral("lastn limit is 100000"));
            lastn = *n;
        }
    }
    return Ok {};
}

void DataController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/data/"), list);
    router.add(Post, QStringLiteral("/api/v1/data/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/data/{id}/"), detail);
}

} // namespace iotile
