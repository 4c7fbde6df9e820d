#include "server/api/eventfields.h"

#include "common/util/isotime.h"
#include "common/util/jsonwriter.h"
#include "server/store/streameventstore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace iotile {

namespace {

const QString kFieldRequired = QStringLiteral("This field is required.");
const QString kNotNull = QStringLiteral("This field may not be null.");

void fail(QJsonObject &errors, const QString &name, const QString &message)
{
    if (!errors.contains(name))
        errors.insert(name, QJsonArray {message});
}

const QStringList &extensions()
{
    static const QStringList all {QStringLiteral("json"), QStringLiteral("json.gz"), QStringLiteral("csv")};
    return all;
}

} // namespace

bool containsNul(const QJsonValue &v)
{
    if (v.isString())
        return v.toString().contains(QChar(0));
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        return std::any_of(a.begin(), a.end(), [](const QJsonValue &x) { return containsNul(x); });
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            if (it.key().contains(QChar(0)) || containsNul(it.value()))
                return true;
    }
    return false;
}

bool isTruthy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool();
    case QJsonValue::Double:
        return v.toDouble() != 0;
    case QJsonValue::String:
        return !v.toString().isEmpty();
    case QJsonValue::Array:
        return !v.toArray().isEmpty();
    case QJsonValue::Object:
        return !v.toObject().isEmpty();
    default:
        return false;
    }
}

void EventFields::require(const QJsonObject &body, const QString &name, QJsonObject &errors)
{
    if (!body.contains(name))
        fail(errors, name, kFieldRequired);
}

std::optional<qint64> EventFields::readInt(const QJsonValue &v, const QString &name, QJsonObject &errors,
                                           bool allowNull)
{
    if (v.isNull()) {
        if (!allowNull)
            fail(errors, name, kNotNull);
        return std::nullopt;
    }
    const QString invalid = QStringLiteral("A valid integer is required.");
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d != std::floor(d) || std::fabs(d) > 9.2e18) {
            fail(errors, name, invalid);
            return std::nullopt;
        }
        return v.toInteger(qint64(d));
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().trimmed().toLongLong(&ok);
        if (ok)
            return n;
    }
    fail(errors, name, invalid);
    return std::nullopt;
}

