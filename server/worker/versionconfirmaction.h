#pragma once

#include "server/worker/jobaction.h"

#include <QJsonArray>

namespace iotile {

class SqlConnection;
struct Device;

// OTA confirmation (the original's DeploymentActionStreamerHelper): points of a device's OS (5c08) and
// app (5c09) tag/version streams become DeviceVersion rows; the device's template or sensor graph
// follows the new version; the last successful deployment attempt is marked confirmed by the device (or
// one is created for the deployment the device most likely took); a system note records it.
// Arguments: {"device": <id>, "points": [{"lid": 23560|23561, "value": <uint32>, "seq": n, "ts": µs}]}.
class VersionConfirmAction final : public JobAction
{
public:
    static constexpr quint16 kOsLid = 0x5c08;
    static constexpr quint16 kAppLid = 0x5c09;

    QString name() const override { return QStringLiteral("VersionConfirmAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    // The 32-bit version word: tag in bits 0-19, minor in 20-25, major in 26-31.
    struct Word
    {
        qint64 tag = 0;
        int major = 0;
        int minor = 0;
    };
    static Word decode(quint32 value);

private:
    Status confirm(JobContext &context, SqlConnection &db, Device &device, const QJsonObject &point);
};

} // namespace iotile
