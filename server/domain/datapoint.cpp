#include "server/domain/datapoint.h"

#include <QByteArrayView>

namespace iotile {

const char *pointTypeName(PointType type)
{
    switch (type) {
    case PointType::Num:
        return "Num";
    case PointType::Itr:
        return "ITR";
    case PointType::P0:
        return "P-0";
    case PointType::P1:
        return "P-1";
    case PointType::PE:
        return "P-E";
    }
    return "Num";
}

std::optional<PointType> pointTypeFromName(QByteArrayView name)
{
    if (name == "Num")
        return PointType::Num;
    if (name == "ITR")
        return PointType::Itr;
    if (name == "P-0")
        return PointType::P0;
    if (name == "P-1")
        return PointType::P1;
    if (name == "P-E")
        return PointType::PE;
    return std::nullopt;
}

const char *pointStatusName(PointStatus status)
{
    switch (status) {
    case PointStatus::Unknown:
        return "unk";
    case PointStatus::Clean:
        return "cln";
    case PointStatus::Dirty:
        return "drt";
    case PointStatus::Utc:
        return "utc";
    }
    return "unk";
}

std::optional<PointStatus> pointStatusFromName(QByteArrayView name)
{
    if (name == "unk")
        return PointStatus::Unknown;
    if (name == "cln")
        return PointStatus::Clean;
    if (name == "drt")
        return PointStatus::Dirty;
    if (name == "utc")
        return PointStatus::Utc;
    return std::nullopt;
}

} // namespace iotile
