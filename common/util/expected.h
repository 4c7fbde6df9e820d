#pragma once

#include <utility>
#include <variant>

// A small std::expected stand-in (C++23 is not available on g++ 12): a value or an error, never both.
namespace iotile {

template<typename E>
struct Unexpected
{
    E error;
};

template<typename E>
Unexpected<std::decay_t<E>> unexpected(E &&error)
{
    return {std::forward<E>(error)};
}

template<typename T, typename E>
class [[nodiscard]] Expected
{
public:
    Expected(const T &value)
        : m_data(std::in_place_index<0>, value)
    { }
    Expected(T &&value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    template<typename G>
    Expected(Unexpected<G> &&error)
        : m_data(std::in_place_index<1>, std::move(error.error))
    { }
    Expected(const E &error)
        : m_data(std::in_place_index<1>, error)
    { }
    Expected(E &&error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool has_value() const { return m_data.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    E &error() & { return std::get<1>(m_data); }
    const E &error() const & { return std::get<1>(m_data); }
    E &&error() && { return std::get<1>(std::move(m_data)); }

private:
    std::variant<T, E> m_data;
};

struct Ok
{
};

// Expected<void, E>: success carries nothing.
template<typename E>
class [[nodiscard]] Expected<void, E>
{
public:
    Expected() = default;
    Expected(Ok) { }
    template<typename G>
    Expected(Unexpected<G> &&error)
        : m_data(std::in_place_index<1>, std::move(error.error))
    { }
    Expected(const E &error)
        : m_data(std::in_place_index<1>, error)
    { }
    Expected(E &&error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool has_value() const { return m_data.index() == 0; }
    explicit operator bool() const { return has_value(); }
    E &error() & { return std::get<1>(m_data); }
    const E &error() const & { return std::get<1>(m_data); }
    E &&error() && { return std::get<1>(std::move(m_data)); }

private:
    std::variant<std::monostate, E> m_data;
};

} // namespace iotile
