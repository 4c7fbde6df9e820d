#include "server/live/livemessage.h"

#include "common/slug/streamslug.h"
#include "common/util/jsonwriter.h"

#include <QJsonDocument>

#include <charconv>
#include <cstring>
#include <limits>

namespace iotile {

namespace {

void writeHead(JsonWriter &w, const char *type, const QString &stream, QByteArrayView source)
{
    w.key("type").valueLatin1(type);
    w.key("stream").value(stream);
    if (const auto slug = StreamSlug::parse(QStringView(stream))) {
        w.key("project").value(slug->recordProjectSlug());
        w.key("device").value(slug->recordDeviceSlug());
        w.key("variable").value(slug->recordVariableSlug());
    }
    w.key("source").valueLatin1(source);
}

constexpr QByteArrayView kCompactTag = "~1 ";
// Five integers of at most 20 characters, a double, three digits, eight commas and the newline.
constexpr int kMaxCompactLine = 5 * 20 + JsonWriter::kMaxDoubleLength + 3 + 8 + 1;

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

char *writeOptional(char *out, const std::optional<qint64> &v)
{
    return v ? JsonWriter::writeInt(out, *v) : out;
}

// One point as a line of the compact form (see livemessage.h), at most kMaxCompactLine characters.
char *writeCompact(char *out, const DataPoint &p, const DataPoint &previous)
{
    if (p.id > 0)
        out = JsonWriter::writeInt(out, p.id);
    *out++ = ',';
    out = JsonWriter::writeInt(out, p.ts - previous.ts);
    *out++ = ',';
    out = writeOptional(out, p.deviceTs);
    *out++ = ',';
    out = JsonWriter::writeInt(out, p.seq - previous.seq);
    *out++ = ',';
    out = writeOptional(out, p.intValue);
    *out++ = ',';
    if (p.value)
        out = JsonWriter::writeDouble(out, *p.value);
    *out++ = ',';
    *out++ = char('0' + int(p.type));
    *out++ = ',';
    *out++ = char('0' + int(p.status));
    *out++ = ',';
    *out++ = p.dirty ? '1' : '0';
    *out++ = '\n';
    return out;
}

// Reads the compact lines back. A line that does not parse ends the entry (the log is written only by
// fromBatch, so that would be a damaged row): what came before it is kept.
class CompactReader
{
public:
    explicit CompactReader(QByteArrayView lines)
        : m_p(lines.data())
        , m_end(lines.data() + lines.size())
    { }

    bool next(DataPoint &p)
    {
        if (m_p >= m_end)
            return false;
        Field id, ts, deviceTs, seq, intValue, value, type, status, dirty;
        if (!integer(id, ',') || !integer(ts, ',') || !ts.set || !integer(deviceTs, ',') || !integer(seq, ',')
            || !seq.set || !integer(intValue, ',') || !real(value) || !integer(type, ',') || !type.set
            || type.integer > int(PointType::PE) || !integer(status, ',') || !status.set
            || status.integer > int(PointStatus::Utc) || !integer(dirty, '\n') || !dirty.set) {
            m_p = m_end;
            return false;
        }
        p.id = id.integer;
        p.ts += ts.integer;
        p.seq += seq.integer;
        p.deviceTs = deviceTs.set ? std::optional<qint64>(deviceTs.integer) : std::nullopt;
        p.intValue = intValue.set ? std::optional<qint64>(intValue.integer) : std::nullopt;
        p.value = value.set ? std::optional<double>(value.real) : std::nullopt;
        p.type = PointType(type.integer);
        p.status = PointStatus(status.integer);
        p.dirty = dirty.integer != 0;
        return true;
    }

private:
    struct Field
    {
        bool set = false; // an empty field is null
        qint64 integer = 0;
        double real = 0;
    };

    // A field up to `separator`; false when it is neither empty nor a whole integer.
    bool integer(Field &out, char separator)
    {
        const char *stop = static_cast<const char *>(std::memchr(m_p, separator, size_t(m_end - m_p)));
        if (!stop)
            return false;
        if (stop != m_p) {
            const auto [ptr, ec] = std::from_chars(m_p, stop, out.integer);
            if (ec != std::errc() || ptr != stop)
                return false;
            out.set = true;
        }
        m_p = stop + 1;
        return true;
    }

    bool real(Field &out)
    {
        const char *stop = static_cast<const char *>(std::memchr(m_p, ',', size_t(m_end - m_p)));
        if (!stop)
            return false;
        if (QByteArrayView(m_p, stop - m_p) == "null") {
            out.real = std::numeric_limits<double>::quiet_NaN(); // written for a non-finite value
            out.set = true;
        } else if (stop != m_p) {
            const auto [ptr, ec] = std::from_chars(m_p, stop, out.real);
            if (ec != std::errc() || ptr != stop)
                return false;
            out.set = true;
        }
        m_p = stop + 1;
        return true;
    }

    const char *m_p;
    const char *m_end;
};

QByteArray withCursor(qint64 cursor, const QByteArray &body)
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
            const size_t stop = std::min(s.points.size(), start + kChunk);
            e.body.reserve(qsizetype(stop - start) * 48 + 16);
            e.body.append(kCompactTag);
            e.body.append(CommittedBatch::sourceName(batch.source));
            e.body.append('\n');
            DataPoint previous;
            char line[kMaxCompactLine];
            for (size_t i = start; i < stop; ++i) {
                e.body.append(line, writeCompact(line, s.points[i], previous) - line);
                previous = s.points[i];
            }
            out.push_back(std::move(e));
        }
        for (size_t start = 0; start < s.events.size(); start += kChunk) {
            LiveLogEntry e;
            e.stream = s.slug;
            e.kind = LiveLogEntry::Kind::Events;
            JsonWriter w(e.body);
            w.beginObject();
            writeHead(w, "event", s.slug, CommittedBatch::sourceName(batch.source));
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

QByteArray LiveMessage::render(const LiveLogEntry &entry)
{
    const QByteArrayView body(entry.body);
    if (!body.startsWith(kCompactTag))
        return withCursor(entry.cursor, entry.body);
    const qsizetype headEnd = body.indexOf('\n');
    if (headEnd < 0)
        return withCursor(entry.cursor, "{}");
    const QByteArrayView source = body.sliced(kCompactTag.size(), headEnd - kCompactTag.size());
    QByteArray out;
    out.reserve((body.size() - headEnd) * 6 + 256);
    JsonWriter w(out);
    w.beginObject();
    w.key("cursor").value(entry.cursor);
    writeHead(w, "data", entry.stream, source);
    w.key("points").beginArray();
    CompactReader reader(body.sliced(headEnd + 1));
    DataPoint p;
    while (reader.next(p))
        writePoint(w, p);
    w.endArray();
    w.endObject();
    return out;
}

} // namespace iotile
