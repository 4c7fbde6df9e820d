#include "server/domain/ota.h"

#include "common/slug/devicescriptslug.h"

namespace iotile {

QString DeviceScript::slug() const
{
    return DeviceScriptSlug(quint32(id)).toString();
}

QString DeviceScript::version() const
{
    return QStringLiteral("v%1.%2.%3").arg(major).arg(minor).arg(patch);
}

QString DeviceVersion::version() const
{
    return QStringLiteral("v%1.%2").arg(major).arg(minor);
}

} // namespace iotile
