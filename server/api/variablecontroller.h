#pragma once

#include "common/util/error.h"

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
class UnitJson;
struct Variable;

// /api/v1/variable/: project variables (the original's StreamVariable).
class VariableController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static Result<QJsonObject> variableJson(const Variable &variable, UnitJson &units,
                                            const QString &derivedSlug);
};

} // namespace iotile
