#pragma once

#include <QByteArray>

namespace iotile::test {

// A signed list report (flags 0) of `count` readings of variable 5001 from reading id `firstId` on,
// each with uptime 10 x its id and value 100 + its id, as a user streamer (index 0) sends it.
QByteArray signedListReport(quint64 device, quint32 firstId, quint32 count, quint32 reportId, quint32 sent);

} // namespace iotile::test
