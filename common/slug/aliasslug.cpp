#include "common/slug/aliasslug.h"

#include "common/slug/gid.h"

namespace iotile {

namespace {

template<typename View>
std::optional<AliasSlug> parseAlias(View text, QString *error)
{
    quint64 id = 0;
    if (!gid::parseComposed(text, AliasSlug::kPrefix, {4}, &id))
        return gid::fail(error, "Expected a stream alias slug like a--0000-0000-0000-0001 (lower-case hex)");
    return AliasSlug(id);
}

} // namespace

std::optional<AliasSlug> AliasSlug::parse(QStringView text, QString *error)
{
    return parseAlias(text, error);
}

std::optional<AliasSlug> AliasSlug::parse(QByteArrayView text, QString *error)
{
    return parseAlias(text, error);
}

QString AliasSlug::toString() const
{
    return gid::compose(kPrefix, {{m_id, 4}});
}

void AliasSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_id, 4}});
}

} // namespace iotile
