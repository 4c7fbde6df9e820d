#pragma once

#include "common/slug/blockslug.h"
#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/variableslug.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace iotile {

// A data stream: "s--0000-0001--0000-0000-0000-0002--5001" (project, 64-bit device group, variable local
// id). The device group is 0 for a virtual (project) stream and carries a block number in its top 16 bits
// for a data block's (archived) stream.
class StreamSlug final
{
public:
    static constexpr char kPrefix = 's';
    static constexpr qsizetype kLength = 39;

    constexpr StreamSlug() = default;
    constexpr StreamSlug(ProjectSlug project, quint64 deviceGroup, quint16 lid)
        : m_deviceGroup(deviceGroup)
        , m_project(project)
        , m_lid(lid)
    { }
    constexpr StreamSlug(ProjectSlug project, DeviceSlug device, quint16 lid)
        : StreamSlug(project, device.id(), lid)
    { }
    // The original clones a block's streams with project 0000-0000; pass ProjectSlug() for that.
    constexpr StreamSlug(ProjectSlug project, BlockSlug block, quint16 lid)
        : StreamSlug(project, block.deviceGroup(), lid)
    { }
    // A device's stream of a project variable (the project comes from the variable).
    constexpr StreamSlug(VariableSlug variable, DeviceSlug device)
        : StreamSlug(variable.project(), device.id(), variable.lid())
    { }

    // Canonical text only (39 chars, lower-case). Hot: called per data point, allocation-free.
    static std::optional<StreamSlug> parse(QStringView text, QString *error = nullptr);
    static std::optional<StreamSlug> parse(QByteArrayView text, QString *error = nullptr);
    static bool isValid(QStringView text) { return parse(text).has_value(); }

    // The server's stream lookup: text with exactly four "--" parts has the project part padded or trimmed
    // to two groups and the device part to four ("s--0001--0002--5001" resolves). The first part is
    // ignored and the local id is not padded, as in the original; no case folding (see
    // DeviceSlug::fromLookup).
    static std::optional<StreamSlug> fromLookup(QStringView text);

    constexpr ProjectSlug project() const { return m_project; }
    constexpr quint16 lid() const { return m_lid; }
    constexpr quint64 deviceGroup() const { return m_deviceGroup; }
    // The variable named by the slug text: stream project + local id (also for system variables).
    constexpr VariableSlug variable() const { return VariableSlug(m_project, m_lid); }
    constexpr bool isVirtual() const { return m_deviceGroup == 0; }
    constexpr bool isBlockStream() const { return (m_deviceGroup >> 48) != 0; }
    // The device (for a block stream: the device the block was archived from).
    constexpr DeviceSlug device() const { return DeviceSlug(m_deviceGroup); }
    std::optional<BlockSlug> block() const;

    QString toString() const;
    void appendTo(QByteArray &out) const;

    // The slugs the original stores on every data row (deduce_slugs_from_stream_id): "d--<group>" and the
    // project slug, or for a block stream "b--<group>" and an empty project; the variable is always
    // "v--<project>--<lid>".
    QString recordDeviceSlug() const;
    QString recordProjectSlug() const;
    QString recordVariableSlug() const { return variable().toString(); }

    friend constexpr bool operator==(StreamSlug, StreamSlug) = default;
    friend constexpr auto operator<=>(StreamSlug, StreamSlug) = default;

private:
    quint64 m_deviceGroup = 0;
    ProjectSlug m_project;
    quint16 m_lid = 0;
};

size_t qHash(StreamSlug slug, size_t seed = 0) noexcept;

} // namespace iotile
