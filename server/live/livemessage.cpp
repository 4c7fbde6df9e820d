#include "server/live/livemessage.h"

#include "common/slug/streamslug.h"
#include "common/util/jsonwriter.h"

#include <QJsonDocument>

namespace iotile {

namespace {

void writeHead(JsonWriter &w, const char *type, const QString &stream, CommittedBatch::Source source)
{
    w.key("type").valueLatin1(type);
    w.key("stream").value(stream);
    if (const auto slug = StreamSlug::parse(QStringView(stream))) {
        w.key("project").value(slug->recordProjectSlug());
        w.key("device").value(slug->recordDeviceSlug());
        w.key("variable").value(slug->recordVariableSlug());
    }
    w.key("source").valueLatin1(CommittedBatch::sourceName(source));
}

void writePoint(JsonWriter &w, const DataPoint &p)
{
    w.beginObject();
    if (p.id > 0)
        w.key("id").value(p.id);
    else
        w.key("id").null(); // bulk inserts (COPY) do not report ids
    w.key("timestamp").time(p.ts, isotime::Style::Drf);
    w.key("device_timestamp").optional(p.deviceTs);
    w.key("streamer_local_id").value(p.seq);
    w.key("int_value").optional(p.intValue);
    w.key("value").optional(p.value);
    w.key("type").valueLatin1(pointTypeName(p.type));
    w.key("status").valueLatin1(pointStatusName(p.status));
    w.key("dirty_ts").value(p.dirty);
    w.endObject();
}

void writeEvent(JsonWriter &w, const CommittedEvent &e)
{
    w.beginObject();
    w.key("id").value(e.id);
    w.key("timestamp").time(e.ts, isotime::Style::Drf);
    w.key("streamer_local_id").value(e.seq);
    w.key("extra_data").raw(QJsonDocument(e.extraData).toJson(QJsonDocument::Compact));
    w.endObject();
}

} // namespace

std::vector<LiveLogEntry> LiveMessage::fromBatch(const CommittedBatch &batch)
{
    std::vector<LiveLogEntry> out;
    for (const CommittedStream &s : batch.streams) {
        for (size_t start = 0; start < s.points.size(); start += kChunk) {
            LiveLogEntry e;
            e.stream = s.slug;
            e.kind = LiveLogEntry::Kind::Points;
            e.body.reserve(qsizetype(std::min(kChunk, s.points.size() - start)) * 200 + 256);
            JsonWriter w(e.body);
            w.beginObject();
            writeHead(w, "data", s.slug, batch.source);
            w.key("points").beginArray();
            for (size_t i = start; i < std::min(s.points.size(), start + kChunk); ++i)
                writePoint(w, s.points[i]);
            w.endArray();
            w.endObject();
            out.push_back(std::move(e));
        }
        for (size_t start = 0; start < s.events.size(); start += kChunk) {
            LiveLogEntry e;
            e.stream = s.slug;
            e.kind = LiveLogEntry::Kind::Events;
            JsonWriter w(e.body);
            w.beginObject();
            writeHead(w, "event", s.slug, batch.source);
            w.key("events").beginArray();
            for (size_t i = start; i < std::min(s.events.size(), start + kChunk); ++i)
                writeEvent(w, s.events[i]);
            w.endArray();
            w.endObject();
            out.push_back(std::move(e));
        }
    }
    return out;
}

QByteArray LiveMessage::withCursor(qint64 cursor, const QByteArray &body)
{
    QByteArray out;
    out.reserve(body.size() + 24);
    out.append("{\"cursor\":");
    out.append(QByteArray::number(cursor));
    if (body.size() > 2) {
        out.append(',');
        out.append(body.constData() + 1, body.size() - 1);
    } else {
        out.append('}');
    }
    return out;
}

} // namespace iotile
