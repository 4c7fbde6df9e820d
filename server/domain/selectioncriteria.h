#pragma once

#include "common/util/error.h"
#include "server/domain/ota.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace iotile {

// A deployment request's device selection: strings "type:op:value" (os_tag:eq:2048,
// app_version:gte:1.2, controller_hw_tag:eq:3), all of which must hold. Tag and version rules are
// checked against the device's latest version of their type; a device that never reported that type
// does not match. controller_hw_tag is left to the updating agent (the cloud does not know it).
class SelectionCriteria
{
public:
    // Empty when the criterion is well formed, else what is wrong with it.
    static QString check(const QString &criterion);
    // Criteria that passed check(); malformed ones are skipped.
    static SelectionCriteria parse(const QStringList &criteria);

    bool isEmpty() const { return m_rules.isEmpty(); }
    // `latest`: the device's most recent version per type.
    bool matches(const QList<DeviceVersion> &latest) const;

private:
    struct Rule
    {
        QString versionType; // "os" or "app"; empty: not evaluated here
        QString op;
        bool isTag = false;
        qint64 tag = 0;
        int major = 0;
        int minor = 0;
    };
    static std::optional<Rule> ruleOf(const QString &criterion, QString *error);
    static bool holds(const Rule &rule, const DeviceVersion &version);
    QList<Rule> m_rules;
};

} // namespace iotile
