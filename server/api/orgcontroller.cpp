#include "server/api/orgcontroller.h"

#include "common/slug/slugify.h"
#include "server/api/accountcontroller.h"
#include "server/api/jsonutil.h"
#include "server/api/projectcontroller.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/roles.h"
#include "server/domain/searchindex.h"
#include "server/http/authenticator.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/mail/mailer.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/tokenstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

constexpr qint64 kInvitationLifetime = 14 * 86400;

Error restricted()
{
    return Error(ErrorKind::Forbidden,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

Error lacking()
{
    return Error::forbidden(QStringLiteral("Access Denied due to lack of sufficient permissions"));
}

// The org of the URL as the caller may see it: members and staff; everyone else gets "Not found."
Result<Org> visibleOrg(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(org, OrgStore(db).bySlug(ctx.capture(0)));
    if (!org)
        return Error::notFound();
    // Queryset-scoped as in the original: staff see orgs they are not in only when asking as staff.
    IOTILE_TRY(member, access.isActiveMember(org->id));
    if (!member && !ctx.staffMode())
        return Error::notFound();
    return *org;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    OrgStore::ListQuery query;
    query.all = ctx.staffMode();
    query.search = ctx.queryValue(QStringLiteral("search"));
    if (ctx.hasQuery(QStringLiteral("created_by"))) {
        bool ok = false;
        query.createdBy = ctx.queryValue(QStringLiteral("created_by")).toLongLong(&ok);
        if (!ok)
            return Error::field(
                QStringLiteral("created_by"),
                QStringLiteral("Select a valid choice. That choice is not one of the available choices."));
    }
    OrgStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(orgs, store.list(query, access, page.offset(), page.limit()));
    QHash<qint64, QStringList> domains;
    if (!orgs.isEmpty()) {
        qint64 lo = orgs.first().id, hi = lo;
        for (const Org &o : orgs)
            lo = std::min(lo, o.id), hi = std::max(hi, o.id);
        IOTILE_TRY(names, store.domainNames(lo, hi));
        domains = names;
    }
    QJsonArray results;
    for (const Org &o : orgs)
        results.append(OrgController::orgJson(o, domains.value(o.id)));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto name = errors.requiredString(body, QStringLiteral("name"), 50);
    const auto about = errors.optionalString(body, QStringLiteral("about"));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    OrgStore store(*db);
    IOTILE_TRY(taken, store.nameTaken(*name, 0));
    if (taken)
        return Error::field(QStringLiteral("name"),
                            QStringLiteral("Organization with this Company Name already exists."));
    const QString slug = slugify(*name);
    if (slug.isEmpty())
        return Error::field(QStringLiteral("name"), QStringLiteral("Name must contain letters or digits."));
    IOTILE_TRY(slugTaken, store.slugTaken(slug, 0));
    if (slugTaken)
        return Error::bareList(QStringLiteral("Organization with this Name produces duplicate slug."));
    Org org;
    org.name = *name;
    org.slug = slug;
    org.about = about.value_or(QString());
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(created, store.create(org, ctx.account().id));
    IOTILE_CHECK(SearchIndex::refresh(*db, QLatin1Char('^') + created.slug));
    IOTILE_CHECK(tx.commit());
    created.createdBySlug = ctx.account().slug;
    ctx.server().auth().invalidate();
    return HttpResponse::json(OrgController::orgJson(created, {}), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, visibleOrg(ctx, *db, access));
    IOTILE_TRY(domains, OrgStore(*db).domainNames(org.id, org.id));
    return HttpResponse::json(OrgController::orgJson(org, domains.value(org.id)));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, visibleOrg(ctx, *db, access));
    IOTILE_TRY(allowed, access.can(org.id, Permission::ManageOrgAndProjects));
    if (!allowed)
        return lacking();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto name = ctx.method() == Put ? errors.requiredString(body, QStringLiteral("name"), 50)
                                          : errors.optionalString(body, QStringLiteral("name"), 50);
    const auto about = errors.optionalString(body, QStringLiteral("about"));
    IOTILE_CHECK(errors.status());
    OrgStore store(*db);
    if (name && *name != org.name) {
        IOTILE_TRY(taken, store.nameTaken(*name, org.id));
        if (taken)
            return Error::field(QStringLiteral("name"),
                                QStringLiteral("Organization with this Company Name already exists."));
        const QString slug = slugify(*name);
        IOTILE_TRY(slugTaken, store.slugTaken(slug, org.id));
        if (slugTaken || slug.isEmpty())
            return Error::bareList(QStringLiteral("Organization with this Name produces duplicate slug."));
        // As in the original, renaming an org changes its slug.
        org.name = *name;
        org.slug = slug;
    }
    if (about)
        org.about = *about;
    IOTILE_CHECK(store.update(org));
    IOTILE_CHECK(SearchIndex::refresh(*db, QLatin1Char('^') + org.slug));
    IOTILE_TRY(domains, store.domainNames(org.id, org.id));
    return HttpResponse::json(OrgController::orgJson(org, domains.value(org.id)));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    // Checked before the lookup, as in the original.
    if (!ctx.staffMode())
        return restricted();
    IOTILE_TRY(db, ctx.db());
    OrgStore store(*db);
    IOTILE_TRY(org, store.bySlug(ctx.capture(0)));
    if (!org)
        return Error::notFound();
    IOTILE_CHECK(store.remove(org->id));
    IOTILE_CHECK(SearchIndex::refresh(*db, QLatin1Char('^') + org->slug));
    ctx.server().auth().invalidate();
    return HttpResponse::noContent();
}

Result<HttpResponse> extra(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, visibleOrg(ctx, *db, access));
    OrgStore store(*db);
    IOTILE_TRY(domains, store.domainNames(org.id, org.id));
    QJsonObject body = OrgController::orgJson(org, domains.value(org.id));
    body.remove(QStringLiteral("domain_names"));
    QJsonValue ot(QJsonValue::Null);
    if (org.otId) {
        SqlQuery q = db->query("SELECT id, name, slug, major, minor, patch, extra_data, created_on FROM "
                               "org_templates WHERE id = ?");
        q.bind(*org.otId);
        IOTILE_CHECK(q.exec());
        if (q.next())
            ot = QJsonObject {{QStringLiteral("id"), double(q.int64(0))},
                              {QStringLiteral("name"), q.text(1)},
                              {QStringLiteral("slug"), q.text(2)},
                              {QStringLiteral("version"),
                               QStringLiteral("v%1.%2.%3").arg(q.int64(3)).arg(q.int64(4)).arg(q.int64(5))},
                              {QStringLiteral("created_on"), json::time(q.int64(7))}};
    }
    body.insert(QStringLiteral("ot"), ot);
    IOTILE_TRY(counts, store.counts(org.id));
    body.insert(QStringLiteral("counts"), counts);
    IOTILE_TRY(mine, store.member(org.id, ctx.account().id));
    body.insert(QStringLiteral("current_member"), mine ? OrgController::memberJson(*mine) : QJsonObject {});
    return HttpResponse::json(body);
}

