#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A device's global id: "d--0000-0000-0000-0001" (a 48-bit id; the top group is always 0000).
class DeviceSlug final
{
public:
    static constexpr char kPrefix = 'd';
    static constexpr qsizetype kLength = 22;
    static constexpr quint64 kMaxId = (quint64(1) << 48) - 1;

    constexpr DeviceSlug() = default;
    // Keeps the low 48 bits, as the original's formatted_gdid() does with larger ids.
    constexpr explicit DeviceSlug(quint64 id)
        : m_id(id & kMaxId)
    { }

    // Canonical text only: "d--0000-" and three lower-case groups. A non-zero top group is a data block
    // (BlockSlug), not a device.
    static std::optional<DeviceSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<DeviceSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    // The server's device lookup (APIDeviceViewSet.get_object): "d--X" or "b--X" becomes "d--0000-" plus
    // the right-most three groups of X, missing groups counting as 0000, so "d--0001", "d--0000-0001" and
    // "b--0001-0000-0000-0123" (-> its device) resolve. Case is not folded: the original compares the
    // padded text with the stored lower-case slug, so upper-case hex or odd group widths never match; they
    // give nullopt here, which the caller turns into the same 404.
    static std::optional<DeviceSlug> fromLookup(QStringView text);

    constexpr quint64 id() const { return m_id; }
    QString toString() const;
    void appendTo(QByteArray &out) const;
    // The API's "gid" field: three groups, "0000-0000-0001".
    QString gid() const;
    // formatted_gid: four groups, "0000-0000-0000-0001", the part stream slugs embed.
    QString fullGid() const;

    friend constexpr bool operator==(DeviceSlug, DeviceSlug) = default;
    friend constexpr auto operator<=>(DeviceSlug, DeviceSlug) = default;

private:
    quint64 m_id = 0;
};

inline size_t qHash(DeviceSlug slug, size_t seed = 0) noexcept
{
    return ::qHash(slug.id(), seed);
}

} // namespace iotile
