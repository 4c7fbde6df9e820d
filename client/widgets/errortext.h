#pragma once

#include "common/util/error.h"

#include <QCoreApplication>
#include <QString>

namespace iotile {

// What to tell a person about an Error: the server's own words when it sent some, else a sentence for
// the kind of failure.
class ErrorText final
{
    Q_DECLARE_TR_FUNCTIONS(iotile::ErrorText)
public:
    static QString describe(const Error &error);
};

} // namespace iotile
