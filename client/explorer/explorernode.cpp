#include "client/explorer/explorernode.h"

namespace iotile {

QString ExplorerNode::displayName() const
{
    auto text = [this](const char *key) { return object.value(QLatin1String(key)).toString().trimmed(); };
    QString name;
    switch (kind) {
    case Kind::Org:
    case Kind::Project:
        name = text("name");
        break;
    case Kind::Device:
        name = text("label");
        break;
    case Kind::Stream:
        name = text("data_label");
        if (name.isEmpty())
            name = text("var_name");
        break;
    case Kind::Root:
        break;
    }
    return name.isEmpty() ? slug() : name;
}

} // namespace iotile
