#pragma once

#include "server/http/httpresponse.h"

namespace iotile {

class RequestContext;
class ServerContext;

// GET /metrics: the process's counters (Metrics) plus gauges read at scrape time: the job queue (from the
// jobs table, so every instance reports the shared queue), database connections, process memory, CPU
// and uptime. Without metrics_token only direct loopback clients may scrape; with it, anyone sending
// "Authorization: Bearer <token>".
class MetricsEndpoint
{
public:
    static bool matches(const RequestContext &ctx);
    static HttpResponse answer(RequestContext &ctx);
};

} // namespace iotile
