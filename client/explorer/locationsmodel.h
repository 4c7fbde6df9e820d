#pragma once

#include "client/explorer/recordlistmodel.h"

namespace iotile {

// The recorded positions of a device (location/?target=), newest first.
class LocationsModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LatitudeColumn, LongitudeColumn, UserColumn, ColumnCount };

    using RecordListModel::RecordListModel;

    void setTarget(const QString &target);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    void sortRecords(QList<QJsonObject> &records) const override;
};

} // namespace iotile
