#pragma once

#include "common/util/error.h"
#include "server/http/httpresponse.h"

#include <QJsonArray>

namespace iotile {

class RequestContext;

// The original's page-number pagination classes: page size default and maximum.
struct PageSizes
{
    qint64 defaultSize;
    qint64 maxSize;
    static constexpr PageSizes standard() { return {100, 1000}; }
    static constexpr PageSizes large() { return {1000, 10000}; }
    static constexpr PageSizes superLarge() { return {5000, 20000}; }
};

// ?page=N&page_size=M of one request, as DRF's PageNumberPagination reads them.
class PageRequest
{
public:
    static Result<PageRequest> from(const RequestContext &ctx, PageSizes sizes);

    qint64 pageSize() const { return m_pageSize; }
    qint64 offset() const { return (m_page - 1) * m_pageSize; }
    qint64 limit() const { return m_pageSize; }
    // The first page, asked for as such (not as "last", which needs the count to resolve).
    bool isFirst() const { return m_page == 1 && !m_last; }
    // 404 "Invalid page." when the page lies past the end (page 1 of nothing is valid); resolves "last".
    Status validate(qint64 count);

    // {"count", "next", "previous", "results"} with absolute links that keep the other query parameters.
    HttpResponse envelope(const RequestContext &ctx, qint64 count, const QJsonArray &results) const;
    QByteArray envelopeHead(const RequestContext &ctx, qint64 count) const; // up to "results":

private:
    qint64 m_page = 1;
    qint64 m_pageSize = 100;
    bool m_last = false;
};

} // namespace iotile
