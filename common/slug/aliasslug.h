#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A stream alias: "a--0000-0000-0000-0001" (a 64-bit id in four groups).
class AliasSlug final
{
public:
    static constexpr char kPrefix = 'a';
    static constexpr qsizetype kLength = 22;

    constexpr AliasSlug() = default;
    constexpr explicit AliasSlug(quint64 id)
        : m_id(id)
    { }

    // Canonical text only.
    static std::optional<AliasSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<AliasSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    constexpr quint64 id() const { return m_id; }
    QString toString() const;
    void appendTo(QByteArray &out) const;

    friend constexpr bool operator==(AliasSlug, AliasSlug) = default;
    friend constexpr auto operator<=>(AliasSlug, AliasSlug) = default;

private:
    quint64 m_id = 0;
};

inline size_t qHash(AliasSlug slug, size_t seed = 0) noexcept
{
    return ::qHash(slug.id(), seed);
}

} // namespace iotile
