#pragma once

#include "common/reports/reportresult.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>

#include <utility>
#include <vector>

namespace iotile {

// Strict, bounded msgpack decoder into JSON values: never reads past the input, checks every length
// against the bytes left before allocating, limits nesting, rejects extension types and trailing bytes.
// bin is decoded like str (UTF-8) because Python 2 packers wrote strings that way; integer map keys
// become decimal strings. Besides decode(), a pull interface lets a caller walk a known layout (the
// flexible dictionary's item lists) without building a JSON object per item; both give the same errors.
class MsgpackReader final
{
public:
    static constexpr int kDefaultMaxDepth = 64;

    static ReportResult<QJsonValue> decode(QByteArrayView data, int maxDepth = kDefaultMaxDepth);

    explicit MsgpackReader(QByteArrayView data, int maxDepth = kDefaultMaxDepth);

    bool atEnd() const { return m_pos == m_end; }
    bool nextIsMap() const;
    bool nextIsArray() const;
    // depth = nesting level of the container itself (0 for the document), as decode() counts it.
    bool readMapHeader(quint32 &count, int depth);
    bool readArrayHeader(quint32 &count, int depth);
    bool readKey(QString &out);
    // A key as UTF-8 bytes: short ASCII str/bin keys as a view into the input (no QString made), any
    // other key read and checked as readKey() does and converted into storage.
    bool readKeyName(QByteArrayView &out, QByteArray &storage);
    bool readValue(QJsonValue &out, int depth);
    // The first error met, or the trailing data error when called after a complete document.
    ReportError error() const;

    // A JSON object from map entries in any order, the last of repeated keys winning; sorts first, as
    // inserting out of order costs quadratic time on a large hostile map.
    static QJsonObject makeObject(std::vector<std::pair<QString, QJsonValue>> entries);

private:
    bool readArray(quint32 count, QJsonValue &out, int depth);
    bool readMap(quint32 count, QJsonValue &out, int depth);
    bool readContainerHeader(bool map, quint32 &count, int depth);
    bool checkContainer(bool map, quint32 count, int depth);
    bool readText(qsizetype size, QString &out);
    bool need(qsizetype size);
    bool fail(const QString &message);
    qsizetype offset() const { return m_pos - m_begin; }

    const uchar *m_begin = nullptr;
    const uchar *m_pos = nullptr;
    const uchar *m_end = nullptr;
    int m_maxDepth = kDefaultMaxDepth;
    QString m_error;
};

} // namespace iotile
