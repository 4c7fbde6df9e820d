#pragma once

#include "common/units/unit.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace iotile::api {

// A stream (stream/): one variable of one device, s--<project>--<device>--<variable>.
struct Stream
{
    QString id; // UUID
    QString slug;
    QString project; // p-- slug
    QString projectId; // UUID
    QString device; // d-- slug, empty for virtual streams
    QString block;
    QString variable; // v-- slug
    QString varType;
    QString varName;
    qint64 varLid = 0;
    QString dataLabel;
    QString dataType; // D0 values, E0..E3 events
    std::optional<Unit> inputUnit;
    std::optional<Unit> outputUnit;
    QString mdoType;
    QString mdoLabel;
    QString rawValueFormat;
    QString org;
    bool enabled = true;
    QDateTime createdOn;

    static Stream fromJson(const QJsonObject &object);
    // The data label, else the variable name, else the slug.
    QString displayName() const;
    // The short name of the output unit ("" when the stream has none).
    QString unitShort() const;
    bool isEventStream() const { return dataType.startsWith(QLatin1Char('E')); }
};

} // namespace iotile::api
