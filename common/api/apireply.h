#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace iotile::api {

class ApiClient;

// One request to the server. Its answer arrives through finished(); the client deletes the reply after
// finished() has been delivered, so keep a QPointer when holding on to it (e.g. to cancel).
class ApiReply final : public QObject
{
    Q_OBJECT
public:
    enum class Method { Get, Post, Put, Patch, Delete };

    Method method() const { return m_method; }
    const QUrl &url() const { return m_url; }

    bool isFinished() const { return m_finished; }
    // Finished with a 2xx answer.
    bool isOk() const;
    bool isCancelled() const;
    // The HTTP status, 0 when no answer came (network failure, cancel).
    int status() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    // The body parsed as JSON (null when it is empty or not JSON).
    QJsonValue json() const;
    QJsonObject object() const { return json().toObject(); }
    QJsonArray array() const { return json().toArray(); }
    const Error &error() const { return m_error; }

    // Aborts the request; finished() still follows, with isCancelled() true.
    void cancel();

signals:
    void finished();
    void downloadProgress(qint64 received, qint64 total);

private:
    friend class ApiClient;
    enum class Purpose { Normal, Login, Logout, Refresh };

    ApiReply(ApiClient *client, Method method, QUrl url, QByteArray body, Purpose purpose);

    ApiClient *m_client;
    Method m_method;
    QUrl m_url;
    QByteArray m_requestBody;
    QByteArray m_contentType; // of the request body; empty: JSON
    Purpose m_purpose;
    QPointer<QNetworkReply> m_network;
    QByteArray m_sentToken;
    bool m_retried = false;
    bool m_queued = false;
    bool m_finished = false;
    int m_status = 0;
    QByteArray m_body;
    Error m_error;
    mutable std::optional<QJsonValue> m_json;
};

} // namespace iotile::api
