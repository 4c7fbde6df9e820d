#include "server/api/configcontroller.h"

#include "common/util/isotime.h"
#include "server/api/fieldreaders.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/configattribute.h"
#include "server/domain/note.h"
#include "server/domain/target.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/configstore.h"
#include "server/store/database.h"
#include "server/store/notestore.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>

namespace iotile {

namespace {

Error badPk()
{
    return Error::badRequest(QStringLiteral("Bad Request: Expected an integer database ID"));
}

// ---- config/name/ -------------------------------------------------------------------------------------

Result<HttpResponse> listNames(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    // Unlike the original, where name_q and tag each restarted from the whole table, filters combine.
    ConfigStore::NameQuery query;
    query.name = ctx.queryValue(QStringLiteral("name"));
    query.nameContains = ctx.queryValue(QStringLiteral("name_q"));
    query.tag = ctx.queryValue(QStringLiteral("tag"));
    ConfigStore store(*db);
    IOTILE_TRY(count, store.countNames(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.names(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const ConfigName &n : rows)
        results.append(ConfigController::nameJson(n));
    return page.envelope(ctx, count, results);
}

// Reads the writable fields into `n`; `full` when the name must be there (POST, PUT).
Status readName(const QJsonObject &body, bool full, ConfigName &n)
{
    FieldErrors errors;
    if (const auto name = fields::charField(body, QStringLiteral("name"), errors, full, 64)) {
        if (!name->startsWith(QLatin1Char(':')))
            errors.add(QStringLiteral("name"),
                       QStringLiteral("Name must start with \":\". Got: %1").arg(*name));
        else if (name->contains(QLatin1Char(' ')))
            errors.add(QStringLiteral("name"), QStringLiteral("Name cannot have spaces. Got: %1").arg(*name));
        else
            n.name = *name;
    }
    if (body.contains(QStringLiteral("description"))) {
        if (body.value(QStringLiteral("description")).isNull())
            n.description.reset();
        else if (const auto text =
                     fields::charField(body, QStringLiteral("description"), errors, false, -1, true))
            n.description = *text;
    }
    QJsonObject all;
    if (body.contains(QStringLiteral("tags"))) {
        const QJsonValue tags = body.value(QStringLiteral("tags"));
        if (!tags.isArray()) {
            errors.add(QStringLiteral("tags"),
                       QStringLiteral("Expected a list of items but got type \"%1\".")
                           .arg(tags.isString() ? QStringLiteral("str") : QStringLiteral("dict")));
        } else {
            // DRF's ListField reports bad items by index.
            QJsonObject itemErrors;
            QStringList list;
            const QJsonArray items = tags.toArray();
            for (qsizetype i = 0; i < items.size(); ++i) {
                FieldErrors one;
                const QString key = QStringLiteral("item");
                if (const auto tag = fields::charField(QJsonObject {{key, items.at(i)}}, key, one, true, 24))
                    list.append(*tag);
                else
                    itemErrors.insert(QString::number(i), one.error().body().toObject().value(key));
            }
            n.tags = list;
            if (!itemErrors.isEmpty())
                all.insert(QStringLiteral("tags"), itemErrors);
        }
    }
    if (!errors.isEmpty()) {
        const QJsonObject simple = errors.error().body().toObject();
        for (auto it = simple.begin(); it != simple.end(); ++it)
            all.insert(it.key(), it.value());
    }
    if (!all.isEmpty())
        return Error::fields(all);
    return Ok {};
}

Result<HttpResponse> createName(RequestContext &ctx)
{
    if (!ctx.isStaff())
        return Error::forbidden();
    IOTILE_TRY(body, ctx.dataObject());
    ConfigName n;
    IOTILE_CHECK(readName(body, true, n));
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(created, ConfigStore(*db).createName(n, ctx.account().id));
    if (!created)
        return Error::field(QStringLiteral("name"),
                            QStringLiteral("Configuration Attribute Name with this name already exists."));
    return HttpResponse::json(ConfigController::nameJson(*created), 201);
}

Result<ConfigName> existingName(SqlConnection &db, const QString &idText)
{
    const auto id = fields::lookupId(idText);
    if (!id)
        return Error::notFound();
    IOTILE_TRY(n, ConfigStore(db).nameById(*id));
    if (!n)
        return Error::notFound();
    return *n;
}

Result<HttpResponse> nameDetail(RequestContext &ctx)
{
    // IsStaffOrReadOnly is a view permission: it answers before the object is looked up.
    if (ctx.method() != Get && !ctx.isStaff())
        return Error::forbidden();
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(n, existingName(*db, ctx.capture(0)));
    ConfigStore store(*db);
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.removeName(n.id));
        return HttpResponse::noContent();
    }
    if (ctx.method() == Put || ctx.method() == Patch) {
        IOTILE_TRY(body, ctx.dataObject());
        IOTILE_CHECK(readName(body, ctx.method() == Put, n));
        IOTILE_TRY(saved, store.updateName(n));
        if (!saved)
            return Error::field(
                QStringLiteral("name"),
                QStringLiteral("Configuration Attribute Name with this name already exists."));
    }
    return HttpResponse::json(ConfigController::nameJson(n));
}

// ---- config/attr/ -------------------------------------------------------------------------------------

Result<HttpResponse> listAttributes(RequestContext &ctx)
{
    const QString slug = ctx.queryValue(QStringLiteral("target"));
    if (slug.isEmpty())
        return Error::field(QStringLiteral("target"), QStringLiteral("This field is required."));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    // An unknown or inaccessible target lists nothing (no error), as in the original.
    IOTILE_TRY(target, Targets::find(*db, slug));
    bool visible = false;
    if (target) {
        IOTILE_TRY(allowed, Targets::canAccess(access, *target));
        visible = allowed;
    }
    const QString nameContains = ctx.queryValue(QStringLiteral("name_q"));
    ConfigStore store(*db);
    qint64 count = 0;
    QList<ConfigAttribute> rows;
    if (visible) {
        IOTILE_TRY(n, store.countAttributes(target->slug, nameContains));
        count = n;
    }
    IOTILE_CHECK(page.validate(count));
    if (visible) {
        IOTILE_TRY(found, store.attributes(target->slug, nameContains, page.offset(), page.limit()));
        rows = found;
    }
    QJsonArray results;
    for (const ConfigAttribute &a : rows)
        results.append(ConfigController::attributeJson(a));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> createAttribute(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto slug = fields::charField(body, QStringLiteral("target"), errors, true, 64);
    if (slug) {
        static const QString kPrefixes = QStringLiteral("^@dpb");
        if (!kPrefixes.contains(slug->at(0)))
            errors.add(QStringLiteral("target"),
                       QStringLiteral("Target must start with ^, @, d, p, or b. Got: %1").arg(*slug));
        else if (slug->contains(QLatin1Char(' ')))
            errors.add(QStringLiteral("target"),
                       QStringLiteral("Target cannot have spaces. Got: %1").arg(*slug));
    }
    const auto name = fields::charField(body, QStringLiteral("name"), errors, true, 64);
    const bool logAsNote = errors.optionalBool(body, QStringLiteral("log_as_note")).value_or(false);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(target, Targets::find(*db, slug->toLower()));
    if (!target)
        return Error::forbidden();
    IOTILE_TRY(allowed, Targets::canAccess(access, *target));
    if (!allowed)
        return Error::forbidden();
    if (!body.contains(QStringLiteral("data")))
        return Error::bareList(QStringLiteral("Required fields: data, target, name"));
    ConfigStore store(*db);
    IOTILE_TRY(configName, store.nameByName(*name));
    if (!configName)
        return Error::bareList(QStringLiteral("Most use a valid Configuration Attribute Name"));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(attribute,
               store.upsertAttribute(target->slug, configName->id, body.value(QStringLiteral("data")),
                                     ctx.account().id));
    if (logAsNote && target->isDevice()) {
        Note note;
        note.target = attribute.target;
        note.timestamp = isotime::now();
        note.note = ConfigController::changeNote(attribute.name, attribute.data);
        note.type = QStringLiteral("si");
        note.userId = ctx.account().id;
        IOTILE_CHECK(NoteStore(*db).create(note));
    }
    IOTILE_CHECK(tx.commit());
    return HttpResponse::json(ConfigController::attributeJson(attribute), 201);
}

Result<ConfigAttribute> accessibleAttribute(RequestContext &ctx, SqlConnection &db, Access &access)
{
    const QString text = ctx.capture(0);
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok)
        return badPk();
    IOTILE_TRY(attribute, ConfigStore(db).attributeById(id));
    if (!attribute)
        return Error::notFound();
    IOTILE_TRY(target, Targets::find(db, attribute->target));
    if (!target)
        return Error::forbidden();
    IOTILE_TRY(allowed, Targets::canAccess(access, *target));
    if (!allowed)
        return Error::forbidden();
    return *attribute;
}

Result<HttpResponse> attributeDetail(RequestContext &ctx)
{
    if (ctx.method() == Put || ctx.method() == Patch)
        return Error(
            ErrorKind::BadRequest,
            QJsonObject {{QStringLiteral("error"),
                          QStringLiteral("PUT and PATCH methods are not supported; use POST with the right "
                                         "target")}});
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(attribute, accessibleAttribute(ctx, *db, access));
    if (ctx.method() == Delete) {
        IOTILE_CHECK(ConfigStore(*db).removeAttribute(attribute.id));
        return HttpResponse::noContent();
    }
    return HttpResponse::json(ConfigController::attributeJson(attribute));
}

// The next object up the search path: device -> project -> org -> the caller; block -> org -> caller;
// project -> org -> caller; org -> caller; the caller ends it.
Result<std::optional<Target>> parentOf(SqlConnection &db, const Target &target, const QString &callerSlug)
{
    switch (target.kind) {
    case Target::Kind::Device:
        if (target.projectSlug.isEmpty())
            return std::optional<Target>();
        return Targets::find(db, target.projectSlug);
    case Target::Kind::Project:
    case Target::Kind::Block:
        if (target.orgSlug.isEmpty())
            return std::optional<Target>();
        return Targets::find(db, QLatin1Char('^') + target.orgSlug);
    case Target::Kind::Org:
        return Targets::find(db, QLatin1Char('@') + callerSlug);
    case Target::Kind::User:
    case Target::Kind::Stream:
        break;
    }
    return std::optional<Target>();
}

Result<HttpResponse> search(RequestContext &ctx)
{
    const QString slug = ctx.queryValue(QStringLiteral("target"));
    const QString name = ctx.queryValue(QStringLiteral("name"));
    const Error missing(
        ErrorKind::BadRequest,
        QJsonObject {{QStringLiteral("error"), QStringLiteral("Missing target and/or name")}});
    if (slug.isEmpty() || name.isEmpty())
        return missing;
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    // No lower-casing here, unlike POST: the search starts at exactly the slug given.
    IOTILE_TRY(start, Targets::find(*db, slug));
    if (!start)
        return missing;
    // Access is checked on the starting object only: the path above it is the caller's own context.
    IOTILE_TRY(allowed, Targets::canAccess(access, *start));
    if (!allowed)
        return Error::forbidden();
    ConfigStore store(*db);
    IOTILE_TRY(configName, store.nameByName(name));
    if (!configName)
        return Error::notFound();
    std::optional<Target> current = start;
    for (int depth = 0; current && depth < 8; ++depth) {
        IOTILE_TRY(found, store.attribute(current->slug, configName->id));
        if (found)
            return HttpResponse::json(ConfigController::attributeJson(*found));
        IOTILE_TRY(parent, parentOf(*db, *current, ctx.account().slug));
        current = parent;
    }
    return Error::notFound();
}

// Python's repr() of JSON data, for the note text.
QString pythonRepr(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("None");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9.007199254740992e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::String: {
        QString s = v.toString();
        s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('\''), QStringLiteral("\\'"));
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    }
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &item : v.toArray())
            items.append(pythonRepr(item));
        return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        QStringList items;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            items.append(pythonRepr(it.key()) + QStringLiteral(": ") + pythonRepr(it.value()));
        return QLatin1Char('{') + items.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    }
    return QString();
}

