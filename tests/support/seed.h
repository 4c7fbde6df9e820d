#pragma once

#include "server/domain/account.h"
#include "server/domain/device.h"
#include "server/domain/org.h"
#include "server/domain/project.h"
#include "server/domain/sensorgraph.h"
#include "server/domain/stream.h"
#include "server/domain/variable.h"
#include "server/domain/vartype.h"

#include <QString>

namespace iotile {
class SqlConnection;
} // namespace iotile

namespace iotile::test {

class TestServer;

// Test data made directly through the stores (fast, and independent of the API under test). Every call
// aborts the test program on failure: seeding is not what a test checks.
class Seed
{
public:
    explicit Seed(TestServer &server);

    Org org(const QString &name, const Account &owner, bool vendor = false);
    Membership member(const Org &org, const Account &user, const QString &role, bool active = true);
    Project project(const Org &org, const QString &name, const Account &creator);
    // A var type with one input unit (m/d) and one output unit (m/d, decimal places).
    VarType varType(const QString &name, qint64 inM = 1, qint64 inD = 1, qint64 outM = 1, qint64 outD = 1);
    // A sensor graph with variable templates for the given local ids (hex, e.g. "5001").
    SensorGraph sensorGraph(const QString &name, const QStringList &lids, const VarType *type = nullptr);
    Device device(qint64 id, const SensorGraph *sg = nullptr, const QString &label = {});
    // Claims the device into the project the way the API does (streams from the sensor graph).
    Device claim(Device device, const Project &project, const Account &by);
    Variable variable(const Project &project, int lid, const QString &name, const VarType *type = nullptr);
    Stream stream(const Device &device, const Project &project, const Variable &variable);

    SqlConnection &db();

private:
    TestServer &m_server;
};

} // namespace iotile::test
