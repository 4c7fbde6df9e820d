#include "server/http/pagination.h"

#include "server/http/requestcontext.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace iotile {

Result<PageRequest> PageRequest::from(const RequestContext &ctx, PageSizes sizes)
{
    PageRequest p;
    p.m_pageSize = sizes.defaultSize;
    const QString size = ctx.queryValue(QStringLiteral("page_size"));
    if (!size.isEmpty()) {
        bool ok = false;
        const qint64 n = size.toLongLong(&ok);
        if (ok && n > 0)
            p.m_pageSize = std::min(n, sizes.maxSize); // DRF clamps; a bad value falls back to the default
    }
    const QString page = ctx.queryValue(QStringLiteral("page"));
    if (page == QLatin1String("last")) {
        p.m_last = true;
    } else if (!page.isEmpty()) {
        bool ok = false;
        const qint64 n = page.toLongLong(&ok);
        if (!ok || n < 1)
            return Error::detail(ErrorKind::NotFound, QStringLiteral("Invalid page."));
        p.m_page = n;
    }
    return p;
}

Status PageRequest::validate(qint64 count)
{
    const qint64 pages = std::max<qint64>(1, (count + m_pageSize - 1) / m_pageSize);
    if (m_last)
        m_page = pages;
    if (m_page > pages)
        return Error::detail(ErrorKind::NotFound, QStringLiteral("Invalid page."));
    return Ok {};
}

QByteArray PageRequest::envelopeHead(const RequestContext &ctx, qint64 count) const
{
    const qint64 pages = std::max<qint64>(1, (count + m_pageSize - 1) / m_pageSize);
    auto link = [&](qint64 page) -> QByteArray {
        QUrlQuery q = ctx.query();
        q.removeAllQueryItems(QStringLiteral("page"));
        if (page > 1)
            q.addQueryItem(QStringLiteral("page"), QString::number(page));
        return toJsonText(ctx.urlWithQuery(q));
    };
    QByteArray out = "{\"count\":" + QByteArray::number(count) + ",\"next\":";
    out += m_page < pages ? link(m_page + 1) : QByteArray("null");
    out += ",\"previous\":";
    out += m_page > 1 ? link(m_page - 1) : QByteArray("null");
    out += ",\"results\":";
    return out;
}

HttpResponse PageRequest::envelope(const RequestContext &ctx, qint64 count, const QJsonArray &results) const
{
    QByteArray out = envelopeHead(ctx, count);
    out += QJsonDocument(results).toJson(QJsonDocument::Compact);
    out += '}';
    return HttpResponse::rawJson(std::move(out));
}

} // namespace iotile
