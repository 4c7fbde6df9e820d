#pragma once

#include "common/reports/iotileevent.h"
#include "common/reports/iotilereading.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <span>
#include <vector>

namespace iotile {

// Which encoding a report arrived in; the first byte of binary reports is the CoreTools format code.
enum class ReportFormat : quint8 {
    IndividualReading, // code 0, one reading, realtime only
    SignedList, // code 1, the device upload format
    Broadcast, // code 3, BLE/MQTT advertisement payloads
    FlexibleMsgpack, // "v100" dictionary, .mp
    FlexibleJson, // "v100" dictionary, .json
};

// Signed list byte 16: how the signature was made (and, for keys, that the readings are encrypted).
enum class SignatureFlags : quint8 {
    Hash = 0,
    UserKey = 1,
    DeviceKey = 2,
};

// Everything a report says, whatever its format (fields a format lacks keep their defaults).
struct Report
{
    ReportFormat format = ReportFormat::SignedList;
    quint64 deviceId = 0;
    // The report's incremental id (devices number a report after its readings).
    quint32 reportId = 0;
    // Device uptime in seconds when the report left the device.
    quint32 sentTimestamp = 0;
    quint8 signatureFlags = 0;
    // Origin streamer: a byte in signed lists, 0x100 by default in flexible dictionaries.
    quint32 streamerIndex = 0;
    // 16 bits in signed lists; flexible dictionaries from phones say 65536.
    quint32 streamerSelector = 0xFFFF;
    quint32 lowestId = 0;
    quint32 highestId = 0;
    // Size in bytes of the parsed input.
    qsizetype length = 0;
    bool encrypted = false;
    // The signature was checked and matched (signed lists only).
    bool verified = false;
    // Length within 16 bytes below 196608: the phone app cut the report off (original server rule).
    bool chopped = false;
    // Flexible dictionaries: lowest_id/highest_id were absent and were computed from the items.
    bool idRangeInferred = false;
    // The 16 signature bytes of a signed list.
    QByteArray signature;
    // HMAC-SHA256 per-report key derived from the root key (signature flags 1 and 2), 32 bytes.
    QByteArray reportKey;
    std::vector<IOTileReading> readings;
    std::vector<IOTileEvent> events;
    // Flexible dictionaries: fields the original server's upload serializer requires but the file lacks.
    QStringList missingFields;

    friend bool operator==(const Report &, const Report &) = default;
};

QString reportFormatName(ReportFormat format);
QString signatureFlagsName(quint8 flags);

// Lowest and highest non-zero reading id over readings and events, {0, 0} when there is none (CoreTools).
std::pair<quint32, quint32> readingIdRange(std::span<const IOTileReading> readings,
                                           std::span<const IOTileEvent> events = {});

} // namespace iotile
