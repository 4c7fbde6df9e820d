#include "server/worker/webhookaction.h"

#include "server/blob/blockinghttp.h"
#include "server/domain/filternotice.h"
#include "server/http/httpresponse.h"
#include "server/store/database.h"
#include "server/store/filterstore.h"
#include "server/worker/jobcontext.h"

#include <QMessageAuthenticationCode>
#include <QUrl>

namespace iotile {

QList<ArgumentSpec> FilterWebhookAction::arguments() const
{
    return {{QStringLiteral("firing"), ArgType::Object, true}};
}

QByteArray FilterWebhookAction::signature(const QByteArray &secret, const QByteArray &body)
{
    return "sha256=" + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

Status FilterWebhookAction::execute(JobContext &context)
{
    const QJsonObject firing = context.args().value(QStringLiteral("firing")).toObject();
    const QJsonObject extra = firing.value(QStringLiteral("extra")).toObject();
    const bool slack = firing.value(QStringLiteral("type")).toString() == QLatin1String("slk");
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(filter, FilterStore(*db).bySlug(firing.value(QStringLiteral("filter")).toString()));
    if (!filter)
        return hardError(QStringLiteral("the filter %1 no longer exists")
                             .arg(firing.value(QStringLiteral("filter")).toString()));
    IOTILE_TRY(words, FilterNotice::context(*db, context.server(), firing));

    QJsonObject payload;
    if (slack) {
        const QString note = extra.value(QStringLiteral("custom_note")).toString();
        payload.insert(QStringLiteral("text"), FilterNotice::defaultText(words, note).trimmed());
    } else {
        for (const char *key :
             {"filter", "filter_name", "state", "on", "src", "dst", "transition", "stream", "timestamp",
              "value", "int_value", "streamer_local_id", "event_id", "point_id"}) {
            const QJsonValue v = firing.value(QLatin1String(key));
            if (!v.isUndefined())
                payload.insert(QLatin1String(key), v);
        }
        payload.insert(QStringLiteral("display_value"), words.value(QStringLiteral("value")));
        payload.insert(QStringLiteral("device"), words.value(QStringLiteral("device")));
        payload.insert(QStringLiteral("project"), words.value(QStringLiteral("project")));
        payload.insert(QStringLiteral("delivery"), double(context.jobId()));
        const QString note = extra.value(QStringLiteral("custom_note")).toString();
        if (!note.isEmpty())
            payload.insert(QStringLiteral("custom_note"), FilterNotice::render(note, words));
    }
    const QByteArray body = toJsonText(payload);
    const QUrl url(extra.value(slack ? QStringLiteral("slack_webhook") : QStringLiteral("url")).toString());
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return hardError(QStringLiteral("bad webhook URL"));

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("iotile-cloud-qt webhook"));
    request.setRawHeader("X-IOTile-Signature", signature(filter->secret.toUtf8(), body));
    request.setRawHeader("X-IOTile-Event",
                         "filter." + firing.value(QStringLiteral("on")).toString().toLatin1());
    request.setRawHeader("X-IOTile-Delivery", QByteArray::number(context.jobId()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    const BlockingHttpReply reply = BlockingHttp::send(request, "POST", body, nullptr, 15000);
    if (reply.status >= 200 && reply.status < 300) {
        context.log(QStringLiteral("delivered to %1: %2").arg(url.host()).arg(reply.status));
        return Ok {};
    }
    const QString what = reply.status ? QStringLiteral("HTTP %1").arg(reply.status) : reply.networkError;
    if (reply.status == 0 || reply.status >= 500 || reply.status == 408 || reply.status == 429)
        return softError(QStringLiteral("webhook %1 failed: %2").arg(url.host(), what));
    return hardError(QStringLiteral("webhook %1 refused: %2").arg(url.host(), what));
}

} // namespace iotile
