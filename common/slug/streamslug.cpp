#include "common/slug/streamslug.h"

#include "common/slug/gid.h"

#include <QList>

namespace iotile {

namespace {

template<typename View>
std::optional<StreamSlug> parseStream(View text, QString *error)
{
    quint64 values[3] = {};
    if (!gid::parseComposed(text, StreamSlug::kPrefix, {2, 4, 1}, values)) {
        return gid::fail(
            error, "Expected a stream slug like s--0000-0001--0000-0000-0000-0002--5001 (lower-case hex)");
    }
    return StreamSlug(ProjectSlug(static_cast<quint32>(values[0])), values[1],
                      static_cast<quint16>(values[2]));
}

} // namespace

std::optional<StreamSlug> StreamSlug::parse(QStringView text, QString *error)
{
    return parseStream(text, error);
}

std::optional<StreamSlug> StreamSlug::parse(QByteArrayView text, QString *error)
{
    return parseStream(text, error);
}

std::optional<StreamSlug> StreamSlug::fromLookup(QStringView text)
{
    const QList<QStringView> parts = text.split(u"--");
    if (parts.size() != 4)
        return std::nullopt;
    const std::optional<quint64> project = gid::parsePadded(parts.at(1), 2);
    const std::optional<quint64> device = gid::parsePadded(parts.at(2), 4);
    const std::optional<quint64> lid = gid::parse(parts.at(3), 1);
    if (!project || !device || !lid)
        return std::nullopt;
    return StreamSlug(ProjectSlug(static_cast<quint32>(*project)), *device, static_cast<quint16>(*lid));
}

std::optional<BlockSlug> StreamSlug::block() const
{
    if (!isBlockStream())
        return std::nullopt;
    return BlockSlug::fromDeviceGroup(m_deviceGroup);
}

QString StreamSlug::toString() const
{
    return gid::compose(kPrefix, {{m_project.id(), 2}, {m_deviceGroup, 4}, {m_lid, 1}});
}

void StreamSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_project.id(), 2}, {m_deviceGroup, 4}, {m_lid, 1}});
}

QString StreamSlug::recordDeviceSlug() const
{
    return gid::compose(isBlockStream() ? BlockSlug::kPrefix : DeviceSlug::kPrefix, {{m_deviceGroup, 4}});
}

QString StreamSlug::recordProjectSlug() const
{
    return isBlockStream() ? QString() : m_project.toString();
}

size_t qHash(StreamSlug slug, size_t seed) noexcept
{
    return qHashMulti(seed, slug.project().id(), slug.deviceGroup(), slug.lid());
}

} // namespace iotile
