#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace iotile {

// An alarm (beyond the original): raised by a filter action or the API against a stream, device or
// project; while active, raising the same rule on the same target counts up instead of adding a row.
struct Alarm
{
    qint64 id = 0;
    QString rule;
    QString name;
    QString severity; // critical, major, minor, warning, indeterminate
    QString target; // slug of a stream, device or project
    QString targetType; // stream, device, project
    qint64 orgId = 0;
    QString orgSlug;
    std::optional<qint64> projectId;
    QString projectSlug;
    std::optional<qint64> deviceId;
    QString stream; // the stream whose data raised it (filter alarms)
    std::optional<qint64> filterId;
    QString filterSlug;
    std::optional<qint64> stateId;
    QString stateLabel;
    std::optional<qint64> actionId;
    bool autoClear = false;
    QString message;
    QJsonValue details;
    bool active = true;
    qint64 count = 1;
    qint64 firstSeen = 0;
    qint64 lastSeen = 0;
    bool acknowledged = false;
    std::optional<qint64> ackBy;
    QString ackBySlug;
    std::optional<qint64> ackOn;
    QString ackComment;
    std::optional<qint64> clearedOn;
    std::optional<qint64> clearedBy;
    QString clearedBySlug;
    QString clearComment;
    std::optional<qint64> createdBy;
};

} // namespace iotile