Result<HttpResponse> projects(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, visibleOrg(ctx, *db, access));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    ProjectStore::ListQuery query;
    query.all = true; // includes the org's template masters, as the original does
    query.orgId = org.id;
    ProjectStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const Project &p : rows)
        results.append(ProjectController::projectJson(p));
    return page.envelope(ctx, count, results);
}

Result<Org> orgWithPermission(RequestContext &ctx, SqlConnection &db, Access &access, Permission permission)
{
    IOTILE_TRY(org, visibleOrg(ctx, db, access));
    IOTILE_TRY(allowed, access.can(org.id, permission));
    if (!allowed)
        return lacking();
    return org;
}

Result<HttpResponse> members(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, orgWithPermission(ctx, *db, access, Permission::ManageUsers));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    const bool all = ctx.queryFlag(QStringLiteral("all"));
    OrgStore store(*db);
    IOTILE_TRY(count, store.countMembers(org.id, all));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.members(org.id, all, page.offset(), page.limit()));
    QJsonArray results;
    for (const MemberRow &m : rows)
        results.append(OrgController::memberJson(m));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> membership(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, visibleOrg(ctx, *db, access));
    IOTILE_TRY(mine, OrgStore(*db).member(org.id, ctx.account().id));
    if (!mine)
        return Error::notFound(); // a staff non-member (the original crashed with a 500)
    return HttpResponse::json(OrgController::memberJson(*mine));
}

