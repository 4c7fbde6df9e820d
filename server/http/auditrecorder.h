#pragma once

#include "server/store/auditstore.h"

namespace iotile {

class HttpResponse;
class RequestContext;
class ServerContext;

// Records every successful write (POST, PUT, PATCH, DELETE answered below 400) in the audit log: who,
// what, when and from where, and the org it concerns so org owners can read it. Made by the dispatcher
// before the handler runs (a DELETE's org can only be told while the object still exists), record()ed
// after. Controllers do nothing: one place sees every write. A failure to record is logged, never
// turned into an error for the client.
class AuditRecorder
{
public:
    AuditRecorder(RequestContext &ctx, ServerContext &server);
    // Takes what it needs from the request now: the answer comes after the request is gone (a deferred
    // answer, server/http/deferredanswer.h), and record() is called then, on the same thread.
    void detach();
    void record(const HttpResponse &response);

private:
    void resolveOrg(const QString &text);
    void resolveFromJson(const QByteArray &json, bool response);
    void takeRequest();

    RequestContext *m_ctx; // null once detached
    ServerContext &m_server;
    bool m_active = false;
    AuditEntry m_entry;
};

} // namespace iotile
