#pragma once

#include "common/api/deploymentaction.h"
#include "common/api/deviceversion.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>
#include <QPointer>

#include <optional>

class QTimer;

namespace iotile {

namespace api {
class ApiClient;
class ApiPager;
} // namespace api

// How one deployment request is going, device by device: the devices it affects
// (ota/request/<id>/devices/, with the versions they last confirmed) joined with the actions agents
// reported (ota/action/?request=<id>). While following, it reloads itself every interval.
class DeploymentProgressModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        DeviceColumn,
        OsVersionColumn,
        AppVersionColumn,
        LastAttemptColumn,
        AttemptColumn,
        ConfirmedColumn,
        LogColumn,
        ColumnCount
    };
    struct Row
    {
        QString device;
        QString sensorGraph;
        bool affected = false; // listed by the request's device selection
        QList<api::DeviceVersion> versions;
        std::optional<api::DeploymentAction> action; // the latest one for this device
    };
    struct Summary
    {
        int devices = 0;
        int attempted = 0;
        int succeeded = 0;
        int confirmed = 0;
    };

    explicit DeploymentProgressModel(api::ApiClient *api, QObject *parent = nullptr);
    ~DeploymentProgressModel() override;

    // 0 clears the model.
    void setRequest(qint64 id);
    qint64 request() const { return m_request; }
    void reload();
    // Reload every `milliseconds` while > 0 (a later live-push source can call reload() instead).
    void setFollowInterval(int milliseconds);
    int followInterval() const;
    bool isLoading() const { return m_devices || m_actions; }
    const Row &row(int index) const { return m_rows.at(index); }
    const Summary &summary() const { return m_summary; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void failed(const QString &message);
    void summaryChanged(const iotile::DeploymentProgressModel::Summary &summary);

private:
    void cancelLoads();
    void pagerFinished();
    void rebuild();
    QString versionText(const Row &row, const QString &type) const;

    api::ApiClient *m_api;
    QTimer *m_follow;
    qint64 m_request = 0;
    QPointer<api::ApiPager> m_devices;
    QPointer<api::ApiPager> m_actions;
    QJsonArray m_deviceItems;
    QJsonArray m_actionItems;
    QString m_error;
    QList<Row> m_rows;
    Summary m_summary;
};

} // namespace iotile
