#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

// An OTA script file of a vendor org (slug z--XXXX-XXXX from its id); the file lives in the BlobStore.
struct DeviceScript
{
    qint64 id = 0;
    QString uuid;
    QString name;
    qint64 orgId = 0;
    QString orgSlug;
    int major = 0, minor = 0, patch = 0;
    bool released = false;
    QString releasedOn; // YYYY-MM-DD, empty when never released
    QString notes;
    QString fileUuid;
    QString fileName;
    QString fileKey;
    std::optional<qint64> fileCreatedOn;
    QString fileCreatedBySlug;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;

    QString slug() const;
    QString version() const;
};

// Where a staged rollout stands (domain/rollout.h).
namespace rolloutstatus {
inline const QString kScheduled = QStringLiteral("scheduled");
inline const QString kInProgress = QStringLiteral("in_progress");
inline const QString kRolledOut = QStringLiteral("rolled_out");
inline const QString kAborted = QStringLiteral("aborted");
} // namespace rolloutstatus

// A script targeted at a fleet, an org's devices or (vendor orgs) every device of its products, narrowed
// by selection criteria; devices see it once released and until completed (and, with a rollout, once
// their step is released).
struct DeploymentRequest
{
    qint64 id = 0;
    qint64 scriptId = 0;
    QString scriptSlug;
    std::optional<qint64> fleetId;
    std::optional<qint64> orgId;
    QString orgSlug;
    bool orgIsVendor = false;
    std::optional<qint64> fleetOrgId;
    QStringList selectionCriteria;
    std::optional<qint64> releasedOn;
    std::optional<qint64> completedOn;
    QJsonValue rollout = QJsonValue::Null; // the plan as stored; null: all devices at once
    QString rolloutStatus; // empty without a rollout
    int rolloutStep = 0; // steps released so far
    std::optional<qint64> rolloutStepOn;
    int rolloutTargets = 0;
    std::optional<qint64> abortedOn;
    QString abortReason;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;

    bool hasRollout() const { return rollout.isObject(); }
};

// One update attempt a gateway or phone reported, later confirmed by the device's version streams.
struct DeploymentAction
{
    qint64 id = 0;
    qint64 requestId = 0;
    qint64 deviceId = 0;
    QString deviceSlug;
    std::optional<qint64> lastAttemptOn;
    bool attemptSuccessful = false;
    bool deviceConfirmation = false;
    std::optional<QString> log;
    qint64 createdOn = 0;
};

// Device outcomes of one deployment: a device succeeded once a gateway reported a successful attempt for
// it; it failed while every attempt reported for it failed.
struct DeploymentCounts
{
    qint64 attempted = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;
};

// An OS or app (sensor graph) version a device reported; the latest per type is its current one.
struct DeviceVersion
{
    qint64 id = 0;
    qint64 deviceId = 0;
    QString deviceSlug;
    QString type; // "os" or "app"
    qint64 tag = 0;
    int major = 0;
    int minor = 0;
    qint64 streamerLocalId = 1;
    std::optional<qint64> updatedTs;
    qint64 createdOn = 0;

    QString version() const;
};

} // namespace iotile
