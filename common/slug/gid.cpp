#include "common/slug/gid.h"

#include <QList>

#include <array>
#include <type_traits>

namespace iotile::gid {

namespace {

// Lower-case hex digit values; 0x80 marks everything else.
constexpr std::array<unsigned char, 128> makeHexTable()
{
    std::array<unsigned char, 128> table {};
    for (auto &entry : table)
        entry = 0x80;
    for (int i = 0; i < 10; ++i)
        table['0' + i] = static_cast<unsigned char>(i);
    for (int i = 0; i < 6; ++i)
        table['a' + i] = static_cast<unsigned char>(10 + i);
    return table;
}

constexpr std::array<unsigned char, 128> kHex = makeHexTable();
constexpr char kDigits[] = "0123456789abcdef";

// Longest canonical slug: prefix + 4 parts of 4 groups; enough room for any compose() call we make.
constexpr qsizetype kMaxComposed = 128;

qsizetype composedLength(std::initializer_list<Part> parts)
{
    qsizetype length = 1;
    for (const Part &part : parts)
        length += 2 + (part.groups > 0 ? 5 * part.groups - 1 : 0);
    return length;
}

char *writeGroups(char *out, quint64 value, int groups)
{
    for (int g = groups - 1; g >= 0; --g) {
        const auto group = static_cast<unsigned>((value >> (16 * g)) & 0xffffu);
        out[0] = kDigits[group >> 12];
        out[1] = kDigits[(group >> 8) & 0xf];
        out[2] = kDigits[(group >> 4) & 0xf];
        out[3] = kDigits[group & 0xf];
        out += 4;
        if (g > 0)
            *out++ = '-';
    }
    return out;
}

// Writes the composed slug into buffer (which must hold composedLength() chars); returns the length or
// -1 when the parts do not fit (more parts or groups than any slug has).
qsizetype writeComposed(char *buffer, char prefix, std::initializer_list<Part> parts)
{
    const qsizetype length = composedLength(parts);
    if (length > kMaxComposed)
        return -1;
    char *out = buffer;
    *out++ = prefix;
    for (const Part &part : parts) {
        *out++ = '-';
        *out++ = '-';
        out = writeGroups(out, part.value, qBound(0, part.groups, 4));
    }
    return out - buffer;
}

template<typename Ch>
inline unsigned codeUnit(Ch c)
{
    return static_cast<std::make_unsigned_t<Ch>>(c);
}

// One group of four digits. Branch-free: non-ASCII code units and non-digits set bits in `bad`, which
// the caller checks once. This runs for every data point on ingest.
template<typename Ch>
inline quint64 parseGroup(const Ch *p, unsigned &bad)
{
    const unsigned c0 = codeUnit(p[0]), c1 = codeUnit(p[1]), c2 = codeUnit(p[2]), c3 = codeUnit(p[3]);
    const unsigned d0 = kHex[c0 & 0x7f], d1 = kHex[c1 & 0x7f], d2 = kHex[c2 & 0x7f], d3 = kHex[c3 & 0x7f];
    bad |= ((c0 | c1 | c2 | c3) >> 7) | ((d0 | d1 | d2 | d3) & 0x80);
    return (d0 << 12) | (d1 << 8) | (d2 << 4) | d3;
}

template<typename Ch>
bool parseGroupsAt(const Ch *p, int groups, quint64 &value)
{
    unsigned bad = 0;
    quint64 v = parseGroup(p, bad);
    for (int g = 1; g < groups; ++g) {
        p += 4;
        bad |= unsigned(*p != Ch('-'));
        v = (v << 16) | parseGroup(p + 1, bad);
        ++p;
    }
    value = v;
    return bad == 0;
}

template<typename Ch>
std::optional<quint64> parseGroups(const Ch *s, qsizetype n, int groups)
{
    if (groups < 1 || groups > 4 || n != 5 * groups - 1)
        return std::nullopt;
    quint64 value = 0;
    if (!parseGroupsAt(s, groups, value))
        return std::nullopt;
    return value;
}

template<typename Ch>
bool parseComposedImpl(const Ch *s, qsizetype n, char prefix, std::initializer_list<int> groups,
                       quint64 *values)
{
    qsizetype expected = 1;
    for (int g : groups) {
        if (g < 0 || g > 4)
            return false;
        expected += 2 + (g > 0 ? 5 * g - 1 : 0);
    }
    if (n != expected || s[0] != Ch(prefix))
        return false;
    const Ch *p = s + 1;
    for (int g : groups) {
        if (p[0] != Ch('-') || p[1] != Ch('-'))
            return false;
        p += 2;
        quint64 value = 0;
        if (g > 0) {
            if (!parseGroupsAt(p, g, value))
                return false;
            p += 5 * g - 1;
        }
        *values++ = value;
    }
    return true;
}

// Python's str.isspace() (what int() strips around a number).
bool isPythonSpace(char16_t c)
{
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
        || c == 0x3000;
}

// Any hex digit Python's int(x, 16) takes: ASCII of either case, or a Unicode decimal digit.
int pythonHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    if (u >= 128 && c.category() == QChar::Number_DecimalDigit)
        return c.digitValue();
    return -1;
}

} // namespace

