#pragma once

#include "common/util/error.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace iotile {

class ServerContext;
class SqlConnection;

// The words of a filter notification (emails, alarm messages, webhooks): the original's template context
// {label, state, stream, device, project, on, ts, value} for one firing of a filter action, with the value
// shown in the stream's output unit.
class FilterNotice
{
public:
    // `firing` is the job argument FilterEngine builds for an action (see FilterEngine::firingJson).
    static Result<QHash<QString, QString>> context(SqlConnection &db, ServerContext &server,
                                                   const QJsonObject &firing);
    // Replaces each {name} of the context in `text`; other braces stay as they are.
    static QString render(const QString &text, const QHash<QString, QString> &context);
    // The default notification text when an action has no "body".
    static QString defaultText(const QHash<QString, QString> &context, const QString &customNote);
};

} // namespace iotile
