#pragma once

#include "client/explorer/recordlistmodel.h"

#include <QJsonValue>

namespace iotile {

// The configuration attributes stored on one target (config/attr/?target=): names with JSON data, set by
// the server's upsert and removed by id.
class ConfigAttributesModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, DataColumn, UpdatedColumn, ColumnCount };

    using RecordListModel::RecordListModel;

    // "^org", "p--…", "d--…".
    void setTarget(const QString &target);
    const QString &target() const { return m_target; }
    void setAttribute(const QString &name, const QJsonValue &data);
    void removeAttribute(int row);
    // Text typed by a user as JSON: valid JSON as such, anything else as a string.
    static QJsonValue parseData(const QString &text);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString m_target;
};

} // namespace iotile
