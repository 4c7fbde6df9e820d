#pragma once

#include "client/explorer/explorernode.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QModelIndex;
class QTreeView;

namespace iotile {

class ExplorerFilterModel;
class ExplorerModel;

// The explorer pane: search box, filters and the tree view over ExplorerModel.
class ExplorerWidget final : public QWidget
{
    Q_OBJECT
public:
    explicit ExplorerWidget(ExplorerModel *model, QWidget *parent = nullptr);

    ExplorerModel *model() const { return m_model; }
    ExplorerFilterModel *filterModel() const { return m_filter; }
    QTreeView *view() const { return m_view; }
    void focusSearch();
    // Reloads the selected node's children (or everything without a selection).
    void refreshCurrent();

signals:
    void currentChanged(iotile::ExplorerNode::Kind kind, const QJsonObject &object);
    // Double-click on a stream: show it alone in the chart.
    void streamActivated(const QJsonObject &stream);

private:
    void onCurrentChanged(const QModelIndex &current);
    void showContextMenu(const QPoint &position);

    ExplorerModel *m_model;
    ExplorerFilterModel *m_filter;
    QLineEdit *m_search;
    QCheckBox *m_showInactive;
    QTreeView *m_view;
};

} // namespace iotile
