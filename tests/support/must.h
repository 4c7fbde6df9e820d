#pragma once

#include "common/util/error.h"

#include <QtGlobal>

// Test and bench set-up that must not fail: a failure aborts with its message (it is not what is measured).
namespace iotile::test {

template<typename T>
T must(Result<T> r, const char *what)
{
    if (!r)
        qFatal("%s failed: %s", what, qPrintable(r.error().message()));
    return std::move(*r);
}

inline void must(Status s, const char *what)
{
    if (!s)
        qFatal("%s failed: %s", what, qPrintable(s.error().message()));
}

} // namespace iotile::test
