#include "common/slug/sdkgid.h"

#include "common/slug/gid.h"

#include <QStringList>

namespace iotile {

namespace {

const QString kSeparator = QStringLiteral("--");

std::nullopt_t fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

QStringList gidSplit(const QString &value)
{
    return value.split(kSeparator);
}

// formatted_id(): everything after the type part.
QString formattedId(const QString &slug)
{
    return gidSplit(slug).mid(1).join(kSeparator);
}

// gid2int() with the SDK's error text; overflow means "valid but above any range the callers allow".
std::optional<quint64> gidToInt(const QString &gid, bool &overflow, QString *error)
{
    const std::optional<quint64> value = gid::looseToInt(gid, &overflow);
    if (!value && !overflow) {
        QString digits = gid;
        digits.remove(u'-');
        return fail(error, QStringLiteral("Expected HEX number. Got %1").arg(digits));
    }
    return value;
}

// set_from_single_id_slug(): a leading p/d/b/g part is dropped, then fix_gid pads the rest.
std::optional<QString> fromSingleIdSlug(QChar type, int terms, QString id, QString *error)
{
    const QStringList parts = gidSplit(id);
    const QString &first = parts.constFirst();
    if (first == u"p" || first == u"d" || first == u"b" || first == u"g") {
        if (parts.size() < 2)
            return fail(error, QStringLiteral("list index out of range"));
        id = parts.at(1);
    }
    return QString(type) + kSeparator + gid::fixGroups(id, terms);
}

// The part after "<type>--" of a single-id slug, or the whole text when it has no "--".
std::optional<QString> singleIdBody(const QString &text, QStringView type, const QString &prefixMessage,
                                    QString *error)
{
    const QStringList parts = gidSplit(text);
    if (parts.size() == 1)
        return parts.constFirst();
    if (parts.constFirst() != type)
        return fail(error, prefixMessage);
    return parts.mid(1).join(kSeparator);
}

constexpr quint64 pow16(int digits)
{
    return quint64(1) << (4 * digits);
}

} // namespace

std::optional<QString> SdkGid::project(qint64 id, QString *error)
{
    if (id < 0 || quint64(id) >= pow16(8)) {
        return fail(error,
                    QStringLiteral("IOTileProjectSlug: UUID should be greater or equal than zero and "
                                   "less than 16^8"));
    }
    return fromSingleIdSlug(u'p', 2, gid::format(quint64(id), 2), error);
}

std::optional<QString> SdkGid::project(const QString &text, QString *error)
{
    const std::optional<QString> pid =
        singleIdBody(text, u"p", QStringLiteral("IOTileProjectSlug: must start with a \"p\""), error);
    if (!pid)
        return std::nullopt;
    bool overflow = false;
    const std::optional<quint64> id = gidToInt(*pid, overflow, error);
    if (!id && !overflow)
        return std::nullopt;
    if (overflow || *id >= pow16(8)) {
        return fail(error,
                    QStringLiteral("IOTileProjectSlug: UUID should be greater or equal than zero and "
                                   "less than 16^8"));
    }
    return fromSingleIdSlug(u'p', 2, gid::format(*id, 2), error);
}

std::optional<QString> SdkGid::device(quint64 id, bool allow64Bits, QString *error)
{
    if (!allow64Bits && id >= pow16(12)) {
        return fail(error,
                    QStringLiteral("IOTileDeviceSlug: UUID should be greater or equal than zero and "
                                   "less than 16^12"));
    }
    return fromSingleIdSlug(u'd', 4, gid::format(id, 3), error);
}

std::optional<QString> SdkGid::device(const QString &text, bool allow64Bits, QString *error)
{
    std::optional<QString> did =
        singleIdBody(text, u"d", QStringLiteral("IOTileDeviceSlug: must start with a \"d\""), error);
    if (!did)
        return std::nullopt;
    bool overflow = false;
    const std::optional<quint64> id = gidToInt(*did, overflow, error);
    if (!id && !overflow)
        return std::nullopt;
    if (overflow || (!allow64Bits && *id >= pow16(12))) {
        return fail(error,
                    QStringLiteral("IOTileDeviceSlug: UUID should be greater or equal than zero and "
                                   "less than 16^12"));
    }
    if (did->contains(QStringLiteral("0x")))
        did = gid::format(*id, 3);
    return fromSingleIdSlug(u'd', 4, *did, error);
}

std::optional<QString> SdkGid::fleet(qint64 id, QString *error)
{
    if (id < 0 || quint64(id) >= pow16(12))
        return fail(error,
                    QStringLiteral("IOTileFleetSlug: UUID should be greater than zero and less than 16^12"));
    return fromSingleIdSlug(u'g', 3, gid::format(quint64(id), 3), error);
}

std::optional<QString> SdkGid::fleet(const QString &text, QString *error)
{
    // The SDK's messages say "p" and 16^8 here; kept so callers see the same text.
    const std::optional<QString> fid =
        singleIdBody(text, u"g", QStringLiteral("IOTileFleetSlug: must start with a \"p\""), error);
    if (!fid)
        return std::nullopt;
    bool overflow = false;
    const std::optional<quint64> id = gidToInt(*fid, overflow, error);
    if (!id && !overflow)
        return std::nullopt;
    if (overflow || *id >= pow16(12))
        return fail(error,
                    QStringLiteral("IOTileFleetSlug: UUID should be greater than zero and less than 16^8"));
    return fromSingleIdSlug(u'g', 3, gid::format(*id, 3), error);
}

std::optional<QString> SdkGid::block(quint64 id, qint64 block, QString *error)
{
    if (id == 0) {
        return fail(error,
                    QStringLiteral("IOTileBlockSlug: UUID should be greater than zero and less than 16^16"));
    }
    const QString did = gid::fixGroups(gid::format(id, 3), 3);
    return fromSingleIdSlug(u'b', 4, gid::format(quint64(block), 1) + u'-' + did, error);
}

std::optional<QString> SdkGid::block(const QString &text, qint64 block, QString *error)
{
    QStringList parts = gidSplit(text);
    if (parts.size() == 1) {
        bool overflow = false;
        const std::optional<quint64> id = gidToInt(parts.constFirst(), overflow, error);
        if (!id && !overflow)
            return std::nullopt;
        if (overflow || *id == 0)
            return fail(error, QStringLiteral("IOTileBlockSlug: UUID should be greater than zero"));
        parts.prepend(QStringLiteral("d"));
    }
    if (parts.constFirst() != u"d" && parts.constFirst() != u"b")
        return fail(error, QStringLiteral("IOTileBlockSlug: Slug must start with \"b\" or \"d\""));
    const QStringList idParts = parts.at(1).split(u'-');
    if (parts.constFirst() == u"b") {
        if (idParts.size() != 4)
            return fail(error, QStringLiteral("IOTileBlockSlug: Expected format: b--xxxx-xxxx-xxxx-xxxx"));
        return text;
    }
    QString blockPart;
    QString did;
    if (idParts.size() == 4) {
        blockPart = idParts.constFirst();
        did = idParts.mid(1).join(u'-');
    } else {
        did = idParts.join(u'-');
    }
    did = gid::fixGroups(did, 3);
    // The SDK tests the block text for truth, so an empty block part also takes the block argument.
    if (blockPart.isEmpty())
        blockPart = gid::format(quint64(block), 1);
    return fromSingleIdSlug(u'b', 4, blockPart + u'-' + did, error);
}

std::optional<QString> SdkGid::streamer(qint64 device, qint64 index, QString *error)
{
    // int48gid / int16gid mask negative numbers the way Python's >> and & do: two's complement.
    const QString deviceGid = gid::fixGroups(gid::format(quint64(device), 3), 4);
    Q_UNUSED(error);
    return QStringLiteral("t--") + deviceGid + kSeparator + gid::format(quint64(index), 1);
}

std::optional<QString> SdkGid::streamer(const QString &device, qint64 index, QString *error)
{
    const std::optional<QString> slug = SdkGid::device(device, true, error);
    if (!slug)
        return std::nullopt;
    // get_id()
    const QStringList parts = gidSplit(*slug);
    if (parts.size() != 2)
        return fail(error, QStringLiteral("Cannot call get_id() for IDs with more than one term"));
    if (parts.constFirst() != u"p" && parts.constFirst() != u"d" && parts.constFirst() != u"g")
        return fail(error, QStringLiteral("Only Devices/DataBlocks/Fleets have single IDs"));
    bool overflow = false;
    const std::optional<quint64> id = gidToInt(parts.at(1), overflow, error);
    if (!id) // device() has range-checked the id, so this is only a malformed group
        return overflow ? fail(error, QStringLiteral("IOTileStreamerSlug: device id out of range"))
                        : std::nullopt;
    return streamer(qint64(*id), index, error);
}

std::optional<QString> SdkGid::variable(qint64 lid, const QString &project, QString *error)
{
    const std::optional<QString> projectSlug =
        project.isEmpty() ? SdkGid::project(0) : SdkGid::project(project, error);
    if (!projectSlug)
        return std::nullopt;
    if (lid <= 0 || lid >= qint64(pow16(4)))
        return fail(error, QStringLiteral("IOTileVariableSlug: UUID should be greater than zero"));
    return QStringLiteral("v--") + formattedId(*projectSlug) + kSeparator + gid::format(quint64(lid), 1);
}

std::optional<QString> SdkGid::variable(const QString &id, const QString &project, QString *error)
{
    const std::optional<QString> projectSlug =
        project.isEmpty() ? SdkGid::project(0) : SdkGid::project(project, error);
    if (!projectSlug)
        return std::nullopt;
    const QStringList parts = gidSplit(id);
    if (parts.size() == 1) {
        bool overflow = false;
        if (!gidToInt(id, overflow, error) && !overflow)
            return std::nullopt;
        return QStringLiteral("v--") + formattedId(*projectSlug) + kSeparator + id;
    }
    if (parts.size() != 3)
        return fail(error, QStringLiteral("IOTileVariableSlug: Expected format: v--xxxx-xxxx--xxxx"));
    return id;
}

std::optional<QString> SdkGid::stream(const QString &text, QString *error)
{
    if (text.isEmpty())
        return fail(error, QStringLiteral("Stream slug must have three terms: s--<prj>--<dev>--<var>"));
    QStringList parts = gidSplit(text);
    if (parts.size() != 4)
        return fail(error, QStringLiteral("Stream slug must have three terms: s--<prj>--<dev>--<var>"));
    if (parts.at(1).isEmpty())
        parts[1] = QStringLiteral("0000-0000");
    return parts.join(kSeparator);
}

std::optional<QString> SdkGid::streamFromParts(const QString &project, const QString &device,
                                               const QString &variable, QString *error)
{
    const std::optional<QString> projectSlug =
        project.isEmpty() ? SdkGid::project(0) : SdkGid::project(project, error);
    if (!projectSlug)
        return std::nullopt;
    const std::optional<QString> deviceSlug =
        device.isEmpty() ? SdkGid::device(quint64(0)) : SdkGid::device(device, true, error);
    if (!deviceSlug)
        return std::nullopt;
    const std::optional<QString> variableSlug = SdkGid::variable(variable, QString(), error);
    if (!variableSlug)
        return std::nullopt;
    return QStringLiteral("s--") + formattedId(*projectSlug) + kSeparator + formattedId(*deviceSlug)
        + kSeparator + gidSplit(*variableSlug).at(2);
}

std::optional<QString> SdkGid::streamFromParts(const QString &project, const QString &device, qint64 lid,
                                               QString *error)
{
    const std::optional<QString> variableSlug = SdkGid::variable(lid, QString(), error);
    if (!variableSlug)
        return std::nullopt;
    return streamFromParts(project, device, *variableSlug, error);
}

std::optional<SdkStreamParts> SdkGid::streamParts(const QString &text, QString *error)
{
    const std::optional<QString> slug = stream(text, error);
    if (!slug)
        return std::nullopt;
    const QStringList parts = gidSplit(*slug);
    const std::optional<QString> projectSlug = SdkGid::project(parts.at(1), error);
    if (!projectSlug)
        return std::nullopt;
    const std::optional<QString> deviceSlug = SdkGid::device(parts.at(2), true, error);
    if (!deviceSlug)
        return std::nullopt;
    const std::optional<QString> variableSlug = SdkGid::variable(parts.at(3), *projectSlug, error);
    if (!variableSlug)
        return std::nullopt;
    return SdkStreamParts {*projectSlug, *deviceSlug, *variableSlug};
}

} // namespace iotile
