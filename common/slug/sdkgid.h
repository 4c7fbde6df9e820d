#pragma once

#include <QString>

#include <optional>

namespace iotile {

// The three slugs IOTileStreamSlug.get_parts() derives from a stream slug.
struct SdkStreamParts
{
    QString project;
    QString device;
    QString variable;
};

// The Python SDK's slug formatting (iotile_cloud/utils/gid.py), quirks included, for places where the
// original server or its clients run text through IOTileProjectSlug & co. (the project= filters, claim,
// report generators). Integers are rendered lower-case and zero-padded; strings are only padded or
// trimmed by groups, never case-folded ("ABCD" -> "d--0000-0000-0000-ABCD", "1-2" -> "d--0000-0000-1-2"),
// except a device string containing "0x", which goes through the integer path. Every function returns
// nullopt where the SDK raises, with the SDK's message in *error.
class SdkGid final
{
public:
    // IOTileProjectSlug: 0 <= id < 16^8; strings are parsed to an int and re-rendered ("p--1" ->
    // p--0000-0001).
    static std::optional<QString> project(qint64 id, QString *error = nullptr);
    static std::optional<QString> project(const QString &text, QString *error = nullptr);

    // IOTileDeviceSlug: ids below 16^16 (16^12 with allow64Bits = false); an int renders its low 48 bits.
    static std::optional<QString> device(quint64 id, bool allow64Bits = true, QString *error = nullptr);
    static std::optional<QString> device(const QString &text, bool allow64Bits = true,
                                         QString *error = nullptr);

    // IOTileFleetSlug: 48 bits; strings normalised through the int.
    static std::optional<QString> fleet(qint64 id, QString *error = nullptr);
    static std::optional<QString> fleet(const QString &text, QString *error = nullptr);

    // IOTileBlockSlug(id, block): 0 < id < 16^16; a "b--" string with four groups is kept as given.
    static std::optional<QString> block(quint64 id, qint64 block = 0, QString *error = nullptr);
    static std::optional<QString> block(const QString &text, qint64 block = 0, QString *error = nullptr);

    // IOTileStreamerSlug(device, index): the device's low 48 bits and the index's low 16 bits.
    static std::optional<QString> streamer(qint64 device, qint64 index, QString *error = nullptr);
    static std::optional<QString> streamer(const QString &device, qint64 index, QString *error = nullptr);

    // IOTileVariableSlug(id, project): an int local id (1..0xffff) renders as four hex digits, a string
    // one is kept as typed ("1" -> "v--0000-0000--1"), a "--" string must have three parts and is kept
    // whole. An empty project means the SDK's default, project 0.
    static std::optional<QString> variable(qint64 lid, const QString &project = {}, QString *error = nullptr);
    static std::optional<QString> variable(const QString &id, const QString &project = {},
                                           QString *error = nullptr);

    // IOTileStreamSlug(text): four "--" parts, an empty project part becomes "0000-0000"; nothing else
    // is checked.
    static std::optional<QString> stream(const QString &text, QString *error = nullptr);
    // IOTileStreamSlug.from_parts(): empty project -> 0000-0000, empty device -> 0000-0000-0000-0000.
    static std::optional<QString> streamFromParts(const QString &project, const QString &device,
                                                  const QString &variable, QString *error = nullptr);
    static std::optional<QString> streamFromParts(const QString &project, const QString &device, qint64 lid,
                                                  QString *error = nullptr);
    // IOTileStreamSlug(text).get_parts().
    static std::optional<SdkStreamParts> streamParts(const QString &text, QString *error = nullptr);
};

} // namespace iotile
