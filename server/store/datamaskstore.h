#pragma once

#include "common/util/error.h"

#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// The data mask window of a device or data block (by slug).
struct DataMask
{
    std::optional<qint64> start;
    std::optional<qint64> end;
};

class DataMaskStore
{
public:
    explicit DataMaskStore(SqlConnection &connection)
        : m_db(connection)
    { }
    Result<std::optional<DataMask>> of(const QString &target);
    Status set(const QString &target, const DataMask &mask, qint64 userId);
    Status clear(const QString &target);

private:
    SqlConnection &m_db;
};

} // namespace iotile
