#include "server/api/notecontroller.h"

#include "server/api/accountcontroller.h"
#include "server/api/fieldreaders.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/note.h"
#include "server/domain/target.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/notestore.h"

#include <QJsonArray>
#include <QSet>

namespace iotile {

namespace {

constexpr qint64 kLastNLimit = 100000;

bool isNoteTarget(const Target &t)
{
    return t.kind == Target::Kind::Stream || t.kind == Target::Kind::Device || t.kind == Target::Kind::Block
        || t.kind == Target::Kind::Project;
}

// A note target the caller may write to (the original's target.has_access); 403 otherwise, unknown
// targets included (the original failed with a 500 there).
Result<Target> writableTarget(SqlConnection &db, Access &access, const QString &slug)
{
    IOTILE_TRY(target, Targets::find(db, slug));
    if (!target || !isNoteTarget(*target))
        return Error::forbidden();
    IOTILE_TRY(allowed, Targets::canAccess(access, *target));
    if (!allowed)
        return Error::forbidden();
    return *target;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    const QString slug = ctx.queryValue(QStringLiteral("target"));
    if (slug.isEmpty())
        return Error::field(QStringLiteral("target"), QStringLiteral("This field is required."));
    FieldErrors errors;
    NoteStore::ListQuery query;
    query.target = slug;
    query.start = fields::queryDateTime(ctx, QStringLiteral("start"), errors);
    query.end = fields::queryDateTime(ctx, QStringLiteral("end"), errors);
    query.timestamp = fields::queryDateTime(ctx, QStringLiteral("timestamp"), errors);
    query.idMin = fields::queryNumber(ctx, QStringLiteral("id_min"), errors, QStringLiteral("id"));
    query.idMax = fields::queryNumber(ctx, QStringLiteral("id_max"), errors, QStringLiteral("id"));
    query.lastN = fields::queryNumber(ctx, QStringLiteral("lastn"), errors);
    IOTILE_CHECK(errors.status());
    if (query.lastN && *query.lastN < 1)
        return Error::bareList(QStringLiteral("lastn must be greater than 0"));
    if (query.lastN && *query.lastN > kLastNLimit)
        return Error::bareList(QStringLiteral("lastn limit is 100000"));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    // Beyond the original, which listed any target's notes to anyone: the caller needs access to the
    // target and the right to read notes, as for one note.
    IOTILE_TRY(target, writableTarget(*db, access, slug));
    IOTILE_TRY(readable, Targets::allows(access, target, Permission::ReadNotes));
    if (!readable)
        return Error::forbidden();
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    NoteStore store(*db);
    IOTILE_TRY(count, store.count(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const Note &n : rows)
        results.append(NoteController::noteJson(n));
    return page.envelope(ctx, count, results);
}

// The writable fields of one note; `full` when target and timestamp must be there (POST, PUT).
std::optional<Note> readNote(const QJsonValue &value, bool full, Note note, QJsonObject &errorsOut)
{
    if (!value.isObject()) {
        errorsOut = QJsonObject {
            {QStringLiteral("non_field_errors"),
             QJsonArray {QStringLiteral("Invalid data. Expected a dictionary, but got %1.")
                             .arg(value.isArray() ? QStringLiteral("list") : QStringLiteral("str"))}}};
        return std::nullopt;
    }
    const QJsonObject body = value.toObject();
    FieldErrors errors;
    if (const auto target = fields::charField(body, QStringLiteral("target"), errors, full))
        note.target = *target;
    if (const auto timestamp = fields::dateTime(body, QStringLiteral("timestamp"), errors, full))
        note.timestamp = *timestamp;
    if (body.contains(QStringLiteral("note"))) {
        if (body.value(QStringLiteral("note")).isNull())
            note.note.reset();
        else if (const auto text = fields::charField(body, QStringLiteral("note"), errors, false, -1, true))
            note.note = *text;
    }
    if (!errors.isEmpty()) {
        errorsOut = errors.error().body().toObject();
        return std::nullopt;
    }
    return note;
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(data, ctx.data());
    const bool many = data.isArray();
    const QJsonArray items = many ? data.toArray() : QJsonArray {data};
    Note blank;
    blank.userId = ctx.account().id;
    blank.username = ctx.account().username;
    blank.userSlug = ctx.account().slug;
    blank.userEmail = ctx.account().email;
    QList<Note> notes;
    QJsonArray itemErrors;
    bool failed = false;
    for (const QJsonValue &item : items) {
        QJsonObject errors;
        const auto note = readNote(item, true, blank, errors);
        failed = failed || !note;
        itemErrors.append(errors);
        if (note)
            notes.append(*note);
    }
    if (failed)
        return Error(ErrorKind::BadRequest, many ? QJsonValue(itemErrors) : itemErrors.at(0));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    QSet<QString> checked;
    for (const Note &n : std::as_const(notes)) {
        if (checked.contains(n.target))
            continue;
        IOTILE_CHECK(writableTarget(*db, access, n.target));
        checked.insert(n.target);
    }
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    NoteStore store(*db);
    QList<Note> created;
    for (const Note &n : std::as_const(notes)) {
        IOTILE_TRY(stored, store.create(n));
        created.append(stored);
    }
    IOTILE_CHECK(tx.commit());
    if (many)
        return HttpResponse::json(QJsonObject {{QStringLiteral("count"), created.size()}}, 201);
    return HttpResponse::json(NoteController::noteJson(created.first()), 201);
}

// The note of the URL: staff, or whoever may access its target (the original: a member of its org).
Result<Note> reachableNote(RequestContext &ctx, SqlConnection &db, Access &access,
                           std::optional<Target> &target)
{
    bool ok = false;
    const qint64 id = ctx.capture(0).trimmed().toLongLong(&ok);
    if (!ok)
        return Error::bareList(QStringLiteral("Note ID must be a integer"));
    IOTILE_TRY(note, NoteStore(db).byId(id));
    if (!note)
        return Error::notFound();
    IOTILE_TRY(found, Targets::find(db, note->target));
    target = found;
    if (access.isStaff())
        return *note;
    if (!target)
        return Error::forbidden();
    IOTILE_TRY(allowed, Targets::canAccess(access, *target));
    if (!allowed)
        return Error::forbidden();
    return *note;
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    std::optional<Target> target;
    IOTILE_TRY(note, reachableNote(ctx, *db, access, target));
    if (ctx.method() == Get) {
        if (target) {
            IOTILE_TRY(readable, Targets::allows(access, *target, Permission::ReadNotes));
            if (!readable)
                return Error::forbidden();
        }
        return HttpResponse::json(NoteController::noteJson(note));
    }
    NoteStore store(*db);
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.remove(note.id));
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.data());
    QJsonObject errors;
    const auto changed = readNote(body, ctx.method() == Put, note, errors);
    if (!changed)
        return Error::fields(errors);
    // Beyond the original: a note moves only to a target the caller may write to.
    if (changed->target != note.target)
        IOTILE_CHECK(writableTarget(*db, access, changed->target));
    IOTILE_CHECK(store.update(*changed));
    return HttpResponse::json(NoteController::noteJson(*changed));
}

} // namespace

QJsonObject NoteController::noteJson(const Note &n)
{
    QJsonValue userInfo = QJsonValue::Null;
    if (n.userId)
        userInfo = QJsonObject {{QStringLiteral("username"), QLatin1Char('@') + n.username},
                                {QStringLiteral("slug"), n.userSlug},
                                {QStringLiteral("tiny_avatar"),
                                 AccountController::avatarJson(n.userEmail).value(QLatin1String("tiny"))}};
    return QJsonObject {{QStringLiteral("id"), double(n.id)},
                        {QStringLiteral("target"), n.target},
                        {QStringLiteral("timestamp"), json::time(n.timestamp)},
                        {QStringLiteral("note"), n.note ? QJsonValue(*n.note) : QJsonValue()},
                        {QStringLiteral("type"), n.type},
                        {QStringLiteral("user_info"), userInfo},
                        {QStringLiteral("attachment"), n.attachment}};
}

void NoteController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/note/"), list);
    router.add(Post, QStringLiteral("/api/v1/note/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/note/{id}/"), detail);
}

} // namespace iotile
