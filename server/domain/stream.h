#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A stream id (the original's StreamId): one variable of one device (or a virtual project stream),
// with its own unit and MDO settings.
struct Stream
{
    qint64 id = 0;
    QString uuid;
    QString slug;
    std::optional<qint64> projectId;
    QString projectUuid;
    std::optional<qint64> deviceId;
    std::optional<qint64> blockId;
    std::optional<qint64> variableId;
    std::optional<qint64> orgId;
    QString orgSlug;
    QString dataLabel;
    std::optional<qint64> varTypeId;
    QString dataType = QStringLiteral("D0");
    QString varName;
    int varLid = 0;
    std::optional<qint64> inputUnitId;
    std::optional<qint64> outputUnitId;
    std::optional<qint64> derivedStreamId;
    QString rawValueFormat = QStringLiteral("<L");
    QString mdoType = QStringLiteral("S");
    QString mdoLabel;
    std::optional<qint64> m;
    std::optional<qint64> d;
    std::optional<double> o;
    bool enabled = true;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
};

} // namespace iotile
