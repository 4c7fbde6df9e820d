#include "server/store/datamaskstore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

namespace iotile {

Result<std::optional<DataMask>> DataMaskStore::of(const QString &target)
{
    SqlQuery q = m_db.query("SELECT start_ts, end_ts FROM data_masks WHERE target = ?");
    q.bind(target);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DataMask>();
    return std::optional<DataMask>(DataMask {q.optionalInt64(0), q.optionalInt64(1)});
}

Status DataMaskStore::set(const QString &target, const DataMask &mask, qint64 userId)
{
    SqlQuery q = m_db.query(
        "INSERT INTO data_masks (target, start_ts, end_ts, updated_on, updated_by) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (target) DO UPDATE SET start_ts = excluded.start_ts, end_ts = excluded.end_ts, "
        "updated_on = excluded.updated_on, updated_by = excluded.updated_by");
    q.bind(target).bindOptional(mask.start).bindOptional(mask.end).bind(isotime::now()).bind(userId);
    return q.exec();
}

Status DataMaskStore::clear(const QString &target)
{
    SqlQuery q = m_db.query("DELETE FROM data_masks WHERE target = ?");
    q.bind(target);
    return q.exec();
}

} // namespace iotile
