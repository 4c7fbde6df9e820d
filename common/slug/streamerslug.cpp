#include "common/slug/streamerslug.h"

#include "common/slug/gid.h"

namespace iotile {

namespace {

template<typename View>
std::optional<StreamerSlug> parseStreamer(View text, QString *error)
{
    quint64 values[2] = {};
    if (!gid::parseComposed(text, StreamerSlug::kPrefix, {4, 1}, values))
        return gid::fail(error,
                         "Expected a streamer slug like t--0000-0000-0000-0001--0001 (lower-case hex)");
    if (values[0] > DeviceSlug::kMaxId)
        return gid::fail(error, "A streamer slug's device top group must be 0000");
    return StreamerSlug(DeviceSlug(values[0]), static_cast<quint16>(values[1]));
}

} // namespace

std::optional<StreamerSlug> StreamerSlug::parse(QStringView text, QString *error)
{
    return parseStreamer(text, error);
}

std::optional<StreamerSlug> StreamerSlug::parse(QByteArrayView text, QString *error)
{
    return parseStreamer(text, error);
}

QString StreamerSlug::toString() const
{
    return gid::compose(kPrefix, {{m_device.id(), 4}, {m_index, 1}});
}

void StreamerSlug::appendTo(QByteArray &out) const
{
    gid::appendComposed(out, kPrefix, {{m_device.id(), 4}, {m_index, 1}});
}

} // namespace iotile
