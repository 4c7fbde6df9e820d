#pragma once

#include <QStringList>

namespace iotile {

// The iotile-server command line: `serve`, `worker`, `migrate`, `createuser`, `settings`, `export`,
// `import`. Returns the exit code.
int runServerCommand(const QStringList &arguments);

} // namespace iotile