std::optional<qint64> EventFields::readTime(const QJsonValue &v, const QString &name, QJsonObject &errors)
{
    if (v.isNull()) {
        fail(errors, name, kNotNull);
        return std::nullopt;
    }
    const auto t = v.isString() ? isotime::parse(v.toString()) : std::nullopt;
    if (!t)
        fail(errors, name,
             QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                            "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
    return t;
}

std::optional<StreamSlug> EventFields::readStream(const QJsonValue &v, QJsonObject &errors)
{
    const QString name = QStringLiteral("stream");
    if (v.isNull()) {
        fail(errors, name, kNotNull);
        return std::nullopt;
    }
    if (!v.isString()) {
        fail(errors, name, QStringLiteral("Not a valid string."));
        return std::nullopt;
    }
    if (v.toString().isEmpty()) {
        fail(errors, name, QStringLiteral("This field may not be blank."));
        return std::nullopt;
    }
    const auto slug = StreamSlug::parse(QStringView(v.toString()));
    if (!slug)
        fail(errors, name, QStringLiteral("Bad Request: Illegal Project, Device or Stream slug"));
    return slug;
}

EventFields EventFields::read(const QJsonObject &body, bool requireAll, QJsonObject &errors)
{
    EventFields f;
    if (requireAll) {
        require(body, QStringLiteral("stream"), errors);
        require(body, QStringLiteral("timestamp"), errors);
    }
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        const QString &name = it.key();
        const QJsonValue v = it.value();
        if (name == QLatin1String("stream")) {
            f.stream = readStream(v, errors);
        } else if (name == QLatin1String("timestamp")) {
            f.ts = readTime(v, name, errors);
        } else if (name == QLatin1String("device_timestamp")) {
            f.hasDeviceTs = true;
            f.deviceTs = readInt(v, name, errors, true);
        } else if (name == QLatin1String("streamer_local_id")) {
            f.seq = readInt(v, name, errors, false);
            if (f.seq && *f.seq < 0)
                fail(errors, name, QStringLiteral("Ensure this value is greater than or equal to 0."));
        } else if (name == QLatin1String("dirty_ts")) {
            if (v.isBool())
                f.dirty = v.toBool();
            else if (v.isDouble() && (v.toDouble() == 0 || v.toDouble() == 1))
                f.dirty = v.toDouble() == 1;
            else if (v.isString() && QStringList {"true", "1", "false", "0"}.contains(v.toString().toLower()))
                f.dirty =
                    v.toString() == QLatin1String("1") || v.toString().toLower() == QLatin1String("true");
            else
                fail(errors, name, QStringLiteral("Must be a valid boolean."));
        } else if (name == QLatin1String("status")) {
            const auto s = v.isString() ? pointStatusFromName(v.toString().toLatin1()) : std::nullopt;
            if (!s)
                fail(errors, name,
                     QStringLiteral("\"%1\" is not a valid choice.")
                         .arg(v.isString() ? v.toString() : QStringLiteral("?")));
            f.status = s;
        } else if (name == QLatin1String("ext")) {
            if (v.isNull())
                f.ext = QStringLiteral("json");
            else if (v.isString() && extensions().contains(v.toString()))
                f.ext = v.toString();
            else
                fail(errors, name,
                     QStringLiteral("\"%1\" is not a valid choice.")
                         .arg(v.isString() ? v.toString() : QStringLiteral("?")));
        } else if (name == QLatin1String("extra_data")) {
            if (!v.isObject()) {
                fail(errors, name, QStringLiteral("extra_data must be a valid dictionary object"));
                continue;
            }
            // PostgreSQL's jsonb cannot hold U+0000: refuse it on every database alike.
            if (containsNul(v)) {
                fail(errors, name, QStringLiteral("extra_data must not contain NUL characters"));
                continue;
            }
            f.hasExtraData = true;
            f.extraData = QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        } else if (name == QLatin1String("data")) {
            if (isTruthy(v))
                f.data = v;
        }
        // Read-only and unknown fields are ignored, as DRF does.
    }
    return f;
}

void EventFields::applyTo(StreamEvent &e) const
{
    if (stream)
        e.stream = stream->toString();
    if (ts)
        e.ts = *ts;
    if (hasDeviceTs)
        e.deviceTs = deviceTs;
    if (seq)
        e.seq = *seq;
    if (dirty)
        e.dirty = *dirty;
    if (status)
        e.status = *status;
    if (ext)
        e.ext = *ext;
    if (hasExtraData)
        e.extraData = extraData;
}

void writeEventRecord(JsonWriter &w, const StreamEvent &e)
{
    QString project, device, variable;
    if (const auto slug = StreamSlug::parse(QStringView(e.stream))) {
        project = slug->recordProjectSlug();
        device = slug->recordDeviceSlug();
        variable = slug->recordVariableSlug();
    }
    const bool hasFile = !e.blobKey.isEmpty();
    w.beginObject();
    w.key("id").value(e.id);
    w.key("stream").value(e.stream);
    w.key("project").value(project);
    w.key("device").value(device);
    w.key("variable").value(variable);
    // The original's bucket name, for clients that print or compare it; the key is the BlobStore key.
    if (hasFile)
        w.key("s3bucket").valueLatin1("iotile-cloud-stream-event-data");
    else
        w.key("s3bucket").null();
    if (hasFile)
        w.key("s3key").value(e.blobKey);
    else
        w.key("s3key").null();
    w.key("ext").value(e.ext);
    w.key("has_raw_data").value(hasFile);
    w.key("device_timestamp").optional(e.deviceTs);
    w.key("timestamp").time(e.ts);
    w.key("streamer_local_id").value(e.seq);
    w.key("dirty_ts").value(e.dirty);
    w.key("status").valueLatin1(pointStatusName(e.status));
    if (e.extraData.isEmpty())
        w.key("extra_data").null();
    else
        w.key("extra_data").raw(e.extraData);
    w.endObject();
}

QByteArray eventRecord(const StreamEvent &event)
{
    QByteArray body;
    JsonWriter w(body);
    writeEventRecord(w, event);
    return body;
}

} // namespace iotile