Result<HttpResponse> pending(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, orgWithPermission(ctx, *db, access, Permission::ManageUsers));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    OrgStore store(*db);
    IOTILE_TRY(count, store.countPending(org.id));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.pending(org.id, page.offset(), page.limit()));
    QJsonArray results;
    for (const Invitation &i : rows)
        results.append(QJsonObject {{QStringLiteral("email"), i.email},
                                    {QStringLiteral("sent_on"), json::time(i.sentOn)},
                                    {QStringLiteral("sent_by"), json::nullable(i.sentBySlug)},
                                    {QStringLiteral("role"), i.role},
                                    {QStringLiteral("expires_on"), json::time(i.expiresOn)}});
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> invite(RequestContext &ctx)
{
    // The body is validated before permissions, as in the original.
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto email = errors.requiredEmail(body, QStringLiteral("email"));
    const auto role = errors.optionalString(body, QStringLiteral("role"), 3);
    if (role && (!Roles::isValid(*role) || *role == QLatin1String("s0") || *role == QLatin1String("a0")))
        errors.add(QStringLiteral("role"), QStringLiteral("\"%1\" is not a valid choice.").arg(*role));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, orgWithPermission(ctx, *db, access, Permission::ManageUsers));
    Invitation invitation;
    invitation.orgId = org.id;
    invitation.email = email->toLower();
    invitation.role = role.value_or(QString::fromLatin1(Roles::kDefaultRole));
    invitation.token = randomHex(24);
    invitation.sentOn = isotime::now();
    invitation.sentBy = ctx.account().id;
    invitation.expiresOn = invitation.sentOn + kInvitationLifetime * isotime::kMicrosPerSecond;
    IOTILE_CHECK(OrgStore(*db).saveInvitation(invitation));
    const ServerConfig &config = ctx.server().config();
    ctx.server().mailer().send(MailMessage {
        {invitation.email},
        QStringLiteral("[%1] Invitation to join %2").arg(config.siteName, org.name),
        QStringLiteral(
            "Hello,\n\n%1 invites you to join the organization \"%2\" on %3.\n\n"
            "Sign in (or create an account with this e-mail address) and accept the invitation with\n"
            "POST %4/api/v1/org/invitation/accept/ {\"token\": \"%5\"}\n"
            "or from IOTile Studio. The invitation is valid for 14 days.\n")
            .arg(ctx.account().username, org.name, config.siteName, ctx.origin(), invitation.token),
        {}});
    return HttpResponse::json(QJsonObject {{QStringLiteral("email"), invitation.email}}, 201);
}

Result<HttpResponse> acceptInvitation(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto token = errors.requiredString(body, QStringLiteral("token"), 128);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    OrgStore store(*db);
    IOTILE_TRY(invitation, store.invitationByToken(*token));
    // Only the invited address may use an invitation: a forwarded mail grants nothing to someone else.
    if (!invitation || invitation->accepted
        || invitation->email.compare(ctx.account().email, Qt::CaseInsensitive) != 0)
        return Error::notFound();
    if (invitation->expiresOn < isotime::now())
        return Error::badRequest(QStringLiteral("Invitation has expired."));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(existing, store.member(invitation->orgId, ctx.account().id));
    if (existing) {
        if (!existing->membership.isActive) {
            Membership m = existing->membership;
            m.isActive = true;
            m.role = invitation->role;
            m.permissions = Roles::permissions(m.role);
            m.isOrgAdmin = m.role == QLatin1String("a1");
            IOTILE_CHECK(store.updateMember(m));
        }
    } else {
        IOTILE_TRY(added, store.addMember(invitation->orgId, ctx.account().id, invitation->role, true));
        (void)added;
    }
    IOTILE_CHECK(store.markAccepted(invitation->id));
    IOTILE_CHECK(tx.commit());
    ctx.server().auth().invalidate();
    IOTILE_TRY(org, store.byId(invitation->orgId));
    IOTILE_TRY(row, store.member(invitation->orgId, ctx.account().id));
    QJsonObject reply = row ? OrgController::memberJson(*row) : QJsonObject {};
    reply.insert(QStringLiteral("org"), org ? org->slug : QString());
    return HttpResponse::json(reply, 201);
}

