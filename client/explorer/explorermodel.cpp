#include "client/explorer/explorermodel.h"

#include "client/widgets/errortext.h"
#include "common/api/apiclient.h"
#include "common/api/apipager.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QUrlQuery>

namespace iotile {

namespace {

QString childListPath(const ExplorerNode &node, QUrlQuery &query)
{
    switch (node.kind) {
    case ExplorerNode::Kind::Root:
        return QStringLiteral("/api/v1/org/");
    case ExplorerNode::Kind::Org:
        return QStringLiteral("/api/v1/org/%1/projects/").arg(node.slug());
    case ExplorerNode::Kind::Project:
        // The project's UUID: the p-- slug works too, but the UUID also survives a renumbered gid.
        query.addQueryItem(QStringLiteral("project"), node.object.value(QLatin1String("id")).toString());
        return QStringLiteral("/api/v1/device/");
    case ExplorerNode::Kind::Device:
        query.addQueryItem(QStringLiteral("device"), node.slug());
        return QStringLiteral("/api/v1/stream/");
    case ExplorerNode::Kind::Stream:
        break;
    }
    return {};
}

ExplorerNode::Kind childKind(ExplorerNode::Kind kind)
{
    switch (kind) {
    case ExplorerNode::Kind::Root:
        return ExplorerNode::Kind::Org;
    case ExplorerNode::Kind::Org:
        return ExplorerNode::Kind::Project;
    case ExplorerNode::Kind::Project:
        return ExplorerNode::Kind::Device;
    default:
        return ExplorerNode::Kind::Stream;
    }
}

const char *nestedKey(ExplorerNode::Kind kind)
{
    switch (kind) {
    case ExplorerNode::Kind::Org:
        return "projects";
    case ExplorerNode::Kind::Project:
        return "devices";
    case ExplorerNode::Kind::Device:
        return "streams";
    default:
        return "";
    }
}

bool isActive(const ExplorerNode &node)
{
    if (node.kind == ExplorerNode::Kind::Device)
        return node.object.value(QLatin1String("active")).toBool(true);
    if (node.kind == ExplorerNode::Kind::Stream)
        return node.object.value(QLatin1String("enabled")).toBool(true);
    return true;
}

} // namespace

ExplorerModel::ExplorerModel(api::ApiClient *api, QObject *parent)
    : QAbstractItemModel(parent)
    , m_api(api)
    , m_root(std::make_unique<ExplorerNode>())
{
    m_root->state = LoadState::Loaded;
}

ExplorerModel::~ExplorerModel()
{
    abortFetches(m_root.get());
}

void ExplorerModel::clear()
{
    beginResetModel();
    abortFetches(m_root.get());
    m_root = std::make_unique<ExplorerNode>();
    m_root->state = LoadState::Loaded;
    endResetModel();
}

void ExplorerModel::reload()
{
    beginResetModel();
    abortFetches(m_root.get());
    m_root = std::make_unique<ExplorerNode>();
    endResetModel();
    startFetch(m_root.get());
}

void ExplorerModel::reload(const QModelIndex &index)
{
    ExplorerNode *n = node(index);
    if (!n->canHaveChildren())
        return;
    if (n == m_root.get()) {
        reload();
        return;
    }
    abortFetches(n);
    if (!n->children.empty()) {
        beginRemoveRows(index.siblingAtColumn(0), 0, int(n->children.size()) - 1);
        n->children.clear();
        endRemoveRows();
    }
    n->state = LoadState::NotLoaded;
    n->error.clear();
    startFetch(n);
}

void ExplorerModel::populate(const QJsonArray &orgs)
{
    beginResetModel();
    abortFetches(m_root.get());
    m_root = std::make_unique<ExplorerNode>();
    populateNode(m_root.get(), orgs, Kind::Org);
    endResetModel();
}

void ExplorerModel::populateNode(ExplorerNode *node, const QJsonArray &items, Kind kind)
{
    node->state = LoadState::Loaded;
    for (const QJsonValue &item : items) {
        auto child = std::make_unique<ExplorerNode>();
        child->kind = kind;
        child->object = item.toObject();
        child->parent = node;
        child->row = int(node->children.size());
        const char *key = nestedKey(kind);
        if (*key) {
            const QJsonArray nested = child->object.value(QLatin1String(key)).toArray();
            child->object.remove(QLatin1String(key));
            populateNode(child.get(), nested, childKind(kind));
        }
        node->children.push_back(std::move(child));
    }
}

ExplorerNode *ExplorerModel::node(const QModelIndex &index) const
{
    if (!index.isValid())
        return m_root.get();
    return static_cast<ExplorerNode *>(index.internalPointer());
}

QModelIndex ExplorerModel::indexOf(ExplorerNode *n, int column) const
{
    if (!n || n == m_root.get())
        return {};
    return createIndex(n->row, column, n);
}

ExplorerModel::Kind ExplorerModel::kind(const QModelIndex &index) const
{
    return node(index)->kind;
}

QJsonObject ExplorerModel::object(const QModelIndex &index) const
{
    return node(index)->object;
}

QModelIndex ExplorerModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    ExplorerNode *p = node(parent);
    if (size_t(row) >= p->children.size())
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex ExplorerModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(node(child)->parent);
}

int ExplorerModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(node(parent)->children.size());
}

int ExplorerModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool ExplorerModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const ExplorerNode *n = node(parent);
    if (!n->canHaveChildren())
        return false;
    // Unknown until loaded: show the expander so that opening the node loads it.
    return n->state == LoadState::NotLoaded || n->state == LoadState::Loading || !n->children.empty();
}

bool ExplorerModel::canFetchMore(const QModelIndex &parent) const
{
    const ExplorerNode *n = node(parent);
    return n->canHaveChildren() && n->state == LoadState::NotLoaded && m_api;
}

void ExplorerModel::fetchMore(const QModelIndex &parent)
{
    ExplorerNode *n = node(parent);
    if (n->state == LoadState::NotLoaded)
        startFetch(n);
}

void ExplorerModel::startFetch(ExplorerNode *n)
{
    // Views (and QAbstractItemModelTester) may ask again while the first request runs.
    if (!m_api || !n->canHaveChildren() || n->state == LoadState::Loading)
        return;
    QUrlQuery query;
    const QString path = childListPath(*n, query);
    n->state = LoadState::Loading;
    n->error.clear();
    api::ApiPager *pager = m_api->getAll(path, query);
    pager->setKeepItems(false);
    n->pager = pager;
    setLoading(+1);
    connect(pager, &api::ApiPager::pageReceived, this,
            [this, n](const QJsonArray &items) { appendChildren(n, items); });
    connect(pager, &api::ApiPager::finished, this, [this, n, pager] {
        fetchFinished(n, pager->isOk(), pager->isOk() ? QString() : ErrorText::describe(pager->error()));
    });
    if (n != m_root.get()) {
        const QModelIndex index = indexOf(n);
        emit dataChanged(index, index.siblingAtColumn(ColumnCount - 1));
    }
}

void ExplorerModel::appendChildren(ExplorerNode *n, const QJsonArray &items)
{
    if (items.isEmpty())
        return;
    const int first = int(n->children.size());
    beginInsertRows(indexOf(n), first, first + int(items.size()) - 1);
    const Kind kind = childKind(n->kind);
    for (const QJsonValue &item : items) {
        auto child = std::make_unique<ExplorerNode>();
        child->kind = kind;
        child->object = item.toObject();
        child->parent = n;
        child->row = int(n->children.size());
        n->children.push_back(std::move(child));
    }
    endInsertRows();
}

void ExplorerModel::fetchFinished(ExplorerNode *n, bool ok, const QString &error)
{
    n->pager = nullptr;
    n->state = ok ? LoadState::Loaded : LoadState::Failed;
    n->error = error;
    setLoading(-1);
    if (n != m_root.get()) {
        const QModelIndex index = indexOf(n);
        emit dataChanged(index, index.siblingAtColumn(ColumnCount - 1));
    }
    if (!ok)
        emit loadFailed(n == m_root.get() ? tr("Organizations") : n->displayName(), error);
}

void ExplorerModel::abortFetches(ExplorerNode *n)
{
    if (n->pager) {
        // Disconnected first: a cancelled pager still reports, and this node may be gone by then.
        n->pager->disconnect(this);
        n->pager->cancel();
        n->pager = nullptr;
        n->state = LoadState::NotLoaded;
        setLoading(-1);
    }
    for (auto &child : n->children)
        abortFetches(child.get());
}

