#include "server/worker/emailaction.h"

#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/filternotice.h"
#include "server/mail/mailer.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/filterstore.h"
#include "server/store/orgstore.h"
#include "server/worker/jobcontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace iotile {

QList<ArgumentSpec> FilterEmailAction::arguments() const
{
    return {{QStringLiteral("firing"), ArgType::Object, true}};
}

Result<QStringList> FilterEmailAction::recipients(SqlConnection &db, const QJsonValue &spec, qint64 orgId,
                                                  bool allowStaff)
{
    QJsonValue value = spec;
    if (value.isString() && value.toString().startsWith(QLatin1Char('{')))
        value = QJsonDocument::fromJson(value.toString().toUtf8()).object();
    QStringList items;
    if (value.isObject()) {
        // The original's legacy form.
        const QJsonObject o = value.toObject();
        if (o.contains(QStringLiteral("org")))
            items << QStringLiteral("org:%1").arg(o.value(QStringLiteral("org")).toString());
        for (const QJsonValue &u : o.value(QStringLiteral("users")).toArray())
            items << QStringLiteral("user:%1").arg(u.toString());
        for (const QJsonValue &e : o.value(QStringLiteral("emails")).toArray())
            items << QStringLiteral("email:%1").arg(e.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            items << v.toString();
    } else if (value.isString()) {
        items << value.toString();
    }

    QStringList emails;
    auto add = [&emails](const QString &email) {
        if (isValidEmail(email) && !emails.contains(email, Qt::CaseInsensitive))
            emails << email;
    };
    std::optional<QList<MemberRow>> members;
    auto loadMembers = [&]() -> Status {
        if (!members) {
            IOTILE_TRY(rows, OrgStore(db).members(orgId, false, 0, 100000));
            members = rows;
        }
        return Ok {};
    };
    for (const QString &item : items) {
        const qsizetype colon = item.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString kind = item.left(colon);
        const QString qualifier = item.mid(colon + 1);
        if (kind == QLatin1String("email")) {
            add(qualifier);
        } else if (kind == QLatin1String("user")) {
            // Only members of the filter's org: a filter must not mail arbitrary accounts.
            IOTILE_CHECK(loadMembers());
            for (const MemberRow &m : *members)
                if (m.slug == qualifier)
                    add(m.email);
        } else if (kind == QLatin1String("org")) {
            IOTILE_CHECK(loadMembers());
            for (const MemberRow &m : *members)
                if (qualifier == QLatin1String("all")
                    || (qualifier == QLatin1String("admin") && m.membership.isOrgAdmin))
                    add(m.email);
        } else if (kind == QLatin1String("staff") && qualifier == QLatin1String("all") && allowStaff) {
            IOTILE_TRY(accounts, AccountStore(db).list(0, 100000));
            for (const Account &a : accounts)
                if (a.isStaff && a.isActive)
                    add(a.email);
        }
    }
    return emails;
}

Status FilterEmailAction::execute(JobContext &context)
{
    const QJsonObject firing = context.args().value(QStringLiteral("firing")).toObject();
    const QJsonObject extra = firing.value(QStringLiteral("extra")).toObject();
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(filter, FilterStore(*db).bySlug(firing.value(QStringLiteral("filter")).toString()));
    if (!filter)
        return hardError(QStringLiteral("the filter %1 no longer exists")
                             .arg(firing.value(QStringLiteral("filter")).toString()));
    bool byStaff = false;
    if (filter->createdBy) {
        IOTILE_TRY(creator, AccountStore(*db).byId(*filter->createdBy));
        byStaff = creator && creator->isStaff;
    }
    IOTILE_TRY(
        to, recipients(*db, extra.value(QStringLiteral("notification_recipient")), filter->orgId, byStaff));
    if (to.isEmpty()) {
        context.warn(QStringLiteral("no recipients for filter %1").arg(filter->slug));
        return Ok {};
    }
    IOTILE_TRY(words, FilterNotice::context(*db, context.server(), firing));
    const QString body = extra.value(QStringLiteral("body")).toString();
    const QString text = body.isEmpty()
        ? FilterNotice::defaultText(words, extra.value(QStringLiteral("custom_note")).toString())
        : FilterNotice::render(body, words);
    context.server().mailer().send(MailMessage {to, QStringLiteral("IOTile Cloud Notification"), text, {}});
    context.log(QStringLiteral("mailed %1 recipient(s) for %2").arg(to.size()).arg(filter->slug));
    return Ok {};
}

} // namespace iotile
