#include "server/api/vartypecontroller.h"

#include "common/slug/slugify.h"
#include "server/api/catalogpolicy.h"
#include "server/api/fieldreader.h"
#include "server/api/unitjson.h"
#include "server/domain/vartype.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/vartypestore.h"

#include <QJsonArray>
#include <QSet>

namespace iotile {

namespace {

Result<VarType> existing(RequestContext &ctx, SqlConnection &db)
{
    IOTILE_TRY(t, VarTypeStore(db).bySlug(ctx.capture(0)));
    if (!t)
        return Error::notFound();
    return *t;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    IOTILE_TRY(createdBy, CatalogPolicy::createdByFilter(ctx, *db));
    const QString search = ctx.queryValue(QStringLiteral("search"));
    VarTypeStore store(*db);
    IOTILE_TRY(count, store.count(search, createdBy));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(search, createdBy, page.offset(), page.limit()));
    QJsonArray results;
    for (const VarType &t : rows)
        results.append(UnitJson::varType(t));
    return page.envelope(ctx, count, results);
}

// Beyond the original (whose vartype/ serializer is read-only for units): available_input_units and
// available_output_units may be written as lists of unit objects, replacing the units of that direction.
// Slugs are derived as the original derives them.
struct UnitsField
{
    bool present = false;
    QList<VarTypeUnit> units;
    QJsonValue error {
        QJsonValue::Undefined}; // DRF's nested style: a list of messages, or one error object per item
};

UnitsField readUnits(const QJsonObject &body, const QString &field, bool output)
{
    UnitsField result;
    if (!body.contains(field))
        return result;
    result.present = true;
    const QJsonValue v = body.value(field);
    if (!v.isArray()) {
        result.error = QJsonArray {QStringLiteral("Expected a list of items.")};
        return result;
    }
    QJsonArray itemErrors;
    bool failed = false;
    QSet<QString> names;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isObject()) {
            itemErrors.append(
                QJsonObject {{QStringLiteral("non_field_errors"),
                              QJsonArray {QStringLiteral("Invalid data. Expected a dictionary.")}}});
            failed = true;
            continue;
        }
        VarTypeUnit u;
        u.output = output;
        u.decimalPlaces = 0; // the original's default
        FieldReader r(item.toObject(), false);
        if (const auto s = r.text(QStringLiteral("unit_full"), 20, true, false))
            u.unitFull = *s;
        if (const auto s = r.text(QStringLiteral("unit_short"), 5, false))
            u.unitShort = *s;
        if (const auto n = r.integer(QStringLiteral("m")))
            u.m = *n;
        if (const auto n = r.integer(QStringLiteral("d")))
            u.d = *n;
        if (const auto n = r.number(QStringLiteral("o")))
            u.o = *n;
        if (output) {
            if (const auto n = r.integer(QStringLiteral("decimal_places")))
                u.decimalPlaces = int(*n);
            if (const auto j = r.json(QStringLiteral("derived_units"))) {
                if (!j->isObject() && !j->isNull())
                    r.add(QStringLiteral("derived_units"),
                          QStringLiteral("derived_units must be a dictionary."));
                else
                    u.derivedUnits = *j;
            }
        }
        if (!u.unitFull.isEmpty()) {
            const QString key = slugify(u.unitFull);
            if (names.contains(key))
                r.add(QStringLiteral("non_field_errors"),
                      QStringLiteral("The fields var_type, unit_full must make a unique set."));
            names.insert(key);
        }
        if (const Status s = r.status(); !s) {
            itemErrors.append(s.error().body());
            failed = true;
        } else {
            itemErrors.append(QJsonObject {});
        }
        result.units.append(u);
    }
    if (failed)
        result.error = itemErrors;
    return result;
}

struct VarTypeWrite
{
    std::optional<QList<VarTypeUnit>> inputs;
    std::optional<QList<VarTypeUnit>> outputs;
};

