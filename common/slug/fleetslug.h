#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A fleet (group of devices for OTA and networks): "g--0000-0000-0001", a 48-bit id in three groups.
class FleetSlug final
{
public:
    static constexpr char kPrefix = 'g';
    static constexpr qsizetype kLength = 17;
    static constexpr quint64 kMaxId = (quint64(1) << 48) - 1;

    constexpr FleetSlug() = default;
    // Keeps the low 48 bits (int48gid).
    constexpr explicit FleetSlug(quint64 id)
        : m_id(id & kMaxId)
    { }

    // Canonical text only; SdkGid::fleet() takes the SDK's forms.
    static std::optional<FleetSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<FleetSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    constexpr quint64 id() const { return m_id; }
    QString toString() const;
    void appendTo(QByteArray &out) const;

    friend constexpr bool operator==(FleetSlug, FleetSlug) = default;
    friend constexpr auto operator<=>(FleetSlug, FleetSlug) = default;

private:
    quint64 m_id = 0;
};

inline size_t qHash(FleetSlug slug, size_t seed = 0) noexcept
{
    return ::qHash(slug.id(), seed);
}

} // namespace iotile