QString pythonStr(const QJsonValue &v)
{
    return v.isString() ? v.toString() : pythonRepr(v);
}

} // namespace

QString ConfigController::changeNote(const QString &name, const QJsonValue &data)
{
    QString note = QStringLiteral("Attribute %1 was changed to:").arg(name);
    if (data.isObject()) {
        const QJsonObject o = data.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            note += QStringLiteral("\n--> %1: %2").arg(it.key(), pythonStr(it.value()));
    } else {
        note += QStringLiteral("--> ") + pythonStr(data);
    }
    return note;
}

QJsonObject ConfigController::nameJson(const ConfigName &n)
{
    return QJsonObject {
        {QStringLiteral("id"), double(n.id)},
        {QStringLiteral("name"), n.name},
        {QStringLiteral("description"), n.description ? QJsonValue(*n.description) : QJsonValue()},
        {QStringLiteral("tags"), QJsonArray::fromStringList(n.tags)}};
}

QJsonObject ConfigController::attributeJson(const ConfigAttribute &a)
{
    return QJsonObject {{QStringLiteral("id"), double(a.id)},
                        {QStringLiteral("target"), a.target},
                        {QStringLiteral("name"), a.name},
                        {QStringLiteral("data"), a.data},
                        {QStringLiteral("updated_on"), json::time(a.updatedOn)}};
}

void ConfigController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/config/name/"), listNames);
    router.add(Post, QStringLiteral("/api/v1/config/name/"), createName);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/config/name/{id}/"), nameDetail);
    router.add(Get, QStringLiteral("/api/v1/config/attr/"), listAttributes);
    router.add(Post, QStringLiteral("/api/v1/config/attr/"), createAttribute);
    router.add(Get, QStringLiteral("/api/v1/config/attr/search/"), search);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/config/attr/{id}/"), attributeDetail);
}

} // namespace iotile
