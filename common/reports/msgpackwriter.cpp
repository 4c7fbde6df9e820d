#include "common/reports/msgpackwriter.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>

#include <cstring>

namespace iotile {

void MsgpackWriter::writeBigEndian(uchar type, quint64 value, int size)
{
    writeByte(type);
    for (int shift = (size - 1) * 8; shift >= 0; shift -= 8)
        writeByte(uchar(value >> shift));
}

void MsgpackWriter::writeNil()
{
    writeByte(0xc0);
}

void MsgpackWriter::writeBool(bool value)
{
    writeByte(value ? 0xc3 : 0xc2);
}

void MsgpackWriter::writeUnsigned(quint64 value)
{
    if (value <= 0x7f)
        writeByte(uchar(value));
    else if (value <= 0xff)
        writeBigEndian(0xcc, value, 1);
    else if (value <= 0xffff)
        writeBigEndian(0xcd, value, 2);
    else if (value <= 0xffffffffu)
        writeBigEndian(0xce, value, 4);
    else
        writeBigEndian(0xcf, value, 8);
}

void MsgpackWriter::writeInteger(qint64 value)
{
    if (value >= 0) {
        writeUnsigned(quint64(value));
    } else if (value >= -32) {
        writeByte(uchar(qint8(value)));
    } else if (value >= -128) {
        writeBigEndian(0xd0, quint64(value), 1);
    } else if (value >= -32768) {
        writeBigEndian(0xd1, quint64(value), 2);
    } else if (value >= -2147483648LL) {
        writeBigEndian(0xd2, quint64(value), 4);
    } else {
        writeBigEndian(0xd3, quint64(value), 8);
    }
}

void MsgpackWriter::writeFloat(float value)
{
    quint32 bits;
    std::memcpy(&bits, &value, sizeof bits);
    writeBigEndian(0xca, bits, 4);
}

void MsgpackWriter::writeDouble(double value)
{
    quint64 bits;
    std::memcpy(&bits, &value, sizeof bits);
    writeBigEndian(0xcb, bits, 8);
}

void MsgpackWriter::writeRaw(uchar fix, uchar type8, uchar type16, uchar type32, QByteArrayView bytes)
{
    const quint64 size = quint64(bytes.size());
    if (fix != 0 && size <= 31)
        writeByte(uchar(fix | size));
    else if (size <= 0xff)
        writeBigEndian(type8, size, 1);
    else if (size <= 0xffff)
        writeBigEndian(type16, size, 2);
    else
        writeBigEndian(type32, size, 4);
    m_buffer.append(bytes);
}

void MsgpackWriter::writeString(QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    if (m_strings == StringEncoding::Bin)
        writeRaw(0, 0xc4, 0xc5, 0xc6, utf8);
    else
        writeRaw(0xa0, 0xd9, 0xda, 0xdb, utf8);
}

void MsgpackWriter::writeString(QLatin1StringView text)
{
    // Latin-1 equals UTF-8 only for ASCII (all the report keys): that case skips the conversion.
    const QByteArrayView bytes(text.data(), text.size());
    for (const char c : bytes) {
        if (uchar(c) >= 0x80) {
            writeString(QString(text));
            return;
        }
    }
    if (m_strings == StringEncoding::Bin)
        writeRaw(0, 0xc4, 0xc5, 0xc6, bytes);
    else
        writeRaw(0xa0, 0xd9, 0xda, 0xdb, bytes);
}

void MsgpackWriter::writeBinary(QByteArrayView bytes)
{
    writeRaw(0, 0xc4, 0xc5, 0xc6, bytes);
}

void MsgpackWriter::writeArrayHeader(quint32 count)
{
    if (count <= 15)
        writeByte(uchar(0x90 | count));
    else if (count <= 0xffff)
        writeBigEndian(0xdc, count, 2);
    else
        writeBigEndian(0xdd, count, 4);
}

void MsgpackWriter::writeMapHeader(quint32 count)
{
    if (count <= 15)
        writeByte(uchar(0x80 | count));
    else if (count <= 0xffff)
        writeBigEndian(0xde, count, 2);
    else
        writeBigEndian(0xdf, count, 4);
}

void MsgpackWriter::writeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        writeNil();
        return;
    case QJsonValue::Bool:
        writeBool(value.toBool());
        return;
    case QJsonValue::Double: {
        // Qt 6 JSON values cannot keep 5.0 apart from 5: integral numbers are written as integers,
        // exact beyond 2^53 (QCborValue reads the stored integer).
        const QCborValue cbor = QCborValue::fromJsonValue(value);
        if (cbor.isInteger())
            writeInteger(cbor.toInteger());
        else
            writeDouble(value.toDouble());
        return;
    }
    case QJsonValue::String:
        writeString(value.toString());
        return;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        writeArrayHeader(quint32(array.size()));
        for (const QJsonValue &item : array)
            writeValue(item);
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        writeMapHeader(quint32(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it) {
            writeString(it.key());
            writeValue(it.value());
        }
        return;
    }
    }
}

QByteArray MsgpackWriter::encode(const QJsonValue &value, StringEncoding strings)
{
    MsgpackWriter writer(strings);
    writer.writeValue(value);
    return writer.take();
}

} // namespace iotile
