#include "server/domain/membershipcache.h"

#include "common/util/isotime.h"
#include "server/store/commithooks.h"

#include <QMutex>

namespace iotile {

namespace {

constexpr qint64 kTtl = 5 * isotime::kMicrosPerSecond;
constexpr qsizetype kMaxUsers = 20000;

struct Entry
{
    MembershipCache::Memberships memberships;
    qint64 expiry = 0; // µs
};

struct State
{
    QMutex mutex;
    QHash<qint64, Entry> entries;
    quint64 generation = 0;
};

State &state()
{
    static State s;
    return s;
}

} // namespace

std::optional<MembershipCache::Memberships> MembershipCache::find(qint64 userId, quint64 &generation)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    const auto it = s.entries.constFind(userId);
    if (it != s.entries.constEnd() && it->expiry > isotime::now())
        return it->memberships;
    generation = s.generation;
    return std::nullopt;
}

void MembershipCache::store(qint64 userId, const Memberships &memberships, quint64 generation)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    if (s.generation != generation)
        return;
    if (s.entries.size() >= kMaxUsers)
        s.entries.clear();
    s.entries.insert(userId, Entry {memberships, isotime::now() + kTtl});
}

void MembershipCache::changed(const SqlConnection &connection)
{
    clear();
    commithooks::afterCommit(connection, &MembershipCache::clear);
}

void MembershipCache::clear()
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    s.entries.clear();
    ++s.generation;
}

} // namespace iotile
