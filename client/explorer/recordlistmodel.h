#pragma once

#include "common/api/apipager.h"
#include "common/api/apireply.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QUrlQuery>

#include <functional>

namespace iotile {

namespace api {
class ApiClient;
}

// The loading half shared by the details tables (properties, notes, locations, configuration): one list
// endpoint fetched whole, rows kept as the server's JSON objects. Subclasses define the columns and edits.
class RecordListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit RecordListModel(api::ApiClient *api, QObject *parent = nullptr);
    ~RecordListModel() override;

    // Replaces the rows with the list at path?query.
    void load(const QString &path, const QUrlQuery &query = {});
    void reload();
    void clear();
    bool isLoading() const { return m_pager != nullptr; }
    const QJsonObject &record(int row) const { return m_records.at(row); }
    const QList<QJsonObject> &records() const { return m_records; }

    int rowCount(const QModelIndex &parent = {}) const override;

signals:
    void loadingChanged(bool loading);
    void loaded();
    // A load or an edit failed; the text is for the user.
    void failed(const QString &message);
    // An edit was accepted by the server.
    void saved();

protected:
    api::ApiClient *api() const { return m_api; }
    // Calls done(reply) when an edit answers successfully and reports failed() otherwise.
    void track(api::ApiReply *reply, std::function<void(api::ApiReply *)> done);
    void setRecords(QList<QJsonObject> records);
    void insertRecord(int row, const QJsonObject &record);
    void appendRecord(const QJsonObject &record) { insertRecord(rowCount(), record); }
    void replaceRecord(int row, const QJsonObject &record);
    void removeRecordAt(int row);
    // Sorting of a freshly loaded list (default: as the server sent it).
    virtual void sortRecords(QList<QJsonObject> &records) const;

private:
    api::ApiClient *m_api;
    QString m_path;
    QUrlQuery m_query;
    QList<QJsonObject> m_records;
    QPointer<api::ApiPager> m_pager;
};

} // namespace iotile
