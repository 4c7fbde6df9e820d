#include "client/data/csvwriter.h"

#include "common/util/isotime.h"

#include <QIODevice>

#include <charconv>
#include <cmath>

namespace iotile {

namespace {
constexpr qsizetype kFlushAt = 1 << 16;
}

CsvWriter::CsvWriter(QIODevice *device)
    : m_device(device)
{
    m_buffer.reserve(kFlushAt + 1024);
}

CsvWriter::~CsvWriter()
{
    flush();
}

QByteArray CsvWriter::escape(const QString &field)
{
    QByteArray utf8 = field.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

QByteArray CsvWriter::number(double value)
{
    if (!std::isfinite(value))
        return std::isnan(value) ? QByteArrayLiteral("nan")
            : value > 0          ? QByteArrayLiteral("inf")
                                 : QByteArrayLiteral("-inf");
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QByteArray(buffer, int(result.ptr - buffer));
}

QByteArray CsvWriter::timestamp(qint64 msecsSinceEpoch)
{
    return isotime::format(msecsSinceEpoch * 1000);
}

void CsvWriter::writeRow(const QStringList &fields)
{
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            m_buffer += ',';
        m_buffer += escape(fields[i]);
    }
    m_buffer += "\r\n";
    if (m_buffer.size() >= kFlushAt)
        flush();
}

void CsvWriter::writeRawRow(const QList<QByteArray> &fields)
{
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            m_buffer += ',';
        m_buffer += fields[i];
    }
    m_buffer += "\r\n";
    if (m_buffer.size() >= kFlushAt)
        flush();
}

bool CsvWriter::flush()
{
    if (!m_buffer.isEmpty()) {
        if (m_device->write(m_buffer) != m_buffer.size())
            m_ok = false;
        m_buffer.clear();
    }
    return m_ok;
}

} // namespace iotile
