#pragma once

#include "common/reports/report.h"

#include <QByteArray>

#include <functional>
#include <optional>

namespace iotile {

// Looks up the 32-byte root key (user or device key) of a device for a signature kind; std::nullopt
// when no key is registered. The server backs it with its key store, tests with fixed keys.
using ReportKeyProvider = std::function<std::optional<QByteArray>(quint64 deviceId, SignatureFlags flags)>;

// Whether a bad or uncheckable signature rejects the report (ingest) or is only reported in
// Report::verified (inspection tools; encrypted readings then stay hidden, as in CoreTools).
enum class SignaturePolicy {
    Enforce,
    Lenient,
};

} // namespace iotile
