#include "client/fleets/fleetlistmodel.h"

#include "common/api/apiclient.h"
#include "common/api/fleet.h"

#include <algorithm>

namespace iotile {

void FleetListModel::setOrg(const QString &orgSlug)
{
    m_org = orgSlug;
    if (orgSlug.isEmpty())
        clear();
    else
        load(QStringLiteral("/api/v1/fleet/"), QUrlQuery {{QStringLiteral("org"), orgSlug}});
}

int FleetListModel::rowOfSlug(const QString &slug) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (record(row).value(QLatin1String("slug")).toString() == slug)
            return row;
    }
    return -1;
}

void FleetListModel::sortRecords(QList<QJsonObject> &records) const
{
    std::stable_sort(records.begin(), records.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("name"))
                   .toString()
                   .localeAwareCompare(b.value(QLatin1String("name")).toString())
            < 0;
    });
}

void FleetListModel::createFleet(const api::Fleet &fleet)
{
    track(api()->post(QStringLiteral("/api/v1/fleet/"), fleet.toBody()), [this](api::ApiReply *reply) {
        const QJsonObject created = reply->object();
        if (created.value(QLatin1String("org")).toString() == m_org)
            appendRecord(created);
        emit this->created(created.value(QLatin1String("slug")).toString());
    });
}

void FleetListModel::updateFleet(int row, const api::Fleet &fleet)
{
    if (row < 0 || row >= rowCount())
        return;
    const QString slug = record(row).value(QLatin1String("slug")).toString();
    QJsonObject body = fleet.toBody();
    body.remove(QStringLiteral("org")); // a fleet stays in its org
    track(api()->patch(QStringLiteral("/api/v1/fleet/%1/").arg(slug), body),
          [this, slug](api::ApiReply *reply) {
              // The row may have moved while the request was out (a reload): find it again.
              const int at = rowOfSlug(slug);
              if (at >= 0)
                  replaceRecord(at, reply->object());
          });
}

void FleetListModel::deleteFleet(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const QString slug = record(row).value(QLatin1String("slug")).toString();
    track(api()->del(QStringLiteral("/api/v1/fleet/%1/").arg(slug)), [this, slug](api::ApiReply *) {
        if (const int at = rowOfSlug(slug); at >= 0)
            removeRecordAt(at);
        emit deleted(slug);
    });
}

int FleetListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const api::Fleet fleet = api::Fleet::fromJson(record(index.row()));
    if (role == SlugRole)
        return fleet.slug;
    if (role == Qt::CheckStateRole && index.column() == NetworkColumn)
        return fleet.isNetwork ? Qt::Checked : Qt::Unchecked;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return fleet.name;
    case SlugColumn:
        return fleet.slug;
    case NetworkColumn:
        return role == Qt::ToolTipRole ? tr("A network: gateways in it read the other devices") : QVariant();
    case DescriptionColumn:
        return fleet.description;
    default:
        return {};
    }
}

QVariant FleetListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SlugColumn:
        return tr("ID");
    case NetworkColumn:
        return tr("Network");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

} // namespace iotile
