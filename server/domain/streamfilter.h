#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace iotile {

// A stream filter (the original's StreamFilter): a state machine run on every value of one stream
// ("f--<project>--<device>--<var>") or of one variable in every device of a project
// ("f--<project>----<var>").
struct StreamFilter
{
    qint64 id = 0;
    QString slug;
    QString name;
    qint64 projectId = 0;
    QString projectSlug;
    qint64 orgId = 0;
    qint64 variableId = 0;
    QString variableSlug;
    std::optional<qint64> variableOutputUnitId;
    std::optional<qint64> deviceId;
    QString deviceSlug;
    std::optional<qint64> inputStreamId;
    QString inputStreamSlug;
    bool active = true;
    QString secret; // HMAC-SHA256 key of its webhook deliveries
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
};

// A state of a filter; its slug (slugified label) is unique within the filter.
struct FilterState
{
    qint64 id = 0;
    qint64 filterId = 0;
    QString label;
    QString slug;
};

// An edge of a filter's state machine; no src means "from any other state".
struct FilterTransition
{
    QString id; // UUID, as the original's
    qint64 filterId = 0;
    std::optional<qint64> srcId;
    qint64 dstId = 0;
};

// A condition of a transition: value <operator> threshold, the threshold kept in the stream's internal
// unit (what the user typed in output units, converted back once at creation).
struct FilterTrigger
{
    qint64 id = 0;
    qint64 filterId = 0;
    QString transitionId; // empty: not attached
    QString op; // bu, eq, ne, le, ge, lt, gt
    std::optional<double> threshold;
    std::optional<double> userThreshold;
    std::optional<qint64> userOutputUnitId;
    QString userUnitFull;
};

// What runs when a state is entered or left: eml, sms, slk, cus, drv, rpt, smry as the original, plus
// whk (signed webhook) and alm (alarm).
struct FilterAction
{
    qint64 id = 0;
    qint64 filterId = 0;
    std::optional<qint64> stateId;
    QString type;
    QString on = QStringLiteral("entry"); // entry or exit
    QJsonObject extra;
};

// Where one stream stands in one filter: the state it is in (none before the first transition) and a
// version bumped on every move, for compare-and-set.
struct FilterCurrentState
{
    std::optional<qint64> stateId;
    qint64 version = 0;
    bool exists = false;
};

// One fired transition as the original's filter log keeps it (device/<slug>/filterlog/).
struct FilterLogEntry
{
    QString uuid;
    std::optional<qint64> filterId;
    QString targetSlug; // the stream
    std::optional<qint64> deviceId;
    qint64 ts = 0; // the data point's timestamp
    QString src; // label, or "*" from no state
    QString dst;
    QJsonArray triggers;
};

} // namespace iotile
