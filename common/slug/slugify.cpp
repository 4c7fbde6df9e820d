#include "common/slug/slugify.h"

namespace iotile {

namespace {

// Python's \s for the ASCII range (str patterns also match the four separators 0x1c..0x1f).
bool isRegexSpace(char16_t c)
{
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
}

bool isWordChar(char16_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

QString slugify(QStringView text)
{
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_KD);
    QString result;
    result.reserve(decomposed.size());
    bool pendingDash = false;
    for (const QChar ch : decomposed) {
        char16_t c = ch.unicode();
        if (c >= 0x80)
            continue; // encode('ascii', 'ignore')
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char16_t>(c - 'A' + 'a');
        if (c == '-' || isRegexSpace(c)) {
            pendingDash = true;
            continue;
        }
        if (!isWordChar(c))
            continue; // re.sub(r'[^\w\s-]', '', ...): removed before dashes and spaces are collapsed
        if (pendingDash)
            result += u'-';
        pendingDash = false;
        result += QChar(c);
    }
    // A trailing run of dashes/spaces is never written; leading ones only if a word char followed them,
    // which the strip('-_') below removes, together with leading/trailing underscores.
    qsizetype begin = 0;
    qsizetype end = result.size();
    while (begin < end && (result.at(begin) == u'-' || result.at(begin) == u'_'))
        ++begin;
    while (end > begin && (result.at(end - 1) == u'-' || result.at(end - 1) == u'_'))
        --end;
    return result.mid(begin, end - begin);
}

QString versionedSlug(QStringView name, qint64 major, qint64 minor, qint64 patch)
{
    // Concatenated, not QString::arg(): a name may itself contain "%2".
    return slugify(name.toString() + QStringLiteral("--v") + QString::number(major) + u'-'
                   + QString::number(minor) + u'-' + QString::number(patch));
}

QString componentSlug(QStringView externalSku, qint64 major, qint64 minor, qint64 patch)
{
    return slugify(externalSku.toString() + u'-' + QString::number(major) + u'-' + QString::number(minor)
                   + u'-' + QString::number(patch));
}

} // namespace iotile
