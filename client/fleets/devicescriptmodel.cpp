#include "client/fleets/devicescriptmodel.h"

#include "common/api/apiclient.h"
#include "common/api/devicescript.h"

#include <QLocale>

#include <algorithm>

namespace iotile {

void DeviceScriptModel::setOrg(const QString &orgSlug)
{
    m_org = orgSlug;
    if (orgSlug.isEmpty())
        clear();
    else
        load(QStringLiteral("/api/v1/ota/script/"), QUrlQuery {{QStringLiteral("org"), orgSlug}});
}

int DeviceScriptModel::rowOfSlug(const QString &slug) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (record(row).value(QLatin1String("slug")).toString() == slug)
            return row;
    }
    return -1;
}

void DeviceScriptModel::uploadFile(const QString &slug, const QString &fileName, const QByteArray &data)
{
    if (slug.isEmpty())
        return;
    track(api()->postFile(QStringLiteral("/api/v1/ota/script/%1/upload/").arg(slug), QStringLiteral("file"),
                          fileName, data),
          [this, slug](api::ApiReply *reply) { emit uploaded(slug, reply->object()); });
}

void DeviceScriptModel::sortRecords(QList<QJsonObject> &records) const
{
    // Newest first within a name: gids grow with every script.
    std::stable_sort(records.begin(), records.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const api::DeviceScript x = api::DeviceScript::fromJson(a);
        const api::DeviceScript y = api::DeviceScript::fromJson(b);
        const int byName = x.name.localeAwareCompare(y.name);
        return byName != 0 ? byName < 0 : x.gid > y.gid;
    });
}

int DeviceScriptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeviceScriptModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const api::DeviceScript script = api::DeviceScript::fromJson(record(index.row()));
    if (role == SlugRole)
        return script.slug;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return script.displayName();
    case VersionColumn:
        return script.version;
    case SlugColumn:
        return script.slug;
    case ReleasedColumn:
        if (!script.released)
            return tr("not released");
        return script.releasedOn.isValid() ? QLocale().toString(script.releasedOn, QLocale::ShortFormat)
                                           : tr("released");
    default:
        return {};
    }
}

QVariant DeviceScriptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Script");
    case VersionColumn:
        return tr("Version");
    case SlugColumn:
        return tr("ID");
    case ReleasedColumn:
        return tr("Released");
    default:
        return {};
    }
}

} // namespace iotile
