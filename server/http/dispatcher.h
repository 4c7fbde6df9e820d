#pragma once

#include "server/http/httpresponse.h"

namespace iotile {

class RequestContext;
class ServerContext;

// Runs one request through authentication, routing (404/405/APPEND_SLASH), the handler and the error
// mapping. Never throws and never leaves a transaction open.
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
    ServerContext &m_server;
};

} // namespace iotile
