#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A project's global id as the original stores it: "p--0000-0001" (a 32-bit gid in two hex groups).
class ProjectSlug final
{
public:
    static constexpr char kPrefix = 'p';
    static constexpr qsizetype kLength = 12;

    constexpr ProjectSlug() = default;
    constexpr explicit ProjectSlug(quint32 id)
        : m_id(id)
    { }

    // Canonical text only (lower-case, zero-padded); the SDK's lenient forms are in SdkGid::project().
    static std::optional<ProjectSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<ProjectSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    constexpr quint32 id() const { return m_id; }
    QString toString() const;
    void appendTo(QByteArray &out) const;
    // formatted_gid: "0000-0001", the part stream and variable slugs embed.
    QString gid() const;

    friend constexpr bool operator==(ProjectSlug, ProjectSlug) = default;
    friend constexpr auto operator<=>(ProjectSlug, ProjectSlug) = default;

private:
    quint32 m_id = 0;
};

inline size_t qHash(ProjectSlug slug, size_t seed = 0) noexcept
{
    return ::qHash(slug.id(), seed);
}

} // namespace iotile
