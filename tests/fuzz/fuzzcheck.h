#pragma once

// Shared by the libFuzzer targets: an invariant check that libFuzzer reports as a crash, and fixed keys.

#include "common/reports/reportkeyprovider.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__);          \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace iotile::fuzz {

// The root keys of testdata/reports (user: zeros, device: 00 01 .. 1f), so seeds decrypt.
inline QByteArray rootKey(SignatureFlags flags)
{
    QByteArray key(32, '\0');
    if (flags == SignatureFlags::DeviceKey) {
        for (int i = 0; i < key.size(); ++i)
            key[i] = char(i);
    }
    return key;
}

// Device 0x1234 (the testdata device) has keys; any other device has none (the "no key" path).
inline ReportKeyProvider keys()
{
    return [](quint64 deviceId, SignatureFlags flags) -> std::optional<QByteArray> {
        if (deviceId != 0x1234)
            return std::nullopt;
        return rootKey(flags);
    };
}

inline QByteArrayView view(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace iotile::fuzz
