#include "server/api/devicescriptcontroller.h"

#include "common/util/isotime.h"
#include "server/api/blobresponse.h"
#include "server/api/jsonutil.h"
#include "server/api/otalookup.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/access.h"
#include "server/domain/ota.h"
#include "server/http/jwtcodec.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicescriptstore.h"
#include "server/store/orgstore.h"

#include <QDate>
#include <QJsonArray>
#include <QUuid>

#include <algorithm>

namespace iotile {

namespace {

constexpr int kNameMax = 50;
// The original's presigned upload allowed this much.
constexpr qint64 kMaxScriptBytes = 1024000;
// How long a link from file/ works (the original's presigned S3 links: 15 minutes).
constexpr qint64 kLinkSeconds = 15 * 60;
const QString kLinkPurpose = QStringLiteral("ota-script");
const QString kUploadPurpose = QStringLiteral("ota-script-upload");

Error restricted()
{
    return Error::forbidden(QStringLiteral("You do not have permission to perform this action."));
}

// Who may change a script: staff, or whoever may manage OTA in its org (the original's web views; its
// API left writes to staff).
Result<bool> canManage(Access &access, qint64 orgId)
{
    if (access.isStaff())
        return true;
    return access.can(orgId, Permission::ManageOta);
}

// The script of the URL: staff see all; others a released one (the original: "users are allowed to
// access if they know the ID"), or any of an org where they manage OTA.
Result<DeviceScript> visibleScript(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(script, otalookup::script(db, ctx.capture(0)));
    if (!script)
        return Error::notFound();
    if (script->released)
        return *script;
    IOTILE_TRY(allowed, canManage(access, script->orgId));
    if (!allowed)
        return Error::notFound();
    return *script;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    DeviceScriptStore::ListQuery query;
    if (const QString version = ctx.queryValue(QStringLiteral("version")); !version.isEmpty()) {
        const QStringList parts = version.split(QLatin1Char('.'));
        std::optional<int> *targets[] = {&query.major, &query.minor, &query.patch};
        for (qsizetype i = 0; i < parts.size() && i < 3; ++i) {
            bool ok = false;
            const int n = parts[i].toInt(&ok);
            if (!ok)
                return Error::field(QStringLiteral("version"), QStringLiteral("Enter a valid version."));
            *targets[i] = n;
        }
    }
    QList<qint64> orgIds;
    for (const QString &slug : ctx.query().allQueryItemValues(QStringLiteral("org"))) {
        IOTILE_TRY(org, otalookup::org(*db, slug));
        if (!org)
            return Error::field(
                QStringLiteral("org"),
                QStringLiteral("Select a valid choice. %1 is not one of the available choices.").arg(slug));
        orgIds.append(org->id);
    }
    if (!access.isStaff()) {
        // The original lists nothing to users; beyond it, the scripts of orgs where they manage OTA and,
        // unless ?org= narrows the list, released scripts (which any user may read and deploy: a
        // customer deploys its vendor's firmware).
        query.orReleased = orgIds.isEmpty();
        QList<qint64> manageable;
        IOTILE_TRY(orgs, OrgStore(*db).list(OrgStore::ListQuery {}, access, 0, 100000));
        for (const Org &o : orgs) {
            IOTILE_TRY(allowed, access.can(o.id, Permission::ManageOta));
            if (allowed && (orgIds.isEmpty() || orgIds.contains(o.id)))
                manageable.append(o.id);
        }
        orgIds = manageable.isEmpty() ? QList<qint64> {0} : manageable;
    }
    query.orgIds = orgIds;
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    DeviceScriptStore store(*db);
    IOTILE_TRY(count, store.count(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const DeviceScript &s : rows)
        results.append(DeviceScriptController::scriptJson(s));
    return page.envelope(ctx, count, results);
}

// The writable fields of a script (DeviceScriptSerializer) into `script`; `full` for POST and PUT.
Status readScript(SqlConnection &db, const QJsonObject &body, bool full, DeviceScript &script)
{
    FieldErrors errors;
    if (body.contains(QStringLiteral("name")) || full) {
        if (const auto name = errors.requiredString(body, QStringLiteral("name"), kNameMax))
            script.name = name->trimmed();
    }
    if (body.contains(QStringLiteral("org")) || full) {
        if (const auto slug = errors.requiredString(body, QStringLiteral("org"))) {
            IOTILE_TRY(org, otalookup::org(db, *slug));
            // Scripts belong to vendors (the serializer's queryset).
            if (!org || !org->isVendor)
                errors.add(QStringLiteral("org"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            else
                script.orgId = org->id;
        }
    }
    const struct
    {
        const char *field;
        int *target;
    } numbers[] = {
        {"major_version", &script.major}, {"minor_version", &script.minor}, {"patch_version", &script.patch}};
    for (const auto &n : numbers) {
        const QString field = QLatin1String(n.field);
        if (const auto v = errors.optionalInt(body, field)) {
            if (*v < -2147483648LL || *v > 2147483647LL)
                errors.add(field, QStringLiteral("A valid integer is required."));
            else
                *n.target = int(*v);
        }
    }
    if (const auto released = errors.optionalBool(body, QStringLiteral("released"))) {
        if (*released && !script.released && script.releasedOn.isEmpty())
            script.releasedOn = QDate::currentDate().toString(Qt::ISODate);
        script.released = *released;
    }
    if (body.contains(QStringLiteral("notes")))
        script.notes = errors.optionalString(body, QStringLiteral("notes")).value_or(QString());
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(taken, DeviceScriptStore(db).versionTaken(script));
    if (taken)
        return Error::field(
            QStringLiteral("non_field_errors"),
            QStringLiteral("The fields org, name, major_version, minor_version, patch_version "
                           "must make a unique set."));
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    DeviceScript script;
    IOTILE_CHECK(readScript(*db, body, true, script));
    IOTILE_TRY(allowed, canManage(access, script.orgId));
    if (!allowed)
        return restricted();
    script.createdBy = ctx.account().id;
    DeviceScriptStore store(*db);
    IOTILE_TRY(created, store.create(script));
    IOTILE_TRY(stored, store.byId(created.id));
    return HttpResponse::json(DeviceScriptController::scriptJson(stored.value_or(created)), 201);
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(script, visibleScript(ctx, *db, access));
    if (ctx.method() == Get)
        return HttpResponse::json(DeviceScriptController::scriptJson(script));
    IOTILE_TRY(allowed, canManage(access, script.orgId));
    if (!allowed)
        return restricted();
    DeviceScriptStore store(*db);
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.remove(script.id));
        if (!script.fileKey.isEmpty())
            (void)ctx.server().blobs().remove(script.fileKey); // an orphan file is harmless
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.dataObject());
    DeviceScript changed = script;
    IOTILE_CHECK(readScript(*db, body, ctx.method() == Put, changed));
    if (changed.orgId != script.orgId) {
        IOTILE_TRY(target, canManage(access, changed.orgId));
        if (!target)
            return restricted();
    }
    IOTILE_CHECK(store.update(changed));
    IOTILE_TRY(stored, store.byId(script.id));
    return HttpResponse::json(DeviceScriptController::scriptJson(stored.value_or(changed)));
}

// A file name as one blob key segment: letters, digits, '.', '_' and '-'.
QString keySegment(const QString &fileName)
{
    QString base = fileName.section(QLatin1Char('/'), -1).section(QLatin1Char('\\'), -1);
    QString out;
    for (const QChar c : std::as_const(base)) {
        const bool ok = (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('.')
            || c == QLatin1Char('_') || c == QLatin1Char('-');
        out.append(ok ? c : QLatin1Char('_'));
    }
    while (out.startsWith(QLatin1Char('.')))
        out.remove(0, 1);
    if (out.isEmpty())
        out = QStringLiteral("script.bin");
    return out.left(200);
}

// The original's S3FileSerializer for a script's file.
QJsonObject fileJson(const DeviceScript &s)
{
    return QJsonObject {{QStringLiteral("id"), s.fileUuid},
                        {QStringLiteral("title"), s.fileName},
                        {QStringLiteral("key"), s.fileKey},
                        {QStringLiteral("file_type"), QStringLiteral("script")},
                        {QStringLiteral("created_on"), json::time(s.fileCreatedOn)},
                        {QStringLiteral("created_by"), json::nullable(s.fileCreatedBySlug)}};
}

// POST upload/: a multipart "file", from an OTA manager, or from anyone holding the link uploadurl/ made
// (it names the uuid and file name, as the original's presigned S3 POST did).
Result<HttpResponse> upload(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    DeviceScript script;
    QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString name;
    qint64 by = 0;
    if (const QString token = ctx.queryValue(QStringLiteral("token")); !token.isEmpty()) {
        const Error refused = Error::forbidden(QStringLiteral("Invalid or expired upload link."));
        IOTILE_TRY(found, otalookup::script(*db, ctx.capture(0)));
        auto claims = ctx.server().jwt().verify(token.toLatin1(), isotime::now() / isotime::kMicrosPerSecond);
        if (!found || !claims || claims->value(QLatin1String("purpose")).toString() != kUploadPurpose
            || claims->value(QLatin1String("script")).toInteger(-1) != found->id)
            return refused;
        script = *found;
        uuid = claims->value(QLatin1String("uuid")).toString();
        name = claims->value(QLatin1String("name")).toString();
        by = claims->value(QLatin1String("by")).toInteger();
        IOTILE_TRY(used, DeviceScriptStore(*db).fileUuidTaken(uuid));
        if (used)
            return refused;
    } else {
        IOTILE_CHECK(ctx.requireUser());
        Access access(ctx.user().get(), *db);
        IOTILE_TRY(found, visibleScript(ctx, *db, access));
        IOTILE_TRY(allowed, canManage(access, found.orgId));
        if (!allowed)
            return Error::forbidden(QStringLiteral("Not allowed to upload to %1").arg(found.slug()));
        script = found;
        by = ctx.account().id;
    }
    IOTILE_TRY(files, ctx.files());
    const auto it = std::find_if(files.cbegin(), files.cend(),
                                 [](const UploadedFile &f) { return f.fieldName == QLatin1String("file"); });
    if (it == files.cend())
        return Error::field(QStringLiteral("file"), QStringLiteral("No file was submitted."));
    if (it->data.isEmpty())
        return Error::field(QStringLiteral("file"), QStringLiteral("The submitted file is empty."));
    if (it->data.size() > kMaxScriptBytes)
        return Error::field(
            QStringLiteral("file"),
            QStringLiteral("Ensure the file has no more than %1 bytes.").arg(kMaxScriptBytes));
    if (name.isEmpty())
        name = it->fileName.isEmpty() ? QStringLiteral("script.bin") : it->fileName;
    const QString key = QStringLiteral("ota/script/%1/%2").arg(uuid, keySegment(name));
    IOTILE_CHECK(ctx.server().blobs().put(key, it->data, QByteArrayLiteral("application/octet-stream")));
    // The row points at the new file only once it is stored; the old file goes after the row moved on.
    DeviceScriptStore store(*db);
    if (Status s = store.setFile(script.id, uuid, name, key, by); !s) {
        (void)ctx.server().blobs().remove(key);
        return std::move(s).error();
    }
    if (!script.fileKey.isEmpty() && script.fileKey != key)
        (void)ctx.server().blobs().remove(script.fileKey);
    IOTILE_TRY(stored, store.byId(script.id));
    return HttpResponse::json(fileJson(stored.value_or(script)), 201);
}

// POST uploadurl/ {"name"}: where to POST the file (the original's presigned S3 POST, here a signed link
// to upload/ that needs no other credentials): {"url", "fields", "uuid"}.
Result<HttpResponse> uploadUrl(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto name = errors.requiredString(body, QStringLiteral("name"), 200);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(script, visibleScript(ctx, *db, access));
    IOTILE_TRY(allowed, canManage(access, script.orgId));
    if (!allowed)
        return Error::forbidden(QStringLiteral("Not allowed to upload to %1").arg(script.slug()));
    const QString uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject claims {
        {QStringLiteral("purpose"), kUploadPurpose},
        {QStringLiteral("script"), double(script.id)},
        {QStringLiteral("uuid"), uuid},
        {QStringLiteral("name"), *name},
        {QStringLiteral("by"), double(ctx.account().id)},
        {QStringLiteral("exp"), double(isotime::now() / isotime::kMicrosPerSecond + kLinkSeconds)}};
    const QString url = ctx.origin()
        + QStringLiteral("/api/v1/ota/script/%1/upload/?token=").arg(script.slug())
        + QString::fromLatin1(ctx.server().jwt().sign(claims));
    return HttpResponse::json(QJsonObject {{QStringLiteral("url"), url},
                                           {QStringLiteral("fields"), QJsonObject {}},
                                           {QStringLiteral("uuid"), uuid}},
                              202);
}

// POST uploadsuccess/ {"name", "uuid"}: 202 with the file once the upload of that uuid arrived.
Result<HttpResponse> uploadSuccess(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    errors.requiredString(body, QStringLiteral("name"));
    const auto uuid = errors.requiredString(body, QStringLiteral("uuid"));
    if (uuid && QUuid::fromString(*uuid).isNull())
        errors.add(QStringLiteral("uuid"), QStringLiteral("Must be a valid UUID."));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(script, visibleScript(ctx, *db, access));
    IOTILE_TRY(allowed, canManage(access, script.orgId));
    if (!allowed)
        return Error::forbidden(QStringLiteral("Not allowed to upload to %1").arg(script.slug()));
    if (script.fileUuid != uuid->trimmed().toLower())
        return Error::badRequest(QStringLiteral("Illegal or duplicate UUID"));
    return HttpResponse::json(fileJson(script), 202);
}

BlobDownloadOptions downloadOptions(const DeviceScript &s)
{
    BlobDownloadOptions o;
    o.expiry = std::chrono::seconds(kLinkSeconds);
    o.fileName = s.fileName;
    o.contentType = QByteArrayLiteral("application/octet-stream");
    return o;
}

// DeviceScriptFileSerializer: the script's name and version with a link to its file.
Result<HttpResponse> fileInfo(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(script, visibleScript(ctx, *db, access));
    QJsonValue url = QJsonValue::Null;
    if (!script.fileKey.isEmpty()) {
        IOTILE_TRY(download, ctx.server().blobs().download(script.fileKey, downloadOptions(script)));
        if (!download.redirect.isEmpty()) {
            url = download.redirect.toString(QUrl::FullyEncoded);
        } else {
            // A signed link to download/ that works without credentials until it expires (gateways hand
            // it to a downloader as they did S3's); it names the file, so a new upload ends it.
            const QJsonObject claims {
                {QStringLiteral("purpose"), kLinkPurpose},
                {QStringLiteral("script"), double(script.id)},
                {QStringLiteral("key"), script.fileKey},
                {QStringLiteral("exp"), double(isotime::now() / isotime::kMicrosPerSecond + kLinkSeconds)}};
            url = ctx.origin() + QStringLiteral("/api/v1/ota/script/%1/download/?token=").arg(script.slug())
                + QString::fromLatin1(ctx.server().jwt().sign(claims));
        }
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("name"), script.name},
                                           {QStringLiteral("url"), url},
                                           {QStringLiteral("key"), json::nullable(script.fileKey)},
                                           {QStringLiteral("major_version"), script.major},
                                           {QStringLiteral("minor_version"), script.minor},
                                           {QStringLiteral("patch_version"), script.patch}});
}

Result<HttpResponse> download(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    DeviceScript script;
    if (const QString token = ctx.queryValue(QStringLiteral("token")); !token.isEmpty()) {
        const Error refused = Error::forbidden(QStringLiteral("Invalid or expired download link."));
        IOTILE_TRY(found, otalookup::script(*db, ctx.capture(0)));
        auto claims = ctx.server().jwt().verify(token.toLatin1(), isotime::now() / isotime::kMicrosPerSecond);
        if (!found || !claims || claims->value(QLatin1String("purpose")).toString() != kLinkPurpose
            || claims->value(QLatin1String("script")).toInteger(-1) != found->id
            || claims->value(QLatin1String("key")).toString() != found->fileKey)
            return refused;
        script = *found;
    } else {
        IOTILE_CHECK(ctx.requireUser());
        Access access(ctx.user().get(), *db);
        IOTILE_TRY(found, visibleScript(ctx, *db, access));
        script = found;
    }
    if (script.fileKey.isEmpty())
        return Error(ErrorKind::NotFound,
                     QJsonObject {{QStringLiteral("error"), QStringLiteral("Script has no file")}});
    IOTILE_TRY(out, ctx.server().blobs().download(script.fileKey, downloadOptions(script)));
    return BlobResponse::from(std::move(out));
}

} // namespace

QJsonObject DeviceScriptController::scriptJson(const DeviceScript &s)
{
    return QJsonObject {{QStringLiteral("slug"), s.slug()},
                        {QStringLiteral("gid"), double(s.id)},
                        {QStringLiteral("name"), s.name},
                        {QStringLiteral("org"), s.orgSlug},
                        {QStringLiteral("version"), s.version()},
                        {QStringLiteral("created_on"), json::time(s.createdOn)},
                        {QStringLiteral("released"), s.released},
                        {QStringLiteral("released_on"), json::nullable(s.releasedOn)}};
}

void DeviceScriptController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/ota/script/"), list);
    router.add(Post, QStringLiteral("/api/v1/ota/script/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/ota/script/{slug}/"), detail);
    router.add(Get, QStringLiteral("/api/v1/ota/script/{slug}/file/"), fileInfo);
    router.add(Post, QStringLiteral("/api/v1/ota/script/{slug}/upload/"), upload, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/ota/script/{slug}/uploadurl/"), uploadUrl);
    router.add(Post, QStringLiteral("/api/v1/ota/script/{slug}/uploadsuccess/"), uploadSuccess);
    router.add(Get, QStringLiteral("/api/v1/ota/script/{slug}/download/"), download, Auth::Optional);
}

} // namespace iotile
