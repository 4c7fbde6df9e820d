#include "common/util/error.h"

#include <QJsonDocument>

namespace iotile {

Error Error::detail(ErrorKind kind, const QString &message)
{
    return Error(kind, QJsonObject {{QStringLiteral("detail"), message}});
}

Error Error::field(const QString &name, const QString &message)
{
    return Error(ErrorKind::BadRequest, QJsonObject {{name, QJsonArray {message}}});
}

Error Error::bareList(const QString &message)
{
    return Error(ErrorKind::BadRequest, QJsonArray {message});
}

Error Error::forbidden(const QString &message)
{
    return detail(ErrorKind::Forbidden,
                  message.isEmpty() ? QStringLiteral("You do not have permission to perform this action.")
                                    : message);
}

Error Error::unauthorized(const QString &message)
{
    return detail(ErrorKind::Unauthorized,
                  message.isEmpty() ? QStringLiteral("Authentication credentials were not provided.")
                                    : message);
}

Error Error::internal(const QString &reason)
{
    Error e = detail(ErrorKind::Internal, QStringLiteral("Internal server error."));
    e.m_internalReason = reason;
    return e;
}

Error Error::unavailable(const QString &reason)
{
    Error e = detail(ErrorKind::Unavailable, QStringLiteral("Service temporarily unavailable."));
    e.m_internalReason = reason;
    e.m_headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("5")));
    return e;
}

Error &Error::withReason(const QString &reason)
{
    m_internalReason = reason;
    return *this;
}

Error &Error::withHeader(const QByteArray &name, const QByteArray &value)
{
    m_headers.append({name, value});
    return *this;
}

QString Error::message() const
{
    if (!m_internalReason.isEmpty())
        return m_internalReason;
    if (m_body.isObject() && m_body.toObject().size() == 1
        && m_body.toObject().contains(QLatin1String("detail")))
        return m_body.toObject().value(QLatin1String("detail")).toString();
    if (m_body.isString())
        return m_body.toString();
    if (m_body.isArray())
        return QString::fromUtf8(QJsonDocument(m_body.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(m_body.toObject()).toJson(QJsonDocument::Compact));
}

} // namespace iotile
