#pragma once

#include <QStringList>

namespace iotile {

// The iotile-server command line: `serve`, `migrate`, `createuser`, `config`. Returns the exit code.
int runServerCommand(const QStringList &arguments);

} // namespace iotile
