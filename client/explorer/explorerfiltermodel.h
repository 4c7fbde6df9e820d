#pragma once

#include <QCollator>
#include <QSortFilterProxyModel>

namespace iotile {

// Search and filters over the explorer tree: a text matched against names, labels and IDs (a match keeps
// its ancestors and shows its descendants), hiding inactive devices and disabled streams, and natural
// sorting by name ("Device 2" before "Device 10").
class ExplorerFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ExplorerFilterModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    const QString &searchText() const { return m_search; }
    void setShowInactive(bool show);
    bool showInactive() const { return m_showInactive; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_search;
    bool m_showInactive = true;
    QCollator m_collator;
};

} // namespace iotile
