#pragma once

#include "common/util/error.h"
#include "server/domain/alarm.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace iotile {

class SqlConnection;
class StreamSlug;
struct StreamFilter;

// The rules of alarms that are not SQL: severities, what a target slug names, and the target a filter's
// alarm action picks for a stream.
class Alarms
{
public:
    // critical, major, minor, warning, indeterminate (ThingsBoard's set), most severe first.
    static const QStringList &severities();
    static bool isSeverity(const QString &severity) { return severities().contains(severity); }
    static const QStringList &targetTypes(); // stream, device, project

    // What an alarm is about: a stream (s--), a claimed device (d--) or a project (p-- or UUID).
    struct Target
    {
        QString slug;
        QString type;
        qint64 orgId = 0;
        std::optional<qint64> projectId;
        std::optional<qint64> deviceId;
        QString stream;
    };
    // nullopt when the text names nothing that exists (or a device in no org).
    static Result<std::optional<Target>> resolve(SqlConnection &db, const QString &text);
    // The target of a filter's alarm action for data of `stream`: "stream" (default), "device" (the
    // stream's device; the project for a virtual stream) or "project".
    static Result<Target> targetForStream(SqlConnection &db, const StreamFilter &filter,
                                          const StreamSlug &stream, const QString &kind);
    // Checks an alarm action's extra_payload: severity, target, clear_on_exit, message. Empty when fine.
    static QString validateAction(const QJsonObject &extra);
};

} // namespace iotile
