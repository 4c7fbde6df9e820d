#pragma once

#include "common/slug/projectslug.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A project variable: "v--0000-0001--5001" (project gid, then the 16-bit local id in four hex digits).
// System (template) variables use project 0000-0000.
class VariableSlug final
{
public:
    static constexpr char kPrefix = 'v';
    static constexpr qsizetype kLength = 18;

    constexpr VariableSlug() = default;
    constexpr VariableSlug(ProjectSlug project, quint16 lid)
        : m_project(project)
        , m_lid(lid)
    { }

    // Canonical text only; the SDK's forms (a local id kept as typed) are in SdkGid::variable().
    static std::optional<VariableSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<VariableSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    // The server's variable lookup: text with exactly three "--" parts has its project part padded or
    // trimmed to two groups ("v--0002--0001" -> "v--0000-0002--0001"). The original ignores the first
    // part there, so "x--0002--0001" resolves too; the local id is not padded. No case folding (see
    // DeviceSlug::fromLookup).
    static std::optional<VariableSlug> fromLookup(QStringView text);

    constexpr ProjectSlug project() const { return m_project; }
    constexpr quint16 lid() const { return m_lid; }
    QString toString() const;
    void appendTo(QByteArray &out) const;
    // formatted_lid: "5001".
    QString lidHex() const;

    friend constexpr bool operator==(VariableSlug, VariableSlug) = default;
    friend constexpr auto operator<=>(VariableSlug, VariableSlug) = default;

private:
    ProjectSlug m_project;
    quint16 m_lid = 0;
};

inline size_t qHash(VariableSlug slug, size_t seed = 0) noexcept
{
    return ::qHash((quint64(slug.project().id()) << 16) | slug.lid(), seed);
}

} // namespace iotile
