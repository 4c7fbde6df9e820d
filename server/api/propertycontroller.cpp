#include "server/api/propertycontroller.h"

#include "server/api/devicecontroller.h"
#include "server/api/fieldreaders.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/project.h"
#include "server/domain/property.h"
#include "server/domain/searchindex.h"
#include "server/domain/target.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/projectstore.h"
#include "server/store/propertystore.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cctype>

namespace iotile {

namespace {

const QString kReadDenied = QStringLiteral("User has no access to read properties");
const QString kModifyDenied = QStringLiteral("User has no access to create/modify properties");

QJsonValue typedValue(const Property &p)
{
    if (p.type == QLatin1String("int")) {
        bool ok = false;
        const qint64 n = p.value.toLongLong(&ok);
        if (ok)
            return double(n);
    }
    if (p.type == QLatin1String("bool"))
        return p.value == QLatin1String("True");
    return p.value;
}

// The read serializer of property/ (list and retrieve).
QJsonObject readJson(const Property &p)
{
    QJsonObject o = PropertyController::propertyJson(p);
    o.insert(QStringLiteral("target"), p.target);
    return o;
}

// The write serializer: what create and update answer.
QJsonObject writeJson(const Property &p)
{
    return QJsonObject {{QStringLiteral("target"), p.target},
                        {QStringLiteral("name"), p.name},
                        {QStringLiteral("is_system"), p.isSystem},
                        {QStringLiteral("value"), typedValue(p)}};
}

// The int_value / str_value / bool_value trio: how many were given (valid), and the last one read.
struct ValueInput
{
    int count = 0;
    QString value;
    QString type;
};

ValueInput readValue(const QJsonObject &body, FieldErrors &errors)
{
    ValueInput in;
    const QJsonValue intValue = body.value(QStringLiteral("int_value"));
    if (!intValue.isUndefined()) {
        if (intValue.isNull()) {
            errors.add(QStringLiteral("int_value"), QStringLiteral("This field may not be null."));
        } else if (const auto n = intValue.isBool() ? std::nullopt : parseInt(intValue)) {
            ++in.count;
            in.value = QString::number(*n);
            in.type = QStringLiteral("int");
        } else {
            errors.add(QStringLiteral("int_value"), QStringLiteral("A valid integer is required."));
        }
    }
    if (body.contains(QStringLiteral("str_value"))) {
        if (const auto s = fields::charField(body, QStringLiteral("str_value"), errors, false, 256, true)) {
            ++in.count;
            in.value = *s;
            in.type = QStringLiteral("str");
        }
    }
    const QJsonValue boolValue = body.value(QStringLiteral("bool_value"));
    if (!boolValue.isUndefined()) {
        if (boolValue.isNull()) {
            errors.add(QStringLiteral("bool_value"), QStringLiteral("This field may not be null."));
        } else if (const auto b = parseBool(boolValue)) {
            ++in.count;
            in.value = *b ? QStringLiteral("True") : QStringLiteral("False");
            in.type = QStringLiteral("bool");
        } else {
            errors.add(QStringLiteral("bool_value"), QStringLiteral("Must be a valid boolean."));
        }
    }
    return in;
}

// The target of a property: found, visible to the caller (403 otherwise) and holding the flag.
Result<Target> permittedTarget(SqlConnection &db, Access &access, const QString &slug, Permission flag,
                               const QString &flagMessage)
{
    IOTILE_TRY(target, Targets::find(db, slug));
    if (!target)
        return Error::forbidden();
    IOTILE_TRY(visible, Targets::canAccess(access, *target));
    if (!visible)
        return Error::forbidden();
    // Beyond the original, which checks membership only here: the same flags as the per-object actions.
    IOTILE_TRY(allowed, Targets::allows(access, *target, flag));
    if (!allowed)
        return Error::forbidden(flagMessage);
    return *target;
}

// Writes a property change and re-indexes its target in one transaction.
template<typename Change>
Status changeAndReindex(SqlConnection &db, const QString &target, Change change)
{
    Transaction tx(db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(change());
    IOTILE_CHECK(SearchIndex::refresh(db, target));
    return tx.commit();
}

bool isPropertyTargetPrefix(const QString &slug)
{
    const QString head = slug.section(QStringLiteral("--"), 0, 0);
    return head == QLatin1String("p") || head == QLatin1String("d") || head == QLatin1String("b");
}

Result<HttpResponse> list(RequestContext &ctx)
{
    const QString slug = ctx.queryValue(QStringLiteral("target"));
    if (slug.isEmpty() || !isPropertyTargetPrefix(slug))
        return Error::detail(
            ErrorKind::NotAcceptable,
            QStringLiteral("target argument (e.g. target=d--0000-0000-0000-1234) is required"));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(target, permittedTarget(*db, access, slug, Permission::ReadDeviceProperties, kReadDenied));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    PropertyStore store(*db);
    IOTILE_TRY(count, store.count(target.slug));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(target.slug, page.offset(), page.limit()));
    QJsonArray results;
    for (const Property &p : rows)
        results.append(readJson(p));
    return page.envelope(ctx, count, results);
}

Result<Property> existing(SqlConnection &db, const QString &idText)
{
    const auto id = fields::lookupId(idText);
    if (!id)
        return Error::notFound();
    IOTILE_TRY(property, PropertyStore(db).byId(*id));
    if (!property)
        return Error::notFound();
    return *property;
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(property, existing(*db, ctx.capture(0)));
    IOTILE_CHECK(
        permittedTarget(*db, access, property.target, Permission::ReadDeviceProperties, kReadDenied));
    return HttpResponse::json(readJson(property));
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto slug = fields::charField(body, QStringLiteral("target"), errors, true, 42);
    static const QRegularExpression kSlug(QStringLiteral("^[-a-zA-Z0-9_]+$"));
    if (slug && !kSlug.match(*slug).hasMatch())
        errors.add(
            QStringLiteral("target"),
            QStringLiteral("Enter a valid \u201cslug\u201d consisting of letters, numbers, underscores or "
                           "hyphens."));
    else if (slug && !isPropertyTargetPrefix(*slug))
        errors.add(QStringLiteral("target"),
                   QStringLiteral("Target must be a device (d--), data block (b--) or project (p--) slug."));
    const auto name = fields::charField(body, QStringLiteral("name"), errors, true, 40);
    const ValueInput value = readValue(body, errors);
    const bool isSystem = errors.optionalBool(body, QStringLiteral("is_system")).value_or(false);
    IOTILE_CHECK(errors.status());
    if (value.count != 1)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Only one of int_value, str_value, or bool_value can be used"));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(target,
               permittedTarget(*db, access, *slug, Permission::ModifyDeviceProperties, kModifyDenied));
    Property p;
    p.target = target.slug;
    p.name = *name;
    p.value = value.value;
    p.type = value.type;
    p.isSystem = isSystem;
    p.createdBy = ctx.account().id;
    std::optional<Property> created;
    IOTILE_CHECK(changeAndReindex(*db, target.slug, [&]() -> Status {
        IOTILE_TRY(inserted, PropertyStore(*db).create(p));
        created = inserted;
        return Ok {};
    }));
    if (!created)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("The fields target, name must make a unique set."));
    return HttpResponse::json(writeJson(*created), 201);
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(property, existing(*db, ctx.capture(0)));
    IOTILE_CHECK(
        permittedTarget(*db, access, property.target, Permission::ModifyDeviceProperties, kModifyDenied));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    // PUT names the whole object; as in the original only the value is applied (target and name stay).
    const bool full = ctx.method() == Put;
    fields::charField(body, QStringLiteral("target"), errors, full, 42);
    fields::charField(body, QStringLiteral("name"), errors, full, 40);
    const ValueInput value = readValue(body, errors);
    errors.optionalBool(body, QStringLiteral("is_system"));
    IOTILE_CHECK(errors.status());
    if (value.count != 1)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Only one of int_value, str_value, or bool_value can be used"));
    property.value = value.value;
    property.type = value.type;
    IOTILE_CHECK(changeAndReindex(*db, property.target, [&] { return PropertyStore(*db).update(property); }));
    return HttpResponse::json(writeJson(property));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(property, existing(*db, ctx.capture(0)));
    IOTILE_CHECK(
        permittedTarget(*db, access, property.target, Permission::ModifyDeviceProperties, kModifyDenied));
    IOTILE_CHECK(
        changeAndReindex(*db, property.target, [&] { return PropertyStore(*db).remove(property.id); }));
    return HttpResponse::noContent();
}

