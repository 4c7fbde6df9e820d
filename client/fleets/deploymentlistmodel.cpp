#include "client/fleets/deploymentlistmodel.h"

#include "common/api/apiclient.h"
#include "common/api/deploymentrequest.h"

#include <QLocale>

#include <algorithm>

namespace iotile {

void DeploymentListModel::setScope(const QString &orgSlug, const QString &fleetSlug)
{
    m_org = orgSlug;
    m_fleet = fleetSlug;
    if (!fleetSlug.isEmpty())
        load(QStringLiteral("/api/v1/ota/request/"),
             QUrlQuery {{QStringLiteral("fleet"), fleetSlug}, {QStringLiteral("all"), QStringLiteral("1")}});
    else if (!orgSlug.isEmpty())
        load(QStringLiteral("/api/v1/ota/request/"),
             QUrlQuery {{QStringLiteral("org"), orgSlug}, {QStringLiteral("all"), QStringLiteral("1")}});
    else
        clear();
}

int DeploymentListModel::rowOfId(qint64 id) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (api::DeploymentRequest::fromJson(record(row)).id == id)
            return row;
    }
    return -1;
}

void DeploymentListModel::sortRecords(QList<QJsonObject> &records) const
{
    std::stable_sort(records.begin(), records.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return api::DeploymentRequest::fromJson(a).id > api::DeploymentRequest::fromJson(b).id;
    });
}

void DeploymentListModel::createRequest(const QString &script, const QStringList &selectionCriteria)
{
    if (m_org.isEmpty() || script.isEmpty())
        return;
    const QJsonObject body = api::DeploymentRequest::createBody(script, m_org, m_fleet, selectionCriteria);
    track(api()->post(QStringLiteral("/api/v1/ota/request/"), body), [this](api::ApiReply *reply) {
        const QJsonObject created = reply->object();
        insertRecord(0, created);
        emit this->created(api::DeploymentRequest::fromJson(created).id);
    });
}

void DeploymentListModel::release(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const qint64 id = api::DeploymentRequest::fromJson(record(row)).id;
    track(api()->post(QStringLiteral("/api/v1/ota/request/%1/release/").arg(id), QJsonObject {}),
          [this, id](api::ApiReply *reply) {
              const int at = rowOfId(id);
              if (at < 0)
                  return;
              QJsonObject updated = reply->object();
              if (!updated.contains(QLatin1String("id"))) {
                  // An answer without the request: it is released as of now.
                  updated = record(at);
                  updated.insert(QStringLiteral("released_on"),
                                 QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
              }
              replaceRecord(at, updated);
          });
}

int DeploymentListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeploymentListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const api::DeploymentRequest request = api::DeploymentRequest::fromJson(record(index.row()));
    if (role == IdRole)
        return request.id;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return request.id;
    case ScriptColumn:
        return request.script;
    case TargetColumn:
        return request.fleet.isEmpty() ? tr("all devices of %1").arg(request.org) : request.fleet;
    case CriteriaColumn:
        return request.selectionCriteria.isEmpty() ? tr("any")
                                                   : request.selectionCriteria.join(QStringLiteral(", "));
    case StateColumn:
        switch (request.state()) {
        case api::DeploymentRequest::State::Draft:
            return request.releasedOn.isValid()
                ? tr("releases %1")
                      .arg(QLocale().toString(request.releasedOn.toLocalTime(), QLocale::ShortFormat))
                : tr("draft");
        case api::DeploymentRequest::State::Released:
            return tr("released %1")
                .arg(QLocale().toString(request.releasedOn.toLocalTime(), QLocale::ShortFormat));
        case api::DeploymentRequest::State::Completed:
            return tr("completed %1")
                .arg(QLocale().toString(request.completedOn.toLocalTime(), QLocale::ShortFormat));
        }
        return {};
    default:
        return {};
    }
}

QVariant DeploymentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("ID");
    case ScriptColumn:
        return tr("Script");
    case TargetColumn:
        return tr("Target");
    case CriteriaColumn:
        return tr("Selection");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace iotile
