#include "common/units/valueconverter.h"

#include <utility>

namespace iotile {

ValueConverter::ValueConverter(RawValueFormat format, Mdo streamMdo, std::optional<Mdo> inputMdo)
    : m_format(std::move(format))
    , m_streamMdo(streamMdo)
    , m_inputMdo(inputMdo)
{ }

ValueConverter::Result ValueConverter::convert(qint64 intValue) const
{
    const CastValue cast = m_format.cast(intValue);
    const double value = cast.isInteger ? m_streamMdo.computeInteger(static_cast<qint64>(cast.value))
                                        : m_streamMdo.compute(cast.value);
    if (m_inputMdo)
        return {m_inputMdo->compute(value), true};
    return {value, false};
}

std::optional<double> ValueConverter::legacyInputValue(qint64 intValue, QStringView mdoType,
                                                       const MdoFactors &variable, const MdoFactors &stream,
                                                       const std::optional<Mdo> &inputMdo)
{
    const double value = inputMdo ? inputMdo->computeInteger(intValue) : static_cast<double>(intValue);
    if (mdoType != u"V" && mdoType != u"S")
        return 0.0;
    const std::optional<Mdo> mdo = Mdo::forStream(mdoType, variable, stream);
    if (!mdo)
        return std::nullopt;
    return 0.0 + mdo->compute(value);
}

} // namespace iotile