void ExplorerModel::setLoading(int delta)
{
    const bool was = m_loading > 0;
    m_loading += delta;
    if (was != (m_loading > 0))
        emit loadingChanged(m_loading > 0);
}

QVariant ExplorerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const ExplorerNode *n = node(index);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == SlugColumn)
            return n->slug();
        return n->displayName();
    case Qt::DecorationRole: {
        if (index.column() != NameColumn)
            return {};
        QStyle *style = QApplication::style();
        if (n->state == LoadState::Failed)
            return style->standardIcon(QStyle::SP_MessageBoxWarning);
        switch (n->kind) {
        case Kind::Org:
            return style->standardIcon(QStyle::SP_DirHomeIcon);
        case Kind::Project:
            return style->standardIcon(QStyle::SP_DirIcon);
        case Kind::Device:
            return style->standardIcon(QStyle::SP_DriveHDIcon);
        case Kind::Stream:
            return style->standardIcon(QStyle::SP_FileIcon);
        case Kind::Root:
            break;
        }
        return {};
    }
    case Qt::ToolTipRole:
        if (n->state == LoadState::Failed)
            return tr("Could not load: %1").arg(n->error);
        return n->slug();
    case Qt::ForegroundRole:
        if (!isActive(*n))
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::CheckStateRole:
        if (n->kind == Kind::Stream && index.column() == NameColumn)
            return n->checked ? Qt::Checked : Qt::Unchecked;
        return {};
    case KindRole:
        return int(n->kind);
    case SlugRole:
        return n->slug();
    case ObjectRole:
        return n->object;
    case LoadStateRole:
        return int(n->state);
    case ActiveRole:
        return isActive(*n);
    case SearchTextRole: {
        QStringList parts {n->displayName(), n->slug()};
        for (const char *key : {"label", "name", "external_id", "var_name", "data_label"})
            parts.append(n->object.value(QLatin1String(key)).toString());
        return parts.join(QLatin1Char('\n'));
    }
    default:
        return {};
    }
}

bool ExplorerModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    ExplorerNode *n = node(index);
    if (role != Qt::CheckStateRole || n->kind != Kind::Stream)
        return false;
    const bool checked = value.toInt() == Qt::Checked;
    if (checked == n->checked)
        return true;
    n->checked = checked;
    emit dataChanged(index, index, {Qt::CheckStateRole});
    emit streamCheckChanged(n->object, checked);
    return true;
}

Qt::ItemFlags ExplorerModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags result = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (node(index)->kind == Kind::Stream && index.column() == NameColumn)
        result |= Qt::ItemIsUserCheckable;
    if (node(index)->kind == Kind::Stream)
        result |= Qt::ItemNeverHasChildren;
    return result;
}

QVariant ExplorerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SlugColumn:
        return tr("ID");
    default:
        return {};
    }
}

void ExplorerModel::updateObject(const QJsonObject &object)
{
    updateObject(m_root.get(), object);
}

void ExplorerModel::updateObject(ExplorerNode *n, const QJsonObject &object)
{
    const QString slug = object.value(QLatin1String("slug")).toString();
    for (auto &child : n->children) {
        if (child->slug() == slug) {
            child->object = object;
            const QModelIndex index = indexOf(child.get());
            emit dataChanged(index, index.siblingAtColumn(ColumnCount - 1));
        }
        updateObject(child.get(), object);
    }
}

QModelIndex ExplorerModel::findSlug(const QString &slug, const QModelIndex &parent) const
{
    const ExplorerNode *p = node(parent);
    for (const auto &child : p->children) {
        if (child->slug() == slug)
            return indexOf(child.get());
        const QModelIndex found = findSlug(slug, indexOf(child.get()));
        if (found.isValid())
            return found;
    }
    return {};
}

QList<QJsonObject> ExplorerModel::checkedStreams() const
{
    QList<QJsonObject> out;
    collectChecked(m_root.get(), out);
    return out;
}

void ExplorerModel::collectChecked(const ExplorerNode *n, QList<QJsonObject> &out) const
{
    if (n->kind == Kind::Stream && n->checked)
        out.append(n->object);
    for (const auto &child : n->children)
        collectChecked(child.get(), out);
}

} // namespace iotile
