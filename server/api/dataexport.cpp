#include "server/api/dataexport.h"

#include "common/util/jsonwriter.h"
#include "server/store/database.h"
#include "server/store/streamscanner.h"

#include <QLoggingCategory>

#include <charconv>
#include <cstring>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace iotile {

namespace {

char *writeInt(char *p, qint64 v)
{
    return std::to_chars(p, p + 21, v).ptr;
}

char *writeText(char *p, QByteArrayView text)
{
    std::memcpy(p, text.data(), size_t(std::min<qsizetype>(text.size(), 30)));
    return p + std::min<qsizetype>(text.size(), 30);
}

// The original's stream CSV: "YYYY/MM/DD HH:MM:SS".
char *writeSlashedTime(char *p, qint64 micros)
{
    char *end = isotime::write(p, micros, isotime::Style::Seconds); // YYYY-MM-DDTHH:MM:SSZ
    p[4] = '/';
    p[7] = '/';
    p[10] = ' ';
    return end - 1;
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
{ }

DataExportStream::~DataExportStream() = default;

void DataExportStream::setWindows(std::vector<Window> windows)
{
    m_windows = std::move(windows);
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
    if (!m_scanner)
        m_scanner = std::make_unique<StreamScanner>(key, startAt(m_index), endAt(m_index));
    const QByteArray slugBytes = slug.toLatin1();
    auto more = m_scanner->next(**connection,
                                [&](const std::vector<DataPoint> &rows) { write(rows, slugBytes, out); });
    if (!more) {
        qCWarning(lcHttp).noquote() << "export failed:" << more.error().message();
        failed = true;
        return false;
    }
    if (!*more) {
        m_scanner.reset();
        ++m_index;
    }
    return m_index < m_streams.size();
}

void DataExportStream::write(const std::vector<DataPoint> &rows, const QByteArray &slugBytes,
                             QByteArray &out) const
{
    // Rows are written straight into room reserved at the end of `out` (an append per field, through
    // QByteArray::insert, cost more than reading the row), which is then cut back to what was written.
    const qsizetype lineMax =
        2 * isotime::kMaxLength + 6 * 21 + JsonWriter::kMaxDoubleLength + 32 + slugBytes.size();
    const qsizetype start = out.size();
    out.resize(start + qsizetype(rows.size()) * lineMax);
    char *p = out.data() + start;
    for (const DataPoint &point : rows) {
        if (m_layout == Layout::Data) {
            p = writeInt(p, point.id);
            *p++ = ',';
            std::memcpy(p, slugBytes.constData(), size_t(slugBytes.size()));
            p += slugBytes.size();
            *p++ = ',';
            p = isotime::write(p, point.ts, isotime::Style::Drf);
            *p++ = ',';
            if (point.deviceTs)
                p = writeInt(p, *point.deviceTs);
            *p++ = ',';
            p = writeInt(p, point.seq);
            *p++ = ',';
            if (point.intValue)
                p = writeInt(p, *point.intValue);
            *p++ = ',';
            if (point.value)
                p = JsonWriter::writeDouble(p, *point.value);
            *p++ = ',';
            p = writeText(p, pointTypeName(point.type));
            *p++ = ',';
            p = writeText(p, pointStatusName(point.status));
        } else {
            p = writeSlashedTime(p, point.ts);
            *p++ = ',';
            if (point.value) {
                const double v = m_stream && m_stream->outputMdo ? m_stream->outputMdo->compute(*point.value)
                                                                 : *point.value;
                p = JsonWriter::writeDouble(p, v);
            }
        }
        *p++ = '\n';
    }
    out.truncate(p - out.constData());
}

} // namespace iotile
