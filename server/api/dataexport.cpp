#include "server/api/dataexport.h"

#include "common/util/jsonwriter.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"

#include <QLoggingCategory>

#include <charconv>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace iotile {

namespace {

constexpr qint64 kBatch = 20000;

void appendInt(QByteArray &out, qint64 v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr - buf);
}

// The original's stream CSV: "YYYY/MM/DD HH:MM:SS".
void appendSlashedTime(QByteArray &out, qint64 micros)
{
    QByteArray iso = isotime::format(micros, isotime::Style::Seconds); // YYYY-MM-DDTHH:MM:SSZ
    iso[4] = '/';
    iso[7] = '/';
    iso[10] = ' ';
    iso.chop(1);
    out.append(iso);
}

} // namespace

DataExportStream::DataExportStream(Database &dataDb, QList<QPair<qint64, QString>> streams,
                                   std::optional<qint64> start, std::optional<qint64> end, Layout layout,
                                   std::shared_ptr<const ResolvedStream> stream)
    : m_db(dataDb)
    , m_streams(std::move(streams))
    , m_start(start)
    , m_end(end)
    , m_layout(layout)
    , m_stream(std::move(stream))
{
    if (m_start)
        m_lastTs = *m_start - 1;
    else
        m_lastTs = std::numeric_limits<qint64>::min();
    m_lastSeq = std::numeric_limits<qint64>::max();
}

void DataExportStream::setWindows(std::vector<Window> windows)
{
    m_windows = std::move(windows);
    const std::optional<qint64> start = startAt(0);
    m_lastTs = start ? *start - 1 : std::numeric_limits<qint64>::min();
}

std::optional<qint64> DataExportStream::startAt(int index) const
{
    return size_t(index) < m_windows.size() ? m_windows[size_t(index)].first : m_start;
}

std::optional<qint64> DataExportStream::endAt(int index) const
{
    return size_t(index) < m_windows.size() ? m_windows[size_t(index)].second : m_end;
}

bool DataExportStream::next(QByteArray &out, bool &failed)
{
    if (!m_headerDone) {
        m_headerDone = true;
        out.append(m_layout == Layout::Data ? QByteArray(
                       "id,stream,timestamp,device_timestamp,streamer_local_id,int_value,value,type,status\n")
                                            : QByteArray("Timestamp,Value\n"));
        if (m_streams.isEmpty())
            return false;
    }
    if (m_index >= m_streams.size())
        return false;
    auto connection = m_db.connection();
    if (!connection) {
        failed = true;
        return false;
    }
    const auto &[key, slug] = m_streams.at(m_index);
    // Keyset paging: strictly after the last (ts, seq) written; the first page starts before `start`.
    auto rows = StreamDataStore(**connection).after(key, m_lastTs, m_lastSeq, endAt(m_index), kBatch);
    if (!rows) {
        qCWarning(lcHttp).noquote() << "export failed:" << rows.error().message();
        failed = true;
        return false;
    }
    const QByteArray slugBytes = slug.toLatin1();
    out.reserve(out.size() + qsizetype(rows->size()) * 96);
    for (const DataPoint &p : *rows) {
        if (m_layout == Layout::Data) {
            appendInt(out, p.id);
            out.append(',');
            out.append(slugBytes);
            out.append(',');
            isotime::append(out, p.ts, isotime::Style::Drf);
            out.append(',');
            if (p.deviceTs)
                appendInt(out, *p.deviceTs);
            out.append(',');
            appendInt(out, p.seq);
            out.append(',');
            if (p.intValue)
                appendInt(out, *p.intValue);
            out.append(',');
            if (p.value)
                JsonWriter::appendDouble(out, *p.value);
            out.append(',');
            out.append(pointTypeName(p.type));
            out.append(',');
            out.append(pointStatusName(p.status));
        } else {
            appendSlashedTime(out, p.ts);
            out.append(',');
            if (p.value) {
                const double v =
                    m_stream && m_stream->outputMdo ? m_stream->outputMdo->compute(*p.value) : *p.value;
                JsonWriter::appendDouble(out, v);
            }
        }
        out.append('\n');
    }
    if (!rows->empty()) {
        m_lastTs = rows->back().ts;
        m_lastSeq = rows->back().seq;
    }
    if (qint64(rows->size()) < kBatch) {
        ++m_index;
        const std::optional<qint64> start = startAt(m_index);
        m_lastTs = start ? *start - 1 : std::numeric_limits<qint64>::min();
        m_lastSeq = std::numeric_limits<qint64>::max();
    }
    return m_index < m_streams.size();
}

} // namespace iotile