// The object of a per-object action: the org it belongs to (for the flags) and its slug.
struct Owner
{
    QString slug;
    std::optional<qint64> orgId;
};

bool isUuid(const QString &text)
{
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i).toLatin1();
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c)))
            return false;
    }
    return true;
}

// project/<uuid>/...: queryset-scoped like the project detail (members; staff asking as staff).
Result<Owner> projectOwner(RequestContext &ctx, SqlConnection &db, Access &access)
{
    const QString id = ctx.capture(0);
    if (!isUuid(id))
        return Error::bareList(QStringLiteral("Project ID must be a UUID"));
    IOTILE_TRY(project, ProjectStore(db).byUuid(id.toLower()));
    if (!project)
        return Error::notFound();
    IOTILE_TRY(member, access.isActiveMember(project->orgId));
    if ((!member && !ctx.staffMode()) || (project->isTemplate && !ctx.staffMode()))
        return Error::notFound();
    return Owner {project->slug, project->orgId};
}

// device/<slug>/...: any existing device, 403 without access. The canonical slug is the target, where
// the original used the URL's text (so d--0001 listed nothing).
Result<Owner> deviceOwner(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, db, access, ctx.capture(0)));
    return Owner {device.slug, device.orgId};
}

using OwnerLookup = Result<Owner> (*)(RequestContext &, SqlConnection &, Access &);

