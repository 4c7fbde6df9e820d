#pragma once

#include "common/util/error.h"
#include "server/http/router.h"

#include <QString>

#include <initializer_list>
#include <optional>

namespace iotile {

class RequestContext;
class SqlConnection;

// Who may read and write the vendor catalog (ot/, pt/, component/, dt/, sg/, vartemplate/, widget/,
// vartype/): the original's IsStaffOrReadOnly (reads: any user; writes: staff), checked before the
// method as DRF does, so a method a path lacks answers 401/403 before it answers 405.
class CatalogPolicy
{
public:
    // Who may use the safe methods of a resource.
    enum class Readers {
        Users, // IsStaffOrReadOnly
        UsersOrApiKey, // HasAuthAPIKeyNoOrg & ReadOnly | IsStaffOrReadOnly (sg/, dt/, vartype/)
    };

    // The one check for reads of sg/, dt/ and vartype/ (and their GET sub-resources): a signed-in user
    // today. An org API key ("Authorization: Api-Key ...") grants the same read-only access; it belongs
    // here and nowhere else.
    static Status requireReader(const RequestContext &ctx);
    // Writes: 401 for anonymous callers, 403 for users who are not staff.
    static Status requireStaff(const RequestContext &ctx);
    // The original's is_admin actions (dt/<slug>/slot/ and sg/<slug>/property/ POST): staff who are not
    // superusers get 400 "Illegal Method" as a bare JSON string.
    static Status requireSuperuser(const RequestContext &ctx);

    struct Method
    {
        HttpMethod method;
        Handler handler;
    };
    // Registers the handlers of one path behind the checks above; the other methods of GET, POST, PUT,
    // PATCH and DELETE (and OPTIONS) are registered too and answer 405 (OPTIONS: 200 with Allow) once the
    // same checks passed.
    static void addResource(Router &router, const QString &pattern, Readers readers,
                            std::initializer_list<Method> methods);

    // ?created_by=<user id> as django-filter reads it: 400 when it names no user.
    static Result<std::optional<qint64>> createdByFilter(const RequestContext &ctx, SqlConnection &db);
};

} // namespace iotile
