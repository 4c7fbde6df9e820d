#include "common/util/jsonwriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace iotile {

namespace { } // namespace

char *JsonWriter::writeInt(char *p, qint64 v)
{
    return std::to_chars(p, p + 20, v).ptr;
}

char *JsonWriter::writeDouble(char *p, double v)
{
    if (!std::isfinite(v)) {
        // JSON has no NaN or infinity: null is what strict parsers accept.
        std::memcpy(p, "null", 4);
        return p + 4;
    }
    char *end = std::to_chars(p, p + 30, v).ptr;
    if (!std::memchr(p, '.', size_t(end - p)) && !std::memchr(p, 'e', size_t(end - p))) {
        *end++ = '.';
        *end++ = '0';
    }
    return end;
}

// Every value is written straight into reserved room at the end of the array and the array is cut back
// to what was written: one capacity check per value instead of an append (QByteArray::insert) per token.
char *JsonWriter::room(qsizetype n)
{
    ++n; // the comma
    const qsizetype size = m_out.size();
    if (m_out.capacity() - size < n)
        m_out.reserve(std::max(size + n, m_out.capacity() * 2));
    m_out.resize(size + n);
    char *p = m_out.data() + size;
    if (m_needComma)
        *p++ = ',';
    m_needComma = true;
    return p;
}

void JsonWriter::commit(const char *end)
{
    m_out.truncate(end - m_out.constData());
}

void JsonWriter::separate()
{
    if (m_needComma)
        m_out.append(',');
    m_needComma = true;
}

JsonWriter &JsonWriter::beginObject()
{
    char *p = room(1);
    *p++ = '{';
    commit(p);
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out.append('}');
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    char *p = room(1);
    *p++ = '[';
    commit(p);
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out.append(']');
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::key(QByteArrayView name)
{
    char *p = room(name.size() + 3);
    *p++ = '"';
    std::memcpy(p, name.data(), size_t(name.size()));
    p += name.size();
    *p++ = '"';
    *p++ = ':';
    commit(p);
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::value(qint64 v)
{
    commit(writeInt(room(20), v));
    return *this;
}

void JsonWriter::appendDouble(QByteArray &out, double v)
{
    char buf[32];
    out.append(buf, writeDouble(buf, v) - buf);
}

JsonWriter &JsonWriter::value(double v)
{
    commit(writeDouble(room(kMaxDoubleLength), v));
    return *this;
}

JsonWriter &JsonWriter::value(bool v)
{
    char *p = room(5);
    if (v) {
        std::memcpy(p, "true", 4);
        p += 4;
    } else {
        std::memcpy(p, "false", 5);
        p += 5;
    }
    commit(p);
    return *this;
}

void JsonWriter::appendEscaped(QByteArray &out, QStringView text)
{
    JsonWriter w(out);
    w.value(text);
}

JsonWriter &JsonWriter::value(QStringView text)
{
    separate();
    bool plain = true;
    for (QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c < 0x20 || c >= 0x80 || c == u'"' || c == u'\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        m_out.append('"');
        m_out.append(text.toLatin1());
        m_out.append('"');
        return *this;
    }
    // Surrogate pairs must be converted together: escape per code unit only for ASCII controls.
    QByteArray utf8 = text.toUtf8();
    m_out.append('"');
    for (char c : utf8) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u == '"')
            m_out.append("\\\"", 2);
        else if (u == '\\')
            m_out.append("\\\\", 2);
        else if (u == '\n')
            m_out.append("\\n", 2);
        else if (u == '\r')
            m_out.append("\\r", 2);
        else if (u == '\t')
            m_out.append("\\t", 2);
        else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(u));
            m_out.append(buf, 6);
        } else
            m_out.append(c);
    }
    m_out.append('"');
    return *this;
}

JsonWriter &JsonWriter::valueLatin1(QByteArrayView text)
{
    char *p = room(text.size() + 2);
    *p++ = '"';
    std::memcpy(p, text.data(), size_t(text.size()));
    p += text.size();
    *p++ = '"';
    commit(p);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    char *p = room(4);
    std::memcpy(p, "null", 4);
    commit(p + 4);
    return *this;
}

JsonWriter &JsonWriter::time(isotime::Micros t, isotime::Style style)
{
    char *p = room(isotime::kMaxLength + 2);
    *p++ = '"';
    p = isotime::write(p, t, style);
    *p++ = '"';
    commit(p);
    return *this;
}

JsonWriter &JsonWriter::raw(QByteArrayView json)
{
    separate();
    m_out.append(json);
    return *this;
}

} // namespace iotile
