#include "client/explorer/locationsmodel.h"

#include "common/api/location.h"

#include <QLocale>

#include <algorithm>

namespace iotile {

void LocationsModel::setTarget(const QString &target)
{
    if (target.isEmpty())
        clear();
    else
        load(QStringLiteral("/api/v1/location/"), QUrlQuery {{QStringLiteral("target"), target}});
}

void LocationsModel::sortRecords(QList<QJsonObject> &records) const
{
    std::stable_sort(records.begin(), records.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("timestamp")).toString()
            > b.value(QLatin1String("timestamp")).toString();
    });
}

int LocationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LocationsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || role != Qt::DisplayRole)
        return {};
    const api::Location location = api::Location::fromJson(record(index.row()));
    switch (index.column()) {
    case TimeColumn:
        return QLocale().toString(location.timestamp.toLocalTime(), QLocale::ShortFormat);
    case LatitudeColumn:
        return QLocale().toString(location.lat, 'f', 6);
    case LongitudeColumn:
        return QLocale().toString(location.lon, 'f', 6);
    case UserColumn:
        return location.user;
    default:
        return {};
    }
}

QVariant LocationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LatitudeColumn:
        return tr("Latitude");
    case LongitudeColumn:
        return tr("Longitude");
    case UserColumn:
        return tr("User");
    default:
        return {};
    }
}

} // namespace iotile