Result<HttpResponse> registerMember(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, orgWithPermission(ctx, *db, access, Permission::ManageUsers));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto user = errors.requiredString(body, QStringLiteral("user"));
    const QString role = errors.optionalString(body, QStringLiteral("role"), 3)
                             .value_or(QString::fromLatin1(Roles::kDefaultRole));
    const bool active = errors.optionalBool(body, QStringLiteral("is_active")).value_or(true);
    static const QStringList kAllowed = {QStringLiteral("a1"), QStringLiteral("m1"), QStringLiteral("r1"),
                                         QStringLiteral("d1")};
    if (!kAllowed.contains(role))
        errors.add(QStringLiteral("role"), QStringLiteral("\"%1\" is not a valid choice.").arg(role));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(account, AccountStore(*db).bySlug(*user));
    if (!account)
        return Error::field(QStringLiteral("user"),
                            QStringLiteral("Object with slug=%1 does not exist.").arg(*user));
    OrgStore store(*db);
    IOTILE_TRY(existing, store.member(org.id, account->id));
    if (existing)
        return Error(ErrorKind::BadRequest,
                     QJsonObject {{QStringLiteral("error"), QStringLiteral("Member already exists")}});
    // The role's own permission set (the original stored a member's defaults whatever the role).
    IOTILE_TRY(added, store.addMember(org.id, account->id, role, active));
    (void)added;
    IOTILE_TRY(row, store.member(org.id, account->id));
    ctx.server().auth().invalidate();
    return HttpResponse::json(OrgController::memberJson(*row), 201);
}

// Beyond the original (which did this in its web pages): change a member's role or deactivate them.
Result<HttpResponse> updateMember(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, orgWithPermission(ctx, *db, access, Permission::ManageUsers));
    IOTILE_TRY(account, AccountStore(*db).bySlug(ctx.capture(1)));
    if (!account)
        return Error::notFound();
    OrgStore store(*db);
    IOTILE_TRY(row, store.member(org.id, account->id));
    if (!row)
        return Error::notFound();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto role = errors.optionalString(body, QStringLiteral("role"), 3);
    const auto active = errors.optionalBool(body, QStringLiteral("is_active"));
    if (role && (!Roles::isValid(*role) || *role == QLatin1String("s0")))
        errors.add(QStringLiteral("role"), QStringLiteral("\"%1\" is not a valid choice.").arg(*role));
    IOTILE_CHECK(errors.status());
    Membership m = row->membership;
    // Only owners make or unmake owners; an org always keeps an active owner.
    IOTILE_TRY(mine, access.membership(org.id));
    const bool callerIsOwner = access.isStaff() || (mine && mine->role == QLatin1String("a0"));
    if ((role && *role == QLatin1String("a0")) || m.role == QLatin1String("a0")) {
        if (!callerIsOwner)
            return lacking();
    }
    const bool losesOwner = m.role == QLatin1String("a0") && m.isActive
        && ((role && *role != QLatin1String("a0")) || (active && !*active));
    if (losesOwner) {
        IOTILE_TRY(owners, store.countOwners(org.id));
        if (owners <= 1)
            return Error::badRequest(QStringLiteral("An organization needs at least one active owner."));
    }
    if (role) {
        m.role = *role;
        m.permissions = Roles::permissions(*role);
        m.isOrgAdmin = *role == QLatin1String("a0") || *role == QLatin1String("a1");
    }
    if (active)
        m.isActive = *active;
    IOTILE_CHECK(store.updateMember(m));
    ctx.server().auth().invalidate();
    IOTILE_TRY(updated, store.member(org.id, account->id));
    return HttpResponse::json(OrgController::memberJson(*updated));
}

