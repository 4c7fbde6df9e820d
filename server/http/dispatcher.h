#pragma once

#include "server/http/httpresponse.h"

#include <QString>

namespace iotile {

class RequestContext;
struct Route; // operations (issue 8)
class ServerContext;

// Runs one request through authentication, routing (404/405/APPEND_SLASH), the handler and the error
// mapping. Never throws and never leaves a transaction open. A deferred answer (a bulk data post) is
// audited and counted when it is made.
class Dispatcher
{
public:
    explicit Dispatcher(ServerContext &server)
        : m_server(server)
    { }
    HttpResponse handle(RequestContext &ctx);
    ServerContext &server() const { return m_server; }

private:
    HttpResponse dispatch(RequestContext &ctx);
    static void closeTransactions(ServerContext &server, const QString &path);
    ServerContext &m_server;
    const Route *m_route = nullptr; // operations (issue 8): the matched route, for metrics
};

} // namespace iotile