Status requireFlag(Access &access, const Owner &owner, Permission flag, const QString &message)
{
    if (access.isStaff() || !owner.orgId)
        return Ok {};
    IOTILE_TRY(allowed, access.can(*owner.orgId, flag));
    if (!allowed)
        return Error::forbidden(message);
    return Ok {};
}

Result<HttpResponse> objectProperties(RequestContext &ctx, OwnerLookup lookup)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(owner, lookup(ctx, *db, access));
    IOTILE_CHECK(requireFlag(access, owner, Permission::ReadDeviceProperties, kReadDenied));
    IOTILE_TRY(rows, PropertyStore(*db).list(owner.slug));
    QJsonArray results;
    for (const Property &p : rows)
        results.append(PropertyController::propertyJson(p));
    return HttpResponse::json(results);
}

Result<HttpResponse> objectNewProperty(RequestContext &ctx, OwnerLookup lookup)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(owner, lookup(ctx, *db, access));
    IOTILE_CHECK(requireFlag(access, owner, Permission::ModifyDeviceProperties, kModifyDenied));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto name = fields::charField(body, QStringLiteral("name"), errors, true, 40);
    const ValueInput value = readValue(body, errors);
    const bool isSystem = errors.optionalBool(body, QStringLiteral("is_system")).value_or(false);
    IOTILE_CHECK(errors.status());
    if (value.count != 1)
        return Error(ErrorKind::BadRequest,
                     QStringLiteral("Only one of int_value,str_value,bool_value can be used"));
    // Upsert by name: an existing property takes the new value and type (is_system is kept) and records
    // who wrote it.
    Property result;
    IOTILE_CHECK(changeAndReindex(*db, owner.slug, [&]() -> Status {
        PropertyStore store(*db);
        IOTILE_TRY(found, store.byName(owner.slug, *name));
        if (!found) {
            Property p;
            p.target = owner.slug;
            p.name = *name;
            p.value = value.value;
            p.type = value.type;
            p.isSystem = isSystem;
            p.createdBy = ctx.account().id;
            IOTILE_TRY(created, store.create(p));
            if (created) {
                result = *created;
                return Ok {};
            }
            // Another request created it meanwhile: overwrite that one.
            IOTILE_TRY(raced, store.byName(owner.slug, *name));
            if (!raced)
                return Error::internal(QStringLiteral("property vanished"));
            found = raced;
        }
        found->value = value.value;
        found->type = value.type;
        found->createdBy = ctx.account().id;
        IOTILE_CHECK(store.update(*found));
        result = *found;
        return Ok {};
    }));
    return HttpResponse::json(PropertyController::propertyJson(result), 201);
}

} // namespace

QJsonObject PropertyController::propertyJson(const Property &p)
{
    return QJsonObject {{QStringLiteral("id"), double(p.id)},
                        {QStringLiteral("name"), p.name},
                        {QStringLiteral("value"), typedValue(p)},
                        {QStringLiteral("type"), p.type},
                        {QStringLiteral("is_system"), p.isSystem}};
}

void PropertyController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/property/"), list);
    router.add(Post, QStringLiteral("/api/v1/property/"), create);
    router.add(Get, QStringLiteral("/api/v1/property/{id}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/property/{id}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/property/{id}/"), destroy);
    router.add(Get, QStringLiteral("/api/v1/project/{id}/properties/"),
               [](RequestContext &ctx) { return objectProperties(ctx, projectOwner); });
    router.add(Post, QStringLiteral("/api/v1/project/{id}/new_property/"),
               [](RequestContext &ctx) { return objectNewProperty(ctx, projectOwner); });
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/properties/"),
               [](RequestContext &ctx) { return objectProperties(ctx, deviceOwner); });
    router.add(Post, QStringLiteral("/api/v1/device/{slug}/new_property/"),
               [](RequestContext &ctx) { return objectNewProperty(ctx, deviceOwner); });
}

} // namespace iotile
