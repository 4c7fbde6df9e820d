#pragma once

#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace iotile {

// One structured event of a flexible dictionary report (CoreTools IOTileEvent).
struct IOTileEvent
{
    quint16 stream = 0;
    // Same encoding as IOTileReading::rawTime; 0xFFFFFFFF (the usual value) means unknown.
    quint32 deviceTimestamp = 0xFFFFFFFF;
    quint32 readingId = 0;
    // UTC in microseconds since the Unix epoch as given by the uploader (null in many real files).
    std::optional<qint64> timestamp;
    // The small summary ("extra_data") kept with the event.
    QJsonObject summary;
    // The large raw part ("data"); Null when the file says None, Undefined when the key is absent.
    QJsonValue data = QJsonValue(QJsonValue::Undefined);

    friend bool operator==(const IOTileEvent &, const IOTileEvent &) = default;
};

} // namespace iotile
