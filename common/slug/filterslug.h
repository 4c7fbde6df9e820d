#pragma once

#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A stream filter: "f--0000-0001--0000-0000-0000-0002--5001" for one stream, or with an empty device part,
// "f--0000-0001----5001", for a variable in every device of a project.
class FilterSlug final
{
public:
    static constexpr char kPrefix = 'f';

    constexpr FilterSlug() = default;
    // A project-wide filter (no device).
    constexpr FilterSlug(ProjectSlug project, quint16 lid)
        : m_project(project)
        , m_lid(lid)
    { }
    // The filter of one stream: the stream slug with the prefix swapped, as the original builds it.
    constexpr explicit FilterSlug(StreamSlug stream)
        : m_deviceGroup(stream.deviceGroup())
        , m_project(stream.project())
        , m_lid(stream.lid())
        , m_hasDevice(true)
    { }

    // Canonical text only, either form.
    static std::optional<FilterSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<FilterSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    constexpr ProjectSlug project() const { return m_project; }
    constexpr quint16 lid() const { return m_lid; }
    constexpr bool hasDevice() const { return m_hasDevice; }
    constexpr quint64 deviceGroup() const { return m_deviceGroup; }
    // The stream a device filter applies to.
    std::optional<StreamSlug> stream() const;
    QString toString() const;
    void appendTo(QByteArray &out) const;

    friend constexpr bool operator==(FilterSlug, FilterSlug) = default;
    friend constexpr auto operator<=>(FilterSlug, FilterSlug) = default;

private:
    quint64 m_deviceGroup = 0;
    ProjectSlug m_project;
    quint16 m_lid = 0;
    bool m_hasDevice = false;
};

size_t qHash(FilterSlug slug, size_t seed = 0) noexcept;

} // namespace iotile
