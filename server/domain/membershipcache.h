#pragma once

#include "server/domain/org.h"

#include <QHash>

#include <optional>

namespace iotile {

class SqlConnection;

// Every authenticated request checks the caller's org memberships; reading them from the database cost
// a round trip per request, as much as a small data read itself. This process keeps each user's
// memberships for a few seconds, as the Authenticator keeps callers: a change made through this process
// shows at once (it clears the cache when written and again when committed), one made through another
// instance within kTtl.
class MembershipCache
{
public:
    using Memberships = QHash<qint64, Membership>; // by org id

    // The user's cached memberships, or nothing and the generation to hand to store() after reading them.
    static std::optional<Memberships> find(qint64 userId, quint64 &generation);
    // Keeps what was read, unless memberships changed since find() gave out `generation`.
    static void store(qint64 userId, const Memberships &memberships, quint64 generation);

    // After writing memberships (or orgs, or accounts) on `connection`: forgets them now and again once
    // its transaction commits, so a reader that saw the rows before the commit does not keep them.
    static void changed(const SqlConnection &connection);
    static void clear();
};

} // namespace iotile
