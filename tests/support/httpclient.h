#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QString>

namespace iotile::test {

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString networkError;

    QJsonValue json() const;
    QJsonObject object() const { return json().toObject(); }
    QJsonArray array() const { return json().toArray(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// A blocking HTTP client over real loopback sockets, for tests and benches (QNetworkAccessManager with a
// local event loop).
class HttpClient
{
public:
    explicit HttpClient(QString baseUrl)
        : m_base(std::move(baseUrl))
    { }

    // Authorization header value for the following requests ("jwt <token>", "Token <key>", ...).
    void setAuthorization(QByteArray value) { m_authorization = std::move(value); }
    const QByteArray &authorization() const { return m_authorization; }

    HttpReply get(const QString &path) { return send("GET", path, {}, {}); }
    HttpReply post(const QString &path, const QJsonValue &body) { return sendJson("POST", path, body); }
    HttpReply put(const QString &path, const QJsonValue &body) { return sendJson("PUT", path, body); }
    HttpReply patch(const QString &path, const QJsonValue &body) { return sendJson("PATCH", path, body); }
    HttpReply del(const QString &path) { return send("DELETE", path, {}, {}); }
    HttpReply sendJson(const QByteArray &method, const QString &path, const QJsonValue &body);
    HttpReply send(const QByteArray &method, const QString &path, const QByteArray &body,
                   const QByteArray &contentType, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // multipart/form-data with one file part named `field` plus text fields.
    HttpReply upload(const QString &path, const QString &field, const QString &fileName,
                     const QByteArray &content, const QList<QPair<QString, QString>> &fields = {});

    QString url(const QString &path) const { return m_base + path; }

private:
    QString m_base;
    QByteArray m_authorization;
    QNetworkAccessManager m_nam;
};

} // namespace iotile::test
