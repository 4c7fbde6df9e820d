#pragma once

namespace iotile {

class ServerContext;

// Registers every controller's routes on the context's router.
void registerRoutes(ServerContext &server);

} // namespace iotile
