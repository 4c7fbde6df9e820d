#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <initializer_list>
#include <optional>

// Hex-group helpers shared by every slug type: integers <-> "xxxx-xxxx" groups, the canonical fixed layout
// ("p--0000-0001", "s--0000-0001--0000-0000-0000-0002--5001") and the original's padding rules.
namespace iotile::gid {

// One "--" separated part of a slug: the low 16 * groups bits of value; groups == 0 is an empty part
// (a project-wide filter's device part).
struct Part
{
    quint64 value = 0;
    int groups = 0;
};

// The largest value `groups` hex groups hold (groups 1..4).
constexpr quint64 maxValue(int groups)
{
    return groups >= 4 ? ~quint64(0) : (quint64(1) << (16 * groups)) - 1;
}

// int16gid / int32gid / int48gid / int64gid: the low 16 * groups bits, lower-case, zero-padded.
QString format(quint64 value, int groups);

// "<prefix>--<part>--<part>..." in canonical form.
QString compose(char prefix, std::initializer_list<Part> parts);
void appendComposed(QByteArray &out, char prefix, std::initializer_list<Part> parts);

// Exactly `groups` groups of four lower-case hex digits joined by '-'.
std::optional<quint64> parse(QStringView text, int groups);
std::optional<quint64> parse(QByteArrayView text, int groups);

// Canonical slug text: `prefix`, then one "--" and part per entry of groups (0 = the part must be empty).
// values receives one number per part. Fixed layout, no allocation: it runs per data point on ingest.
bool parseComposed(QStringView text, char prefix, std::initializer_list<int> groups, quint64 *values);
bool parseComposed(QByteArrayView text, char prefix, std::initializer_list<int> groups, quint64 *values);

// The original's fix_gid(): splits at '-', prepends "0000" groups or drops surplus left-most groups; the
// text of the groups is left as it is ("1-2" -> "0000-1-2").
QString fixGroups(QStringView text, int groups);

// fix_gid() followed by a canonical check, for the server's slug lookups: the right-most `groups` groups
// (missing ones count as 0000) must each be four lower-case hex digits. Groups fix_gid drops are not
// looked at, as in the original.
std::optional<quint64> parsePadded(QStringView text, int groups);

// The SDK's gid2int(): dashes removed, then Python's int(text, 16), which also accepts surrounding
// whitespace, a '+', a "0x" prefix, '_' between digits and non-ASCII decimal digits. nullopt where Python
// raises; *overflow is set when the number is valid but needs more than 64 bits (callers range-check).
std::optional<quint64> looseToInt(QStringView text, bool *overflow = nullptr);

// Stores message in *error when the caller asked for it; lets parsers write `return gid::fail(error, "...")`.
std::nullopt_t fail(QString *error, const char *message);

} // namespace iotile::gid
