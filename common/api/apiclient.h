#pragma once

#include "common/api/apireply.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

class QNetworkAccessManager;
class QNetworkReply;

namespace iotile::api {

class ApiPager;

// The asynchronous client of the iotile.cloud REST API: JSON requests with the "JWT" header, error
// mapping, whole-list fetching over pagination, and token refresh before the token runs out.
class ApiClient final : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    const QUrl &baseUrl() const { return m_baseUrl; }
    // The JWT sent as "Authorization: JWT <token>"; empty for anonymous requests.
    void setToken(const QByteArray &token);
    const QByteArray &token() const { return m_token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    // A token closer than this to its expiry is refreshed before the next request (default one day).
    void setRefreshMargin(qint64 seconds) { m_refreshMargin = seconds; }
    // A transfer that makes no progress for this long fails (default 60 s).
    void setTransferTimeout(int milliseconds) { m_transferTimeout = milliseconds; }
    void setUserAgent(const QByteArray &userAgent) { m_userAgent = userAgent; }
    int requestsInFlight() const { return m_inFlight; }

    // path is relative to the base URL ("/api/v1/org/"); the server's absolute "next" links are rebased
    // onto the base URL so the token never leaves for another host.
    QUrl url(const QString &path, const QUrlQuery &query = {}) const;
    QUrl rebase(const QUrl &absolute) const;

    ApiReply *get(const QString &path, const QUrlQuery &query = {});
    ApiReply *post(const QString &path, const QJsonValue &body);
    ApiReply *put(const QString &path, const QJsonValue &body);
    ApiReply *patch(const QString &path, const QJsonValue &body);
    ApiReply *del(const QString &path);
    // POST of one file as multipart/form-data under `field` (the upload endpoints' "file").
    ApiReply *postFile(const QString &path, const QString &field, const QString &fileName,
                       const QByteArray &data);
    ApiReply *send(ApiReply::Method method, const QUrl &url, const QByteArray &body = {});
    // Every page of a list ({"count", "next", "results"}); a bare JSON list counts as the only page.
    ApiPager *getAll(const QString &path, const QUrlQuery &query = {});

    // POST auth/login/ without credentials; on success the answer's "jwt" becomes the token.
    ApiReply *login(const QString &email, const QString &password);
    // POST auth/logout/ (the server revokes the token); the token is dropped whatever the answer.
    ApiReply *logout();
    // POST auth/api-jwt-refresh/ with the current token; on success the fresh token replaces it.
    ApiReply *refreshToken();

signals:
    void tokenChanged(const QByteArray &token);
    // The token was refused and could not be refreshed (expired, revoked): sign in again.
    void authenticationRequired(const QString &reason);
    void requestsInFlightChanged(int count);

private:
    friend class ApiReply;
    ApiReply *create(ApiReply::Method method, const QUrl &url, const QByteArray &body,
                     ApiReply::Purpose purpose);
    void dispatch(ApiReply *reply);
    void dispatchOrQueue(ApiReply *reply);
    bool tokenNeedsRefresh() const;
    void startRefresh();
    void refreshFinished(ApiReply *refresh);
    void networkFinished(ApiReply *reply, QNetworkReply *network);
    void finish(ApiReply *reply);
    void cancelQueued(ApiReply *reply);
    void setInFlight(int count);
    void forget(ApiReply *reply);

    QNetworkAccessManager *m_nam;
    QUrl m_baseUrl;
    QByteArray m_token;
    QByteArray m_userAgent;
    qint64 m_tokenExpiresAt = 0;
    qint64 m_refreshMargin = 86400;
    int m_transferTimeout = 60000;
    int m_inFlight = 0;
    QPointer<ApiReply> m_refresh;
    // A token the server would not refresh: requests go out with it until it expires or is replaced,
    // rather than asking again before every request.
    QByteArray m_refreshRefused;
    QList<QPointer<ApiReply>> m_waiting;
};

} // namespace iotile::api
