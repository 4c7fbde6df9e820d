#include "server/domain/datapurge.h"

#include "server/blob/blobstore.h"
#include "server/store/database.h"
#include "server/store/streameventstore.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcWorker)

namespace iotile {

Result<DataPurge::Counts> DataPurge::remove(const std::vector<DataSelector> &selectors)
{
    Counts counts;
    QStringList files;
    {
        Transaction tx(m_db);
        IOTILE_CHECK(tx.started());
        StreamDataStore data(m_db);
        StreamEventStore events(m_db);
        for (const DataSelector &s : selectors) {
            IOTILE_TRY(points, data.remove(s));
            IOTILE_TRY(removed, events.remove(s, &files));
            counts.data += points;
            counts.events += removed;
        }
        IOTILE_CHECK(tx.commit());
    }
    // Files go only once their rows are gone: a failed commit leaves both in place.
    for (const QString &key : files)
        if (Status s = m_blobs.remove(key); !s)
            qCWarning(lcWorker).noquote() << "event file" << key << "left behind:" << s.error().message();
    return counts;
}

Result<DataPurge::Counts> DataPurge::count(const std::vector<DataSelector> &selectors)
{
    Counts counts;
    StreamDataStore data(m_db);
    StreamEventStore events(m_db);
    for (const DataSelector &s : selectors) {
        IOTILE_TRY(points, data.count(s, std::nullopt));
        IOTILE_TRY(n, events.count(s, std::nullopt, true));
        counts.data += points;
        counts.events += n;
    }
    return counts;
}

} // namespace iotile
