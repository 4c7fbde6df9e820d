#pragma once

#include "client/explorer/recordlistmodel.h"

namespace iotile {

// The properties of a device or project (…/properties/), editable in place; writes go through the
// owner's new_property/ upsert.
class PropertiesModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, TypeColumn, ColumnCount };

    using RecordListModel::RecordListModel;

    // ownerPath: "/api/v1/device/<slug>/" or "/api/v1/project/<uuid>/".
    void setOwner(const QString &ownerPath);
    const QString &ownerPath() const { return m_owner; }
    // Creates the property, or overwrites the one with that name. type: "str", "int" or "bool".
    void setProperty(const QString &name, const QString &type, const QString &value);
    void removeProperty(int row);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    void sortRecords(QList<QJsonObject> &records) const override;

private:
    QString m_owner;
};

} // namespace iotile
