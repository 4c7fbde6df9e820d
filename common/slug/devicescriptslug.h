#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// An OTA device script: "z--0000-0001" (a 32-bit gid in two groups).
class DeviceScriptSlug final
{
public:
    static constexpr char kPrefix = 'z';
    static constexpr qsizetype kLength = 12;

    constexpr DeviceScriptSlug() = default;
    constexpr explicit DeviceScriptSlug(quint32 id)
        : m_id(id)
    { }

    // Canonical text only.
    static std::optional<DeviceScriptSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<DeviceScriptSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    constexpr quint32 id() const { return m_id; }
    QString toString() const;
    void appendTo(QByteArray &out) const;

    friend constexpr bool operator==(DeviceScriptSlug, DeviceScriptSlug) = default;
    friend constexpr auto operator<=>(DeviceScriptSlug, DeviceScriptSlug) = default;

private:
    quint32 m_id = 0;
};

inline size_t qHash(DeviceScriptSlug slug, size_t seed = 0) noexcept
{
    return ::qHash(slug.id(), seed);
}

} // namespace iotile
