#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QStringView>

#include <utility>

namespace iotile {

// msgpack encoder writing the smallest encodings, as Python's msgpack does (unsigned types for
// non-negative integers, float64 for floats); strings can be written as bin to make Python-2-style files.
class MsgpackWriter final
{
public:
    enum class StringEncoding {
        Str,
        Bin,
    };

    explicit MsgpackWriter(StringEncoding strings = StringEncoding::Str)
        : m_strings(strings)
    { }

    void writeNil();
    void writeBool(bool value);
    void writeInteger(qint64 value);
    void writeUnsigned(quint64 value);
    void writeFloat(float value);
    void writeDouble(double value);
    void writeString(QStringView text);
    void writeString(QLatin1StringView text);
    void writeBinary(QByteArrayView bytes);
    void writeArrayHeader(quint32 count);
    void writeMapHeader(quint32 count);
    // Integral numbers are written as integers, others as float64 (a JSON value cannot say 5.0; use
    // writeDouble() for that).
    void writeValue(const QJsonValue &value);

    const QByteArray &data() const { return m_buffer; }
    QByteArray take() { return std::exchange(m_buffer, {}); }
    void reserve(qsizetype size) { m_buffer.reserve(size); }

    static QByteArray encode(const QJsonValue &value, StringEncoding strings = StringEncoding::Str);

private:
    void writeByte(uchar byte) { m_buffer.append(char(byte)); }
    void writeBigEndian(uchar type, quint64 value, int size);
    void writeRaw(uchar fix, uchar type8, uchar type16, uchar type32, QByteArrayView bytes);

    QByteArray m_buffer;
    StringEncoding m_strings = StringEncoding::Str;
};

} // namespace iotile
