#pragma once

#include "client/explorer/recordlistmodel.h"

namespace iotile {

// The notes on a stream, device or project (note/?target=), newest first; notes can be added.
class NotesModel final : public RecordListModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, UserColumn, NoteColumn, ColumnCount };

    using RecordListModel::RecordListModel;

    void setTarget(const QString &target);
    const QString &target() const { return m_target; }
    void addNote(const QString &text);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    void sortRecords(QList<QJsonObject> &records) const override;

private:
    QString m_target;
};

} // namespace iotile
