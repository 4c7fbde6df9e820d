#include "server/store/pointchunk.h"

#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace iotile {

namespace {

constexpr quint8 kVersion = 1;

// How an optional column is stored (two bits each in the presence byte).
enum Presence : quint8 { None = 0, All = 1, Bitmap = 2 };

// Bits of the encoding byte.
constexpr quint8 kIntegralValues = 0x01;
constexpr quint8 kConstantType = 0x02;
constexpr quint8 kConstantStatus = 0x04;
constexpr quint8 kConstantDirty = 0x08;
constexpr quint8 kKnownEncodingBits = 0x0f;

// Decoding refuses counts past this (a corrupt header must not make it reserve gigabytes).
constexpr quint64 kMaxDecodedPoints = 1 << 20;

// Differences wrap modulo 2^64: every pair of 64-bit values has one, and adding it back restores the value.
qint64 minus(qint64 a, qint64 b)
{
    return qint64(quint64(a) - quint64(b));
}

qint64 plus(qint64 a, qint64 b)
{
    return qint64(quint64(a) + quint64(b));
}

quint64 zigzag(qint64 v)
{
    return (quint64(v) << 1) ^ quint64(v >> 63);
}

qint64 unzigzag(quint64 v)
{
    return qint64(v >> 1) ^ -qint64(v & 1);
}

// Writes into room the caller made for the worst case (maxEncodedSize): a QByteArray append per byte went
// through QByteArray::insert, which cost more than the rest of the encoding.
class Writer
{
public:
    explicit Writer(char *at)
        : m_start(at)
        , m_at(at)
    { }
    void byte(quint8 b) { *m_at++ = char(b); }
    void varint(quint64 v)
    {
        while (v >= 0x80) {
            *m_at++ = char(quint8(v) | 0x80);
            v >>= 7;
        }
        *m_at++ = char(v);
    }
    void signedVarint(qint64 v) { varint(zigzag(v)); }
    void raw(const void *data, size_t size)
    {
        std::memcpy(m_at, data, size);
        m_at += size;
    }
    size_t size() const { return size_t(m_at - m_start); }

private:
    char *m_start;
    char *m_at;
};

// The most bytes `count` points take: the header (13), four bitmaps of count / 8 + 1 bytes, three constant
// bytes, and per point six varints of at most 10 bytes and two bytes of type and status.
constexpr size_t maxEncodedSize(size_t count)
{
    return 32 + count * 64;
}

class Reader
{
public:
    explicit Reader(QByteArrayView in)
        : m_at(reinterpret_cast<const quint8 *>(in.data()))
        , m_end(m_at + in.size())
    { }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_at == m_end; }
    quint8 byte()
    {
        if (m_at == m_end)
            return fail();
        return *m_at++;
    }
    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_at == m_end)
                return fail();
            const quint8 b = *m_at++;
            if (shift == 63 && b > 1)
                return fail(); // more than 64 bits
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        return fail();
    }
    qint64 signedVarint() { return unzigzag(varint()); }
    const quint8 *take(size_t size)
    {
        if (size_t(m_end - m_at) < size) {
            fail();
            return nullptr;
        }
        const quint8 *at = m_at;
        m_at += size;
        return at;
    }

private:
    quint8 fail()
    {
        m_ok = false;
        m_at = m_end;
        return 0;
    }
    const quint8 *m_at;
    const quint8 *m_end;
    bool m_ok = true;
};

size_t bitmapBytes(size_t count)
{
    return (count + 7) / 8;
}

template<typename Present>
Presence presenceOf(const DataPoint *points, size_t count, Present present)
{
    size_t n = 0;
    for (size_t i = 0; i < count; ++i)
        n += present(points[i]) ? 1 : 0;
    return n == 0 ? None : n == count ? All : Bitmap;
}

template<typename Present>
void writeBitmap(Writer &w, const DataPoint *points, size_t count, Present present)
{
    for (size_t i = 0; i < count; i += 8) {
        quint8 bits = 0;
        for (size_t j = i; j < std::min(count, i + 8); ++j)
            bits |= present(points[j]) ? quint8(1u << (j - i)) : 0;
        w.byte(bits);
    }
}

// Times: the first, the first difference, then each difference's change (zero for a steady rate).
class TimeWriter
{
public:
    void put(Writer &w, qint64 t)
    {
        if (m_count == 0) {
            w.signedVarint(t);
        } else {
            const qint64 delta = minus(t, m_last);
            w.signedVarint(m_count == 1 ? delta : minus(delta, m_delta));
            m_delta = delta;
        }
        m_last = t;
        ++m_count;
    }

private:
    qint64 m_last = 0;
    qint64 m_delta = 0;
    size_t m_count = 0;
};

