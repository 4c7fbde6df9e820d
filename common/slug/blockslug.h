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

// A data block (archive) of a device: "b--0001-0000-0000-0123", the block number in the top group and
// the device's 48-bit id in the other three.
class BlockSlug final
{
public:
    static constexpr char kPrefix = 'b';
    static constexpr qsizetype kLength = 22;

    constexpr BlockSlug() = default;
    // Stored blocks are numbered from 1; 0 is accepted so that any 64-bit device group round-trips.
    constexpr BlockSlug(DeviceSlug device, quint16 block)
        : m_device(device)
        , m_block(block)
    { }
    // A stream slug's device part: block number in the top 16 bits, device id below.
    static constexpr BlockSlug fromDeviceGroup(quint64 group)
    {
        return BlockSlug(DeviceSlug(group), static_cast<quint16>(group >> 48));
    }

    // Canonical text only: "b--" and four lower-case groups.
    static std::optional<BlockSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<BlockSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    constexpr DeviceSlug device() const { return m_device; }
    constexpr quint16 block() const { return m_block; }
    constexpr quint64 deviceGroup() const { return (quint64(m_block) << 48) | m_device.id(); }
    QString toString() const;
    void appendTo(QByteArray &out) const;
    // formatted_gid: "0001-0000-0000-0123", the part the block's stream slugs embed.
    QString gid() const;

    friend constexpr bool operator==(BlockSlug, BlockSlug) = default;
    friend constexpr auto operator<=>(BlockSlug, BlockSlug) = default;

private:
    DeviceSlug m_device;
    quint16 m_block = 0;
};

inline size_t qHash(BlockSlug slug, size_t seed = 0) noexcept
{
    return ::qHash(slug.deviceGroup(), seed);
}

} // namespace iotile
