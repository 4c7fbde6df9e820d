#include "tests/support/httpclient.h"

#include <QEventLoop>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

namespace iotile::test {

QJsonValue HttpReply::json() const
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject())
        return doc.object();
    if (doc.isArray())
        return doc.array();
    // Bare strings and numbers: wrap to parse.
    const QJsonDocument wrapped = QJsonDocument::fromJson("[" + body + "]");
    return wrapped.isArray() && !wrapped.array().isEmpty() ? wrapped.array().first() : QJsonValue();
}

namespace {

HttpReply finish(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    for (const auto &h : reply->rawHeaderPairs())
        r.headers.insert(h.first.toLower(), h.second);
    if (reply->error() != QNetworkReply::NoError && r.status == 0)
        r.networkError = reply->errorString();
    reply->deleteLater();
    return r;
}

} // namespace

HttpReply HttpClient::sendJson(const QByteArray &method, const QString &path, const QJsonValue &body)
{
    QByteArray bytes;
    if (body.isObject())
        bytes = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    else if (body.isArray())
        bytes = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    return send(method, path, bytes, "application/json");
}

HttpReply HttpClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                           const QByteArray &contentType, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request {QUrl(url(path))};
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = body.isEmpty() && method != "POST" && method != "PUT" && method != "PATCH"
        ? m_nam.sendCustomRequest(request, method)
        : m_nam.sendCustomRequest(request, method, body);
    return finish(reply);
}

HttpReply HttpClient::upload(const QString &path, const QString &field, const QString &fileName,
                             const QByteArray &content, const QList<QPair<QString, QString>> &fields)
{
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    for (const auto &f : fields) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QStringLiteral("form-data; name=\"%1\"").arg(f.first));
        part.setBody(f.second.toUtf8());
        multipart->append(part);
    }
    QHttpPart file;
    file.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QStringLiteral("form-data; name=\"%1\"; filename=\"%2\"").arg(field, fileName));
    file.setBody(content);
    multipart->append(file);
    QNetworkRequest request {QUrl(url(path))};
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization);
    QNetworkReply *reply = m_nam.post(request, multipart);
    multipart->setParent(reply);
    return finish(reply);
}

} // namespace iotile::test