class TimeReader
{
public:
    qint64 get(Reader &r)
    {
        if (m_count == 0) {
            m_last = r.signedVarint();
        } else {
            const qint64 step = r.signedVarint();
            m_delta = m_count == 1 ? step : plus(m_delta, step);
            m_last = plus(m_last, m_delta);
        }
        ++m_count;
        return m_last;
    }

private:
    qint64 m_last = 0;
    qint64 m_delta = 0;
    size_t m_count = 0;
};

bool integral(double v)
{
    // -0.0 is not: it would come back as +0.0.
    return std::isfinite(v) && v >= -9223372036854775808.0 && v < 9223372036854775808.0 && v == std::trunc(v)
        && !(v == 0 && std::signbit(v));
}

} // namespace

QByteArray PointChunk::encode(const DataPoint *points, size_t count)
{
    thread_local std::vector<char> scratch;
    scratch.resize(std::max(scratch.size(), maxEncodedSize(count)));
    Writer w(scratch.data());
    const auto hasDeviceTs = [](const DataPoint &p) { return p.deviceTs.has_value(); };
    const auto hasIntValue = [](const DataPoint &p) { return p.intValue.has_value(); };
    const auto hasValue = [](const DataPoint &p) { return p.value.has_value(); };
    const Presence deviceTs = presenceOf(points, count, hasDeviceTs);
    const Presence intValue = presenceOf(points, count, hasIntValue);
    const Presence value = presenceOf(points, count, hasValue);
    quint8 encoding = kIntegralValues | kConstantType | kConstantStatus | kConstantDirty;
    for (size_t i = 0; i < count; ++i) {
        const DataPoint &p = points[i];
        if (p.value && !integral(*p.value))
            encoding &= ~kIntegralValues;
        if (p.type != points[0].type)
            encoding &= ~kConstantType;
        if (p.status != points[0].status)
            encoding &= ~kConstantStatus;
        if (p.dirty != points[0].dirty)
            encoding &= ~kConstantDirty;
    }
    w.byte(kVersion);
    w.varint(count);
    w.byte(quint8(deviceTs | (intValue << 2) | (value << 4)));
    w.byte(encoding);
    if (deviceTs == Bitmap)
        writeBitmap(w, points, count, hasDeviceTs);
    if (intValue == Bitmap)
        writeBitmap(w, points, count, hasIntValue);
    if (value == Bitmap)
        writeBitmap(w, points, count, hasValue);

    qint64 last = 0;
    for (size_t i = 0; i < count; ++i) {
        w.signedVarint(i == 0 ? points[i].id : minus(points[i].id, last));
        last = points[i].id;
    }
    TimeWriter ts;
    for (size_t i = 0; i < count; ++i)
        ts.put(w, points[i].ts);
    for (size_t i = 0; i < count; ++i) {
        w.signedVarint(i == 0 ? points[i].seq : minus(points[i].seq, last));
        last = points[i].seq;
    }
    TimeWriter device;
    for (size_t i = 0; i < count; ++i)
        if (points[i].deviceTs)
            device.put(w, *points[i].deviceTs);
    bool first = true;
    for (size_t i = 0; i < count; ++i) {
        if (!points[i].intValue)
            continue;
        w.signedVarint(first ? *points[i].intValue : minus(*points[i].intValue, last));
        last = *points[i].intValue;
        first = false;
    }
    first = true;
    for (size_t i = 0; i < count; ++i) {
        if (!points[i].value)
            continue;
        if (encoding & kIntegralValues) {
            const qint64 v = qint64(*points[i].value);
            w.signedVarint(first ? v : minus(v, last));
            last = v;
            first = false;
        } else {
            quint64 bits;
            std::memcpy(&bits, &*points[i].value, sizeof bits);
            const quint64 little = qToLittleEndian(bits);
            w.raw(&little, sizeof little);
        }
    }
    if (encoding & kConstantType)
        w.byte(count ? quint8(points[0].type) : 0);
    else
        for (size_t i = 0; i < count; ++i)
            w.byte(quint8(points[i].type));
    if (encoding & kConstantStatus)
        w.byte(count ? quint8(points[0].status) : 0);
    else
        for (size_t i = 0; i < count; ++i)
            w.byte(quint8(points[i].status));
    if (encoding & kConstantDirty)
        w.byte(count && points[0].dirty ? 1 : 0);
    else
        writeBitmap(w, points, count, [](const DataPoint &p) { return p.dirty; });
    return QByteArray(scratch.data(), qsizetype(w.size()));
}

