#pragma once

#include "common/util/isotime.h"

#include <QJsonObject>

#include <optional>

namespace iotile::api {

// One time bucket of stream/<slug>/data/aggregate/, in the stream's output units.
struct AggregateBucket
{
    isotime::Micros timestamp = 0; // bucket start
    std::optional<double> avg;
    std::optional<double> min;
    std::optional<double> max;
    std::optional<double> sum;
    qint64 count = 0;

    static AggregateBucket fromJson(const QJsonObject &object);
};

} // namespace iotile::api
