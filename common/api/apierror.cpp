#include "common/api/apierror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace iotile::api {

namespace {

const QLatin1String kCancelledReason("cancelled");

QString joinMessages(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : value.toArray())
            parts.append(joinMessages(item));
        parts.removeAll(QString());
        return parts.join(QLatin1Char(' '));
    }
    if (value.isObject()) {
        QStringList parts;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            parts.append(it.key() + QLatin1String(": ") + joinMessages(it.value()));
        return parts.join(QLatin1String("; "));
    }
    if (value.isDouble())
        return QString::number(value.toDouble());
    return {};
}

} // namespace

ErrorKind ApiError::kindForStatus(int status)
{
    switch (status) {
    case 400:
        return ErrorKind::BadRequest;
    case 401:
        return ErrorKind::Unauthorized;
    case 403:
        return ErrorKind::Forbidden;
    case 404:
        return ErrorKind::NotFound;
    case 405:
        return ErrorKind::MethodNotAllowed;
    case 406:
        return ErrorKind::NotAcceptable;
    case 409:
        return ErrorKind::Conflict;
    case 410:
        return ErrorKind::Gone;
    case 413:
        return ErrorKind::TooLarge;
    case 415:
        return ErrorKind::UnsupportedMediaType;
    case 429:
        return ErrorKind::TooManyRequests;
    case 431:
        return ErrorKind::HeadersTooLarge;
    case 502:
    case 503:
    case 504:
        return ErrorKind::Unavailable;
    default:
        return status >= 400 && status < 500 ? ErrorKind::BadRequest : ErrorKind::Internal;
    }
}

Error ApiError::fromHttp(int status, const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    QJsonValue value;
    if (parseError.error == QJsonParseError::NoError) {
        if (document.isObject())
            value = document.object();
        else if (document.isArray())
            value = document.array();
    } else {
        // QJsonDocument refuses bare scalars, which the original sends ("Already Logged-in").
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + body + "]", &parseError);
        if (parseError.error == QJsonParseError::NoError && wrapped.array().size() == 1)
            value = wrapped.array().first();
        else if (!body.trimmed().isEmpty())
            value = QJsonObject {{QStringLiteral("detail"), QString::fromUtf8(body.left(500)).trimmed()}};
    }
    return Error(kindForStatus(status), value);
}

Error ApiError::fromNetwork(QNetworkReply::NetworkError code, const QString &text)
{
    if (code == QNetworkReply::OperationCanceledError)
        return cancelled();
    return Error::detail(ErrorKind::Unavailable, text);
}

Error ApiError::cancelled()
{
    Error error = Error::detail(ErrorKind::Unavailable, QStringLiteral("Cancelled."));
    error.withReason(kCancelledReason);
    return error;
}

bool ApiError::isCancelled(const Error &error)
{
    return error.internalReason() == kCancelledReason;
}

QString ApiError::serverText(const Error &error)
{
    const QJsonValue &body = error.body();
    if (body.isObject()) {
        const QJsonObject object = body.toObject();
        if (object.contains(QLatin1String("detail")))
            return joinMessages(object.value(QLatin1String("detail")));
        if (object.contains(QLatin1String("error")))
            return joinMessages(object.value(QLatin1String("error")));
        // Field errors: non_field_errors read as sentences, other fields are named.
        QStringList parts;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString text = joinMessages(it.value());
            parts.append(
                it.key() == QLatin1String("non_field_errors") ? text : it.key() + QLatin1String(": ") + text);
        }
        return parts.join(QLatin1String("; "));
    }
    return joinMessages(body);
}

bool ApiError::isSignatureExpired(const Error &error)
{
    return error.kind() == ErrorKind::Unauthorized
        && error.body().toObject().value(QLatin1String("detail")).toString()
        == QLatin1String("Signature has expired.");
}

} // namespace iotile::api