std::nullopt_t fail(QString *error, const char *message)
{
    if (error)
        *error = QString::fromLatin1(message);
    return std::nullopt;
}

QString format(quint64 value, int groups)
{
    groups = qBound(1, groups, 4);
    char buffer[20];
    char *end = writeGroups(buffer, value, groups);
    return QString::fromLatin1(buffer, end - buffer);
}

QString compose(char prefix, std::initializer_list<Part> parts)
{
    char buffer[kMaxComposed];
    const qsizetype length = writeComposed(buffer, prefix, parts);
    return length < 0 ? QString() : QString::fromLatin1(buffer, length);
}

void appendComposed(QByteArray &out, char prefix, std::initializer_list<Part> parts)
{
    char buffer[kMaxComposed];
    const qsizetype length = writeComposed(buffer, prefix, parts);
    if (length > 0)
        out.append(buffer, length);
}

std::optional<quint64> parse(QStringView text, int groups)
{
    return parseGroups(text.utf16(), text.size(), groups);
}

std::optional<quint64> parse(QByteArrayView text, int groups)
{
    return parseGroups(text.data(), text.size(), groups);
}

bool parseComposed(QStringView text, char prefix, std::initializer_list<int> groups, quint64 *values)
{
    return parseComposedImpl(text.utf16(), text.size(), prefix, groups, values);
}

bool parseComposed(QByteArrayView text, char prefix, std::initializer_list<int> groups, quint64 *values)
{
    return parseComposedImpl(text.data(), text.size(), prefix, groups, values);
}

QString fixGroups(QStringView text, int groups)
{
    QList<QStringView> elements = text.split(u'-');
    QString result;
    if (elements.size() > groups)
        elements = elements.mid(elements.size() - groups);
    for (qsizetype i = elements.size(); i < groups; ++i)
        result += QStringLiteral("0000-");
    for (qsizetype i = 0; i < elements.size(); ++i) {
        if (i > 0)
            result += u'-';
        result += elements.at(i);
    }
    return result;
}

std::optional<quint64> parsePadded(QStringView text, int groups)
{
    if (groups < 1 || groups > 4)
        return std::nullopt;
    const QList<QStringView> elements = text.split(u'-');
    const qsizetype first = qMax<qsizetype>(0, elements.size() - groups);
    quint64 value = 0;
    for (qsizetype i = first; i < elements.size(); ++i) {
        const std::optional<quint64> group = parse(elements.at(i), 1);
        if (!group)
            return std::nullopt;
        value = (value << 16) | *group;
    }
    return value;
}

std::optional<quint64> looseToInt(QStringView text, bool *overflow)
{
    if (overflow)
        *overflow = false;
    QString digits;
    digits.reserve(text.size());
    for (QChar c : text) {
        if (c != u'-')
            digits += c;
    }
    qsizetype begin = 0;
    qsizetype end = digits.size();
    while (begin < end && isPythonSpace(digits.at(begin).unicode()))
        ++begin;
    while (end > begin && isPythonSpace(digits.at(end - 1).unicode()))
        --end;
    if (begin < end && digits.at(begin) == u'+')
        ++begin;
    // Python allows "0x" (either case) for base 16, and one '_' straight after it.
    if (end - begin >= 2 && digits.at(begin) == u'0'
        && (digits.at(begin + 1) == u'x' || digits.at(begin + 1) == u'X')) {
        begin += 2;
        if (begin < end && digits.at(begin) == u'_')
            ++begin;
    }
    if (begin >= end)
        return std::nullopt;
    quint64 value = 0;
    bool tooBig = false;
    bool lastWasUnderscore = false;
    for (qsizetype i = begin; i < end; ++i) {
        const QChar c = digits.at(i);
        if (c == u'_') {
            if (i == begin || lastWasUnderscore)
                return std::nullopt;
            lastWasUnderscore = true;
            continue;
        }
        const int digit = pythonHexDigit(c);
        if (digit < 0)
            return std::nullopt;
        lastWasUnderscore = false;
        if (value >> 60)
            tooBig = true;
        value = (value << 4) | static_cast<quint64>(digit);
    }
    if (lastWasUnderscore)
        return std::nullopt;
    if (tooBig) {
        if (overflow)
            *overflow = true;
        return std::nullopt;
    }
    return value;
}

} // namespace iotile::gid
