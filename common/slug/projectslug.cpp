#include "common/slug/projectslug.h"

#include "common/slug/gid.h"

namespace iotile {

namespace {

template<typename View>
std::optional<ProjectSlug> parseProject(View text, QString *error)
{
    quint64 id = 0;
    if (!gid::parseComposed(text, ProjectSlug::kPrefix, {2}, &id))
        return gid::fail(error, "Expected a project slug like p--0000-0001 (lower-case hex)");
    return ProjectSlug(static_cast<quint32>(id));
}

} // namespace

std::optional<ProjectSlug> ProjectSlug::parse(QStringView text, QString *error)
{
    return parseProject(text, error);
}

std::optional<ProjectSlug> ProjectSlug::parse(QByteArrayView text, QString *error)
{
    return parseProject(text, error);
}

QString ProjectSlug::toString() const
{
    return gid::compose(kPrefix, {{m_id, 2}});
}

void ProjectSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_id, 2}});
}

QString ProjectSlug::gid() const
{
    return gid::format(m_id, 2);
}

} // namespace iotile
