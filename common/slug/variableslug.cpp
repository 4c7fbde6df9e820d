#include "common/slug/variableslug.h"

#include "common/slug/gid.h"

#include <QList>

namespace iotile {

namespace {

template<typename View>
std::optional<VariableSlug> parseVariable(View text, QString *error)
{
    quint64 values[2] = {};
    if (!gid::parseComposed(text, VariableSlug::kPrefix, {2, 1}, values))
        return gid::fail(error, "Expected a variable slug like v--0000-0001--5001 (lower-case hex)");
    return VariableSlug(ProjectSlug(static_cast<quint32>(values[0])), static_cast<quint16>(values[1]));
}

} // namespace

std::optional<VariableSlug> VariableSlug::parse(QStringView text, QString *error)
{
    return parseVariable(text, error);
}

std::optional<VariableSlug> VariableSlug::parse(QByteArrayView text, QString *error)
{
    return parseVariable(text, error);
}

std::optional<VariableSlug> VariableSlug::fromLookup(QStringView text)
{
    const QList<QStringView> parts = text.split(u"--");
    if (parts.size() != 3)
        return std::nullopt;
    const std::optional<quint64> project = gid::parsePadded(parts.at(1), 2);
    const std::optional<quint64> lid = gid::parse(parts.at(2), 1);
    if (!project || !lid)
        return std::nullopt;
    return VariableSlug(ProjectSlug(static_cast<quint32>(*project)), static_cast<quint16>(*lid));
}

QString VariableSlug::toString() const
{
    return gid::compose(kPrefix, {{m_project.id(), 2}, {m_lid, 1}});
}

void VariableSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_project.id(), 2}, {m_lid, 1}});
}

QString VariableSlug::lidHex() const
{
    return gid::format(m_lid, 1);
}

} // namespace iotile
