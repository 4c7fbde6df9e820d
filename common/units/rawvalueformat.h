#pragma once

#include <QString>
#include <QStringView>

namespace iotile {

// A raw value after the format cast. Python keeps ints and floats apart and the MDO arithmetic differs
// for them (Mdo::computeInteger vs Mdo::compute); integers are exact in the double because the cast
// clamps them to ±0x7fffffff.
struct CastValue
{
    double value = 0.0;
    bool isInteger = true;
};

// A stream's raw_value_format, a Python struct format ("<L", "<l", "auto", ...), compiled once per stream
// and applied per data point as the original's StreamDataBuilderHelper._cast does: "<L" and "auto" pass
// the value through; any other format re-packs the value as a little-endian uint32 and unpacks it with
// the format; the result is clamped to ±0x7fffffff.
class RawValueFormat final
{
public:
    // "<L".
    RawValueFormat() = default;
    // Never fails. A format the original cannot apply keeps int_value, as its struct.error handler does:
    // bad characters, a size other than 4 bytes ("<h" needs 2, so it does NOT sign-extend: use "<hxx"),
    // or int_value outside 0..0xffffffff. Formats with other than one value, or a bytes value ("c", "s"),
    // made the original fail the request; here they keep int_value too.
    static RawValueFormat compile(QStringView format);

    CastValue cast(qint64 intValue) const;

    const QString &text() const { return m_text; }
    bool isPassThrough() const { return m_kind == Kind::PassThrough; }
    // False when every value falls back to int_value (see compile()).
    bool unpacks() const { return m_kind == Kind::Unpack; }

private:
    enum class Kind : quint8 { PassThrough, Unpack, Unusable };
    enum class Type : quint8 { Signed, Unsigned, Bool, Half, Float };

    static CastValue clamp(CastValue value);

    QString m_text = QStringLiteral("<L");
    Kind m_kind = Kind::PassThrough;
    Type m_type = Type::Unsigned;
    quint8 m_offset = 0;
    quint8 m_size = 4;
    bool m_bigEndian = false;
};

} // namespace iotile
