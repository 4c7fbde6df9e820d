#pragma once

#include "client/explorer/recordlistmodel.h"

namespace iotile {

// The device scripts an org may deploy (ota/script/?org=), by name and version: the choices of a new
// deployment request, and where their files are uploaded.
class DeviceScriptModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, VersionColumn, SlugColumn, ReleasedColumn, ColumnCount };
    enum Role { SlugRole = Qt::UserRole + 1 };

    using RecordListModel::RecordListModel;

    void setOrg(const QString &orgSlug);
    const QString &org() const { return m_org; }
    int rowOfSlug(const QString &slug) const;

    // POST ota/script/<slug>/upload/ with the file's bytes (it replaces the script's file); uploaded(slug,
    // file) follows with the server's description of the stored file, failed() otherwise.
    void uploadFile(const QString &slug, const QString &fileName, const QByteArray &data);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void uploaded(const QString &slug, const QJsonObject &file);

protected:
    void sortRecords(QList<QJsonObject> &records) const override;

private:
    QString m_org;
};

} // namespace iotile
