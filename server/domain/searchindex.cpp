#include "server/domain/searchindex.h"

namespace iotile {

Status SearchIndex::refresh(SqlConnection &, const QString &)
{
    // Filled in with the search feature; callers may already report changes.
    return Ok{};
}

} // namespace iotile
