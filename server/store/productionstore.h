#pragma once

#include "common/util/error.h"

#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Catalog lookups of the manufacturing API (production/device/) that no catalog store offers yet.
class ProductionStore
{
public:
    explicit ProductionStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Result<std::optional<qint64>> deviceTemplateId(const QString &slug);

private:
    SqlConnection &m_db;
};

} // namespace iotile
