#pragma once

#include "common/slug/deviceslug.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A device's report streamer: "t--0000-0000-0000-0001--0001" (device gid in four groups, then the
// streamer index in four hex digits).
class StreamerSlug final
{
public:
    static constexpr char kPrefix = 't';
    static constexpr qsizetype kLength = 28;

    constexpr StreamerSlug() = default;
    constexpr StreamerSlug(DeviceSlug device, quint16 index)
        : m_device(device)
        , m_index(index)
    { }

    // Canonical text only; the device part's top group must be 0000 as in a device slug.
    static std::optional<StreamerSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<StreamerSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    constexpr DeviceSlug device() const { return m_device; }
    constexpr quint16 index() const { return m_index; }
    QString toString() const;
    void appendTo(QByteArray &out) const;

    friend constexpr bool operator==(StreamerSlug, StreamerSlug) = default;
    friend constexpr auto operator<=>(StreamerSlug, StreamerSlug) = default;

private:
    DeviceSlug m_device;
    quint16 m_index = 0;
};

inline size_t qHash(StreamerSlug slug, size_t seed = 0) noexcept
{
    return ::qHash((slug.device().id() << 16) | slug.index(), seed);
}

} // namespace iotile
