#include "common/slug/devicescriptslug.h"

#include "common/slug/gid.h"

namespace iotile {

namespace {

template<typename View>
std::optional<DeviceScriptSlug> parseScript(View text, QString *error)
{
    quint64 id = 0;
    if (!gid::parseComposed(text, DeviceScriptSlug::kPrefix, {2}, &id))
        return gid::fail(error, "Expected a device script slug like z--0000-0001 (lower-case hex)");
    return DeviceScriptSlug(static_cast<quint32>(id));
}

} // namespace

std::optional<DeviceScriptSlug> DeviceScriptSlug::parse(QStringView text, QString *error)
{
    return parseScript(text, error);
}

std::optional<DeviceScriptSlug> DeviceScriptSlug::parse(QByteArrayView text, QString *error)
{
    return parseScript(text, error);
}

QString DeviceScriptSlug::toString() const
{
    return gid::compose(kPrefix, {{m_id, 2}});
}

void DeviceScriptSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_id, 2}});
}

} // namespace iotile
