#include "common/api/apireply.h"

#include "common/api/apiclient.h"
#include "common/api/apierror.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace iotile::api {

ApiReply::ApiReply(ApiClient *client, Method method, QUrl url, QByteArray body, Purpose purpose)
    : QObject(client)
    , m_client(client)
    , m_method(method)
    , m_url(std::move(url))
    , m_requestBody(std::move(body))
    , m_purpose(purpose)
{ }

bool ApiReply::isOk() const
{
    return m_finished && m_status >= 200 && m_status < 300;
}

bool ApiReply::isCancelled() const
{
    return m_finished && ApiError::isCancelled(m_error);
}

QJsonValue ApiReply::json() const
{
    if (!m_json) {
        const QJsonDocument document = QJsonDocument::fromJson(m_body);
        if (document.isObject())
            m_json = document.object();
        else if (document.isArray())
            m_json = document.array();
        else
            m_json = QJsonValue();
    }
    return *m_json;
}

void ApiReply::cancel()
{
    if (m_finished)
        return;
    if (m_network)
        m_network->abort();
    else
        m_client->cancelQueued(this);
}

} // namespace iotile::api
