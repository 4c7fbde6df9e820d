#pragma once

#include "client/explorer/recordlistmodel.h"

namespace iotile {

namespace api {
struct Fleet;
}

// The fleets of one org (fleet/?org=), by name; fleets can be created, edited (name, description,
// network flag) and deleted by members with can_manage_ota.
class FleetListModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, SlugColumn, NetworkColumn, DescriptionColumn, ColumnCount };
    enum Role { SlugRole = Qt::UserRole + 1 };

    using RecordListModel::RecordListModel;

    void setOrg(const QString &orgSlug);
    const QString &org() const { return m_org; }
    int rowOfSlug(const QString &slug) const;

    // POST fleet/; created(slug) follows when the server accepts it.
    void createFleet(const api::Fleet &fleet);
    // PATCH fleet/<slug>/ with the writable fields of `fleet`.
    void updateFleet(int row, const api::Fleet &fleet);
    // DELETE fleet/<slug>/; the row goes once the server agrees (it refuses while a deployment request
    // that targets the fleet is open), then deleted(slug) follows.
    void deleteFleet(int row);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void created(const QString &slug);
    void deleted(const QString &slug);

protected:
    void sortRecords(QList<QJsonObject> &records) const override;

private:
    QString m_org;
};

} // namespace iotile
