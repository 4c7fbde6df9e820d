#pragma once

#include "common/util/expected.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

// What went wrong, in terms every layer shares; server/http/errormapping.cpp is the one place that turns it
// into an HTTP status and body.
namespace iotile {

enum class ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    Gone,
    TooLarge,
    HeadersTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    Internal,
    Unavailable,
};

class Error
{
public:
    Error() = default;
    Error(ErrorKind kind, QJsonValue body)
        : m_kind(kind)
        , m_body(std::move(body))
    { }

    // {"detail": "..."} in the original service's style.
    static Error detail(ErrorKind kind, const QString &message);
    static Error badRequest(const QString &message) { return detail(ErrorKind::BadRequest, message); }
    // {"field": ["message"]}; "non_field_errors" for errors about the whole object.
    static Error field(const QString &name, const QString &message);
    static Error fields(QJsonObject errors) { return Error(ErrorKind::BadRequest, std::move(errors)); }
    // The original's ValidationError('msg') raised in a view: a bare JSON list ["msg"].
    static Error bareList(const QString &message);
    static Error notFound() { return detail(ErrorKind::NotFound, QStringLiteral("Not found.")); }
    static Error forbidden(const QString &message = {});
    static Error unauthorized(const QString &message = {});
    // Logged with its internal reason; the client only sees a generic message.
    static Error internal(const QString &reason);
    // 503 with Retry-After: a dependency (the database) is down; the reason is logged, not sent.
    static Error unavailable(const QString &reason);

    ErrorKind kind() const { return m_kind; }
    const QJsonValue &body() const { return m_body; }
    const QString &internalReason() const { return m_internalReason; }
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    Error &withHeader(const QByteArray &name, const QByteArray &value);
    Error &withReason(const QString &reason);
    // A short text for logs and for callers that are not HTTP (CLI commands, workers).
    QString message() const;

private:
    ErrorKind m_kind = ErrorKind::Internal;
    QJsonValue m_body;
    QString m_internalReason;
    QList<QPair<QByteArray, QByteArray>> m_headers;
};

template<typename T>
using Result = Expected<T, Error>;
using Status = Expected<void, Error>;

} // namespace iotile

// Early return on failure, the way Rust's `?` reads: IOTILE_TRY(project, store.byUuid(id)); binds `project`
// to the value of a Result or returns its error from the enclosing function. IOTILE_CHECK does the same for
// a Status.
#define IOTILE_CONCAT_INNER(a, b) a##b
#define IOTILE_CONCAT(a, b) IOTILE_CONCAT_INNER(a, b)
#define IOTILE_TRY(var, expr)                                                                                \
    auto IOTILE_CONCAT(iotile_try_, __LINE__) = (expr);                                                      \
    if (!IOTILE_CONCAT(iotile_try_, __LINE__))                                                               \
        return std::move(IOTILE_CONCAT(iotile_try_, __LINE__)).error();                                      \
    auto &var = *IOTILE_CONCAT(iotile_try_, __LINE__)
#define IOTILE_CHECK(expr)                                                                                   \
    do {                                                                                                     \
        if (auto iotile_status_ = (expr); !iotile_status_)                                                   \
            return std::move(iotile_status_).error();                                                        \
    } while (false)
