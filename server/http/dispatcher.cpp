#include "server/http/dispatcher.h"

#include "server/app/servercontext.h"
#include "server/http/auditrecorder.h"
#include "server/http/authenticator.h"
#include "server/http/deferredanswer.h"
#include "server/http/errormapping.h"
#include "server/http/ratelimiter.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/observability/metrics.h"
#include "server/observability/metricsendpoint.h"
#include "server/store/database.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QLoggingCategory>

#include <exception>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace iotile {

HttpResponse Dispatcher::handle(RequestContext &ctx)
{
    AuditRecorder audit(ctx, m_server); // the audit log of writes (server/http/auditrecorder.h)
    // Operations (issue 8): /metrics bypasses routing and limits; every other request is timed and counted.
    const bool scrape = MetricsEndpoint::matches(ctx);
    QElapsedTimer timer;
    timer.start();
    m_route = nullptr;
    // --- end operations
    HttpResponse response;
    try {
        response = scrape ? MetricsEndpoint::answer(ctx) : dispatch(ctx); // issue 8: /metrics
    } catch (const std::exception &e) {
        response = errorResponse(Error::internal(
            QStringLiteral("exception in %1: %2").arg(ctx.path(), QString::fromUtf8(e.what()))));
    } catch (...) {
        response = errorResponse(Error::internal(QStringLiteral("unknown exception in %1").arg(ctx.path())));
    }
    if (const auto &deferred = response.deferredAnswer()) {
        // Answered later on this thread (server/http/deferredanswer.h): the audit and the metrics then.
        closeTransactions(m_server, ctx.path());
        audit.detach();
        const Route *route = scrape ? nullptr : m_route;
        const HttpMethod method = ctx.method();
        const QString path = ctx.path();
        deferred->addStep(
            [&server = m_server, audit, route, method, path, timer](const HttpResponse &answer) mutable {
                closeTransactions(server, path);
                audit.record(answer);
                if (route)
                    server.metrics().observeRequest(route, method, answer.status(), timer.nsecsElapsed());
            });
        return response;
    }
    closeTransactions(m_server, ctx.path());
    audit.record(response);
    if (!scrape) // operations (issue 8)
        m_server.metrics().observeRequest(m_route, ctx.method(), response.status(), timer.nsecsElapsed());
    return response;
}

// A handler that returned early inside a transaction must not leak it into the next request, and no
// statement keeps a read snapshot open between requests.
void Dispatcher::closeTransactions(ServerContext &server, const QString &path)
{
    for (Database *database : {&server.db(), &server.dataDb()}) {
        auto db = database->connection();
        if (!db)
            continue;
        if ((*db)->inTransaction()) {
            qCWarning(lcHttp) << "rolling back a transaction left open by" << path;
            (void)(*db)->rollback();
        }
        (*db)->finishAll();
    }
}

HttpResponse Dispatcher::dispatch(RequestContext &ctx)
{
    // Operations (issue 8): rate limits per credential and address, before any database work.
    if (auto throttled = m_server.rateLimiter().check(ctx))
        return std::move(*throttled);
    const QByteArray authorization = ctx.header("authorization");
    if (!authorization.isEmpty()) {
        auto db = ctx.db();
        if (!db)
            return errorResponse(db.error());
        auto caller = m_server.auth().authenticate(authorization, **db);
        if (!caller)
            return errorResponse(caller.error());
        ctx.setCaller(caller->user, caller->scheme);
    }

    const Router &router = m_server.router();
    Router::Match match = router.match(ctx.method(), ctx.path());
    m_route = match.route; // operations (issue 8)
    if (!match.route) {
        if (match.allowed) {
            if (ctx.method() == Options) {
                HttpResponse r = HttpResponse::json(QJsonObject {});
                r.addHeader("Allow", Router::allowHeader(match.allowed));
                return r;
            }
            HttpResponse r =
                errorResponse(Error::detail(ErrorKind::MethodNotAllowed,
                                            QStringLiteral("Method \"%1\" not allowed.")
                                                .arg(QString::fromLatin1(methodName(ctx.method())))));
            r.addHeader("Allow", Router::allowHeader(match.allowed));
            return r;
        }
        // Django's APPEND_SLASH: a GET without the trailing slash is redirected when the slashed path exists.
        if (!ctx.path().endsWith(QLatin1Char('/')) && (ctx.method() == Get || ctx.method() == Head)) {
            const QString slashed = ctx.path() + QLatin1Char('/');
            if (router.match(Get, slashed).route) {
                QString location = slashed;
                const QString query = ctx.request().url().query(QUrl::FullyEncoded);
                if (!query.isEmpty())
                    location += QLatin1Char('?') + query;
                HttpResponse r(301, {}, {});
                r.addHeader("Location", location.toUtf8());
                return r;
            }
        }
        return errorResponse(Error::notFound());
    }
    ctx.setCaptures(std::move(match.captures));
    if (match.route->access == Auth::Required && !ctx.isAuthenticated())
        return errorResponse(Error::unauthorized());
    Result<HttpResponse> result = match.route->handler(ctx);
    if (!result)
        return errorResponse(result.error());
    return std::move(*result);
}

} // namespace iotile
