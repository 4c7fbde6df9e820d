#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace iotile {

// What is wrong with a report; the server maps these to its upload errors, tests assert on them.
enum class ReportErrorKind {
    Empty,
    Truncated,
    BadLength,
    UnsupportedFormat,
    UnknownSignatureFlags,
    NoKey,
    BadKey,
    SignatureMismatch,
    Malformed,
    TooLarge,
    UnsupportedExtension,
    InvalidInput,
};

// Why a report could not be parsed or built: a kind for code and a sentence for people.
struct ReportError
{
    ReportErrorKind kind = ReportErrorKind::Malformed;
    QString message;
};

// A value or the ReportError saying why there is none (no exceptions cross layers).
template<typename T>
class ReportResult
{
public:
    ReportResult(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    ReportResult(ReportError error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool isOk() const { return m_data.index() == 0; }
    explicit operator bool() const { return isOk(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &std::get<0>(m_data); }

    const ReportError &error() const { return std::get<1>(m_data); }
    ReportErrorKind errorKind() const { return error().kind; }
    QString errorString() const { return isOk() ? QString() : error().message; }

private:
    std::variant<T, ReportError> m_data;
};

inline ReportError reportError(ReportErrorKind kind, QString message)
{
    return {kind, std::move(message)};
}

} // namespace iotile
