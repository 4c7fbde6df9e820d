#pragma once

#include "common/reports/msgpackwriter.h"
#include "common/reports/report.h"
#include "common/reports/reportresult.h"

#include <QByteArrayView>
#include <QJsonObject>

namespace iotile {

// The "v100" dictionary report of readings and events (CoreTools FlexibleDictionaryReport), uploaded as
// msgpack (.mp) or JSON (.json); unsigned. Accepts what real uploaders wrote: stream ids as hex strings,
// integral floats for integers, Python 2 byte strings, null timestamps and data, absent lists and ids.
class FlexibleDictionaryReport final
{
public:
    static constexpr QLatin1StringView kFormatTag {"v100"};
    // CoreTools' defaults when the dictionary does not say.
    static constexpr quint32 kDefaultStreamerIndex = 0x100;
    static constexpr quint32 kDefaultSelector = 0xFFFF;

    static ReportResult<Report> parseMsgpack(QByteArrayView data);
    static ReportResult<Report> parseJson(QByteArrayView data);
    // The shared second step: a decoded dictionary into a Report of the given format.
    static ReportResult<Report> fromJsonObject(const QJsonObject &dictionary, ReportFormat format);

    // The dictionary CoreTools writes for report (ids computed from the items; reading timestamps naive,
    // event timestamps with "Z", as Python's isoformat() gives them).
    static QJsonObject toJsonObject(const Report &report);
    // msgpack in CoreTools' key order; Bin strings make a Python-2-style file.
    static QByteArray
    buildMsgpack(const Report &report,
                 MsgpackWriter::StringEncoding strings = MsgpackWriter::StringEncoding::Str);
    static QByteArray buildJson(const Report &report);
};

} // namespace iotile
