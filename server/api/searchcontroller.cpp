#include "server/api/searchcontroller.h"

#include "server/api/devicecontroller.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/searchindex.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/searchstore.h"

#include <QJsonArray>
#include <QUrl>

namespace iotile {

namespace {

constexpr qsizetype kMaxQueryLength = 256;
// The original's org device search pages by a fixed 10 (Elasticsearch "from/size").
constexpr qint64 kOrgSearchPageSize = 10;
// Beyond any real result (and far from overflowing the offset).
constexpr qint64 kMaxPage = 100'000'000;
// Property filters of one request: each is one EXISTS clause.
constexpr qsizetype kMaxPropertyFilters = 16;

// Query parameters decoded as an HTML form does ("+" is a space), which is how the Python SDK and
// browsers send them; QUrlQuery alone keeps "+" literally.
QList<QPair<QString, QString>> formItems(const RequestContext &ctx)
{
    QList<QPair<QString, QString>> out;
    const auto decode = [](QString text) {
        text.replace(QLatin1Char('+'), QLatin1Char(' '));
        return QUrl::fromPercentEncoding(text.toUtf8());
    };
    for (const auto &[name, value] : ctx.query().queryItems(QUrl::FullyEncoded))
        out.append({decode(name), decode(value)});
    return out;
}

QString formValue(const QList<QPair<QString, QString>> &items, const QString &name)
{
    for (const auto &[key, value] : items)
        if (key == name)
            return value;
    return QString();
}

Result<HttpResponse> search(RequestContext &ctx)
{
    const auto items = formItems(ctx);
    const QString q = formValue(items, QStringLiteral("q")).trimmed();
    if (q.isEmpty())
        return Error::field(QStringLiteral("q"), QStringLiteral("This field is required."));
    if (q.size() > kMaxQueryLength)
        return Error::field(
            QStringLiteral("q"),
            QStringLiteral("Ensure this field has no more than %1 characters.").arg(kMaxQueryLength));
    SearchStore::Query query;
    query.words = SearchIndex::queryWords(q);
    query.kind = ctx.queryValue(QStringLiteral("type"));
    static const QStringList kKinds = {QStringLiteral("org"), QStringLiteral("project"),
                                       QStringLiteral("device")};
    if (!query.kind.isEmpty() && !kKinds.contains(query.kind))
        return Error::field(QStringLiteral("type"),
                            QStringLiteral("\"%1\" is not a valid choice.").arg(query.kind));
    query.all = ctx.staffMode();
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    SearchStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(hits, store.search(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const SearchHit &h : hits) {
        const bool device = h.kind == QLatin1String("device");
        results.append(QJsonObject {
            {QStringLiteral("type"), h.kind},
            {QStringLiteral("slug"), h.slug},
            {QStringLiteral("id"), device ? QJsonValue(h.id.toDouble()) : QJsonValue(h.id)},
            {QStringLiteral("title"), h.title.isEmpty() && device ? h.slug : h.title},
            {QStringLiteral("org"),
             h.orgSlug.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(h.orgSlug)},
            {QStringLiteral("rank"), h.rank},
        });
    }
    return page.envelope(ctx, count, results);
}

// GET org/<slug>/devices/: the original's Elasticsearch device search. q is free text over label, slug,
// external id, template, sensor graph and properties; every other parameter is a property filter
// name=value, except page and the staff/format switches (the original filtered on those too, so staff
// asking as staff found nothing).
Result<HttpResponse> orgDevices(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, OrgStore(*db).bySlug(ctx.capture(0)));
    if (!org)
        return Error::notFound();
    IOTILE_TRY(member, access.isActiveMember(org->id));
    if (!member && !ctx.staffMode())
        return Error::notFound();

    SearchStore::DeviceQuery query;
    query.orgId = org->id;
    qint64 page = 1;
    bool matchesNothing = false;
    for (const auto &[name, value] : formItems(ctx)) {
        if (name == QLatin1String("q")) {
            if (value.size() > kMaxQueryLength)
                return Error::field(
                    QStringLiteral("q"),
                    QStringLiteral("Ensure this field has no more than %1 characters.").arg(kMaxQueryLength));
            query.words = SearchIndex::queryWords(value);
            // Text without a letter or digit matches nothing rather than everything.
            matchesNothing = query.words.isEmpty() && !value.trimmed().isEmpty();
        } else if (name == QLatin1String("page")) {
            bool ok = false;
            page = value.toLongLong(&ok);
            if (!ok || page < 1 || page > kMaxPage)
                return Error::detail(ErrorKind::NotFound, QStringLiteral("Invalid page."));
        } else if (name != QLatin1String("staff") && name != QLatin1String("format")) {
            if (query.properties.size() == kMaxPropertyFilters)
                return Error::badRequest(
                    QStringLiteral("At most %1 property filters are supported.").arg(kMaxPropertyFilters));
            query.properties.append({name, value});
        }
    }
    qint64 count = 0;
    QList<qint64> ids;
    SearchStore store(*db);
    if (!matchesNothing) {
        IOTILE_TRY(n, store.countDevices(query));
        count = n;
        IOTILE_TRY(found, store.deviceIds(query, (page - 1) * kOrgSearchPageSize, kOrgSearchPageSize));
        ids = found;
    }
    DeviceStore devices(*db);
    QJsonArray results;
    for (const qint64 id : std::as_const(ids)) {
        IOTILE_TRY(device, devices.byId(id));
        if (device)
            results.append(DeviceController::deviceJson(*device));
    }
    const auto pageOrNull = [](qint64 n) {
        return n > 0 ? QJsonValue(double(n)) : QJsonValue(QJsonValue::Null);
    };
    return HttpResponse::json(QJsonObject {
        {QStringLiteral("next_page"), pageOrNull(page * kOrgSearchPageSize >= count ? 0 : page + 1)},
        {QStringLiteral("prev_page"), pageOrNull(page - 1)},
        {QStringLiteral("count"), double(count)},
        {QStringLiteral("results"), results},
    });
}

} // namespace

void SearchController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/search/"), search);
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/devices/"), orgDevices);
}

} // namespace iotile
