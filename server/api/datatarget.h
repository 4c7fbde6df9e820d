#pragma once

#include "common/util/error.h"
#include "server/domain/roles.h"
#include "server/ingest/resolvedstream.h"
#include "server/store/streamdatastore.h"

#include <QHash>
#include <QString>

#include <memory>
#include <optional>

namespace iotile {

class Access;
class RequestContext;
class SqlConnection;

// What a data read is about, from the original's ?filter=<slug> (or a stream in the URL): the stream
// keys to read, their slugs, the mask window of the device, and the single stream's settings.
struct DataTarget
{
    bool empty = true; // nothing readable: the original answers an empty page, not an error
    DataSelector selector;
    QHash<qint64, QString> slugs; // stream key -> stream slug
    std::shared_ptr<const ResolvedStream> stream; // set for single-stream targets
    QString maskTarget; // device or block slug whose data mask applies
    std::optional<qint64> maskStart, maskEnd;

    // Resolves ?filter=: s--, d--, b--, v-- and a-- slugs; missing, unknown or unreadable -> empty;
    // a malformed stream slug -> 400. `permission` is checked on the owning org.
    static Result<DataTarget> fromFilter(RequestContext &ctx, SqlConnection &mainDb, SqlConnection &dataDb,
                                         Access &access, const QString &filter, Permission permission);
    // A single stream by its slug (the stream/<slug>/... routes): 404/403 as the stream routes do.
    static Result<DataTarget> fromStream(RequestContext &ctx, SqlConnection &mainDb, SqlConnection &dataDb,
                                         Access &access, const QString &slug);
    // Narrows the selector to [start, end) of the device's data mask.
    Status applyMask(SqlConnection &mainDb);

private:
    // a--: the slices of a stream alias's taps (selector.slices).
    static Result<DataTarget> fromAlias(SqlConnection &mainDb, SqlConnection &dataDb, Access &access,
                                        const QString &filter, Permission permission);
};

} // namespace iotile
