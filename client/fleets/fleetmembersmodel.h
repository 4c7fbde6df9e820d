#pragma once

#include "client/explorer/recordlistmodel.h"

#include <QHash>

namespace iotile {

namespace api {
struct FleetMember;
}

// The devices of one fleet (fleet/<slug>/devices/) with their gateway and always-on flags. Devices are
// added with register/ and removed with deregister/; the original has no call that edits a membership,
// so ticking a flag deregisters and registers the device again with the new flags.
class FleetMembersModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { DeviceColumn, LabelColumn, AccessPointColumn, AlwaysOnColumn, ColumnCount };
    enum Role { SlugRole = Qt::UserRole + 1 };

    using RecordListModel::RecordListModel;

    void setFleet(const QString &fleetSlug);
    const QString &fleet() const { return m_fleet; }
    // Device labels by slug, shown next to the slugs (the membership carries only the slug).
    void setDeviceLabels(const QHash<QString, QString> &labels);
    int rowOfDevice(const QString &slug) const;
    QStringList deviceSlugs() const;

    void addDevice(const api::FleetMember &member);
    void removeDevice(int row);
    void setFlags(int row, bool isAccessPoint, bool alwaysOn);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    void sortRecords(QList<QJsonObject> &records) const override;

private:
    QString path(const QString &action) const;

    QString m_fleet;
    QHash<QString, QString> m_labels;
};

} // namespace iotile
