#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QPair>
#include <QString>

class QIODevice;

namespace iotile {

struct BlockingHttpReply
{
    int status = 0; // 0: no HTTP answer at all (refused, timed out, TLS failure): see networkError
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString networkError;

    QByteArray header(const QByteArray &name) const;
};

// One HTTP exchange that blocks the calling thread, from any thread: HTTP threads and workers have no
// event loop to lend. Each thread gets a QNetworkAccessManager of its own (kept, so connections are
// reused, and deleted when the thread ends); the wait runs a local event loop that leaves the thread's
// sockets alone, so the caller's own connections are not served re-entrantly meanwhile.
class BlockingHttp final
{
public:
    // GET, HEAD, PUT, POST and DELETE. The body comes from `device` when it is given (open, read from
    // its current position; it must stay valid until this returns), else from `body`.
    static BlockingHttpReply send(QNetworkRequest request, const QByteArray &method, const QByteArray &body,
                                  QIODevice *device, int timeoutMs);
};

} // namespace iotile
