#pragma once

#include "common/util/error.h"
#include "server/store/streamdatastore.h"

#include <vector>

namespace iotile {

class BlobStore;
class SqlConnection;

// Deletes stream data and events together: the points (with their rollups rebuilt), the events, and
// after the commit the files of the deleted events. What reset, trim, retention, block deletes and the
// data delete endpoint share.
class DataPurge
{
public:
    struct Counts
    {
        qint64 data = 0;
        qint64 events = 0;
    };

    DataPurge(SqlConnection &dataDb, BlobStore &blobs)
        : m_db(dataDb)
        , m_blobs(blobs)
    { }

    // Every selector in one transaction of the data database.
    Result<Counts> remove(const std::vector<DataSelector> &selectors);
    // How many points and events the selectors cover (nothing deleted).
    Result<Counts> count(const std::vector<DataSelector> &selectors);

private:
    SqlConnection &m_db;
    BlobStore &m_blobs;
};

} // namespace iotile
