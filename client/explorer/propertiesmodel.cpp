#include "client/explorer/propertiesmodel.h"

#include "common/api/apiclient.h"
#include "common/api/genericproperty.h"

#include <algorithm>

namespace iotile {

void PropertiesModel::setOwner(const QString &ownerPath)
{
    m_owner = ownerPath;
    if (ownerPath.isEmpty())
        clear();
    else
        load(ownerPath + QLatin1String("properties/"));
}

void PropertiesModel::sortRecords(QList<QJsonObject> &records) const
{
    std::sort(records.begin(), records.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("name"))
                   .toString()
                   .compare(b.value(QLatin1String("name")).toString(), Qt::CaseInsensitive)
            < 0;
    });
}

void PropertiesModel::setProperty(const QString &name, const QString &type, const QString &value)
{
    if (m_owner.isEmpty())
        return;
    api::ApiReply *reply = api()->post(m_owner + QLatin1String("new_property/"),
                                       api::GenericProperty::newPropertyBody(name, type, value));
    track(reply, [this, name](api::ApiReply *r) {
        const QJsonObject stored = r->object();
        for (int row = 0; row < rowCount(); ++row) {
            if (record(row).value(QLatin1String("name")).toString() == name) {
                replaceRecord(row, stored);
                return;
            }
        }
        appendRecord(stored);
    });
}

void PropertiesModel::removeProperty(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const qint64 id = api::GenericProperty::fromJson(record(row)).id;
    api::ApiReply *reply = api()->del(QStringLiteral("/api/v1/property/%1/").arg(id));
    track(reply, [this, id](api::ApiReply *) {
        for (int r = 0; r < rowCount(); ++r) {
            if (api::GenericProperty::fromJson(record(r)).id == id) {
                removeRecordAt(r);
                return;
            }
        }
    });
}

int PropertiesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PropertiesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole))
        return {};
    const api::GenericProperty p = api::GenericProperty::fromJson(record(index.row()));
    switch (index.column()) {
    case NameColumn:
        return p.isSystem && role == Qt::ToolTipRole ? tr("System property") : QVariant(p.name);
    case ValueColumn:
        return p.valueText();
    case TypeColumn:
        return p.type;
    default:
        return {};
    }
}

bool PropertiesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.column() != ValueColumn)
        return false;
    const api::GenericProperty p = api::GenericProperty::fromJson(record(index.row()));
    if (value.toString() == p.valueText())
        return false;
    // The row changes when the server has accepted the value (saved()), not before.
    setProperty(p.name, p.type, value.toString());
    return true;
}

Qt::ItemFlags PropertiesModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = RecordListModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn
        && !record(index.row()).value(QLatin1String("is_system")).toBool())
        result |= Qt::ItemIsEditable;
    return result;
}

QVariant PropertiesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return {};
    }
}

} // namespace iotile
