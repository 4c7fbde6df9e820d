#pragma once

#include "common/slug/streamslug.h"
#include "server/domain/datapoint.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace iotile {

class JsonWriter;
struct StreamEvent;

// The writable fields of a StreamEventData body (the original's StreamEventDataSerializer), checked
// with DRF's messages; absent fields stay unset so PATCH changes only what it names.
struct EventFields
{
    std::optional<StreamSlug> stream;
    std::optional<qint64> ts;
    bool hasDeviceTs = false;
    std::optional<qint64> deviceTs;
    std::optional<qint64> seq;
    std::optional<bool> dirty;
    std::optional<PointStatus> status;
    std::optional<QString> ext;
    bool hasExtraData = false;
    QByteArray extraData; // compact JSON of an object
    std::optional<QJsonValue> data; // a non-empty value to store as the event's JSON file

    // requireAll: POST and PUT need stream and timestamp. Errors go into `errors` by field name.
    static EventFields read(const QJsonObject &body, bool requireAll, QJsonObject &errors);
    void applyTo(StreamEvent &event) const;

    // Field readers shared with the upload form, whose values arrive as text.
    static std::optional<qint64> readInt(const QJsonValue &v, const QString &name, QJsonObject &errors,
                                         bool allowNull);
    static std::optional<qint64> readTime(const QJsonValue &v, const QString &name, QJsonObject &errors);
    static std::optional<StreamSlug> readStream(const QJsonValue &v, QJsonObject &errors);
    static void require(const QJsonObject &body, const QString &name, QJsonObject &errors);
};

// The JSON record of an event; project, device and variable come from its stream slug as for data.
void writeEventRecord(JsonWriter &w, const StreamEvent &event);
QByteArray eventRecord(const StreamEvent &event);

// True when a string or key anywhere in the value holds U+0000 (PostgreSQL's jsonb refuses it).
bool containsNul(const QJsonValue &v);

// The original's truthiness test on `data` (None, {}, [], "", 0 and false upload nothing).
bool isTruthy(const QJsonValue &v);

} // namespace iotile
