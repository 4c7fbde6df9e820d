#include "common/api/apiclient.h"

#include "common/api/apierror.h"
#include "common/api/apipager.h"
#include "common/api/jwtclaims.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUuid>

namespace iotile::api {

namespace {

QByteArray jsonBody(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    return QByteArrayLiteral("{}");
}

qint64 nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
    , m_userAgent(QByteArrayLiteral("iotile-cloud-qt/" IOTILE_VERSION))
{ }

ApiClient::~ApiClient()
{
    // Replies still running would report into a half-destroyed client.
    const QList<ApiReply *> replies = findChildren<ApiReply *>(Qt::FindDirectChildrenOnly);
    for (ApiReply *reply : replies)
        forget(reply);
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void ApiClient::setToken(const QByteArray &token)
{
    if (token == m_token)
        return;
    m_token = token;
    const auto claims = JwtClaims::decode(token);
    m_tokenExpiresAt = claims ? claims->expiresAt : 0;
    emit tokenChanged(m_token);
}

QUrl ApiClient::url(const QString &path, const QUrlQuery &query) const
{
    QUrl result = m_baseUrl;
    QString basePath = result.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    result.setPath(basePath + path);
    if (!query.isEmpty())
        result.setQuery(query);
    return result;
}

QUrl ApiClient::rebase(const QUrl &absolute) const
{
    QUrl result = m_baseUrl;
    result.setPath(absolute.path());
    result.setQuery(absolute.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return result;
}

ApiReply *ApiClient::get(const QString &path, const QUrlQuery &query)
{
    return send(ApiReply::Method::Get, url(path, query));
}

ApiReply *ApiClient::post(const QString &path, const QJsonValue &body)
{
    return send(ApiReply::Method::Post, url(path), jsonBody(body));
}

ApiReply *ApiClient::put(const QString &path, const QJsonValue &body)
{
    return send(ApiReply::Method::Put, url(path), jsonBody(body));
}

ApiReply *ApiClient::patch(const QString &path, const QJsonValue &body)
{
    return send(ApiReply::Method::Patch, url(path), jsonBody(body));
}

ApiReply *ApiClient::del(const QString &path)
{
    return send(ApiReply::Method::Delete, url(path));
}

ApiReply *ApiClient::postFile(const QString &path, const QString &field, const QString &fileName,
                              const QByteArray &data)
{
    // Built by hand rather than with QHttpMultiPart: a retry after a token refresh sends the same bytes.
    const QByteArray boundary = "iotile-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QString name = fileName;
    name.replace(QLatin1Char('"'), QLatin1Char('_')).replace(QLatin1Char('\r'), QLatin1Char('_'));
    name.replace(QLatin1Char('\n'), QLatin1Char('_'));
    QByteArray body;
    body.reserve(data.size() + 256);
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + field.toUtf8() + "\"; filename=\"" + name.toUtf8()
        + "\"\r\n";
    body += "Content-Type: application/octet-stream\r\n\r\n";
    body += data;
    body += "\r\n--" + boundary + "--\r\n";
    ApiReply *reply = create(ApiReply::Method::Post, url(path), body, ApiReply::Purpose::Normal);
    reply->m_contentType = "multipart/form-data; boundary=" + boundary;
    dispatchOrQueue(reply);
    return reply;
}

ApiReply *ApiClient::send(ApiReply::Method method, const QUrl &url, const QByteArray &body)
{
    ApiReply *reply = create(method, url, body, ApiReply::Purpose::Normal);
    dispatchOrQueue(reply);
    return reply;
}

ApiPager *ApiClient::getAll(const QString &path, const QUrlQuery &query)
{
    auto *pager = new ApiPager(this, url(path, query));
    pager->start();
    return pager;
}

ApiReply *ApiClient::login(const QString &email, const QString &password)
{
    // The server refuses a login that carries credentials ("Already Logged-in"), so none are sent.
    ApiReply *reply = create(
        ApiReply::Method::Post, url(QStringLiteral("/api/v1/auth/login/")),
        jsonBody(QJsonObject {{QStringLiteral("email"), email}, {QStringLiteral("password"), password}}),
        ApiReply::Purpose::Login);
    dispatch(reply);
    return reply;
}

ApiReply *ApiClient::logout()
{
    ApiReply *reply = create(ApiReply::Method::Post, url(QStringLiteral("/api/v1/auth/logout/")),
                             jsonBody({}), ApiReply::Purpose::Logout);
    dispatch(reply);
    return reply;
}

ApiReply *ApiClient::refreshToken()
{
    if (!m_refresh)
        startRefresh();
    return m_refresh;
}

ApiReply *ApiClient::create(ApiReply::Method method, const QUrl &url, const QByteArray &body,
                            ApiReply::Purpose purpose)
{
    return new ApiReply(this, method, url, body, purpose);
}

bool ApiClient::tokenNeedsRefresh() const
{
    return m_tokenExpiresAt > 0 && m_tokenExpiresAt - nowSeconds() < m_refreshMargin
        && m_refreshRefused != m_token;
}

void ApiClient::dispatchOrQueue(ApiReply *reply)
{
    if (hasToken() && (m_refresh || tokenNeedsRefresh())) {
        reply->m_queued = true;
        m_waiting.append(reply);
        if (!m_refresh)
            startRefresh();
        return;
    }
    dispatch(reply);
}

void ApiClient::startRefresh()
{
    // Sent without the Authorization header: an expired JWT there would be a 401 on its own.
    m_refresh = create(ApiReply::Method::Post, url(QStringLiteral("/api/v1/auth/api-jwt-refresh/")),
                       jsonBody(QJsonObject {{QStringLiteral("token"), QString::fromLatin1(m_token)}}),
                       ApiReply::Purpose::Refresh);
    m_refresh->m_sentToken = m_token;
    dispatch(m_refresh);
}

void ApiClient::dispatch(ApiReply *reply)
{
    reply->m_queued = false;
    QNetworkRequest request(reply->m_url);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_userAgent);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_transferTimeout);
    const bool authenticated =
        reply->m_purpose == ApiReply::Purpose::Normal || reply->m_purpose == ApiReply::Purpose::Logout;
    if (authenticated && hasToken()) {
        request.setRawHeader("Authorization", "JWT " + m_token);
        reply->m_sentToken = m_token;
    }
    QNetworkReply *network = nullptr;
    switch (reply->m_method) {
    case ApiReply::Method::Get:
        network = m_nam->get(request);
        break;
    case ApiReply::Method::Delete:
        network = m_nam->deleteResource(request);
        break;
    case ApiReply::Method::Post:
    case ApiReply::Method::Put:
    case ApiReply::Method::Patch: {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          reply->m_contentType.isEmpty() ? QByteArrayLiteral("application/json")
                                                         : reply->m_contentType);
        const QByteArray verb = reply->m_method == ApiReply::Method::Post ? QByteArrayLiteral("POST")
            : reply->m_method == ApiReply::Method::Put                    ? QByteArrayLiteral("PUT")
                                                                          : QByteArrayLiteral("PATCH");
        network = m_nam->sendCustomRequest(request, verb, reply->m_requestBody);
        break;
    }
    }
    reply->m_network = network;
    setInFlight(m_inFlight + 1);
    connect(network, &QNetworkReply::downloadProgress, reply, &ApiReply::downloadProgress);
    connect(network, &QNetworkReply::finished, reply,
            [this, reply, network] { networkFinished(reply, network); });
}

void ApiClient::networkFinished(ApiReply *reply, QNetworkReply *network)
{
    setInFlight(m_inFlight - 1);
    network->deleteLater();
    reply->m_network = nullptr;
    reply->m_status = network->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->m_body = network->isOpen() ? network->readAll() : QByteArray();
    reply->m_json.reset();
    if (reply->m_status == 0 && network->error() != QNetworkReply::NoError)
        reply->m_error = ApiError::fromNetwork(network->error(), network->errorString());
    else if (reply->m_status >= 400 || reply->m_status == 0)
        reply->m_error = ApiError::fromHttp(reply->m_status, reply->m_body);
    else
        reply->m_error = Error();

    switch (reply->m_purpose) {
    case ApiReply::Purpose::Refresh:
        refreshFinished(reply);
        break;
    case ApiReply::Purpose::Login:
        if (reply->m_status >= 200 && reply->m_status < 300)
            setToken(reply->json().toObject().value(QLatin1String("jwt")).toString().toLatin1());
        break;
    case ApiReply::Purpose::Logout:
        // Unless someone signed in again meanwhile.
        if (reply->m_sentToken == m_token)
            setToken({});
        break;
    case ApiReply::Purpose::Normal:
        if (reply->m_status == 401 && !reply->m_sentToken.isEmpty()) {
            if (ApiError::isSignatureExpired(reply->m_error) && !reply->m_retried) {
                // Once per request: refresh (or take a token refreshed meanwhile) and send it again.
                reply->m_retried = true;
                if (reply->m_sentToken != m_token) {
                    dispatch(reply);
                    return;
                }
                if (m_refreshRefused != m_token) {
                    reply->m_queued = true;
                    m_waiting.append(reply);
                    if (!m_refresh)
                        startRefresh();
                    return;
                }
            }
            if (reply->m_sentToken == m_token)
                emit authenticationRequired(ApiError::serverText(reply->m_error));
        }
        break;
    }
    finish(reply);
}

void ApiClient::refreshFinished(ApiReply *refresh)
{
    if (refresh->m_status == 200) {
        const QByteArray fresh =
            refresh->json().toObject().value(QLatin1String("token")).toString().toLatin1();
        if (!fresh.isEmpty() && refresh->m_sentToken == m_token)
            setToken(fresh);
    } else if (refresh->m_status >= 400 && refresh->m_status < 500) {
        // A refusal is final for this token; a server that could not be reached may answer next time.
        m_refreshRefused = refresh->m_sentToken;
    }
    m_refresh = nullptr;
    // Whatever the outcome, the waiting requests go out: with the fresh token, or with the old one, whose
    // refusal then reaches the caller as the server's own 401.
    const QList<QPointer<ApiReply>> waiting = std::exchange(m_waiting, {});
    for (const QPointer<ApiReply> &reply : waiting) {
        if (reply)
            dispatch(reply);
    }
}

void ApiClient::finish(ApiReply *reply)
{
    reply->m_finished = true;
    emit reply->finished();
    reply->deleteLater();
}

void ApiClient::cancelQueued(ApiReply *reply)
{
    if (!reply->m_queued)
        return;
    m_waiting.removeAll(reply);
    reply->m_queued = false;
    reply->m_error = ApiError::cancelled();
    QPointer<ApiReply> guard(reply);
    // Later, so a caller cancelling from inside its own slot is not re-entered.
    QMetaObject::invokeMethod(
        this,
        [this, guard] {
            if (guard && !guard->m_finished)
                finish(guard);
        },
        Qt::QueuedConnection);
}

void ApiClient::forget(ApiReply *reply)
{
    if (reply->m_network) {
        reply->m_network->disconnect(reply);
        reply->m_network->abort();
        reply->m_network->deleteLater();
        reply->m_network = nullptr;
    }
}

void ApiClient::setInFlight(int count)
{
    if (count == m_inFlight)
        return;
    m_inFlight = count;
    emit requestsInFlightChanged(count);
}

} // namespace iotile::api
