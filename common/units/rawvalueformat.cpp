#include "common/units/rawvalueformat.h"

#include <bit>
#include <cmath>

namespace iotile {

namespace {

constexpr qint64 kClamp = 0x7fffffff;

struct FormatCode
{
    char code;
    quint8 size;
    quint8 alignment; // native mode only
    bool value; // produces an item (false for the 'x' pad byte)
};

// CPython's native table on LP64 (the original ran on 64-bit Linux) and its standard-size table.
constexpr FormatCode kNative[] = {
    {'x', 1, 1, false}, {'c', 1, 1, true}, {'b', 1, 1, true}, {'B', 1, 1, true}, {'?', 1, 1, true},
    {'h', 2, 2, true},  {'H', 2, 2, true}, {'i', 4, 4, true}, {'I', 4, 4, true}, {'l', 8, 8, true},
    {'L', 8, 8, true},  {'q', 8, 8, true}, {'Q', 8, 8, true}, {'n', 8, 8, true}, {'N', 8, 8, true},
    {'e', 2, 2, true},  {'f', 4, 4, true}, {'d', 8, 8, true}, {'s', 1, 1, true}, {'p', 1, 1, true},
    {'P', 8, 8, true},
};
constexpr FormatCode kStandard[] = {
    {'x', 1, 0, false}, {'c', 1, 0, true}, {'b', 1, 0, true}, {'B', 1, 0, true}, {'?', 1, 0, true},
    {'h', 2, 0, true},  {'H', 2, 0, true}, {'i', 4, 0, true}, {'I', 4, 0, true}, {'l', 4, 0, true},
    {'L', 4, 0, true},  {'q', 8, 0, true}, {'Q', 8, 0, true}, {'e', 2, 0, true}, {'f', 4, 0, true},
    {'d', 8, 0, true},  {'s', 1, 0, true}, {'p', 1, 0, true},
};

template<size_t N>
const FormatCode *findCode(const FormatCode (&table)[N], char16_t c)
{
    for (const FormatCode &entry : table) {
        if (char16_t(entry.code) == c)
            return &entry;
    }
    return nullptr;
}

// Py_ISSPACE: what struct skips between codes.
bool isStructSpace(char16_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
}

double halfToDouble(quint16 bits)
{
    const int exponent = (bits >> 10) & 0x1f;
    const int mantissa = bits & 0x3ff;
    double magnitude = 0.0;
    if (exponent == 0)
        magnitude = std::ldexp(static_cast<double>(mantissa), -24);
    else if (exponent == 31)
        magnitude = mantissa == 0 ? HUGE_VAL : std::nan("");
    else
        magnitude = std::ldexp(static_cast<double>(mantissa | 0x400), exponent - 25);
    return (bits & 0x8000) ? -magnitude : magnitude;
}

} // namespace

RawValueFormat RawValueFormat::compile(QStringView format)
{
    RawValueFormat result;
    result.m_text = format.toString();
    if (format == u"<L" || format == u"auto")
        return result;
    result.m_kind = Kind::Unusable;

    // CPython's prepare_s(), reduced to what decides the outcome for a 4-byte buffer: the total size,
    // the number of values and where the single value sits.
    qsizetype pos = 0;
    bool native = true;
    bool bigEndian = false;
    if (!format.isEmpty()) {
        switch (format.front().unicode()) {
        case '@':
            ++pos;
            break;
        case '=':
        case '<':
            native = false;
            ++pos;
            break;
        case '>':
        case '!':
            native = false;
            bigEndian = true;
            ++pos;
            break;
        default:
            break;
        }
    }
    constexpr qint64 kTooBig = 1 << 20; // any count this large already overflows a 4-byte buffer
    qint64 size = 0;
    qint64 items = 0;
    const FormatCode *valueCode = nullptr;
    qint64 valueOffset = 0;
    while (pos < format.size()) {
        char16_t c = format.at(pos++).unicode();
        if (isStructSpace(c))
            continue;
        qint64 count = 1;
        if (c >= '0' && c <= '9') {
            count = c - '0';
            while (pos < format.size() && format.at(pos).unicode() >= '0'
                   && format.at(pos).unicode() <= '9') {
                count = qMin(kTooBig, count * 10 + (format.at(pos).unicode() - '0'));
                ++pos;
            }
            if (pos >= format.size())
                return result; // repeat count without a format character
            c = format.at(pos++).unicode();
        }
        const FormatCode *code = native ? findCode(kNative, c) : findCode(kStandard, c);
        if (!code)
            return result; // bad char in struct format
        if (native && code->alignment > 1 && size > 0)
            size += (code->alignment - 1) - (size - 1) % code->alignment;
        if (code->code == 's' || code->code == 'p') {
            valueCode = code;
            valueOffset = size;
            ++items;
            size += count;
        } else {
            if (code->value && count > 0) {
                valueCode = code;
                valueOffset = size;
                items += count;
            }
            size += count * code->size;
        }
        size = qMin(size, kTooBig);
    }
    if (size != 4 || items != 1 || !valueCode)
        return result;

    switch (valueCode->code) {
    case 'b':
    case 'h':
    case 'i':
    case 'l':
        result.m_type = Type::Signed;
        break;
    case 'B':
    case 'H':
    case 'I':
    case 'L':
        result.m_type = Type::Unsigned;
        break;
    case '?':
        result.m_type = Type::Bool;
        break;
    case 'e':
        result.m_type = Type::Half;
        break;
    case 'f':
        result.m_type = Type::Float;
        break;
    default:
        return result; // bytes values, or types wider than the buffer
    }
    result.m_kind = Kind::Unpack;
    result.m_offset = static_cast<quint8>(valueOffset);
    result.m_size = valueCode->size;
    result.m_bigEndian = bigEndian;
    return result;
}

CastValue RawValueFormat::clamp(CastValue value)
{
    // The original's "fits in 31 bits" hack; a clamped float becomes an int there too. NaN passes.
    if (value.value > double(kClamp))
        return {double(kClamp), true};
    if (value.value < -double(kClamp))
        return {-double(kClamp), true};
    return value;
}

CastValue RawValueFormat::cast(qint64 intValue) const
{
    const auto passThrough = [intValue] {
        return clamp({static_cast<double>(qBound(-kClamp - 1, intValue, kClamp + 1)), true});
    };
    if (m_kind != Kind::Unpack || intValue < 0 || intValue > 0xffffffffLL)
        return passThrough();

    const auto word = static_cast<quint32>(intValue);
    quint32 raw = 0;
    for (int i = 0; i < m_size; ++i) {
        // Byte k of the little-endian packing is (word >> 8k); big-endian formats read the bytes in
        // the opposite order.
        const quint32 byte = (word >> (8 * (m_offset + i))) & 0xffu;
        raw = m_bigEndian ? (raw << 8) | byte : raw | (byte << (8 * i));
    }
    const int bits = 8 * m_size;
    switch (m_type) {
    case Type::Signed: {
        const quint32 signBit = quint32(1) << (bits - 1);
        const qint64 value = (raw & signBit) ? qint64(raw) - (qint64(1) << bits) : qint64(raw);
        return clamp({static_cast<double>(value), true});
    }
    case Type::Unsigned:
        return clamp({static_cast<double>(raw), true});
    case Type::Bool:
        return {raw != 0 ? 1.0 : 0.0, true};
    case Type::Half:
        return clamp({halfToDouble(static_cast<quint16>(raw)), false});
    case Type::Float:
        return clamp({static_cast<double>(std::bit_cast<float>(raw)), false});
    }
    return passThrough();
}

} // namespace iotile
