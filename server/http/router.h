#pragma once

#include "common/util/error.h"
#include "server/http/httpresponse.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <memory>
#include <vector>

namespace iotile {

class RequestContext;

enum HttpMethod : unsigned {
    Get = 1u << 0,
    Head = 1u << 1,
    Post = 1u << 2,
    Put = 1u << 3,
    Patch = 1u << 4,
    Delete = 1u << 5,
    Options = 1u << 6,
    OtherMethod = 1u << 7,
};
using HttpMethods = unsigned;

QByteArray methodName(HttpMethod method);

// Who may reach a handler before it runs: Required answers 401 to anonymous callers (the original's
// IsAuthenticated); Optional lets them through (AllowAny).
enum class Auth { Required, Optional };

using Handler = std::function<Result<HttpResponse>(RequestContext &)>;

struct Route
{
    HttpMethods methods = 0;
    Auth access = Auth::Required;
    Handler handler;
    QString pattern;
};

// Path routing by segments: literals win over {captures}; a path that exists for other methods gives
// 405 with Allow (QHttpServer 6.4 answers 404 there). Patterns end with '/' as every route of the
// original does.
class Router
{
public:
    Router();
    ~Router();

    void add(HttpMethods methods, const QString &pattern, Handler handler, Auth access = Auth::Required);

    struct Match
    {
        const Route *route = nullptr;
        QStringList captures;
        HttpMethods allowed = 0; // set when the path exists but not for this method
    };
    Match match(HttpMethod method, QStringView path) const;

    static QByteArray allowHeader(HttpMethods methods);

private:
    struct Node;
    bool matchSegments(const Node &node, const QList<QStringView> &segments, qsizetype index,
                       HttpMethod method, Match &match) const;
    std::unique_ptr<Node> m_root;
    std::vector<std::unique_ptr<Route>> m_routes;
    std::vector<std::unique_ptr<Node>> m_nodes;
};

} // namespace iotile
