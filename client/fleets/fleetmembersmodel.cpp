#include "client/fleets/fleetmembersmodel.h"

#include "common/api/apiclient.h"
#include "common/api/fleetmember.h"

#include <algorithm>

namespace iotile {

void FleetMembersModel::setFleet(const QString &fleetSlug)
{
    m_fleet = fleetSlug;
    if (fleetSlug.isEmpty())
        clear();
    else
        load(path(QStringLiteral("devices")));
}

QString FleetMembersModel::path(const QString &action) const
{
    return QStringLiteral("/api/v1/fleet/%1/%2/").arg(m_fleet, action);
}

void FleetMembersModel::setDeviceLabels(const QHash<QString, QString> &labels)
{
    m_labels = labels;
    if (rowCount() > 0)
        emit dataChanged(index(0, LabelColumn), index(rowCount() - 1, LabelColumn));
}

int FleetMembersModel::rowOfDevice(const QString &slug) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (record(row).value(QLatin1String("device")).toString() == slug)
            return row;
    }
    return -1;
}

QStringList FleetMembersModel::deviceSlugs() const
{
    QStringList slugs;
    for (const QJsonObject &member : records())
        slugs.append(member.value(QLatin1String("device")).toString());
    return slugs;
}

void FleetMembersModel::sortRecords(QList<QJsonObject> &records) const
{
    // Device slugs are fixed-width hex: text order is ID order.
    std::stable_sort(records.begin(), records.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("device")).toString() < b.value(QLatin1String("device")).toString();
    });
}

void FleetMembersModel::addDevice(const api::FleetMember &member)
{
    if (m_fleet.isEmpty() || member.device.isEmpty() || rowOfDevice(member.device) >= 0)
        return;
    const QString fleet = m_fleet;
    track(api()->post(path(QStringLiteral("register")), member.toJson()),
          [this, fleet](api::ApiReply *reply) {
              if (fleet == m_fleet)
                  appendRecord(reply->object());
          });
}

void FleetMembersModel::removeDevice(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const QString device = record(row).value(QLatin1String("device")).toString();
    const QString fleet = m_fleet;
    track(api()->post(path(QStringLiteral("deregister")), QJsonObject {{QStringLiteral("device"), device}}),
          [this, fleet, device](api::ApiReply *) {
              const int at = rowOfDevice(device);
              if (fleet == m_fleet && at >= 0)
                  removeRecordAt(at);
          });
}

void FleetMembersModel::setFlags(int row, bool isAccessPoint, bool alwaysOn)
{
    if (row < 0 || row >= rowCount())
        return;
    api::FleetMember member = api::FleetMember::fromJson(record(row));
    member.isAccessPoint = isAccessPoint;
    member.alwaysOn = alwaysOn;
    const QString fleet = m_fleet;
    track(api()->post(path(QStringLiteral("deregister")),
                      QJsonObject {{QStringLiteral("device"), member.device}}),
          [this, fleet, member](api::ApiReply *) {
              if (fleet != m_fleet)
                  return;
              api::ApiReply *again = api()->post(path(QStringLiteral("register")), member.toJson());
              connect(again, &api::ApiReply::finished, this, [this, again, fleet, member] {
                  if (fleet != m_fleet)
                      return;
                  // Whatever happened, show what the server now has (a failed register left it out).
                  if (!again->isOk()) {
                      reload();
                      return;
                  }
                  const int at = rowOfDevice(member.device);
                  if (at >= 0)
                      replaceRecord(at, again->object());
              });
              track(again, [](api::ApiReply *) {});
          });
}

int FleetMembersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetMembersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const api::FleetMember member = api::FleetMember::fromJson(record(index.row()));
    if (role == SlugRole)
        return member.device;
    if (role == Qt::CheckStateRole) {
        if (index.column() == AccessPointColumn)
            return member.isAccessPoint ? Qt::Checked : Qt::Unchecked;
        if (index.column() == AlwaysOnColumn)
            return member.alwaysOn ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case DeviceColumn:
        return member.device;
    case LabelColumn:
        return m_labels.value(member.device);
    default:
        return {};
    }
}

bool FleetMembersModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole
        || (index.column() != AccessPointColumn && index.column() != AlwaysOnColumn))
        return false;
    const api::FleetMember member = api::FleetMember::fromJson(record(index.row()));
    const bool on = value.toInt() == Qt::Checked;
    if (index.column() == AccessPointColumn)
        setFlags(index.row(), on, member.alwaysOn);
    else
        setFlags(index.row(), member.isAccessPoint, on);
    // The tick shows once the server has the new membership.
    return true;
}

Qt::ItemFlags FleetMembersModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = RecordListModel::flags(index);
    if (index.column() == AccessPointColumn || index.column() == AlwaysOnColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant FleetMembersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DeviceColumn:
        return tr("Device");
    case LabelColumn:
        return tr("Label");
    case AccessPointColumn:
        return tr("Gateway");
    case AlwaysOnColumn:
        return tr("Always on");
    default:
        return {};
    }
}

} // namespace iotile