size_t PointChunk::count(QByteArrayView chunk)
{
    Reader r(chunk);
    if (r.byte() != kVersion)
        return 0;
    const quint64 n = r.varint();
    return r.ok() && n <= kMaxDecodedPoints ? size_t(n) : 0;
}

bool PointChunk::decode(QByteArrayView chunk, qint64 streamId, std::vector<DataPoint> &out)
{
    Reader r(chunk);
    if (r.byte() != kVersion)
        return false;
    const quint64 n = r.varint();
    const quint8 presence = r.byte();
    const quint8 encoding = r.byte();
    if (!r.ok() || n == 0 || n > kMaxDecodedPoints || (presence & 0xc0) || (encoding & ~kKnownEncodingBits))
        return false;
    const Presence deviceTs = Presence(presence & 3), intValue = Presence((presence >> 2) & 3),
                   value = Presence((presence >> 4) & 3);
    if (deviceTs > Bitmap || intValue > Bitmap || value > Bitmap)
        return false;
    const size_t count = size_t(n);
    const quint8 *deviceBits = deviceTs == Bitmap ? r.take(bitmapBytes(count)) : nullptr;
    const quint8 *intBits = intValue == Bitmap ? r.take(bitmapBytes(count)) : nullptr;
    const quint8 *valueBits = value == Bitmap ? r.take(bitmapBytes(count)) : nullptr;
    if (!r.ok())
        return false;
    const auto present = [](Presence mode, const quint8 *bits, size_t i) {
        return mode == All || (mode == Bitmap && (bits[i / 8] >> (i % 8)) & 1);
    };

    const size_t start = out.size();
    out.resize(start + count);
    DataPoint *points = out.data() + start;
    qint64 last = 0;
    for (size_t i = 0; i < count; ++i) {
        points[i].streamId = streamId;
        const qint64 v = r.signedVarint();
        points[i].id = i == 0 ? v : plus(last, v);
        last = points[i].id;
    }
    TimeReader ts;
    for (size_t i = 0; i < count; ++i)
        points[i].ts = ts.get(r);
    for (size_t i = 0; i < count; ++i) {
        const qint64 v = r.signedVarint();
        points[i].seq = i == 0 ? v : plus(last, v);
        last = points[i].seq;
    }
    TimeReader device;
    for (size_t i = 0; i < count; ++i)
        if (present(deviceTs, deviceBits, i))
            points[i].deviceTs = device.get(r);
    bool first = true;
    for (size_t i = 0; i < count; ++i) {
        if (!present(intValue, intBits, i))
            continue;
        const qint64 v = r.signedVarint();
        points[i].intValue = first ? v : plus(last, v);
        last = *points[i].intValue;
        first = false;
    }
    first = true;
    for (size_t i = 0; i < count; ++i) {
        if (!present(value, valueBits, i))
            continue;
        if (encoding & kIntegralValues) {
            const qint64 v = r.signedVarint();
            last = first ? v : plus(last, v);
            points[i].value = double(last);
            first = false;
        } else if (const quint8 *raw = r.take(8)) {
            quint64 bits = qFromLittleEndian<quint64>(raw);
            double d;
            std::memcpy(&d, &bits, sizeof d);
            points[i].value = d;
        }
    }
    const auto small = [&](quint8 max, auto assign) {
        if (!r.ok())
            return;
        const quint8 b = r.byte();
        if (b > max)
            r.take(size_t(-1)); // fails the reader
        else
            assign(b);
    };
    if (encoding & kConstantType) {
        small(quint8(PointType::PE), [&](quint8 b) {
            for (size_t i = 0; i < count; ++i)
                points[i].type = PointType(b);
        });
    } else {
        for (size_t i = 0; i < count; ++i)
            small(quint8(PointType::PE), [&](quint8 b) { points[i].type = PointType(b); });
    }
    if (encoding & kConstantStatus) {
        small(quint8(PointStatus::Utc), [&](quint8 b) {
            for (size_t i = 0; i < count; ++i)
                points[i].status = PointStatus(b);
        });
    } else {
        for (size_t i = 0; i < count; ++i)
            small(quint8(PointStatus::Utc), [&](quint8 b) { points[i].status = PointStatus(b); });
    }
    if (encoding & kConstantDirty) {
        small(1, [&](quint8 b) {
            for (size_t i = 0; i < count; ++i)
                points[i].dirty = b != 0;
        });
    } else if (const quint8 *bits = r.take(bitmapBytes(count))) {
        for (size_t i = 0; i < count; ++i)
            points[i].dirty = (bits[i / 8] >> (i % 8)) & 1;
    }
    if (!r.ok() || !r.atEnd()) {
        out.resize(start);
        return false;
    }
    return true;
}

} // namespace iotile
