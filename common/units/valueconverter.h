#pragma once

#include "common/units/mdo.h"
#include "common/units/rawvalueformat.h"

#include <QStringView>

#include <optional>

namespace iotile {

// The ingest value chain of one stream, built once per stream and applied per data point:
// value = input_mdo(stream_mdo(cast(int_value, raw_value_format))) (StreamDataBuilderHelper).
class ValueConverter final
{
public:
    struct Result
    {
        double value = 0.0;
        // An input unit applied: the original stores the point with type "ITR", otherwise "Num".
        bool viaInputUnit = false;
    };

    // "<L", identity MDO, no input unit: value = float(int_value) clamped.
    ValueConverter() = default;
    // streamMdo from Mdo::forStream(); inputMdo from the stream's input unit, else the variable's.
    ValueConverter(RawValueFormat format, Mdo streamMdo, std::optional<Mdo> inputMdo);

    Result convert(qint64 intValue) const;

    const RawValueFormat &format() const { return m_format; }
    const Mdo &streamMdo() const { return m_streamMdo; }
    const std::optional<Mdo> &inputMdo() const { return m_inputMdo; }

    // StreamDataDisplayHelper.input_value(): the legacy display path for rows stored without a value.
    // It runs the input unit first and the stream/variable MDO second (the reverse of ingest), skips the
    // raw format, and yields 0.0 for an mdo_type other than "V"/"S" (a quirk of the original). nullopt
    // where the original's MdoHelper asserts (zero or null factors).
    static std::optional<double> legacyInputValue(qint64 intValue, QStringView mdoType,
                                                  const MdoFactors &variable, const MdoFactors &stream,
                                                  const std::optional<Mdo> &inputMdo);

private:
    RawValueFormat m_format;
    Mdo m_streamMdo;
    std::optional<Mdo> m_inputMdo;
};

} // namespace iotile
