#include "server/worker/jobaction.h"

#include <algorithm>
#include <cmath>

namespace iotile {

namespace {

bool hasType(const QJsonValue &value, ArgType type)
{
    switch (type) {
    case ArgType::String:
        return value.isString();
    case ArgType::Integer:
        return value.isDouble() && std::trunc(value.toDouble()) == value.toDouble();
    case ArgType::Number:
        return value.isDouble();
    case ArgType::Bool:
        return value.isBool();
    case ArgType::Object:
        return value.isObject();
    case ArgType::Array:
        return value.isArray();
    case ArgType::Any:
        return true;
    }
    return false;
}

const char *typeName(ArgType type)
{
    switch (type) {
    case ArgType::String:
        return "a string";
    case ArgType::Integer:
        return "an integer";
    case ArgType::Number:
        return "a number";
    case ArgType::Bool:
        return "a boolean";
    case ArgType::Object:
        return "an object";
    case ArgType::Array:
        return "a list";
    case ArgType::Any:
        break;
    }
    return "a value";
}

} // namespace

Status JobAction::validate(const QJsonObject &args) const
{
    const QList<ArgumentSpec> specs = arguments();
    for (const ArgumentSpec &spec : specs) {
        if (spec.required && !args.contains(spec.name))
            return hardError(QStringLiteral("%1 required for %2.").arg(spec.name, name()));
    }
    for (auto it = args.begin(); it != args.end(); ++it) {
        const auto spec = std::find_if(specs.begin(), specs.end(),
                                       [&](const ArgumentSpec &s) { return s.name == it.key(); });
        if (spec == specs.end())
            return hardError(QStringLiteral("Illegal argument (%1) for %2").arg(it.key(), name()));
        if (!hasType(it.value(), spec->type))
            return hardError(QStringLiteral("%1 must be %2 for %3.")
                                 .arg(it.key(), QLatin1String(typeName(spec->type)), name()));
    }
    return Ok {};
}

Error JobAction::softError(const QString &message)
{
    return Error::detail(ErrorKind::Unavailable, message);
}

Error JobAction::hardError(const QString &message)
{
    return Error::badRequest(message);
}

bool JobAction::isRetryable(const Error &error)
{
    switch (error.kind()) {
    case ErrorKind::Unavailable:
    case ErrorKind::Internal:
    case ErrorKind::Conflict:
    case ErrorKind::TooManyRequests:
        return true;
    default:
        return false;
    }
}

} // namespace iotile
