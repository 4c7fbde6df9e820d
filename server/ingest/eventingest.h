#pragma once

#include "common/util/error.h"
#include "server/ingest/resolvedstream.h"
#include "server/store/streameventstore.h"

#include <QHash>
#include <QStringList>

#include <memory>
#include <vector>

namespace iotile {

class Access;
class ServerContext;
class SqlConnection;

// Writes stream events (the original's StreamEventDataBuilderHelper and the event views' saves): who may
// write to a stream, and events with their JSON or file blobs stored all or nothing. Blobs are written
// first, then every row in one transaction of the data database; when anything fails the blobs written
// are removed again, so no row points at a missing blob and no blob is left without its row.
class EventIngest
{
public:
    EventIngest(ServerContext &server, Access &access)
        : m_server(server)
        , m_access(access)
    { }

    // The original's rule for writing events: a device stream needs the device (404 otherwise; block
    // streams cannot be written) and can_create_stream_data on its org; a virtual stream the project and
    // the permission there; project 0 with device 0 is refused. A disabled stream id refuses too.
    Result<std::shared_ptr<const ResolvedStream>> writable(SqlConnection &mainDb, const StreamSlug &slug);

    // An event to store and, when blob is not empty, the file that goes with it.
    struct Pending
    {
        StreamEvent event; // stream (slug text) set; the stream key is looked up here
        QByteArray blob;
        QByteArray contentType;
    };
    // Stores new events (uuid, file key and creation time filled in) and returns them with their ids.
    Result<std::vector<StreamEvent>> insert(std::vector<Pending> pending);
    // Saves an existing event; a non-empty blob replaces its file (new key), the old file is removed once
    // the row no longer points at it.
    Result<StreamEvent> update(Pending pending);
    // Deletes the row, then its file.
    Status remove(const StreamEvent &event);

    // "events/YYYY/MM/DD/<uuid>.<ext>" for a file stored now (the original's v2 layout with its own root).
    static QString newBlobKey(const QString &uuid, const QString &ext);
    static QByteArray contentTypeOf(const QString &ext);

private:
    Result<QStringList> writeBlobs(std::vector<Pending> &pending);
    void removeBlobs(const QStringList &keys);

    ServerContext &m_server;
    Access &m_access;
    QHash<QString, std::shared_ptr<const ResolvedStream>> m_writable;
};

} // namespace iotile
