#pragma once

#include "common/util/error.h"

#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QUrl>

namespace iotile::api {

class ApiClient;
class ApiReply;

// Fetches a whole paginated list by following its "next" links, one page at a time, with progress and
// cancellation. Deleted by the client after finished() has been delivered.
class ApiPager final : public QObject
{
    Q_OBJECT
public:
    // Off for large lists that are consumed page by page (pageReceived) instead of kept in items().
    void setKeepItems(bool keep) { m_keepItems = keep; }
    // Stop after this many items (0: no limit); the last page may go past it.
    void setLimit(qint64 limit) { m_limit = limit; }

    bool isFinished() const { return m_finished; }
    bool isOk() const { return m_finished && !m_failed; }
    bool isCancelled() const;
    const Error &error() const { return m_error; }
    int status() const { return m_status; }
    const QJsonArray &items() const { return m_items; }
    qint64 received() const { return m_received; }
    // The server's "count" (-1 until the first page arrived).
    qint64 total() const { return m_total; }
    int pages() const { return m_pages; }

    void cancel();

signals:
    void pageReceived(const QJsonArray &items);
    void progress(qint64 received, qint64 total);
    void finished();

private:
    friend class ApiClient;
    ApiPager(ApiClient *client, QUrl first);
    void start();
    void request(const QUrl &url);
    void pageFinished(ApiReply *reply);
    void complete(bool failed, const Error &error);

    ApiClient *m_client;
    QUrl m_first;
    QPointer<ApiReply> m_current;
    bool m_keepItems = true;
    qint64 m_limit = 0;
    bool m_finished = false;
    bool m_failed = false;
    bool m_cancelled = false;
    int m_status = 0;
    Error m_error;
    QJsonArray m_items;
    qint64 m_received = 0;
    qint64 m_total = -1;
    int m_pages = 0;
};

} // namespace iotile::api
