#include "client/explorer/explorerwidget.h"

#include "client/explorer/explorerfiltermodel.h"
#include "client/explorer/explorermodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

namespace iotile {

ExplorerWidget::ExplorerWidget(ExplorerModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new ExplorerFilterModel(this))
    , m_search(new QLineEdit(this))
    , m_showInactive(new QCheckBox(tr("Show inactive devices"), this))
    , m_view(new QTreeView(this))
{
    setObjectName(QStringLiteral("explorer"));
    m_search->setObjectName(QStringLiteral("explorerSearch"));
    m_search->setPlaceholderText(tr("Search names, labels and IDs"));
    m_search->setClearButtonEnabled(true);
    m_showInactive->setObjectName(QStringLiteral("showInactive"));
    m_showInactive->setChecked(true);
    m_view->setObjectName(QStringLiteral("explorerTree"));

    m_filter->setSourceModel(m_model);
    m_filter->sort(ExplorerModel::NameColumn, Qt::AscendingOrder);
    m_view->setModel(m_filter);
    m_view->setUniformRowHeights(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ExplorerModel::NameColumn, Qt::AscendingOrder);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setSectionResizeMode(ExplorerModel::NameColumn, QHeaderView::Stretch);
    m_view->header()->setStretchLastSection(false);
    m_view->setColumnHidden(ExplorerModel::SlugColumn, true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_showInactive);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setSearchText(text);
        if (!text.trimmed().isEmpty())
            m_view->expandAll();
    });
    connect(m_showInactive, &QCheckBox::toggled, m_filter, &ExplorerFilterModel::setShowInactive);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        const QModelIndex source = m_filter->mapToSource(index);
        if (m_model->kind(source) == ExplorerNode::Kind::Stream)
            emit streamActivated(m_model->object(source));
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &ExplorerWidget::showContextMenu);
}

void ExplorerWidget::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ExplorerWidget::refreshCurrent()
{
    const QModelIndex current = m_filter->mapToSource(m_view->currentIndex());
    if (current.isValid() && m_model->kind(current) != ExplorerNode::Kind::Stream)
        m_model->reload(current);
    else
        m_model->reload();
}

void ExplorerWidget::onCurrentChanged(const QModelIndex &current)
{
    const QModelIndex source = m_filter->mapToSource(current);
    if (!source.isValid()) {
        emit currentChanged(ExplorerNode::Kind::Root, {});
        return;
    }
    emit currentChanged(m_model->kind(source), m_model->object(source));
}

void ExplorerWidget::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    const QModelIndex source = m_filter->mapToSource(index);
    QMenu menu(this);
    if (source.isValid() && m_model->kind(source) == ExplorerNode::Kind::Stream) {
        menu.addAction(tr("Show in Chart"), this,
                       [this, source] { emit streamActivated(m_model->object(source)); });
    }
    if (source.isValid()) {
        const QString slug = source.data(ExplorerModel::SlugRole).toString();
        menu.addAction(tr("Copy ID"), this, [slug] { QApplication::clipboard()->setText(slug); });
        if (m_model->kind(source) != ExplorerNode::Kind::Stream)
            menu.addAction(tr("Refresh"), this, [this, source] { m_model->reload(source); });
    } else {
        menu.addAction(tr("Refresh"), this, [this] { m_model->reload(); });
    }
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

} // namespace iotile
