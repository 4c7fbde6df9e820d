#include "client/explorer/configattributesmodel.h"

#include "common/api/apiclient.h"
#include "common/api/configattribute.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace iotile {

void ConfigAttributesModel::setTarget(const QString &target)
{
    m_target = target;
    if (target.isEmpty())
        clear();
    else
        load(QStringLiteral("/api/v1/config/attr/"), QUrlQuery {{QStringLiteral("target"), target}});
}

QJsonValue ConfigAttributesModel::parseData(const QString &text)
{
    // QJsonDocument only takes objects and arrays; wrapping also admits numbers, strings, true and null.
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    if (error.error == QJsonParseError::NoError && document.array().size() == 1)
        return document.array().first();
    return text;
}

void ConfigAttributesModel::setAttribute(const QString &name, const QJsonValue &data)
{
    if (m_target.isEmpty())
        return;
    api::ApiReply *reply = api()->post(QStringLiteral("/api/v1/config/attr/"),
                                       api::ConfigAttribute::upsertBody(m_target, name, data));
    track(reply, [this, name](api::ApiReply *r) {
        for (int row = 0; row < rowCount(); ++row) {
            if (record(row).value(QLatin1String("name")).toString() == name) {
                replaceRecord(row, r->object());
                return;
            }
        }
        appendRecord(r->object());
    });
}

void ConfigAttributesModel::removeAttribute(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const qint64 id = api::ConfigAttribute::fromJson(record(row)).id;
    track(api()->del(QStringLiteral("/api/v1/config/attr/%1/").arg(id)), [this, id](api::ApiReply *) {
        for (int r = 0; r < rowCount(); ++r) {
            if (api::ConfigAttribute::fromJson(record(r)).id == id) {
                removeRecordAt(r);
                return;
            }
        }
    });
}

int ConfigAttributesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConfigAttributesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole))
        return {};
    const api::ConfigAttribute attribute = api::ConfigAttribute::fromJson(record(index.row()));
    switch (index.column()) {
    case NameColumn:
        return attribute.name;
    case DataColumn:
        return attribute.dataText();
    case UpdatedColumn:
        return QLocale().toString(attribute.updatedOn.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

bool ConfigAttributesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.column() != DataColumn)
        return false;
    const api::ConfigAttribute attribute = api::ConfigAttribute::fromJson(record(index.row()));
    if (value.toString() == attribute.dataText())
        return false;
    setAttribute(attribute.name, parseData(value.toString()));
    return true;
}

Qt::ItemFlags ConfigAttributesModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = RecordListModel::flags(index);
    if (index.isValid() && index.column() == DataColumn)
        result |= Qt::ItemIsEditable;
    return result;
}

QVariant ConfigAttributesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DataColumn:
        return tr("Value");
    case UpdatedColumn:
        return tr("Updated");
    default:
        return {};
    }
}

} // namespace iotile
