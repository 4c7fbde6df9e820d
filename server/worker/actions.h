#pragma once

namespace iotile {

class JobRegistry;
class Scheduler;
struct ServerConfig;

// Every action the server runs; each feature adds its line in actions.cpp.
void registerActions(JobRegistry &registry);
// Every periodic action; each feature adds its line in actions.cpp.
void registerSchedules(Scheduler &scheduler, const ServerConfig &config);

} // namespace iotile
