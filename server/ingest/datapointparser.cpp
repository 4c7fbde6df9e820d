#include "server/ingest/datapointparser.h"

#include "common/util/isotime.h"

#include <QJsonArray>

#include <simdjson.h>

#include <cmath>

namespace iotile {

namespace sj = simdjson::dom;

bool IncomingBatch::hasErrors() const
{
    for (const QJsonObject &e : errors)
        if (!e.isEmpty())
            return true;
    return false;
}

namespace {

void addError(QJsonObject &errors, const QString &field, const QString &message)
{
    QJsonArray list = errors.value(field).toArray();
    list.append(message);
    errors.insert(field, list);
}

// An integer as DRF's IntegerField reads it: a JSON integer, a float with no fraction, or a numeric string.
std::optional<qint64> readInt(sj::element value)
{
    const sj::element_type type = value.type();
    if (type == sj::element_type::INT64) {
        int64_t n = 0;
        if (value.get_int64().get(n))
            return std::nullopt;
        return qint64(n);
    }
    if (type == sj::element_type::UINT64) {
        uint64_t u = 0;
        if (value.get_uint64().get(u))
            return std::nullopt;
        return u <= quint64(std::numeric_limits<qint64>::max()) ? std::optional<qint64>(qint64(u))
                                                                : std::nullopt;
    }
    if (type == sj::element_type::DOUBLE) {
        double d = 0;
        if (value.get_double().get(d))
            return std::nullopt;
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18)
            return qint64(d);
        return std::nullopt;
    }
    if (type == sj::element_type::STRING) {
        std::string_view s;
        if (value.get_string().get(s))
            return std::nullopt;
        bool ok = false;
        const qint64 n = QByteArray(s.data(), qsizetype(s.size())).trimmed().toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<double> readDouble(sj::element value)
{
    const sj::element_type type = value.type();
    if (type == sj::element_type::INT64 || type == sj::element_type::UINT64
        || type == sj::element_type::DOUBLE) {
        double d = 0;
        if (value.get_double().get(d))
            return std::nullopt;
        return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    if (type == sj::element_type::STRING) {
        std::string_view s;
        if (value.get_string().get(s))
            return std::nullopt;
        bool ok = false;
        const double d = QByteArray(s.data(), qsizetype(s.size())).trimmed().toDouble(&ok);
        return ok && std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<bool> readBool(sj::element value)
{
    const sj::element_type type = value.type();
    if (type == sj::element_type::BOOL) {
        bool b = false;
        if (value.get_bool().get(b))
            return std::nullopt;
        return b;
    }
    if (type == sj::element_type::INT64 || type == sj::element_type::UINT64
        || type == sj::element_type::DOUBLE) {
        const auto n = readInt(value);
        if (n && (*n == 0 || *n == 1))
            return *n == 1;
        return std::nullopt;
    }
    if (type == sj::element_type::STRING) {
        std::string_view s;
        if (value.get_string().get(s))
            return std::nullopt;
        const QByteArray t = QByteArray(s.data(), qsizetype(s.size())).trimmed().toLower();
        if (t == "true" || t == "1")
            return true;
        if (t == "false" || t == "0")
            return false;
    }
    return std::nullopt;
}

bool isNull(sj::element value)
{
    return value.type() == sj::element_type::NULL_VALUE;
}

std::optional<QByteArray> readString(sj::element value)
{
    std::string_view s;
    if (value.get_string().get(s))
        return std::nullopt;
    return QByteArray(s.data(), qsizetype(s.size()));
}

// Reads one point object; problems go to `errors` in the original's words.
void readPoint(sj::object object, IncomingPoint &p, QJsonObject &errors)
{
    bool hasStream = false, hasTimestamp = false;
    for (const auto field : object) {
        const std::string_view key = field.key;
        const sj::element value = field.value;
        if (key == "stream") {
            const auto s = readString(value);
            if (!s || s->isEmpty())
                addError(errors, QStringLiteral("stream"),
                         isNull(value) ? QStringLiteral("This field may not be null.")
                                       : QStringLiteral("This field may not be blank."));
            else {
                p.stream = *s;
                hasStream = true;
            }
        } else if (key == "timestamp") {
            const auto s = readString(value);
            const auto t = s ? isotime::parse(QByteArrayView(*s)) : std::nullopt;
            if (!t)
                addError(errors, QStringLiteral("timestamp"),
                         QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                                        "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
            else {
                p.timestamp = *t;
                hasTimestamp = true;
            }
        } else if (key == "int_value") {
            if (isNull(value))
                continue;
            p.intValue = readInt(value);
            if (!p.intValue)
                addError(errors, QStringLiteral("int_value"), QStringLiteral("A valid integer is required."));
        } else if (key == "value") {
            if (isNull(value))
                continue;
            p.value = readDouble(value);
            if (!p.value)
                addError(errors, QStringLiteral("value"), QStringLiteral("A valid number is required."));
        } else if (key == "device_timestamp") {
            if (isNull(value))
                continue;
            p.deviceTimestamp = readInt(value);
            if (!p.deviceTimestamp)
                addError(errors, QStringLiteral("device_timestamp"),
                         QStringLiteral("A valid integer is required."));
        } else if (key == "streamer_local_id") {
            if (isNull(value))
                continue;
            p.streamerLocalId = readInt(value);
            if (!p.streamerLocalId || *p.streamerLocalId < 0)
                addError(errors, QStringLiteral("streamer_local_id"),
                         QStringLiteral("Ensure this value is greater than or equal to 0."));
        } else if (key == "type") {
            p.type = readString(value);
            if (!p.type)
                addError(errors, QStringLiteral("type"), QStringLiteral("Not a valid string."));
        } else if (key == "status") {
            p.status = readString(value);
            if (!p.status)
                addError(errors, QStringLiteral("status"), QStringLiteral("Not a valid string."));
        } else if (key == "dirty_ts") {
            p.dirty = readBool(value);
            if (!p.dirty)
                addError(errors, QStringLiteral("dirty_ts"), QStringLiteral("Must be a valid boolean."));
        }
        // Read-only fields (id, project, device, variable) and unknown keys are ignored, as DRF does.
    }
    if (!hasStream && !errors.contains(QStringLiteral("stream")))
        addError(errors, QStringLiteral("stream"), QStringLiteral("This field is required."));
    if (!hasTimestamp && !errors.contains(QStringLiteral("timestamp")))
        addError(errors, QStringLiteral("timestamp"), QStringLiteral("This field is required."));
    if (errors.contains(QStringLiteral("int_value")) || errors.contains(QStringLiteral("value")))
        return;
    if (!p.intValue && !p.value)
        addError(errors, QStringLiteral("non_field_errors"),
                 QStringLiteral("Either int_value or value should be used"));
    else if (p.intValue && p.value)
        addError(errors, QStringLiteral("non_field_errors"),
                 QStringLiteral("Only int_value or value should be used"));
    else if (p.intValue && p.type && *p.type != "Num")
        addError(errors, QStringLiteral("non_field_errors"),
                 QStringLiteral("type should be 'Num' if int_value is used"));
    else if (p.value && (!p.type || *p.type != "ITR"))
        addError(errors, QStringLiteral("non_field_errors"),
                 QStringLiteral("type should be 'ITR' or None if value is used"));
    if (p.type && *p.type != "Num" && *p.type != "ITR" && *p.type != "P-0" && *p.type != "P-1"
        && *p.type != "P-E")
        addError(errors, QStringLiteral("type"),
                 QStringLiteral("\"%1\" is not a valid choice.").arg(QString::fromUtf8(*p.type)));
    if (p.status && *p.status != "unk" && *p.status != "cln" && *p.status != "drt" && *p.status != "utc")
        addError(errors, QStringLiteral("status"),
                 QStringLiteral("\"%1\" is not a valid choice.").arg(QString::fromUtf8(*p.status)));
}

sj::parser &threadParser()
{
    // One parser per thread: it keeps its buffers between documents (and validates each fully).
    thread_local sj::parser parser;
    return parser;
}

Error parseError(const char *what)
{
    return Error::badRequest(QStringLiteral("JSON parse error - %1").arg(QLatin1String(what)));
}

} // namespace

Result<IncomingBatch> DataPointParser::parse(QByteArrayView body)
{
    IncomingBatch batch;
    sj::element doc;
    if (threadParser().parse(body.data(), size_t(body.size())).get(doc))
        return parseError("malformed JSON");
    sj::object object;
    sj::array array;
    if (!doc.get_object().get(object)) {
        batch.points.emplace_back();
        batch.errors.emplace_back();
        readPoint(object, batch.points.back(), batch.errors.back());
    } else if (!doc.get_array().get(array)) {
        batch.isList = true;
        for (const sj::element item : array) {
            batch.points.emplace_back();
            batch.errors.emplace_back();
            sj::object itemObject;
            if (item.get_object().get(itemObject)) {
                addError(batch.errors.back(), QStringLiteral("non_field_errors"),
                         QStringLiteral("Invalid data. Expected a dictionary, but got something else."));
                continue;
            }
            readPoint(itemObject, batch.points.back(), batch.errors.back());
        }
    } else {
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Invalid data. Expected a dictionary or a list."));
    }
    return batch;
}

} // namespace iotile