// The writable fields onto `t` (name, stream_data_type, storage_units_full, and the unit lists).
Result<VarTypeWrite> applyFields(SqlConnection &db, const QJsonObject &body, bool partial, VarType &t)
{
    FieldReader r(body, partial);
    if (const auto v = r.text(QStringLiteral("name"), 26, true, false))
        t.name = *v;
    static const QStringList kTypes = {QStringLiteral("00"), QStringLiteral("D0"), QStringLiteral("E0"),
                                       QStringLiteral("E1"), QStringLiteral("E2"), QStringLiteral("E3")};
    if (const auto v = r.choice(QStringLiteral("stream_data_type"), kTypes, false))
        t.streamDataType = *v;
    if (const auto v = r.text(QStringLiteral("storage_units_full"), 26, false))
        t.storageUnitsFull = *v;
    const Status status = r.status();
    QJsonObject errors = status ? QJsonObject {} : status.error().body().toObject();
    VarTypeWrite write;
    for (const bool output : {false, true}) {
        const QString field =
            output ? QStringLiteral("available_output_units") : QStringLiteral("available_input_units");
        UnitsField units = readUnits(body, field, output);
        if (!units.error.isUndefined())
            errors.insert(field, units.error);
        else if (units.present)
            (output ? write.outputs : write.inputs) = units.units;
    }
    if (!errors.isEmpty())
        return Error::fields(errors);
    t.slug = slugify(t.name);
    if (t.slug.isEmpty())
        return Error::field(QStringLiteral("name"), QStringLiteral("Name must contain letters or digits."));
    for (std::optional<QList<VarTypeUnit>> *units : {&write.inputs, &write.outputs})
        if (*units)
            for (VarTypeUnit &u : **units)
                u.slug = VarTypeStore::unitSlug(u.output, t.slug, u.unitFull);
    VarTypeStore store(db);
    IOTILE_TRY(nameTaken, store.nameTaken(t.name, t.id));
    if (nameTaken)
        return Error::field(QStringLiteral("name"),
                            QStringLiteral("Variable Type with this name already exists."));
    IOTILE_TRY(slugTaken, store.slugTaken(t.slug, t.id));
    if (slugTaken)
        return Error::field(QStringLiteral("name"),
                            QStringLiteral("Variable Type with this slug already exists."));
    return write;
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    VarType t;
    t.streamDataType = QStringLiteral("00"); // the original model's default
    t.createdBy = ctx.account().id;
    IOTILE_TRY(write, applyFields(*db, body, false, t));
    t.inputUnits = write.inputs.value_or(QList<VarTypeUnit>());
    t.outputUnits = write.outputs.value_or(QList<VarTypeUnit>());
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(created, VarTypeStore(*db).create(t));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, VarTypeStore(*db).byId(created.id));
    if (!stored)
        return Error::notFound();
    return HttpResponse::json(UnitJson::varType(*stored), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, existing(ctx, *db));
    return HttpResponse::json(UnitJson::varType(t));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, existing(ctx, *db));
    IOTILE_TRY(body, ctx.dataObject());
    const QString oldSlug = t.slug;
    IOTILE_TRY(write, applyFields(*db, body, ctx.method() == Patch, t));
    VarTypeStore store(*db);
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(store.update(t));
    // Unit slugs embed the var type's slug: keep them in step (the original leaves them stale).
    if (t.slug != oldSlug)
        IOTILE_CHECK(store.renameUnits(t));
    if (write.inputs)
        IOTILE_CHECK(store.replaceUnits(t.id, false, *write.inputs));
    if (write.outputs)
        IOTILE_CHECK(store.replaceUnits(t.id, true, *write.outputs));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, store.byId(t.id));
    if (!stored)
        return Error::notFound();
    return HttpResponse::json(UnitJson::varType(*stored));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, existing(ctx, *db));
    IOTILE_CHECK(VarTypeStore(*db).remove(t.id));
    return HttpResponse::noContent();
}

} // namespace

void VarTypeController::registerRoutes(Router &router, ServerContext &)
{
    using Readers = CatalogPolicy::Readers;
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/vartype/"), Readers::UsersOrApiKey,
                               {{Get, list}, {Post, create}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/vartype/{slug}/"), Readers::UsersOrApiKey,
                               {{Get, retrieve}, {Put, update}, {Patch, update}, {Delete, destroy}});
}

} // namespace iotile
