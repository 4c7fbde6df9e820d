#pragma once

#include "common/util/error.h"
#include "server/ingest/resolvedstream.h"

#include <QHash>
#include <QMutex>

#include <memory>

namespace iotile {

class SqlConnection;

// Resolves stream slugs for the data plane with a short-lived cache shared by the HTTP threads of one
// server: a bulk post or a busy lastn endpoint resolves the same few streams over and over. Writes to
// streams, variables, devices or units call invalidate().
class StreamResolver
{
public:
    Result<std::shared_ptr<const ResolvedStream>> resolve(SqlConnection &mainDb, const StreamSlug &slug);
    void invalidate();

private:
    Result<std::shared_ptr<const ResolvedStream>> load(SqlConnection &mainDb, const StreamSlug &slug);

    struct Entry
    {
        std::shared_ptr<const ResolvedStream> stream;
        qint64 expires = 0;
        quint64 generation = 0;
    };
    QMutex m_mutex;
    QHash<QString, Entry> m_cache;
    quint64 m_generation = 0;
};

} // namespace iotile
