#pragma once

#include "client/explorer/recordlistmodel.h"

namespace iotile {

// Deployment requests of a fleet (ota/request/?fleet=) or of an org (?org=), newest first. The original
// lists only released, open requests to users, so one created here stays in the list (as a draft) until
// the next reload; release() starts it (ota/request/<id>/release/).
class DeploymentListModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { IdColumn, ScriptColumn, TargetColumn, CriteriaColumn, StateColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    using RecordListModel::RecordListModel;

    // Requests of the fleet when one is given, else of the org.
    void setScope(const QString &orgSlug, const QString &fleetSlug);
    int rowOfId(qint64 id) const;

    // POST ota/request/; created(id) follows when the server accepts it.
    void createRequest(const QString &script, const QStringList &selectionCriteria);
    void release(int row);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void created(qint64 id);

protected:
    void sortRecords(QList<QJsonObject> &records) const override;

private:
    QString m_org;
    QString m_fleet;
};

} // namespace iotile
