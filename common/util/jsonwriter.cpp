#include "common/util/jsonwriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace iotile {

void JsonWriter::separate()
{
    if (m_needComma)
        m_out.append(',');
    m_needComma = true;
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
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
    separate();
    m_out.append('[');
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
    separate();
    m_out.append('"');
    m_out.append(name);
    m_out.append("\":", 2);
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::value(qint64 v)
{
    separate();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    m_out.append(buf, r.ptr - buf);
    return *this;
}

void JsonWriter::appendDouble(QByteArray &out, double v)
{
    if (!std::isfinite(v)) {
        // JSON has no NaN or infinity: null is what strict parsers accept.
        out.append("null", 4);
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr - buf);
    if (!std::memchr(buf, '.', size_t(r.ptr - buf)) && !std::memchr(buf, 'e', size_t(r.ptr - buf)))
        out.append(".0", 2);
}

JsonWriter &JsonWriter::value(double v)
{
    separate();
    appendDouble(m_out, v);
    return *this;
}

JsonWriter &JsonWriter::value(bool v)
{
    separate();
    if (v)
        m_out.append("true", 4);
    else
        m_out.append("false", 5);
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
    separate();
    m_out.append('"');
    m_out.append(text);
    m_out.append('"');
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out.append("null", 4);
    return *this;
}

JsonWriter &JsonWriter::time(isotime::Micros t, isotime::Style style)
{
    separate();
    m_out.append('"');
    isotime::append(m_out, t, style);
    m_out.append('"');
    return *this;
}

JsonWriter &JsonWriter::raw(QByteArrayView json)
{
    separate();
    m_out.append(json);
    return *this;
}

} // namespace iotile
