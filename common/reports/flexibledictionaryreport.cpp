#include "common/reports/flexibledictionaryreport.h"

#include "common/reports/msgpackreader.h"
#include "common/reports/reporttime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>
#include <vector>

namespace iotile {

namespace {

constexpr QLatin1StringView kFormat {"format"};
constexpr QLatin1StringView kDevice {"device"};
constexpr QLatin1StringView kStreamerIndex {"streamer_index"};
constexpr QLatin1StringView kStreamerSelector {"streamer_selector"};
constexpr QLatin1StringView kIncrementalId {"incremental_id"};
constexpr QLatin1StringView kLowestId {"lowest_id"};
constexpr QLatin1StringView kHighestId {"highest_id"};
constexpr QLatin1StringView kDeviceSentTimestamp {"device_sent_timestamp"};
constexpr QLatin1StringView kEvents {"events"};
constexpr QLatin1StringView kData {"data"};
constexpr QLatin1StringView kStream {"stream"};
constexpr QLatin1StringView kDeviceTimestamp {"device_timestamp"};
constexpr QLatin1StringView kStreamerLocalId {"streamer_local_id"};
constexpr QLatin1StringView kTimestamp {"timestamp"};
constexpr QLatin1StringView kValue {"value"};
constexpr QLatin1StringView kExtraData {"extra_data"};

constexpr quint32 kUnknownTime = 0xFFFFFFFF;

int hexDigit(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String: {
        const QString text = value.toString();
        return QLatin1Char('\'') + (text.size() > 40 ? text.left(40) + QStringLiteral("...") : text)
            + QLatin1Char('\'');
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("a map");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// Where in the dictionary a value sits; spelled out only when there is an error to report.
struct FieldPath
{
    FieldPath(QLatin1StringView topLevel)
        : field(topLevel)
    { }
    FieldPath(QLatin1StringView list, qsizetype index, QLatin1StringView field = {})
        : list(list)
        , index(index)
        , field(field)
    { }

    QString toString() const
    {
        if (list.isEmpty())
            return field;
        const QString item = QStringLiteral("%1[%2]").arg(list).arg(index);
        return field.isEmpty() ? item : item + QLatin1Char('.') + field;
    }

    QLatin1StringView list;
    qsizetype index = -1;
    QLatin1StringView field;
};

ReportError fieldError(const FieldPath &path, const QString &problem)
{
    return reportError(ReportErrorKind::Malformed, path.toString() + QStringLiteral(": ") + problem);
}

// An integer as Django REST framework's IntegerField takes it: integers, integral floats (Python 2 and
// JavaScript wrote 4294967295.0) and decimal strings.
std::optional<qint64> toInteger(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (!std::isfinite(d) || d != std::floor(d) || d < -9223372036854775808.0
            || d >= 9223372036854775808.0)
            return std::nullopt;
        const qint64 asInteger = value.toInteger(std::numeric_limits<qint64>::min());
        // toInteger() refuses doubles that do not round-trip; fall back to the double then.
        return asInteger != std::numeric_limits<qint64>::min() ? asInteger : qint64(d);
    }
    if (value.isString()) {
        QString text = value.toString().trimmed();
        if (text.endsWith(QStringLiteral(".0")))
            text.chop(2);
        bool ok = false;
        const qint64 v = text.toLongLong(&ok, 10);
        return ok ? std::optional<qint64>(v) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<ReportError> readUnsigned(const QJsonValue &value, const FieldPath &path, quint64 max,
                                        quint64 &out)
{
    const std::optional<qint64> v = toInteger(value);
    if (!v)
        return fieldError(path, QStringLiteral("expected an integer, got %1").arg(describe(value)));
    if (*v < 0 || quint64(*v) > max)
        return fieldError(path, QStringLiteral("%1 is out of range 0..%2").arg(*v).arg(max));
    out = quint64(*v);
    return std::nullopt;
}

template<typename T>
std::optional<ReportError> readOptional(const QJsonValue &value, const FieldPath &path, T &out,
                                        bool *present = nullptr)
{
    const bool given = !value.isUndefined() && !value.isNull();
    if (present != nullptr)
        *present = given;
    if (!given)
        return std::nullopt;
    quint64 v = 0;
    if (auto error = readUnsigned(value, path, std::numeric_limits<T>::max(), v))
        return error;
    out = T(v);
    return std::nullopt;
}

// An item's stream: an integer (20512) or the variable id in hex ("5020").
std::optional<ReportError> readStream(const QJsonValue &value, const FieldPath &path, quint16 &out)
{
    if (value.isString()) {
        const QString string = value.toString();
        QStringView text = QStringView(string).trimmed();
        if (text.startsWith(u"0x") || text.startsWith(u"0X"))
            text = text.sliced(2);
        uint v = 0;
        bool ok = text.size() >= 1 && text.size() <= 4;
        for (const QChar c : text) {
            const int digit = hexDigit(c.unicode());
            ok = ok && digit >= 0;
            v = v * 16 + uint(std::max(digit, 0));
        }
        if (!ok)
            return fieldError(path, QStringLiteral("invalid stream id %1").arg(describe(value)));
        out = quint16(v);
        return std::nullopt;
    }
    if (value.isUndefined() || value.isNull())
        return fieldError(path, QStringLiteral("missing stream id"));
    quint64 v = 0;
    if (auto error = readUnsigned(value, path, 0xFFFF, v))
        return error;
    out = quint16(v);
    return std::nullopt;
}

// ISO string, null, or the {"__class__": "datetime", "as_str": ...} map of the server's msgpack encoder.
std::optional<ReportError> readTimestamp(QJsonValue value, const FieldPath &path, std::optional<qint64> &out)
{
    if (value.isObject()) {
        const QJsonObject wrapped = value.toObject();
        if (wrapped.value(QLatin1StringView("__class__")).toString() != QLatin1StringView("datetime"))
            return fieldError(path, QStringLiteral("expected an ISO-8601 string, got a map"));
        value = wrapped.value(QLatin1StringView("as_str"));
    }
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString())
        return fieldError(path, QStringLiteral("expected an ISO-8601 string, got %1").arg(describe(value)));
    out = ReportTime::parseIso(value.toString());
    if (!out)
        return fieldError(path, QStringLiteral("invalid ISO-8601 time %1").arg(describe(value)));
    return std::nullopt;
}

// The fields of one list item, taken from a JSON object or straight from msgpack (see streamItems).
struct ItemFields
{
    // Where a key's value goes; nullptr for keys no item uses.
    QJsonValue *slot(QByteArrayView name)
    {
        for (auto &[key, value] : std::initializer_list<std::pair<QLatin1StringView, QJsonValue *>> {
                 {kStream, &stream},
                 {kDeviceTimestamp, &deviceTimestamp},
                 {kStreamerLocalId, &streamerLocalId},
                 {kTimestamp, &timestamp},
                 {kValue, &value},
                 {kExtraData, &extraData},
                 {kData, &data}}) {
            if (name == QByteArrayView(key.data(), key.size()))
                return value;
        }
        return nullptr;
    }

    static ItemFields of(const QJsonValue &item)
    {
        ItemFields fields;
        if (!item.isObject()) {
            fields.notAMap = item;
            return fields;
        }
        const QJsonObject object = item.toObject();
        fields.stream = object.value(kStream);
        fields.deviceTimestamp = object.value(kDeviceTimestamp);
        fields.streamerLocalId = object.value(kStreamerLocalId);
        fields.timestamp = object.value(kTimestamp);
        fields.value = object.value(kValue);
        fields.extraData = object.value(kExtraData);
        fields.data = object.value(kData);
        return fields;
    }

    // The item itself when it is not a map.
    QJsonValue notAMap {QJsonValue::Undefined};
    QJsonValue stream {QJsonValue::Undefined};
    QJsonValue deviceTimestamp {QJsonValue::Undefined};
    QJsonValue streamerLocalId {QJsonValue::Undefined};
    QJsonValue timestamp {QJsonValue::Undefined};
    QJsonValue value {QJsonValue::Undefined};
    QJsonValue extraData {QJsonValue::Undefined};
    QJsonValue data {QJsonValue::Undefined};
};

std::optional<ReportError> readEvent(const ItemFields &item, qsizetype index, IOTileEvent &event)
{
    if (!item.notAMap.isUndefined())
        return fieldError(FieldPath(kEvents, index),
                          QStringLiteral("expected a map, got %1").arg(describe(item.notAMap)));
    if (auto error = readStream(item.stream, FieldPath(kEvents, index, kStream), event.stream))
        return error;
    event.deviceTimestamp = kUnknownTime;
    if (auto error = readOptional(item.deviceTimestamp, FieldPath(kEvents, index, kDeviceTimestamp),
                                  event.deviceTimestamp))
        return error;
    if (auto error =
            readOptional(item.streamerLocalId, FieldPath(kEvents, index, kStreamerLocalId), event.readingId))
        return error;
    if (auto error = readTimestamp(item.timestamp, FieldPath(kEvents, index, kTimestamp), event.timestamp))
        return error;
    if (item.extraData.isObject())
        event.summary = item.extraData.toObject();
    else if (!item.extraData.isNull() && !item.extraData.isUndefined())
        return fieldError(FieldPath(kEvents, index, kExtraData),
                          QStringLiteral("expected a map, got %1").arg(describe(item.extraData)));
    event.data = item.data;
    return std::nullopt;
}

std::optional<ReportError> readReading(const ItemFields &item, qsizetype index, IOTileReading &reading)
{
    if (!item.notAMap.isUndefined())
        return fieldError(FieldPath(kData, index),
                          QStringLiteral("expected a map, got %1").arg(describe(item.notAMap)));
    if (auto error = readStream(item.stream, FieldPath(kData, index, kStream), reading.stream))
        return error;
    reading.rawTime = kUnknownTime;
    if (auto error =
            readOptional(item.deviceTimestamp, FieldPath(kData, index, kDeviceTimestamp), reading.rawTime))
        return error;
    if (auto error =
            readOptional(item.streamerLocalId, FieldPath(kData, index, kStreamerLocalId), reading.readingId))
        return error;
    if (auto error = readTimestamp(item.timestamp, FieldPath(kData, index, kTimestamp), reading.timestamp))
        return error;
    // The value is the raw 32-bit register; signed producers may write it negative.
    const std::optional<qint64> v = toInteger(item.value);
    if (!v)
        return fieldError(FieldPath(kData, index, kValue),
                          QStringLiteral("expected an integer, got %1").arg(describe(item.value)));
    if (*v < std::numeric_limits<qint32>::min() || *v > qint64(std::numeric_limits<quint32>::max()))
        return fieldError(FieldPath(kData, index, kValue),
                          QStringLiteral("%1 does not fit in 32 bits").arg(*v));
    reading.value = quint32(*v);
    return std::nullopt;
}

// One of the two item lists, read item by item from msgpack; its first item error waits until the
// dictionary's own fields are checked, so that errors come in the same order as from a JSON object.
template<typename Item>
struct StreamedList
{
    bool streamed = false;
    std::vector<Item> items;
    std::optional<ReportError> error;
};

template<typename Item, typename ReadItem>
bool streamItems(MsgpackReader &reader, StreamedList<Item> &list, ReadItem readItem)
{
    list = StreamedList<Item> {};
    list.streamed = true;
    quint32 count = 0;
    // Depths as decode() counts them: dictionary 0, list 1, item 2, item values 3.
    if (!reader.readArrayHeader(count, 1))
        return false;
    QByteArray keyStorage;
    for (quint32 i = 0; i < count; ++i) {
        ItemFields fields;
        if (reader.nextIsMap()) {
            quint32 entries = 0;
            if (!reader.readMapHeader(entries, 2))
                return false;
            for (quint32 j = 0; j < entries; ++j) {
                QByteArrayView name;
                QJsonValue ignored;
                if (!reader.readKeyName(name, keyStorage))
                    return false;
                QJsonValue *slot = fields.slot(name);
                if (!reader.readValue(slot != nullptr ? *slot : ignored, 3))
                    return false;
            }
        } else if (!reader.readValue(fields.notAMap, 2)) {
            return false;
        }
        if (list.error)
            continue;
        Item item;
        if (auto error = readItem(fields, qsizetype(i), item))
            list.error = error;
        else
            list.items.push_back(std::move(item));
    }
    return true;
}

template<typename Item, typename ReadItem>
std::optional<ReportError> readItems(const QJsonObject &dictionary, QLatin1StringView key,
                                     StreamedList<Item> *streamed, std::vector<Item> &out, ReadItem readItem)
{
    if (streamed != nullptr && streamed->streamed) {
        if (streamed->error)
            return streamed->error;
        out = std::move(streamed->items);
        return std::nullopt;
    }
    const QJsonArray list = dictionary.value(key).toArray();
    out.resize(size_t(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (auto error = readItem(ItemFields::of(list.at(i)), i, out[size_t(i)]))
            return error;
    }
    return std::nullopt;
}

std::optional<ReportError> checkList(const QJsonObject &dictionary, QLatin1StringView key)
{
    const QJsonValue value = dictionary.value(key);
    if (!value.isArray() && !value.isUndefined() && !value.isNull())
        return fieldError(key, QStringLiteral("expected a list, got %1").arg(describe(value)));
    return std::nullopt;
}

// The dictionary's rules, for a JSON object whose lists may already have been read from msgpack.
ReportResult<Report> assemble(const QJsonObject &dictionary, ReportFormat format,
                              StreamedList<IOTileEvent> *events, StreamedList<IOTileReading> *readings)
{
    const QJsonValue tag = dictionary.value(kFormat);
    if (tag.isUndefined() || tag.isNull())
        return fieldError(kFormat, QStringLiteral("missing report format (expected \"v100\")"));
    if (tag.toString() != FlexibleDictionaryReport::kFormatTag)
        return reportError(ReportErrorKind::UnsupportedFormat,
                           QStringLiteral("unsupported flexible dictionary format %1").arg(describe(tag)));

    Report report;
    report.format = format;
    report.streamerIndex = FlexibleDictionaryReport::kDefaultStreamerIndex;
    report.streamerSelector = FlexibleDictionaryReport::kDefaultSelector;
    bool present = false;
    if (auto error = readOptional(dictionary.value(kDevice), kDevice, report.deviceId, &present))
        return *error;
    if (!present)
        return fieldError(kDevice, QStringLiteral("missing device id"));

    // Absent fields the original server's upload serializer insists on are listed, not fatal here.
    const auto field = [&](QLatin1StringView key, auto &out, bool required) -> std::optional<ReportError> {
        bool given = false;
        auto error = readOptional(dictionary.value(key), key, out, &given);
        if (!given && required)
            report.missingFields.append(key);
        return error;
    };
    if (auto error = field(kStreamerIndex, report.streamerIndex, true))
        return *error;
    if (auto error = field(kStreamerSelector, report.streamerSelector, true))
        return *error;
    if (auto error = field(kDeviceSentTimestamp, report.sentTimestamp, true))
        return *error;
    if (auto error = field(kIncrementalId, report.reportId, false))
        return *error;
    if (auto error = field(kLowestId, report.lowestId, true))
        return *error;
    if (auto error = field(kHighestId, report.highestId, true))
        return *error;
    const bool lowestGiven = !report.missingFields.contains(kLowestId);
    const bool highestGiven = !report.missingFields.contains(kHighestId);

    if (events == nullptr || !events->streamed) {
        if (auto error = checkList(dictionary, kEvents))
            return *error;
    }
    if (readings == nullptr || !readings->streamed) {
        if (auto error = checkList(dictionary, kData))
            return *error;
    }
    if (auto error = readItems(dictionary, kEvents, events, report.events, readEvent))
        return *error;
    if (auto error = readItems(dictionary, kData, readings, report.readings, readReading))
        return *error;

    if (!lowestGiven || !highestGiven) {
        report.idRangeInferred = true;
        const auto [lowest, highest] = readingIdRange(report.readings, report.events);
        if (!lowestGiven)
            report.lowestId = lowest;
        if (!highestGiven)
            report.highestId = highest;
    }
    return report;
}

QJsonValue timestampValue(const std::optional<qint64> &timestamp, ReportTime::Zone zone)
{
    return timestamp ? QJsonValue(ReportTime::formatIso(*timestamp, zone)) : QJsonValue(QJsonValue::Null);
}

} // namespace

ReportResult<Report> FlexibleDictionaryReport::parseMsgpack(QByteArrayView data)
{
    MsgpackReader reader(data);
    if (!reader.nextIsMap()) {
        // Not a dictionary at all: let the generic decoder word what it is.
        ReportResult<QJsonValue> decoded = MsgpackReader::decode(data);
        if (!decoded)
            return decoded.error();
        return reportError(ReportErrorKind::Malformed,
                           QStringLiteral("flexible dictionary report must be a map, got %1")
                               .arg(describe(decoded.value())));
    }

    // The item lists are read straight into readings and events (a JSON object per reading costs
    // several times the parse); everything else becomes the small top-level object. Same rules, same
    // errors, as decode() followed by fromJsonObject().
    quint32 count = 0;
    if (!reader.readMapHeader(count, 0))
        return reader.error();
    std::vector<std::pair<QString, QJsonValue>> entries;
    StreamedList<IOTileEvent> events;
    StreamedList<IOTileReading> readings;
    for (quint32 i = 0; i < count; ++i) {
        QString key;
        if (!reader.readKey(key))
            return reader.error();
        const bool isEvents = key == kEvents;
        const bool isData = key == kData;
        if ((isEvents || isData) && reader.nextIsArray()) {
            const bool ok = isEvents ? streamItems(reader, events, readEvent)
                                     : streamItems(reader, readings, readReading);
            if (!ok)
                return reader.error();
            // A repeated key keeps the last value: this list replaces whatever came before.
            entries.erase(
                std::remove_if(entries.begin(), entries.end(), [&](const auto &e) { return e.first == key; }),
                entries.end());
            continue;
        }
        QJsonValue value;
        if (!reader.readValue(value, 1))
            return reader.error();
        if (isEvents)
            events = {};
        if (isData)
            readings = {};
        entries.emplace_back(std::move(key), std::move(value));
    }
    if (!reader.atEnd())
        return reader.error();
    ReportResult<Report> report = assemble(MsgpackReader::makeObject(std::move(entries)),
                                           ReportFormat::FlexibleMsgpack, &events, &readings);
    if (report)
        report.value().length = data.size();
    return report;
}

ReportResult<Report> FlexibleDictionaryReport::parseJson(QByteArrayView data)
{
    if (data.isEmpty())
        return reportError(ReportErrorKind::Empty, QStringLiteral("empty report"));
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(data.data(), data.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return reportError(ReportErrorKind::Malformed,
                           QStringLiteral("JSON parsing error: %1 at offset %2")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    if (!document.isObject())
        return reportError(ReportErrorKind::Malformed,
                           QStringLiteral("flexible dictionary report must be a JSON object"));
    ReportResult<Report> report = fromJsonObject(document.object(), ReportFormat::FlexibleJson);
    if (report)
        report.value().length = data.size();
    return report;
}

ReportResult<Report> FlexibleDictionaryReport::fromJsonObject(const QJsonObject &dictionary,
                                                              ReportFormat format)
{
    return assemble(dictionary, format, nullptr, nullptr);
}

QJsonObject FlexibleDictionaryReport::toJsonObject(const Report &report)
{
    QJsonArray events;
    for (const IOTileEvent &event : report.events) {
        QJsonObject item {
            {kStream, event.stream},
            {kDeviceTimestamp, qint64(event.deviceTimestamp)},
            {kStreamerLocalId, qint64(event.readingId)},
            {kTimestamp, timestampValue(event.timestamp, ReportTime::Zone::Utc)},
            {kExtraData, event.summary},
        };
        if (!event.data.isUndefined())
            item.insert(kData, event.data);
        events.append(item);
    }
    QJsonArray data;
    for (const IOTileReading &reading : report.readings) {
        data.append(QJsonObject {
            {kStream, reading.stream},
            {kDeviceTimestamp, qint64(reading.rawTime)},
            {kStreamerLocalId, qint64(reading.readingId)},
            {kTimestamp, timestampValue(reading.timestamp, ReportTime::Zone::Naive)},
            {kValue, qint64(reading.value)},
        });
    }
    const auto [lowest, highest] = readingIdRange(report.readings, report.events);
    return QJsonObject {
        {kFormat, kFormatTag},
        {kDevice, qint64(report.deviceId)},
        {kStreamerIndex, qint64(report.streamerIndex)},
        {kStreamerSelector, qint64(report.streamerSelector)},
        {kIncrementalId, qint64(report.reportId)},
        {kLowestId, qint64(lowest)},
        {kHighestId, qint64(highest)},
        {kDeviceSentTimestamp, qint64(report.sentTimestamp)},
        {kEvents, events},
        {kData, data},
    };
}

QByteArray FlexibleDictionaryReport::buildMsgpack(const Report &report, MsgpackWriter::StringEncoding strings)
{
    MsgpackWriter writer(strings);
    writer.reserve(128 + qsizetype(report.readings.size()) * 96);
    const auto timestamp = [&](const std::optional<qint64> &value, ReportTime::Zone zone) {
        if (value)
            writer.writeString(ReportTime::formatIso(*value, zone));
        else
            writer.writeNil();
    };
    const auto [lowest, highest] = readingIdRange(report.readings, report.events);
    writer.writeMapHeader(10);
    writer.writeString(kFormat);
    writer.writeString(kFormatTag);
    writer.writeString(kDevice);
    writer.writeUnsigned(report.deviceId);
    writer.writeString(kStreamerIndex);
    writer.writeUnsigned(report.streamerIndex);
    writer.writeString(kStreamerSelector);
    writer.writeUnsigned(report.streamerSelector);
    writer.writeString(kIncrementalId);
    writer.writeUnsigned(report.reportId);
    writer.writeString(kLowestId);
    writer.writeUnsigned(lowest);
    writer.writeString(kHighestId);
    writer.writeUnsigned(highest);
    writer.writeString(kDeviceSentTimestamp);
    writer.writeUnsigned(report.sentTimestamp);

    writer.writeString(kEvents);
    writer.writeArrayHeader(quint32(report.events.size()));
    for (const IOTileEvent &event : report.events) {
        writer.writeMapHeader(event.data.isUndefined() ? 5 : 6);
        writer.writeString(kStream);
        writer.writeUnsigned(event.stream);
        writer.writeString(kDeviceTimestamp);
        writer.writeUnsigned(event.deviceTimestamp);
        writer.writeString(kStreamerLocalId);
        writer.writeUnsigned(event.readingId);
        writer.writeString(kTimestamp);
        timestamp(event.timestamp, ReportTime::Zone::Utc);
        writer.writeString(kExtraData);
        writer.writeValue(event.summary);
        if (!event.data.isUndefined()) {
            writer.writeString(kData);
            writer.writeValue(event.data);
        }
    }

    writer.writeString(kData);
    writer.writeArrayHeader(quint32(report.readings.size()));
    for (const IOTileReading &reading : report.readings) {
        writer.writeMapHeader(5);
        writer.writeString(kStream);
        writer.writeUnsigned(reading.stream);
        writer.writeString(kDeviceTimestamp);
        writer.writeUnsigned(reading.rawTime);
        writer.writeString(kStreamerLocalId);
        writer.writeUnsigned(reading.readingId);
        writer.writeString(kTimestamp);
        timestamp(reading.timestamp, ReportTime::Zone::Naive);
        writer.writeString(kValue);
        writer.writeUnsigned(reading.value);
    }
    return writer.take();
}

QByteArray FlexibleDictionaryReport::buildJson(const Report &report)
{
    return QJsonDocument(toJsonObject(report)).toJson(QJsonDocument::Compact);
}

} // namespace iotile
