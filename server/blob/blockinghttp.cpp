#include "server/blob/blockinghttp.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThreadStorage>

#include <memory>

namespace iotile {

namespace {

QNetworkAccessManager &threadManager()
{
    // QThreadStorage deletes each thread's manager when that thread finishes (the main thread's when
    // QCoreApplication goes), on the thread that owns it.
    static QThreadStorage<QNetworkAccessManager *> managers;
    if (!managers.hasLocalData()) {
        auto *manager = new QNetworkAccessManager;
        manager->setAutoDeleteReplies(false);
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        managers.setLocalData(manager);
    }
    return *managers.localData();
}

} // namespace

QByteArray BlockingHttpReply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

BlockingHttpReply BlockingHttp::send(QNetworkRequest request, const QByteArray &method,
                                     const QByteArray &body, QIODevice *device, int timeoutMs)
{
    QNetworkAccessManager &manager = threadManager();
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *raw = nullptr;
    // HEAD and DELETE through their own calls: as custom verbs Qt would wait for a body after HEAD.
    if (method == "GET")
        raw = manager.get(request);
    else if (method == "HEAD")
        raw = manager.head(request);
    else if (method == "DELETE")
        raw = manager.deleteResource(request);
    else if (method == "PUT")
        raw = device ? manager.put(request, device) : manager.put(request, body);
    else if (method == "POST")
        raw = device ? manager.post(request, device) : manager.post(request, body);
    else
        raw = device ? manager.sendCustomRequest(request, method, device)
                     : manager.sendCustomRequest(request, method, body);
    std::unique_ptr<QNetworkReply> reply(raw);
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        // The transfer runs on the manager's own thread; this thread only needs its posted events
        // and timers. Leaving socket notifiers out keeps the caller's HTTP server from serving a new
        // request inside this wait.
        if (!reply->isFinished())
            loop.exec(QEventLoop::ExcludeUserInputEvents | QEventLoop::ExcludeSocketNotifiers);
    }
    BlockingHttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen()) // an aborted (timed out) reply is closed
        out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    if (out.status == 0)
        out.networkError = reply->error() == QNetworkReply::OperationCanceledError
            ? QStringLiteral("no progress for %1 ms").arg(timeoutMs)
            : reply->errorString();
    return out;
}

} // namespace iotile
