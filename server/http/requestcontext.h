#pragma once

#include "common/util/error.h"
#include "server/domain/account.h"
#include "server/http/router.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <memory>
#include <optional>

class QHttpServerRequest;

namespace iotile {

class ServerContext;
class SqlConnection;

// How the caller authenticated; some endpoints (login) care.
enum class AuthScheme { None, Jwt, DeviceJwt, Token, ApiKey };

// One uploaded file of a multipart body.
struct UploadedFile
{
    QString fieldName;
    QString fileName;
    QByteArray contentType;
    QByteArray data;
};

// Everything a handler sees of one request: the parsed request, the caller, and the server's services.
class RequestContext
{
public:
    RequestContext(const QHttpServerRequest &request, ServerContext &server, HttpMethod method, QString path);

    ServerContext &server() const { return m_server; }
    HttpMethod method() const { return m_method; }
    const QString &path() const { return m_path; }
    const QHttpServerRequest &request() const { return m_request; }
    QByteArray header(const QByteArray &name) const;
    QHostAddress remoteAddress() const;
    QString remoteAddressText() const;

    // Path captures, in the order of the route pattern's {placeholders}.
    const QStringList &captures() const { return m_captures; }
    const QString &capture(int index) const { return m_captures.at(index); }
    void setCaptures(QStringList captures) { m_captures = std::move(captures); }

    const QUrlQuery &query() const { return m_query; }
    bool hasQuery(const QString &name) const { return m_query.hasQueryItem(name); }
    QString queryValue(const QString &name) const;
    // True for the original's truthy flag values ("1", "true", "True", "yes", "on").
    bool queryFlag(const QString &name) const;

    // The caller, or nullptr when anonymous.
    const std::shared_ptr<const Account> &user() const { return m_user; }
    const Account &account() const { return *m_user; }
    bool isAuthenticated() const { return m_user != nullptr; }
    bool isStaff() const { return m_user && m_user->isStaff; }
    // Staff acting as staff: the original needs ?staff=1 before staff see beyond their memberships.
    bool staffMode() const { return isStaff() && !queryValue(QStringLiteral("staff")).isEmpty(); }
    AuthScheme authScheme() const { return m_scheme; }
    void setCaller(std::shared_ptr<const Account> user, AuthScheme scheme);
    Status requireUser() const;

    QByteArray body() const;
    QByteArray contentType() const;
    // The body as a JSON value (JSON bodies), or a JSON object of the fields of a form or multipart body.
    Result<QJsonValue> data() const;
    // data() that must be an object: the common case of "one resource in the body".
    Result<QJsonObject> dataObject() const;
    // Files of a multipart body.
    Result<QList<UploadedFile>> files() const;

    // The connection of this thread to the main database.
    Result<SqlConnection *> db() const;

    // scheme://host[:port] as the client sees it (honours X-Forwarded-* when configured).
    QString origin() const;
    // The request URL with its query modified: for pagination's next/previous links.
    QString urlWithQuery(const QUrlQuery &query) const;

private:
    Status parseMultipart() const;

    const QHttpServerRequest &m_request;
    ServerContext &m_server;
    HttpMethod m_method;
    QString m_path;
    QStringList m_captures;
    QUrlQuery m_query;
    std::shared_ptr<const Account> m_user;
    AuthScheme m_scheme = AuthScheme::None;
    mutable std::optional<QJsonObject> m_multipartFields;
    mutable QList<UploadedFile> m_multipartFiles;
};

} // namespace iotile
