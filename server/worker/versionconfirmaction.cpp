#include "server/worker/versionconfirmaction.h"

#include "common/util/isotime.h"
#include "server/domain/device.h"
#include "server/domain/note.h"
#include "server/domain/ota.h"
#include "server/domain/rollout.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/deviceversionstore.h"
#include "server/store/notestore.h"
#include "server/store/orgstore.h"
#include "server/store/otastore.h"
#include "server/worker/jobcontext.h"

#include <algorithm>

namespace iotile {

QList<ArgumentSpec> VersionConfirmAction::arguments() const
{
    return {{QStringLiteral("device"), ArgType::Integer, true},
            {QStringLiteral("points"), ArgType::Array, true}};
}

VersionConfirmAction::Word VersionConfirmAction::decode(quint32 value)
{
    return Word {qint64(value & 0xFFFFF), int((value >> 26) & 0x3F), int((value >> 20) & 0x3F)};
}

Status VersionConfirmAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(found, DeviceStore(*db).byId(context.argInt(QStringLiteral("device"))));
    if (!found) {
        context.warn(
            QStringLiteral("device %1 no longer exists").arg(context.argInt(QStringLiteral("device"))));
        return Ok {};
    }
    Device device = *found;
    QList<QJsonObject> points;
    for (const QJsonValue &v : context.args().value(QStringLiteral("points")).toArray())
        points.append(v.toObject());
    // In the order the device reported them: each one compares with the version before it.
    std::stable_sort(points.begin(), points.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const auto key = [](const QJsonObject &p) {
            return std::pair(p.value(QLatin1String("ts")).toInteger(),
                             p.value(QLatin1String("seq")).toInteger());
        };
        return key(a) < key(b);
    });
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    for (const QJsonObject &point : points)
        IOTILE_CHECK(confirm(context, *db, device, point));
    IOTILE_CHECK(context.completeWithin(*db));
    return tx.commit();
}

Status VersionConfirmAction::confirm(JobContext &context, SqlConnection &db, Device &device,
                                     const QJsonObject &point)
{
    const qint64 lid = point.value(QLatin1String("lid")).toInteger();
    const bool os = lid == kOsLid;
    const QString type = os ? QStringLiteral("os") : QStringLiteral("app");
    const Word word = decode(quint32(point.value(QLatin1String("value")).toInteger()));
    const qint64 ts = point.value(QLatin1String("ts")).toInteger();
    const qint64 seq = point.value(QLatin1String("seq")).toInteger();
    // Firmware from before tags existed reports these: nothing to learn from them.
    if (word.major == 0 && word.minor == 0 && ((!os && word.tag == 0) || (os && word.tag == 1024)))
        return Ok {};
    DeviceVersionStore versions(db);
    IOTILE_TRY(last, versions.last(device.id, type));
    if (last && last->tag == word.tag && last->major == word.major && last->minor == word.minor)
        return Ok {}; // reported again, nothing changed
    DeviceVersion v;
    v.deviceId = device.id;
    v.type = type;
    v.tag = word.tag;
    v.major = word.major;
    v.minor = word.minor;
    v.streamerLocalId = seq > 0 ? seq : 1;
    v.updatedTs = ts;
    IOTILE_TRY(versionId, versions.upsert(v));
    Q_UNUSED(versionId);
    context.log(QStringLiteral("%1: %2 tag %3 v%4.%5")
                    .arg(device.slug, type)
                    .arg(word.tag)
                    .arg(word.major)
                    .arg(word.minor));

    QString note = QStringLiteral("Device %1 has been updated:").arg(device.slug);
    IOTILE_TRY(match,
               os ? versions.templateFor(word.tag, word.major, word.minor)
                  : versions.sensorGraphFor(word.tag, word.major, word.minor));
    const QString what = os ? QStringLiteral("OS") : QStringLiteral("SG");
    if (match) {
        if (!match->exact)
            context.warn(
                QStringLiteral("Found unknown %1 tag (with exact version): %2 v%3.%4, Device: %5 (Using "
                               "last version found)")
                    .arg(what)
                    .arg(word.tag)
                    .arg(word.major)
                    .arg(word.minor)
                    .arg(device.slug));
        if (os) {
            IOTILE_CHECK(versions.setDeviceTemplate(device.id, match->id));
            device.templateId = match->id;
            note += QStringLiteral("\n- New Device Template: %1").arg(match->label);
        } else {
            IOTILE_CHECK(versions.setDeviceSensorGraph(device.id, match->id));
            device.sgId = match->id;
            note += QStringLiteral("\n- New Sensor Graph: %1").arg(match->label);
        }
    } else {
        // The original stops here with an internal error; the version is recorded and the update is still
        // confirmed, since the device did report it. Staff see the warning in the job log.
        context.warn(QStringLiteral("Found unknown %1 tag (no %2 found): %3 v%4.%5, Device: %6")
                         .arg(what, os ? QStringLiteral("device template") : QStringLiteral("sensor graph"))
                         .arg(word.tag)
                         .arg(word.major)
                         .arg(word.minor)
                         .arg(device.slug));
        note += QStringLiteral("\n- No %1 is known for %2 tag %3 v%4.%5")
                    .arg(os ? QStringLiteral("device template") : QStringLiteral("sensor graph"), what)
                    .arg(word.tag)
                    .arg(word.major)
                    .arg(word.minor);
    }

    // A developer may have updated the device without the cloud: no action and no request is fine.
    OtaStore ota(db);
    std::optional<DeploymentRequest> request;
    IOTILE_TRY(action, ota.lastUnconfirmedSuccess(device.id));
    if (action) {
        action->deviceConfirmation = true;
        note += QStringLiteral("\n- Deployment Action %1 has been set to complete").arg(action->id);
        action->log = action->log && !action->log->isEmpty() ? *action->log + QLatin1Char('\n') + note : note;
        IOTILE_CHECK(ota.updateAction(*action));
        IOTILE_TRY(owner, ota.requestById(action->requestId));
        request = owner;
    } else {
        // The gateway may have failed to report its attempt, yet the device got the update.
        IOTILE_TRY(earliest, ota.earliestDeploymentForDevice(device, isotime::now()));
        request = earliest;
        if (request) {
            note += QStringLiteral("\n- Deployment Action auto created by IOTile Cloud");
            DeploymentAction created;
            created.requestId = request->id;
            created.deviceId = device.id;
            created.attemptSuccessful = true;
            created.deviceConfirmation = true;
            created.log = note;
            IOTILE_TRY(stored, ota.createAction(created));
            context.log(QStringLiteral("auto-created deployment action %1 for request %2")
                            .arg(stored.id)
                            .arg(request->id));
        }
    }

    if (request) {
        IOTILE_TRY(completed, Rollout(db).completeIfDone(*request, isotime::now()));
        if (completed) {
            note +=
                QStringLiteral("\n- Deployment Request %1 is complete: every targeted device confirmed it")
                    .arg(request->id);
            context.log(QStringLiteral("deployment request %1 completed").arg(request->id));
        }
    }

    std::optional<qint64> author = request && request->createdBy ? request->createdBy : device.claimedBy;
    if (!author && device.orgId) {
        IOTILE_TRY(org, OrgStore(db).byId(*device.orgId));
        if (org)
            author = org->createdBy;
    }
    Note n;
    n.target = device.slug;
    n.timestamp = ts;
    n.note = note;
    n.type = QStringLiteral("si");
    n.userId = author;
    IOTILE_TRY(stored, NoteStore(db).create(n));
    Q_UNUSED(stored);
    return Ok {};
}

} // namespace iotile
