#pragma once

#include <QStringView>

#include <optional>

namespace iotile {

// The multiplication_factor / division_factor / offset columns of a stream or variable as stored; a
// stream may leave any of them null.
struct MdoFactors
{
    std::optional<qint64> m;
    std::optional<qint64> d;
    std::optional<double> o;
};

// A multiply / divide / offset conversion, value' = o + value * m / d (the original's MdoHelper): units to
// the stored unit on ingest, stored to output units on display, and back for filter thresholds.
class Mdo final
{
public:
    // The identity: m = d = 1, no offset.
    constexpr Mdo() = default;
    // nullopt when m or d is 0, where the original's MdoHelper asserts.
    static std::optional<Mdo> create(qint64 m, qint64 d, std::optional<double> o = std::nullopt);

    // get_stream_mdo(): mdo_type "V" takes the variable's factors, "S" the stream's (a null m or d counts
    // as 1), anything else is the identity. nullopt when the chosen factors are unusable (zero, or null
    // for a variable), where the original fails.
    static std::optional<Mdo> forStream(QStringView mdoType, const MdoFactors &variable,
                                        const MdoFactors &stream);

    qint64 m() const { return m_m; }
    qint64 d() const { return m_d; }
    std::optional<double> o() const { return m_o; }
    bool isIdentity() const;

    // Float input, Python's float arithmetic: (value * m) / d, then the offset when it is non-null and
    // non-zero.
    double compute(double value) const;
    // Integer input (what a raw value cast gives): the product is exact before the division, as with
    // Python's ints, so large factors do not lose bits early.
    double computeInteger(qint64 value) const;
    // compute_reverse(): (value - o) * d / m, e.g. a filter threshold typed in output units back to the
    // stored unit.
    double computeReverse(double value) const;

    friend bool operator==(const Mdo &, const Mdo &) = default;

private:
    constexpr Mdo(qint64 m, qint64 d, std::optional<double> o)
        : m_m(m)
        , m_d(d)
        , m_o(o)
    { }
    double withOffset(double product) const;

    qint64 m_m = 1;
    qint64 m_d = 1;
    std::optional<double> m_o;
};

} // namespace iotile
