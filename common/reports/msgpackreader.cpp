#include "common/reports/msgpackreader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

namespace iotile {

namespace {

bool isAscii(const uchar *p, qsizetype size)
{
    uchar any = 0;
    for (qsizetype i = 0; i < size; ++i)
        any |= p[i];
    return any < 0x80;
}

// Maps up to this size are inserted directly; sorting first only pays off for larger ones.
constexpr quint32 kSmallMap = 16;

QString hexByte(uchar byte)
{
    return QStringLiteral("0x%1").arg(byte, 2, 16, QLatin1Char('0'));
}

} // namespace

MsgpackReader::MsgpackReader(QByteArrayView data, int maxDepth)
    : m_begin(reinterpret_cast<const uchar *>(data.data()))
    , m_pos(m_begin)
    , m_end(m_begin + data.size())
    , m_maxDepth(maxDepth)
{ }

ReportResult<QJsonValue> MsgpackReader::decode(QByteArrayView data, int maxDepth)
{
    if (data.isEmpty())
        return reportError(ReportErrorKind::Empty, QStringLiteral("empty msgpack document"));
    MsgpackReader reader(data, maxDepth);
    QJsonValue value;
    if (!reader.readValue(value, 0) || !reader.atEnd())
        return reader.error();
    return value;
}

ReportError MsgpackReader::error() const
{
    if (!m_error.isEmpty())
        return reportError(ReportErrorKind::Malformed, m_error);
    if (m_begin == m_end)
        return reportError(ReportErrorKind::Empty, QStringLiteral("empty msgpack document"));
    return reportError(ReportErrorKind::Malformed,
                       QStringLiteral("%1 bytes of trailing data after the msgpack document at byte %2")
                           .arg(m_end - m_pos)
                           .arg(offset()));
}

bool MsgpackReader::nextIsMap() const
{
    return m_pos < m_end && ((*m_pos >= 0x80 && *m_pos <= 0x8f) || *m_pos == 0xde || *m_pos == 0xdf);
}

bool MsgpackReader::nextIsArray() const
{
    return m_pos < m_end && ((*m_pos >= 0x90 && *m_pos <= 0x9f) || *m_pos == 0xdc || *m_pos == 0xdd);
}

bool MsgpackReader::readMapHeader(quint32 &count, int depth)
{
    if (!nextIsMap())
        return fail(QStringLiteral("expected a msgpack map at byte %1").arg(offset()));
    return readContainerHeader(true, count, depth);
}

bool MsgpackReader::readArrayHeader(quint32 &count, int depth)
{
    if (!nextIsArray())
        return fail(QStringLiteral("expected a msgpack array at byte %1").arg(offset()));
    return readContainerHeader(false, count, depth);
}

// The type byte is known to be a map or array; reads its count and checks it as readValue() would.
bool MsgpackReader::readContainerHeader(bool map, quint32 &count, int depth)
{
    const uchar type = *m_pos++;
    if ((type & 0xe0) == 0x80) {
        count = type & 0x0f;
    } else if (type == 0xdc || type == 0xde) {
        if (!need(2))
            return false;
        count = qFromBigEndian<quint16>(m_pos);
        m_pos += 2;
    } else {
        if (!need(4))
            return false;
        count = qFromBigEndian<quint32>(m_pos);
        m_pos += 4;
    }
    return checkContainer(map, count, depth);
}

bool MsgpackReader::checkContainer(bool map, quint32 count, int depth)
{
    if (depth >= m_maxDepth)
        return fail(
            QStringLiteral("msgpack nesting deeper than %1 levels at byte %2").arg(m_maxDepth).arg(offset()));
    // Each element takes at least one byte (a map entry two): a count beyond what is left is a lie, not
    // an allocation.
    if (map && qsizetype(count) > (m_end - m_pos) / 2)
        return fail(QStringLiteral("msgpack map of %1 entries at byte %2 exceeds the %3 bytes left")
                        .arg(count)
                        .arg(offset())
                        .arg(m_end - m_pos));
    if (!map && qsizetype(count) > m_end - m_pos)
        return fail(QStringLiteral("msgpack array of %1 elements at byte %2 exceeds the %3 bytes left")
                        .arg(count)
                        .arg(offset())
                        .arg(m_end - m_pos));
    return true;
}

bool MsgpackReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return false;
}

bool MsgpackReader::need(qsizetype size)
{
    if (m_end - m_pos >= size)
        return true;
    return fail(QStringLiteral("truncated msgpack: %1 bytes needed at byte %2, %3 left")
                    .arg(size)
                    .arg(offset())
                    .arg(m_end - m_pos));
}

