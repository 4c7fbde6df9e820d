#include "server/store/productionstore.h"

#include "server/store/database.h"

namespace iotile {

Result<std::optional<qint64>> ProductionStore::deviceTemplateId(const QString &slug)
{
    SqlQuery q = m_db.query("SELECT id FROM device_templates WHERE slug = ?");
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.int64(0));
}

} // namespace iotile
