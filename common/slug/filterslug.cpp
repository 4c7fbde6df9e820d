#include "common/slug/filterslug.h"

#include "common/slug/gid.h"

namespace iotile {

namespace {

template<typename View>
std::optional<FilterSlug> parseFilter(View text, QString *error)
{
    quint64 values[3] = {};
    if (gid::parseComposed(text, FilterSlug::kPrefix, {2, 4, 1}, values)) {
        const ProjectSlug project(static_cast<quint32>(values[0]));
        return FilterSlug(StreamSlug(project, values[1], static_cast<quint16>(values[2])));
    }
    if (gid::parseComposed(text, FilterSlug::kPrefix, {2, 0, 1}, values))
        return FilterSlug(ProjectSlug(static_cast<quint32>(values[0])), static_cast<quint16>(values[2]));
    return gid::fail(error,
                     "Expected a filter slug like f--0000-0001--0000-0000-0000-0002--5001 or "
                     "f--0000-0001----5001 (lower-case hex)");
}

} // namespace

std::optional<FilterSlug> FilterSlug::parse(QStringView text, QString *error)
{
    return parseFilter(text, error);
}

std::optional<FilterSlug> FilterSlug::parse(QByteArrayView text, QString *error)
{
    return parseFilter(text, error);
}

std::optional<StreamSlug> FilterSlug::stream() const
{
    if (!m_hasDevice)
        return std::nullopt;
    return StreamSlug(m_project, m_deviceGroup, m_lid);
}

QString FilterSlug::toString() const
{
    return gid::compose(kPrefix, {{m_project.id(), 2}, {m_deviceGroup, m_hasDevice ? 4 : 0}, {m_lid, 1}});
}

void FilterSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix,
                        {{m_project.id(), 2}, {m_deviceGroup, m_hasDevice ? 4 : 0}, {m_lid, 1}});
}

size_t qHash(FilterSlug slug, size_t seed) noexcept
{
    return qHashMulti(seed, slug.project().id(), slug.deviceGroup(), slug.lid(), slug.hasDevice());
}

} // namespace iotile
