#include "client/explorer/explorerfiltermodel.h"

#include "client/explorer/explorermodel.h"

namespace iotile {

ExplorerFilterModel::ExplorerFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // The C locale (no LANG, as in tests and services) has no collation rules of its own: English ones
    // still give the natural order of numbers.
    if (QLocale().language() == QLocale::C)
        m_collator = QCollator(QLocale(QLocale::English, QLocale::UnitedStates));
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
}

void ExplorerFilterModel::setSearchText(const QString &text)
{
    if (text.trimmed() == m_search)
        return;
    m_search = text.trimmed();
    invalidateFilter();
}

void ExplorerFilterModel::setShowInactive(bool show)
{
    if (show == m_showInactive)
        return;
    m_showInactive = show;
    invalidateFilter();
}

bool ExplorerFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // Walked by hand rather than with autoAcceptChildRows, which would bring back the inactive children
    // of a matching project: a row shows when it or an ancestor matches, and nothing under an inactive
    // device shows when inactive ones are hidden.
    bool matches = m_search.isEmpty();
    for (QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent); index.isValid();
         index = index.parent()) {
        if (!m_showInactive && !index.data(ExplorerModel::ActiveRole).toBool())
            return false;
        if (!matches)
            matches =
                index.data(ExplorerModel::SearchTextRole).toString().contains(m_search, Qt::CaseInsensitive);
    }
    return matches;
}

bool ExplorerFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    return m_collator.compare(left.data().toString(), right.data().toString()) < 0;
}

} // namespace iotile
