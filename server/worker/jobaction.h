#pragma once

#include "common/util/error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace iotile {

class JobContext;

// The JSON type an action expects of one argument.
enum class ArgType { String, Integer, Number, Bool, Object, Array, Any };

struct ArgumentSpec
{
    QString name;
    ArgType type = ArgType::Any;
    bool required = true;
};

// One kind of background work (the original's sqsworker Action classes). Instances are made per job by
// the JobRegistry, so they may keep state for the run. execute() reports its outcome as a Status:
// success, a soft error (retried with backoff until the job's attempts are used up), or a hard error
// (dead letter at once); see softError() and hardError().
class JobAction
{
public:
    virtual ~JobAction() = default;

    // The name jobs are queued under; also what POST /api/v1/pid/ reports as "type".
    virtual QString name() const = 0;
    // Every argument the action takes: required ones must be present, and no other key is accepted.
    virtual QList<ArgumentSpec> arguments() const = 0;
    // Checks `args` against arguments(); a hard error names the first problem as the original did.
    virtual Status validate(const QJsonObject &args) const;
    virtual Status execute(JobContext &context) = 0;

    // Worth trying again later (a lock held elsewhere, a service down, a database hiccup).
    static Error softError(const QString &message);
    // Will never succeed (bad arguments, the object is gone): straight to the dead letter.
    static Error hardError(const QString &message);
    // Soft errors, and errors of kinds that are transient by nature (Unavailable, Internal (SQL failures),
    // Conflict, TooManyRequests) are retried; every other kind is final.
    static bool isRetryable(const Error &error);
};

} // namespace iotile
