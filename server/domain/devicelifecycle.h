#pragma once

#include "common/util/error.h"

#include <QString>

namespace iotile {

class SqlConnection;
struct Device;
struct Project;
struct Variable;

// Claiming a device into a project, moving it, releasing it: the device's org and claim fields, and
// the stream ids of its sensor graph's variables. Runs in the caller's transaction.
class DeviceLifecycle
{
public:
    explicit DeviceLifecycle(SqlConnection &db)
        : m_db(db)
    { }

    Status claim(Device &device, const Project &project, qint64 userId);
    Status unclaim(Device &device, const QString &label, bool cleanStreams);
    // Moves the device and its streams (new slugs under the target project).
    Status move(Device &device, const Project &target);
    // A stream for every variable of the device's sensor graph in the project (project variables are
    // made from the sensor graph's templates where missing). Existing streams are kept.
    Status createStreams(const Device &device, const Project &project, qint64 userId);
    // The stream of one variable for one device, copied from the variable's settings.
    Status ensureStream(const Device &device, const Project &project, const Variable &variable,
                        qint64 userId);

private:
    SqlConnection &m_db;
};

} // namespace iotile
