#include "common/slug/fleetslug.h"

#include "common/slug/gid.h"

namespace iotile {

namespace {

template<typename View>
std::optional<FleetSlug> parseFleet(View text, QString *error)
{
    quint64 id = 0;
    if (!gid::parseComposed(text, FleetSlug::kPrefix, {3}, &id))
        return gid::fail(error, "Expected a fleet slug like g--0000-0000-0001 (lower-case hex)");
    return FleetSlug(id);
}

} // namespace

std::optional<FleetSlug> FleetSlug::parse(QStringView text, QString *error)
{
    return parseFleet(text, error);
}

std::optional<FleetSlug> FleetSlug::parse(QByteArrayView text, QString *error)
{
    return parseFleet(text, error);
}

QString FleetSlug::toString() const
{
    return gid::compose(kPrefix, {{m_id, 3}});
}

void FleetSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_id, 3}});
}

} // namespace iotile
