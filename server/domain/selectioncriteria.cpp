#include "server/domain/selectioncriteria.h"

#include <compare>
#include <utility>

namespace iotile {

namespace {

const QStringList kTagOps = {QStringLiteral("eq")};
const QStringList kVersionOps = {QStringLiteral("lte"), QStringLiteral("eq"), QStringLiteral("lt"),
                                 QStringLiteral("gt"), QStringLiteral("gte")};

} // namespace

std::optional<SelectionCriteria::Rule> SelectionCriteria::ruleOf(const QString &criterion, QString *error)
{
    const QStringList parts = criterion.split(QLatin1Char(':'));
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::optional<Rule>();
    };
    if (parts.size() != 3)
        return fail(QStringLiteral("\"%1\" is not of the form type:op:value.").arg(criterion));
    const QString &type = parts[0];
    const QString &op = parts[1];
    const QString &value = parts[2];
    Rule rule;
    rule.op = op;
    if (type == QLatin1String("os_tag") || type == QLatin1String("app_tag")
        || type == QLatin1String("controller_hw_tag")) {
        if (!kTagOps.contains(op))
            return fail(QStringLiteral("\"%1\": %2 only takes eq.").arg(criterion, type));
        bool ok = false;
        rule.tag = value.toLongLong(&ok);
        if (!ok)
            return fail(QStringLiteral("\"%1\": the tag must be an integer.").arg(criterion));
        rule.isTag = true;
        if (type != QLatin1String("controller_hw_tag"))
            rule.versionType = type.section(QLatin1Char('_'), 0, 0);
        return rule;
    }
    if (type == QLatin1String("os_version") || type == QLatin1String("app_version")) {
        if (!kVersionOps.contains(op))
            return fail(QStringLiteral("\"%1\": the operator must be one of %2.")
                            .arg(criterion, kVersionOps.join(QStringLiteral(", "))));
        // Semantic versions "major.minor[.patch[.x]]"; versions devices report have major.minor only.
        const QStringList numbers = value.split(QLatin1Char('.'));
        bool ok = numbers.size() >= 2 && numbers.size() <= 4;
        for (const QString &n : numbers) {
            bool digit = false;
            n.toInt(&digit);
            ok = ok && digit;
        }
        if (!ok)
            return fail(QStringLiteral("\"%1\": the version must be major.minor[.patch].").arg(criterion));
        rule.major = numbers[0].toInt();
        rule.minor = numbers[1].toInt();
        rule.versionType = type.section(QLatin1Char('_'), 0, 0);
        return rule;
    }
    return fail(QStringLiteral("\"%1\": unknown type %2.").arg(criterion, type));
}

QString SelectionCriteria::check(const QString &criterion)
{
    QString error;
    if (criterion.size() > 64)
        return QStringLiteral("Ensure each criterion has no more than 64 characters.");
    ruleOf(criterion, &error);
    return error;
}

SelectionCriteria SelectionCriteria::parse(const QStringList &criteria)
{
    SelectionCriteria out;
    for (const QString &c : criteria) {
        if (auto rule = ruleOf(c, nullptr); rule && !rule->versionType.isEmpty())
            out.m_rules.append(*rule);
    }
    return out;
}

bool SelectionCriteria::holds(const Rule &rule, const DeviceVersion &v)
{
    if (rule.isTag)
        return v.tag == rule.tag;
    const auto cmp = std::pair(v.major, v.minor) <=> std::pair(rule.major, rule.minor);
    if (rule.op == QLatin1String("eq"))
        return cmp == 0;
    if (rule.op == QLatin1String("lt"))
        return cmp < 0;
    if (rule.op == QLatin1String("lte"))
        return cmp <= 0;
    if (rule.op == QLatin1String("gt"))
        return cmp > 0;
    return cmp >= 0;
}

bool SelectionCriteria::matches(const QList<DeviceVersion> &latest) const
{
    for (const Rule &rule : m_rules) {
        bool ok = false;
        for (const DeviceVersion &v : latest) {
            if (v.type == rule.versionType) {
                ok = holds(rule, v);
                break;
            }
        }
        if (!ok)
            return false;
    }
    return true;
}

} // namespace iotile
