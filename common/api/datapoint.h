#pragma once

#include "common/util/isotime.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace iotile::api {

// One row of stream/<slug>/data/: the stored value and its output-unit conversion.
struct DataPoint
{
    isotime::Micros timestamp = 0;
    std::optional<qint64> intValue;
    std::optional<double> value; // stored (internal) units
    std::optional<double> outputValue; // the stream's output units
    QString displayValue;
    QString type;
    qint64 streamerLocalId = 0;

    static DataPoint fromJson(const QJsonObject &object);
    // What a chart shows: the output value, else the stored one.
    std::optional<double> shownValue() const { return outputValue ? outputValue : value; }
};

} // namespace iotile::api
