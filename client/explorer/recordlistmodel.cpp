#include "client/explorer/recordlistmodel.h"

#include "client/widgets/errortext.h"
#include "common/api/apiclient.h"
#include "common/api/apipager.h"

namespace iotile {

RecordListModel::RecordListModel(api::ApiClient *api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{ }

RecordListModel::~RecordListModel()
{
    if (m_pager) {
        m_pager->disconnect(this);
        m_pager->cancel();
    }
}

int RecordListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

void RecordListModel::load(const QString &path, const QUrlQuery &query)
{
    m_path = path;
    m_query = query;
    reload();
}

void RecordListModel::reload()
{
    if (m_pager) {
        m_pager->disconnect(this);
        m_pager->cancel();
        m_pager = nullptr;
    }
    setRecords({});
    if (m_path.isEmpty() || !m_api)
        return;
    api::ApiPager *pager = m_api->getAll(m_path, m_query);
    m_pager = pager;
    emit loadingChanged(true);
    connect(pager, &api::ApiPager::finished, this, [this, pager] {
        m_pager = nullptr;
        emit loadingChanged(false);
        if (!pager->isOk()) {
            emit failed(ErrorText::describe(pager->error()));
            return;
        }
        QList<QJsonObject> records;
        records.reserve(pager->items().size());
        for (const QJsonValue &item : pager->items())
            records.append(item.toObject());
        sortRecords(records);
        setRecords(std::move(records));
        emit loaded();
    });
}

void RecordListModel::clear()
{
    m_path.clear();
    m_query.clear();
    reload();
}

void RecordListModel::track(api::ApiReply *reply, std::function<void(api::ApiReply *)> done)
{
    connect(reply, &api::ApiReply::finished, this, [this, reply, done = std::move(done)] {
        if (!reply->isOk()) {
            emit failed(ErrorText::describe(reply->error()));
            return;
        }
        done(reply);
        emit saved();
    });
}

void RecordListModel::setRecords(QList<QJsonObject> records)
{
    beginResetModel();
    m_records = std::move(records);
    endResetModel();
}

void RecordListModel::insertRecord(int row, const QJsonObject &record)
{
    beginInsertRows({}, row, row);
    m_records.insert(row, record);
    endInsertRows();
}

void RecordListModel::replaceRecord(int row, const QJsonObject &record)
{
    m_records[row] = record;
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void RecordListModel::removeRecordAt(int row)
{
    beginRemoveRows({}, row, row);
    m_records.removeAt(row);
    endRemoveRows();
}

void RecordListModel::sortRecords(QList<QJsonObject> &) const { }

} // namespace iotile