Result<HttpResponse> removeMember(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, visibleOrg(ctx, *db, access));
    IOTILE_TRY(account, AccountStore(*db).bySlug(ctx.capture(1)));
    if (!account)
        return Error::notFound();
    // Members may leave; removing others needs can_manage_users.
    if (account->id != ctx.account().id) {
        IOTILE_TRY(allowed, access.can(org.id, Permission::ManageUsers));
        if (!allowed)
            return lacking();
    }
    OrgStore store(*db);
    IOTILE_TRY(row, store.member(org.id, account->id));
    if (!row)
        return Error::notFound();
    if (row->membership.role == QLatin1String("a0")) {
        IOTILE_TRY(owners, store.countOwners(org.id));
        if (owners <= 1)
            return Error::badRequest(QStringLiteral("An organization needs at least one active owner."));
    }
    IOTILE_CHECK(store.removeMember(org.id, account->id));
    ctx.server().auth().invalidate();
    return HttpResponse::noContent();
}

} // namespace

QJsonObject OrgController::orgJson(const Org &org, const QStringList &domainNames)
{
    const QJsonObject avatar = AccountController::avatarJson(QStringLiteral("admin@%1.com").arg(org.slug));
    return QJsonObject {
        {QStringLiteral("id"), org.uuid},
        {QStringLiteral("name"), org.name},
        {QStringLiteral("slug"), org.slug},
        {QStringLiteral("ot"), json::nullable(org.otSlug)},
        {QStringLiteral("about"), org.about},
        {QStringLiteral("created_on"), json::time(org.createdOn)},
        {QStringLiteral("created_by"), json::nullable(org.createdBySlug)},
        {QStringLiteral("avatar"),
         QJsonObject {{QStringLiteral("tiny"), avatar.value(QLatin1String("tiny"))},
                      {QStringLiteral("thumbnail"), avatar.value(QLatin1String("medium"))}}},
        {QStringLiteral("domain_names"), QJsonArray::fromStringList(domainNames)},
    };
}

QJsonObject OrgController::memberJson(const MemberRow &r)
{
    const QJsonObject avatar = AccountController::avatarJson(r.email);
    return QJsonObject {
        {QStringLiteral("user"), r.slug},
        {QStringLiteral("user_details"),
         QJsonObject {
             {QStringLiteral("email"), r.email},
             {QStringLiteral("username"), r.username},
             {QStringLiteral("slug"), r.slug},
             {QStringLiteral("name"), r.name},
             {QStringLiteral("tagline"), r.tagline},
             {QStringLiteral("avatar"),
              QJsonObject {{QStringLiteral("tiny"), avatar.value(QLatin1String("tiny"))},
                           {QStringLiteral("thumbnail"), avatar.value(QLatin1String("thumbnail"))}}}}},
        {QStringLiteral("created_on"), json::time(r.membership.createdOn)},
        {QStringLiteral("is_active"), r.membership.isActive},
        {QStringLiteral("is_org_admin"), r.membership.isOrgAdmin},
        {QStringLiteral("permissions"), Roles::toJson(r.membership.isActive ? r.membership.permissions : 0)},
        {QStringLiteral("role"), r.membership.isActive ? r.membership.role : QStringLiteral("00")},
        {QStringLiteral("role_name"),
         Roles::displayName(r.membership.isActive ? r.membership.role : QString())},
    };
}

void OrgController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/org/"), list);
    router.add(Post, QStringLiteral("/api/v1/org/"), create);
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/org/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/org/{slug}/"), destroy);
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/extra/"), extra);
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/projects/"), projects);
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/members/"), members);
    router.add(Patch, QStringLiteral("/api/v1/org/{slug}/members/{user}/"), updateMember);
    router.add(Delete, QStringLiteral("/api/v1/org/{slug}/members/{user}/"), removeMember);
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/membership/"), membership);
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/pending/"), pending);
    router.add(Post, QStringLiteral("/api/v1/org/{slug}/invite/"), invite);
    router.add(Post, QStringLiteral("/api/v1/org/{slug}/register/"), registerMember);
    router.add(Post, QStringLiteral("/api/v1/org/invitation/accept/"), acceptInvitation);
}

} // namespace iotile
