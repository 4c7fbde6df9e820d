#include "common/slug/blockslug.h"

#include "common/slug/gid.h"

namespace iotile {

namespace {

template<typename View>
std::optional<BlockSlug> parseBlock(View text, QString *error)
{
    quint64 group = 0;
    if (!gid::parseComposed(text, BlockSlug::kPrefix, {4}, &group))
        return gid::fail(error, "Expected a data block slug like b--0001-0000-0000-0001 (lower-case hex)");
    return BlockSlug::fromDeviceGroup(group);
}

} // namespace

std::optional<BlockSlug> BlockSlug::parse(QStringView text, QString *error)
{
    return parseBlock(text, error);
}

std::optional<BlockSlug> BlockSlug::parse(QByteArrayView text, QString *error)
{
    return parseBlock(text, error);
}

QString BlockSlug::toString() const
{
    return gid::compose(kPrefix, {{deviceGroup(), 4}});
}

void BlockSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{deviceGroup(), 4}});
}

QString BlockSlug::gid() const
{
    return gid::format(deviceGroup(), 4);
}

} // namespace iotile
