#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Job;

// The job queue for staff (/api/v1/worker/: jobs, their logs and errors, retry of dead letters,
// statistics; the original kept this in DynamoDB worker logs and staff pages) and the original's
// POST /api/v1/pid/ for callers who queued a job.
class WorkerController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject jobJson(const Job &job, bool withLog);
};

} // namespace iotile
