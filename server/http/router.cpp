#include "server/http/router.h"

#include <QLoggingCategory>

namespace iotile {

QByteArray methodName(HttpMethod method)
{
    switch (method) {
    case Get:
        return "GET";
    case Head:
        return "HEAD";
    case Post:
        return "POST";
    case Put:
        return "PUT";
    case Patch:
        return "PATCH";
    case Delete:
        return "DELETE";
    case Options:
        return "OPTIONS";
    case OtherMethod:
        break;
    }
    return "OTHER";
}

struct Router::Node
{
    QHash<QString, Node *> literals; // owned by Router::m_nodes
    Node *capture = nullptr;
    std::vector<const Route *> routes; // routes ending here, by method
};

Router::Router()
    : m_root(std::make_unique<Node>())
{ }
Router::~Router() = default;

namespace {

QList<QStringView> splitPath(QStringView path)
{
    QList<QStringView> segments;
    qsizetype start = 0;
    if (path.startsWith(u'/'))
        start = 1;
    while (start < path.size()) {
        qsizetype end = path.indexOf(u'/', start);
        if (end < 0)
            end = path.size();
        segments.append(path.mid(start, end - start));
        start = end + 1;
    }
    return segments;
}

} // namespace

void Router::add(HttpMethods methods, const QString &pattern, Handler handler, Auth access)
{
    Q_ASSERT(pattern.endsWith(QLatin1Char('/')));
    auto route = std::make_unique<Route>();
    route->methods = methods;
    route->access = access;
    route->handler = std::move(handler);
    route->pattern = pattern;
    Node *node = m_root.get();
    for (QStringView segment : splitPath(pattern)) {
        if (segment.startsWith(u'{') && segment.endsWith(u'}')) {
            if (!node->capture) {
                m_nodes.push_back(std::make_unique<Node>());
                node->capture = m_nodes.back().get();
            }
            node = node->capture;
        } else {
            Node *&child = node->literals[segment.toString()];
            if (!child) {
                m_nodes.push_back(std::make_unique<Node>());
                child = m_nodes.back().get();
            }
            node = child;
        }
    }
    for (const Route *existing : node->routes) {
        if (existing->methods & methods)
            qFatal("route %s registered twice for the same method", qPrintable(pattern));
    }
    node->routes.push_back(route.get());
    m_routes.push_back(std::move(route));
}

bool Router::matchSegments(const Node &node, const QList<QStringView> &segments, qsizetype index,
                           HttpMethod method, Match &match) const
{
    if (index == segments.size()) {
        HttpMethods allowed = 0;
        for (const Route *r : node.routes) {
            // HEAD is served by GET handlers.
            const HttpMethods methods = (r->methods & Get) ? (r->methods | Head) : r->methods;
            if (methods & method) {
                match.route = r;
                return true;
            }
            allowed |= methods;
        }
        if (allowed)
            match.allowed |= allowed | Options;
        return false;
    }
    const QStringView segment = segments[index];
    if (segment.isEmpty())
        return false; // "//" never matches
    const auto it = node.literals.constFind(segment.toString());
    if (it != node.literals.constEnd() && matchSegments(**it, segments, index + 1, method, match))
        return true;
    if (node.capture) {
        match.captures.append(segment.toString());
        if (matchSegments(*node.capture, segments, index + 1, method, match))
            return true;
        match.captures.removeLast();
    }
    return false;
}

Router::Match Router::match(HttpMethod method, QStringView path) const
{
    Match m;
    if (!path.endsWith(u'/'))
        return m;
    const QList<QStringView> segments = splitPath(path);
    matchSegments(*m_root, segments, 0, method, m);
    return m;
}

QByteArray Router::allowHeader(HttpMethods methods)
{
    QByteArrayList names;
    for (HttpMethod m : {Get, Post, Put, Patch, Delete, Head, Options})
        if (methods & m)
            names << methodName(m);
    return names.join(", ");
}

} // namespace iotile
