#include "common/slug/deviceslug.h"

#include "common/slug/gid.h"

#include <QList>

namespace iotile {

namespace {

template<typename View>
std::optional<DeviceSlug> parseDevice(View text, QString *error)
{
    quint64 id = 0;
    if (!gid::parseComposed(text, DeviceSlug::kPrefix, {4}, &id))
        return gid::fail(error, "Expected a device slug like d--0000-0000-0000-0001 (lower-case hex)");
    if (id > DeviceSlug::kMaxId)
        return gid::fail(error, "A device slug's top group must be 0000 (block ids belong in b-- slugs)");
    return DeviceSlug(id);
}

} // namespace

std::optional<DeviceSlug> DeviceSlug::parse(QStringView text, QString *error)
{
    return parseDevice(text, error);
}

std::optional<DeviceSlug> DeviceSlug::parse(QByteArrayView text, QString *error)
{
    return parseDevice(text, error);
}

std::optional<DeviceSlug> DeviceSlug::fromLookup(QStringView text)
{
    const QList<QStringView> parts = text.split(u"--");
    if (parts.size() != 2 || (parts.at(0) != u"d" && parts.at(0) != u"b"))
        return std::nullopt;
    const std::optional<quint64> id = gid::parsePadded(parts.at(1), 3);
    if (!id)
        return std::nullopt;
    return DeviceSlug(*id);
}

QString DeviceSlug::toString() const
{
    return gid::compose(kPrefix, {{m_id, 4}});
}

void DeviceSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_id, 4}});
}

QString DeviceSlug::gid() const
{
    return gid::format(m_id, 3);
}

QString DeviceSlug::fullGid() const
{
    return gid::format(m_id, 4);
}

} // namespace iotile
