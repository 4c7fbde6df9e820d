#include "client/fleets/deploymentprogressmodel.h"

#include "client/widgets/errortext.h"
#include "common/api/apiclient.h"
#include "common/api/apipager.h"

#include <QBrush>
#include <QColor>
#include <QHash>
#include <QLocale>
#include <QTimer>

#include <algorithm>

namespace iotile {

DeploymentProgressModel::DeploymentProgressModel(api::ApiClient *api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
    , m_follow(new QTimer(this))
{
    connect(m_follow, &QTimer::timeout, this, [this] {
        // A reload still under way (slow server) is not stacked on.
        if (!isLoading())
            reload();
    });
}

DeploymentProgressModel::~DeploymentProgressModel()
{
    cancelLoads();
}

void DeploymentProgressModel::setRequest(qint64 id)
{
    m_request = id;
    reload();
}

void DeploymentProgressModel::setFollowInterval(int milliseconds)
{
    if (milliseconds > 0)
        m_follow->start(milliseconds);
    else
        m_follow->stop();
}

int DeploymentProgressModel::followInterval() const
{
    return m_follow->isActive() ? m_follow->interval() : 0;
}

void DeploymentProgressModel::cancelLoads()
{
    for (QPointer<api::ApiPager> *pager : {&m_devices, &m_actions}) {
        if (*pager) {
            (*pager)->disconnect(this);
            (*pager)->cancel();
        }
        *pager = nullptr;
    }
}

void DeploymentProgressModel::reload()
{
    cancelLoads();
    if (m_request <= 0 || !m_api) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
        m_summary = {};
        emit summaryChanged(m_summary);
        return;
    }
    m_deviceItems = {};
    m_actionItems = {};
    m_error.clear();
    m_devices = m_api->getAll(QStringLiteral("/api/v1/ota/request/%1/devices/").arg(m_request));
    m_actions = m_api->getAll(QStringLiteral("/api/v1/ota/action/"),
                              QUrlQuery {{QStringLiteral("request"), QString::number(m_request)}});
    for (api::ApiPager *pager : {m_devices.data(), m_actions.data()})
        connect(pager, &api::ApiPager::finished, this, &DeploymentProgressModel::pagerFinished);
}

void DeploymentProgressModel::pagerFinished()
{
    auto *pager = qobject_cast<api::ApiPager *>(sender());
    if (!pager)
        return;
    if (!pager->isOk() && m_error.isEmpty())
        m_error = ErrorText::describe(pager->error());
    (pager == m_devices ? m_deviceItems : m_actionItems) = pager->items();
    if (pager == m_devices)
        m_devices = nullptr;
    else
        m_actions = nullptr;
    if (isLoading())
        return;
    // Rows stay as they were when the refresh failed: following a deployment survives a network blip.
    if (!m_error.isEmpty()) {
        emit failed(m_error);
        return;
    }
    rebuild();
    emit loaded();
}

void DeploymentProgressModel::rebuild()
{
    QList<Row> rows;
    QHash<QString, qsizetype> at;
    for (const QJsonValue &item : std::as_const(m_deviceItems)) {
        const QJsonObject o = item.toObject();
        Row r;
        r.device = o.value(QLatin1String("slug")).toString();
        r.sensorGraph = o.value(QLatin1String("sg")).toString();
        r.affected = true;
        for (const QJsonValue &v : o.value(QLatin1String("versions")).toArray())
            r.versions.append(api::DeviceVersion::fromJson(v.toObject()));
        at.insert(r.device, rows.size());
        rows.append(r);
    }
    for (const QJsonValue &item : std::as_const(m_actionItems)) {
        const api::DeploymentAction action = api::DeploymentAction::fromJson(item.toObject());
        // An agent may report on a device the selection no longer covers (criteria changed): keep it.
        if (!at.contains(action.device)) {
            Row r;
            r.device = action.device;
            at.insert(r.device, rows.size());
            rows.append(r);
        }
        Row &r = rows[at.value(action.device)];
        const auto newer = [](const api::DeploymentAction &a, const api::DeploymentAction &b) {
            const QDateTime x = a.lastAttemptOn.isValid() ? a.lastAttemptOn : a.createdOn;
            const QDateTime y = b.lastAttemptOn.isValid() ? b.lastAttemptOn : b.createdOn;
            return x != y ? x > y : a.id > b.id;
        };
        if (!r.action || newer(action, *r.action))
            r.action = action;
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row &a, const Row &b) { return a.device < b.device; });

    Summary s;
    s.devices = int(rows.size());
    for (const Row &r : rows) {
        if (!r.action)
            continue;
        ++s.attempted;
        s.succeeded += r.action->attemptSuccessful ? 1 : 0;
        s.confirmed += r.action->deviceConfirmation ? 1 : 0;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    m_summary = s;
    emit summaryChanged(m_summary);
}

QString DeploymentProgressModel::versionText(const Row &row, const QString &type) const
{
    const api::DeviceVersion *latest = nullptr;
    for (const api::DeviceVersion &v : row.versions) {
        if (v.type == type && (!latest || v.updatedTs > latest->updatedTs))
            latest = &v;
    }
    return latest ? latest->displayText() : QString();
}

int DeploymentProgressModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeploymentProgressModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeploymentProgressModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Row &r = m_rows.at(index.row());
    if (role == Qt::CheckStateRole) {
        if (index.column() == AttemptColumn)
            return r.action && r.action->attemptSuccessful ? Qt::Checked : Qt::Unchecked;
        if (index.column() == ConfirmedColumn)
            return r.action && r.action->deviceConfirmation ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == DeviceColumn && !r.affected)
        return QBrush(QColor(Qt::gray));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case DeviceColumn:
        if (role == Qt::ToolTipRole && !r.affected)
            return tr("Reported by an agent, but no longer selected by this request");
        return r.device;
    case OsVersionColumn:
        return versionText(r, QStringLiteral("os"));
    case AppVersionColumn:
        return versionText(r, QStringLiteral("app"));
    case LastAttemptColumn:
        if (!r.action)
            return role == Qt::DisplayRole ? tr("not yet") : QVariant();
        return QLocale().toString(
            (r.action->lastAttemptOn.isValid() ? r.action->lastAttemptOn : r.action->createdOn).toLocalTime(),
            QLocale::ShortFormat);
    case LogColumn:
        return r.action ? r.action->log : QString();
    default:
        return {};
    }
}

QVariant DeploymentProgressModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DeviceColumn:
        return tr("Device");
    case OsVersionColumn:
        return tr("OS version");
    case AppVersionColumn:
        return tr("App version");
    case LastAttemptColumn:
        return tr("Last attempt");
    case AttemptColumn:
        return tr("Updated");
    case ConfirmedColumn:
        return tr("Confirmed");
    case LogColumn:
        return tr("Log");
    default:
        return {};
    }
}

} // namespace iotile