bool MsgpackReader::readText(qsizetype size, QString &out)
{
    if (!need(size))
        return false;
    const uchar *p = m_pos;
    m_pos += size;
    if (isAscii(p, size)) {
        out = QString::fromLatin1(reinterpret_cast<const char *>(p), size);
        return true;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    out = decoder.decode(QByteArrayView(p, size));
    if (decoder.hasError())
        return fail(QStringLiteral("invalid UTF-8 in msgpack string at byte %1").arg(p - m_begin));
    return true;
}

bool MsgpackReader::readKey(QString &out)
{
    if (!need(1))
        return false;
    const uchar type = *m_pos;
    // Strings and Python 2 byte strings are keys as they are; integers are allowed as Python allows them.
    qsizetype size = -1;
    if (type >= 0xa0 && type <= 0xbf) {
        ++m_pos;
        size = type & 0x1f;
    } else if (type == 0xd9 || type == 0xc4) {
        if (!need(2))
            return false;
        size = m_pos[1];
        m_pos += 2;
    } else if (type == 0xda || type == 0xc5) {
        if (!need(3))
            return false;
        size = qFromBigEndian<quint16>(m_pos + 1);
        m_pos += 3;
    } else if (type == 0xdb || type == 0xc6) {
        if (!need(5))
            return false;
        size = qFromBigEndian<quint32>(m_pos + 1);
        m_pos += 5;
    }
    if (size >= 0)
        return readText(size, out);

    const qsizetype at = offset();
    const bool isInteger = type <= 0x7f || type >= 0xe0 || (type >= 0xcc && type <= 0xd3);
    if (!isInteger)
        return fail(
            QStringLiteral("unsupported msgpack map key type %1 at byte %2").arg(hexByte(type)).arg(at));
    QJsonValue key;
    if (!readValue(key, 0))
        return false;
    // Values beyond qint64 came back as doubles: print them from the bytes instead.
    out = type == 0xcf && key.toDouble() >= 9223372036854775808.0
        ? QString::number(qFromBigEndian<quint64>(m_pos - 8))
        : QString::number(key.toInteger());
    return true;
}

bool MsgpackReader::readKeyName(QByteArrayView &out, QByteArray &storage)
{
    const uchar *start = m_pos;
    if (!need(1))
        return false;
    const uchar type = *m_pos;
    qsizetype header = -1;
    qsizetype size = 0;
    if (type >= 0xa0 && type <= 0xbf) {
        header = 1;
        size = type & 0x1f;
    } else if ((type == 0xd9 || type == 0xc4) && m_end - m_pos >= 2) {
        header = 2;
        size = m_pos[1];
    }
    // The common case, short ASCII names, is matched in place; everything else takes readKey()'s way.
    if (header > 0 && m_end - m_pos - header >= size && isAscii(m_pos + header, size)) {
        out = QByteArrayView(m_pos + header, size);
        m_pos += header + size;
        return true;
    }
    m_pos = start;
    QString key;
    if (!readKey(key))
        return false;
    storage = key.toUtf8();
    out = storage;
    return true;
}

bool MsgpackReader::readArray(quint32 count, QJsonValue &out, int depth)
{
    if (!checkContainer(false, count, depth))
        return false;
    QJsonArray array;
    for (quint32 i = 0; i < count; ++i) {
        QJsonValue item;
        if (!readValue(item, depth + 1))
            return false;
        array.append(item);
    }
    out = array;
    return true;
}

bool MsgpackReader::readMap(quint32 count, QJsonValue &out, int depth)
{
    if (!checkContainer(true, count, depth))
        return false;
    QJsonObject object;
    if (count <= kSmallMap) {
        for (quint32 i = 0; i < count; ++i) {
            QString key;
            QJsonValue item;
            if (!readKey(key) || !readValue(item, depth + 1))
                return false;
            // A repeated key keeps the last value, as Python's dict does.
            object.insert(key, item);
        }
        out = object;
        return true;
    }
    std::vector<std::pair<QString, QJsonValue>> entries;
    for (quint32 i = 0; i < count; ++i) {
        QString key;
        QJsonValue item;
        if (!readKey(key) || !readValue(item, depth + 1))
            return false;
        entries.emplace_back(std::move(key), std::move(item));
    }
    out = makeObject(std::move(entries));
    return true;
}

QJsonObject MsgpackReader::makeObject(std::vector<std::pair<QString, QJsonValue>> entries)
{
    // QJsonObject keeps its keys sorted and inserting out of order shifts the rest.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QJsonObject object;
    for (size_t i = 0; i < entries.size(); ++i) {
        // Of repeated keys the last one wins: skip an entry when the next has the same key.
        if (i + 1 < entries.size() && entries[i + 1].first == entries[i].first)
            continue;
        object.insert(entries[i].first, entries[i].second);
    }
    return object;
}

bool MsgpackReader::readValue(QJsonValue &out, int depth)
{
    if (!need(1))
        return false;
    const qsizetype at = offset();
    const uchar type = *m_pos++;
    if (type <= 0x7f) {
        out = QJsonValue(qint64(type));
        return true;
    }
    if (type >= 0xe0) {
        out = QJsonValue(qint64(qint8(type)));
        return true;
    }
    if (type >= 0x80 && type <= 0x8f)
        return readMap(type & 0x0f, out, depth);
    if (type >= 0x90 && type <= 0x9f)
        return readArray(type & 0x0f, out, depth);
    if (type >= 0xa0 && type <= 0xbf) {
        QString text;
        if (!readText(type & 0x1f, text))
            return false;
        out = text;
        return true;
    }

    switch (type) {
    case 0xc0:
        out = QJsonValue(QJsonValue::Null);
        return true;
    case 0xc2:
    case 0xc3:
        out = QJsonValue(type == 0xc3);
        return true;
    case 0xcc:
    case 0xd0:
        if (!need(1))
            return false;
        out = QJsonValue(type == 0xcc ? qint64(m_pos[0]) : qint64(qint8(m_pos[0])));
        m_pos += 1;
        return true;
    case 0xcd:
    case 0xd1:
        if (!need(2))
            return false;
        out = QJsonValue(type == 0xcd ? qint64(qFromBigEndian<quint16>(m_pos))
                                      : qint64(qFromBigEndian<qint16>(m_pos)));
        m_pos += 2;
        return true;
    case 0xce:
    case 0xd2:
        if (!need(4))
            return false;
        out = QJsonValue(type == 0xce ? qint64(qFromBigEndian<quint32>(m_pos))
                                      : qint64(qFromBigEndian<qint32>(m_pos)));
        m_pos += 4;
        return true;
    case 0xcf: {
        if (!need(8))
            return false;
        const quint64 v = qFromBigEndian<quint64>(m_pos);
        m_pos += 8;
        // JSON values hold signed 64-bit integers; larger ones degrade to doubles.
        out = v > quint64(std::numeric_limits<qint64>::max()) ? QJsonValue(double(v)) : QJsonValue(qint64(v));
        return true;
    }
    case 0xd3:
        if (!need(8))
            return false;
        out = QJsonValue(qFromBigEndian<qint64>(m_pos));
        m_pos += 8;
        return true;
    case 0xca: {
        if (!need(4))
            return false;
        const quint32 bits = qFromBigEndian<quint32>(m_pos);
        float f;
        std::memcpy(&f, &bits, sizeof f);
        out = QJsonValue(double(f));
        m_pos += 4;
        return true;
    }
    case 0xcb: {
        if (!need(8))
            return false;
        const quint64 bits = qFromBigEndian<quint64>(m_pos);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        out = QJsonValue(d);
        m_pos += 8;
        return true;
    }
    case 0xd9:
    case 0xc4:
    case 0xda:
    case 0xc5:
    case 0xdb:
    case 0xc6: {
        // str and bin alike: Python 2 packed its strings as raw bytes.
        const int width = (type == 0xd9 || type == 0xc4) ? 1 : (type == 0xda || type == 0xc5) ? 2 : 4;
        if (!need(width))
            return false;
        const qsizetype size = width == 1 ? m_pos[0]
            : width == 2                  ? qFromBigEndian<quint16>(m_pos)
                                          : qsizetype(qFromBigEndian<quint32>(m_pos));
        m_pos += width;
        QString text;
        if (!readText(size, text))
            return false;
        out = text;
        return true;
    }
    case 0xdc:
    case 0xde: {
        if (!need(2))
            return false;
        const quint32 count = qFromBigEndian<quint16>(m_pos);
        m_pos += 2;
        return type == 0xdc ? readArray(count, out, depth) : readMap(count, out, depth);
    }
    case 0xdd:
    case 0xdf: {
        if (!need(4))
            return false;
        const quint32 count = qFromBigEndian<quint32>(m_pos);
        m_pos += 4;
        return type == 0xdd ? readArray(count, out, depth) : readMap(count, out, depth);
    }
    case 0xc7:
    case 0xc8:
    case 0xc9:
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
        return fail(
            QStringLiteral("unsupported msgpack extension type %1 at byte %2").arg(hexByte(type)).arg(at));
    default:
        break;
    }
    return fail(QStringLiteral("invalid msgpack type byte %1 at byte %2").arg(hexByte(type)).arg(at));
}

} // namespace iotile
