#pragma once

#include "common/api/apipager.h"

#include <QJsonObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <vector>

namespace iotile {

// One item of the explorer tree: the object as the server sent it and how far its children are loaded.
struct ExplorerNode
{
    enum class Kind { Root, Org, Project, Device, Stream };
    enum class LoadState { NotLoaded, Loading, Loaded, Failed };

    Kind kind = Kind::Root;
    QJsonObject object;
    ExplorerNode *parent = nullptr;
    std::vector<std::unique_ptr<ExplorerNode>> children;
    LoadState state = LoadState::NotLoaded;
    QString error;
    bool checked = false;
    QPointer<api::ApiPager> pager;

    // Children are only ever appended or cleared all at once, so a node's row never changes.
    int row = 0;
    bool canHaveChildren() const { return kind != Kind::Stream; }
    QString slug() const { return object.value(QLatin1String("slug")).toString(); }
    QString displayName() const;
};

} // namespace iotile
