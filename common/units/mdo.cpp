#include "common/units/mdo.h"

#include <QtNumeric>

namespace iotile {

namespace {

constexpr qint64 kExactInDouble = qint64(1) << 53;

bool exactInDouble(qint64 v)
{
    return v >= -kExactInDouble && v <= kExactInDouble;
}

} // namespace

std::optional<Mdo> Mdo::create(qint64 m, qint64 d, std::optional<double> o)
{
    if (m == 0 || d == 0)
        return std::nullopt;
    return Mdo(m, d, o);
}

std::optional<Mdo> Mdo::forStream(QStringView mdoType, const MdoFactors &variable, const MdoFactors &stream)
{
    if (mdoType == u"V") {
        if (!variable.m || !variable.d)
            return std::nullopt;
        return create(*variable.m, *variable.d, variable.o);
    }
    if (mdoType == u"S")
        return create(stream.m.value_or(1), stream.d.value_or(1), stream.o);
    return Mdo();
}

bool Mdo::isIdentity() const
{
    return m_m == 1 && m_d == 1 && (!m_o || *m_o == 0.0);
}

double Mdo::withOffset(double product) const
{
    // Python: ret = 0.0; if o: ret += o; ret += product. A NaN offset is truthy there too.
    double result = 0.0;
    if (m_o && *m_o != 0.0)
        result += *m_o;
    result += product;
    return result;
}

double Mdo::compute(double value) const
{
    return withOffset(value * static_cast<double>(m_m) / static_cast<double>(m_d));
}

double Mdo::computeInteger(qint64 value) const
{
    qint64 product = 0;
    if (!qMulOverflow(value, m_m, &product) && exactInDouble(product) && exactInDouble(m_d)) {
        // Both operands exact, so one rounding: Python's correctly rounded int / int.
        return withOffset(static_cast<double>(product) / static_cast<double>(m_d));
    }
    // Beyond 2^53 the long double path may differ from Python in the last bit; the ±2^31 clamp of raw
    // values and 32-bit stored factors keep real data far from it.
    const long double quotient =
        static_cast<long double>(value) * static_cast<long double>(m_m) / static_cast<long double>(m_d);
    return withOffset(static_cast<double>(quotient));
}

double Mdo::computeReverse(double value) const
{
    double result = value;
    if (m_o && *m_o != 0.0)
        result -= *m_o;
    return result * static_cast<double>(m_d) / static_cast<double>(m_m);
}

} // namespace iotile
