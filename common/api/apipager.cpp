#include "common/api/apipager.h"

#include "common/api/apiclient.h"
#include "common/api/apierror.h"

namespace iotile::api {

ApiPager::ApiPager(ApiClient *client, QUrl first)
    : QObject(client)
    , m_client(client)
    , m_first(std::move(first))
{ }

bool ApiPager::isCancelled() const
{
    return m_finished && m_cancelled;
}

void ApiPager::start()
{
    request(m_first);
}

void ApiPager::request(const QUrl &url)
{
    ApiReply *reply = m_client->send(ApiReply::Method::Get, url);
    m_current = reply;
    connect(reply, &ApiReply::finished, this, [this, reply] { pageFinished(reply); });
}

void ApiPager::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    if (m_current)
        m_current->cancel();
}

void ApiPager::pageFinished(ApiReply *reply)
{
    m_current = nullptr;
    m_status = reply->status();
    if (m_cancelled || reply->isCancelled()) {
        m_cancelled = true;
        complete(true, ApiError::cancelled());
        return;
    }
    if (!reply->isOk()) {
        complete(true, reply->error());
        return;
    }
    const QJsonValue body = reply->json();
    QJsonArray page;
    QUrl next;
    if (body.isArray()) {
        page = body.toArray();
        m_total = page.size();
    } else if (body.isObject() && body.toObject().value(QLatin1String("results")).isArray()) {
        const QJsonObject envelope = body.toObject();
        page = envelope.value(QLatin1String("results")).toArray();
        m_total = qint64(envelope.value(QLatin1String("count")).toDouble(-1));
        const QString nextLink = envelope.value(QLatin1String("next")).toString();
        if (!nextLink.isEmpty())
            next = m_client->rebase(QUrl(nextLink));
    } else {
        complete(true, Error::detail(ErrorKind::Internal, QStringLiteral("Unexpected list format.")));
        return;
    }
    ++m_pages;
    m_received += page.size();
    if (m_keepItems) {
        for (const QJsonValue &item : std::as_const(page))
            m_items.append(item);
    }
    emit pageReceived(page);
    emit progress(m_received, m_total < 0 ? m_received : m_total);
    // A listener may have cancelled from pageReceived().
    if (m_cancelled) {
        complete(true, ApiError::cancelled());
        return;
    }
    // An empty page with a next link would loop forever on a misbehaving server.
    if (next.isValid() && !page.isEmpty() && (m_limit <= 0 || m_received < m_limit))
        request(next);
    else
        complete(false, Error());
}

void ApiPager::complete(bool failed, const Error &error)
{
    m_finished = true;
    m_failed = failed;
    m_error = error;
    emit finished();
    deleteLater();
}

} // namespace iotile::api
