#pragma once

#include "client/explorer/explorernode.h"

#include <QAbstractItemModel>
#include <QJsonArray>

namespace iotile {

namespace api {
class ApiClient;
}

// The tree orgs -> projects -> devices -> streams, loaded lazily through the API: a node's children are
// fetched (all pages, inserted page by page) when a view first asks for them.
class ExplorerModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    using Kind = ExplorerNode::Kind;
    using LoadState = ExplorerNode::LoadState;
    enum Column { NameColumn, SlugColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1,
        SlugRole,
        ObjectRole, // the server's JSON object
        LoadStateRole,
        ActiveRole, // false for inactive devices and disabled streams
        SearchTextRole, // everything the search box matches against
    };

    explicit ExplorerModel(api::ApiClient *api, QObject *parent = nullptr);
    ~ExplorerModel() override;

    // Forgets everything and fetches the organizations again.
    void reload();
    // Fetches one node's children again.
    void reload(const QModelIndex &index);
    void clear();
    // A tree given as nested JSON ("projects", "devices", "streams" arrays inside each object), marked
    // loaded: the offline demo and tests of views use it.
    void populate(const QJsonArray &orgs);
    bool isLoading() const { return m_loading > 0; }

    Kind kind(const QModelIndex &index) const;
    QJsonObject object(const QModelIndex &index) const;
    // Replaces the object of every node with this slug (after an edit in the details panel).
    void updateObject(const QJsonObject &object);
    QModelIndex findSlug(const QString &slug, const QModelIndex &parent = {}) const;
    QList<QJsonObject> checkedStreams() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadingChanged(bool loading);
    void loadFailed(const QString &what, const QString &message);
    // A stream's check box was ticked or cleared: the chart adds or removes it.
    void streamCheckChanged(const QJsonObject &stream, bool checked);

private:
    ExplorerNode *node(const QModelIndex &index) const;
    QModelIndex indexOf(ExplorerNode *node, int column = 0) const;
    void startFetch(ExplorerNode *node);
    void appendChildren(ExplorerNode *node, const QJsonArray &items);
    void fetchFinished(ExplorerNode *node, bool ok, const QString &error);
    void setLoading(int delta);
    void abortFetches(ExplorerNode *node);
    void populateNode(ExplorerNode *node, const QJsonArray &items, Kind kind);
    void collectChecked(const ExplorerNode *node, QList<QJsonObject> &out) const;
    void updateObject(ExplorerNode *node, const QJsonObject &object);

    api::ApiClient *m_api;
    std::unique_ptr<ExplorerNode> m_root;
    int m_loading = 0;
};

} // namespace iotile
