#include "server/worker/trimaction.h"

#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/datapurge.h"
#include "server/mail/mailer.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/notestore.h"
#include "server/store/streamdatastore.h"
#include "server/store/streamstore.h"
#include "server/store/variablestore.h"
#include "server/worker/jobcontext.h"

namespace iotile {

bool TrimAction::isExcludedLid(int lid)
{
    // REBOOT, OS_TAG_VERSION, APP_TAG_VERSION, TRIP_START, TRIP_END, TRIP_RECORD.
    static constexpr int kExcluded[] = {0x5c00, 0x5c08, 0x5c09, 0x0e00, 0x0e01, 0x0e02};
    for (int excluded : kExcluded)
        if (lid == excluded)
            return true;
    return false;
}

QList<ArgumentSpec> TrimAction::arguments() const
{
    return {{QStringLiteral("device_slug"), ArgType::String, true},
            {QStringLiteral("username"), ArgType::String, true},
            {QStringLiteral("start"), ArgType::String, false},
            {QStringLiteral("end"), ArgType::String, false}};
}

Status TrimAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const QString slug = context.argString(QStringLiteral("device_slug"));
    IOTILE_TRY(device, DeviceStore(*db).bySlug(slug));
    if (!device)
        return hardError(QStringLiteral("Device with slug %1 not found !").arg(slug));
    const QString username = context.argString(QStringLiteral("username"));
    IOTILE_TRY(user, AccountStore(*db).byUsername(username));
    if (!user)
        return hardError(QStringLiteral("User @%1 not found !").arg(username));
    std::optional<qint64> start, end;
    for (const auto &[name, bound] :
         {std::pair {QStringLiteral("start"), &start}, std::pair {QStringLiteral("end"), &end}}) {
        const QString text = context.argString(name);
        if (text.isEmpty())
            continue;
        const auto t = isotime::parse(text);
        if (!t)
            return hardError(QStringLiteral("Illegal %1 (%2) for %3").arg(name, text, this->name()));
        *bound = *t;
    }

    // The streams to trim: the device's own in its project, less the excluded ones.
    IOTILE_TRY(streams, StreamStore(*db).ofDevice(device->id));
    VariableStore variables(*db);
    StreamDataStore keys(*dataDb);
    std::vector<qint64> trimmed;
    for (const Stream &s : streams) {
        if (s.blockId || !s.deviceId || s.projectId != device->projectId)
            continue;
        const auto parsed = StreamSlug::parse(QStringView(s.slug));
        if (parsed && isExcludedLid(parsed->lid()))
            continue;
        if (s.variableId) {
            IOTILE_TRY(variable, variables.byId(*s.variableId));
            if (variable && (variable->appOnly || isExcludedLid(variable->lid)))
                continue;
        }
        IOTILE_TRY(key, keys.keyOf(s.slug));
        if (key)
            trimmed.push_back(*key);
    }
    const auto selectors = [&](std::optional<qint64> from, std::optional<qint64> to) {
        std::vector<DataSelector> out;
        for (qint64 key : trimmed) {
            DataSelector s;
            s.key = key;
            s.start = from;
            s.end = to;
            out.push_back(s);
        }
        return out;
    };
    DataPurge purge(*dataDb, context.server().blobs());
    QStringList logs;
    if (start) {
        IOTILE_TRY(before, purge.remove(selectors(std::nullopt, *start)));
        const QString when = isotime::toString(*start, isotime::Style::Seconds);
        if (before.data)
            logs << QStringLiteral("%1 data row(s) before %2 deleted").arg(before.data).arg(when);
        if (before.events)
            logs << QStringLiteral("%1 event row(s) before %2 deleted").arg(before.events).arg(when);
    }
    if (end) {
        // The original keeps points at `end` itself (it deletes timestamp > end).
        IOTILE_TRY(after, purge.remove(selectors(*end + 1, std::nullopt)));
        const QString when = isotime::toString(*end, isotime::Style::Seconds);
        if (after.data)
            logs << QStringLiteral("%1 data row(s) after %2 deleted").arg(after.data).arg(when);
        if (after.events)
            logs << QStringLiteral("%1 event row(s) after %2 deleted").arg(after.events).arg(when);
    }
    if (logs.isEmpty())
        logs << QStringLiteral("No data deleted");
    for (const QString &line : logs)
        context.log(line);

    QString text = QStringLiteral("Device data trim task executed (");
    if (start)
        text += QStringLiteral(" start: %1").arg(isotime::toString(*start, isotime::Style::Seconds));
    if (end)
        text += QStringLiteral(" end: %1").arg(isotime::toString(*end, isotime::Style::Seconds));
    text += QStringLiteral(" )");
    for (const QString &line : logs)
        text += QStringLiteral("\n- ") + line;
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    Note note;
    note.target = device->slug;
    note.timestamp = isotime::now();
    note.note = text;
    note.userId = user->id;
    IOTILE_TRY(created, NoteStore(*db).create(note));
    (void)created;
    IOTILE_CHECK(context.completeWithin(*db));
    IOTILE_CHECK(tx.commit());

    MailMessage mail;
    mail.to = QStringList {user->email};
    mail.subject = QStringLiteral("IOTile Cloud Notification");
    mail.text = QStringLiteral("Device %1 (%2): %3\n").arg(device->slug, device->label, text);
    context.server().mailer().send(mail);
    return Ok {};
}

} // namespace iotile
