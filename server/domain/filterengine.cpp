#include "server/domain/filterengine.h"

#include "common/slug/filterslug.h"
#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/alarms.h"
#include "server/domain/filterhooks.h"
#include "server/domain/filternotice.h"
#include "server/store/alarmstore.h"
#include "server/store/database.h"
#include "server/store/filterstore.h"
#include "server/worker/jobqueue.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QUrl>
#include <QUuid>

#include <atomic>

Q_LOGGING_CATEGORY(lcFilters, "iotile.filters")

namespace iotile {

namespace {

// Bumped by every filter write in this process; engines compare it with their cache entries. Other
// processes (a second server, `iotile-server worker`) see changes within the TTLs.
std::atomic<quint64> g_generation {1};
constexpr qint64 kFilterTtl = 10 * isotime::kMicrosPerSecond;
constexpr qint64 kStateTtl = 30 * isotime::kMicrosPerSecond;
constexpr qsizetype kMaxEntries = 100000;

enum class Op : quint8 { Bu, Eq, Ne, Le, Ge, Lt, Gt, Invalid };

Op opOf(const QString &text)
{
    static const QHash<QString, Op> ops = {{QStringLiteral("bu"), Op::Bu}, {QStringLiteral("eq"), Op::Eq},
                                           {QStringLiteral("ne"), Op::Ne}, {QStringLiteral("le"), Op::Le},
                                           {QStringLiteral("ge"), Op::Ge}, {QStringLiteral("lt"), Op::Lt},
                                           {QStringLiteral("gt"), Op::Gt}};
    return ops.value(text, Op::Invalid);
}

} // namespace

// A filter ready to evaluate: states by index, transitions in evaluation order, triggers parsed.
struct CompiledFilter
{
    struct Trigger
    {
        Op op = Op::Invalid;
        std::optional<double> threshold;
        QString name; // the operator as stored, for the filter log
    };
    struct Transition
    {
        QString id;
        int src = -1; // -1: from any other state
        int dst = 0;
        std::vector<Trigger> triggers;
    };
    struct State
    {
        FilterState state;
        QList<FilterAction> entry;
        QList<FilterAction> exit;
    };
    StreamFilter filter;
    std::vector<State> states;
    std::vector<Transition> transitions;

    int indexOf(std::optional<qint64> stateId) const
    {
        if (!stateId)
            return -1;
        for (size_t i = 0; i < states.size(); ++i)
            if (states[i].state.id == *stateId)
                return int(i);
        return -1;
    }

    static bool holds(const Trigger &t, double value)
    {
        if (t.op == Op::Bu)
            return true;
        if (!t.threshold)
            return false;
        const double x = *t.threshold;
        switch (t.op) {
        case Op::Eq:
            return value == x;
        case Op::Ne:
            return value != x;
        case Op::Le:
            return value <= x;
        case Op::Ge:
            return value >= x;
        case Op::Lt:
            return value < x;
        case Op::Gt:
            return value > x;
        default:
            return false;
        }
    }

    // The original's rule: a transition with a src needs the stream in src (or in no state yet); one without
    // needs it anywhere but dst. Data must meet every trigger (compared in internal units); events always do.
    int next(int current, const std::optional<double> &value, bool isEvent) const
    {
        for (size_t i = 0; i < transitions.size(); ++i) {
            const Transition &t = transitions[i];
            if (t.src >= 0 ? (current >= 0 && current != t.src) : current == t.dst)
                continue;
            bool ok = true;
            if (!isEvent) {
                for (const Trigger &trigger : t.triggers) {
                    if (trigger.op == Op::Bu)
                        continue;
                    if (!value || !holds(trigger, *value)) {
                        ok = false;
                        break;
                    }
                }
            }
            if (ok)
                return int(i);
        }
        return -1;
    }
};

struct FilterEngine::Firing
{
    int transition = 0;
    int from = -1;
    int to = 0;
    const DataPoint *point = nullptr;
    const CommittedEvent *event = nullptr;
};

FilterEngine::FilterEngine() = default;
FilterEngine::~FilterEngine() = default;

void FilterEngine::invalidate()
{
    g_generation.fetch_add(1);
}

const QStringList &FilterEngine::actionTypes()
{
    static const QStringList types = {QStringLiteral("eml"),  QStringLiteral("sms"), QStringLiteral("slk"),
                                      QStringLiteral("cus"),  QStringLiteral("drv"), QStringLiteral("rpt"),
                                      QStringLiteral("smry"), QStringLiteral("whk"), QStringLiteral("alm")};
    return types;
}

QString FilterEngine::jobActionFor(const QString &type)
{
    if (type == QLatin1String("eml"))
        return QStringLiteral("FilterEmailAction");
    if (type == QLatin1String("whk") || type == QLatin1String("slk"))
        return QStringLiteral("FilterWebhookAction");
    if (type == QLatin1String("drv"))
        return QStringLiteral("FilterDerivedValueAction");
    if (type == QLatin1String("cus"))
        return QStringLiteral("FilterHookAction");
    return {};
}

QString FilterEngine::validateExtra(const QString &type, const QJsonObject &extra)
{
    auto httpUrl = [](const QJsonValue &v) {
        const QUrl url(v.toString(), QUrl::StrictMode);
        return v.isString() && url.isValid() && !url.host().isEmpty()
            && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
    };
    if (type == QLatin1String("eml")) {
        const QJsonValue r = extra.value(QStringLiteral("notification_recipient"));
        if (r.isUndefined())
            return QStringLiteral("notification_recipient is required");
        if (!r.isArray() && !r.isObject() && !r.isString())
            return QStringLiteral(
                "notification_recipient must be a list such as [\"org:admin\", \"email:a@b.c\"]");
    } else if (type == QLatin1String("whk")) {
        if (!httpUrl(extra.value(QStringLiteral("url"))))
            return QStringLiteral("url must be an http or https URL");
    } else if (type == QLatin1String("slk")) {
        if (!httpUrl(extra.value(QStringLiteral("slack_webhook"))))
            return QStringLiteral("slack_webhook must be an http or https URL");
    } else if (type == QLatin1String("drv")) {
        if (!StreamSlug::parse(QStringView(extra.value(QStringLiteral("output_stream")).toString())))
            return QStringLiteral("output_stream must be a stream slug");
    } else if (type == QLatin1String("cus")) {
        const QString hook = extra.value(QStringLiteral("hook")).toString();
        if (hook.isEmpty())
            return QStringLiteral("hook is required (the name of a custom action hook)");
        if (!FilterHooks::global().contains(hook))
            return QStringLiteral("no custom action hook named \"%1\"").arg(hook);
    } else if (type == QLatin1String("alm")) {
        return Alarms::validateAction(extra);
    }
    for (const char *key : {"body", "custom_note"}) {
        const QJsonValue v = extra.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            return QStringLiteral("%1 must be a string").arg(QLatin1String(key));
    }
    return {};
}

void FilterEngine::committed(const CommittedBatch &batch, ServerContext &server)
{
    for (const CommittedStream &stream : batch.streams) {
        if (stream.points.empty() && stream.events.empty())
            continue;
        auto filter = filterFor(stream.slug, server);
        if (!filter) {
            qCWarning(lcFilters) << "cannot load the filter of" << stream.slug << filter.error().message();
            continue;
        }
        if (*filter)
            run(**filter, stream, server);
    }
}

Result<std::shared_ptr<const CompiledFilter>> FilterEngine::filterFor(const QString &stream,
                                                                      ServerContext &server)
{
    const quint64 generation = g_generation.load();
    const qint64 now = isotime::now();
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_byStream.constFind(stream);
        if (it != m_byStream.constEnd() && it->generation == generation && it->expires > now)
            return it->filter;
    }
    std::shared_ptr<const CompiledFilter> found;
    const auto slug = StreamSlug::parse(QStringView(stream));
    if (slug && !slug->isBlockStream()) {
        IOTILE_TRY(db, server.db().connection());
        // The stream's own filter wins over the project-wide one, as in the original.
        IOTILE_TRY(own, filterBySlug(FilterSlug(*slug).toString(), *db));
        found = own;
        if (!found) {
            IOTILE_TRY(wide, filterBySlug(FilterSlug(slug->project(), slug->lid()).toString(), *db));
            found = wide;
        }
    }
    QMutexLocker lock(&m_mutex);
    if (m_byStream.size() >= kMaxEntries)
        m_byStream.clear();
    m_byStream.insert(stream, FilterEntry {found, now + kFilterTtl, generation});
    return found;
}

Result<std::shared_ptr<const CompiledFilter>> FilterEngine::filterBySlug(const QString &slug,
                                                                         SqlConnection &db)
{
    const quint64 generation = g_generation.load();
    const qint64 now = isotime::now();
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_bySlug.constFind(slug);
        if (it != m_bySlug.constEnd() && it->generation == generation && it->expires > now)
            return it->filter;
    }
    IOTILE_TRY(compiled, compile(slug, db));
    QMutexLocker lock(&m_mutex);
    if (m_bySlug.size() >= kMaxEntries)
        m_bySlug.clear();
    m_bySlug.insert(slug, FilterEntry {compiled, now + kFilterTtl, generation});
    return compiled;
}

Result<std::shared_ptr<const CompiledFilter>> FilterEngine::compile(const QString &slug, SqlConnection &db)
{
    ++m_loads;
    FilterStore store(db);
    IOTILE_TRY(filter, store.bySlug(slug));
    if (!filter || !filter->active)
        return std::shared_ptr<const CompiledFilter>();
    auto compiled = std::make_shared<CompiledFilter>();
    compiled->filter = *filter;
    IOTILE_TRY(states, store.states(filter->id));
    IOTILE_TRY(transitions, store.transitions(filter->id));
    IOTILE_TRY(triggers, store.triggers(filter->id));
    IOTILE_TRY(actions, store.actions(filter->id));
    for (const FilterState &s : states)
        compiled->states.push_back(CompiledFilter::State {s, {}, {}});
    for (const FilterAction &a : actions) {
        const int index = compiled->indexOf(a.stateId);
        if (index < 0)
            continue;
        (a.on == QLatin1String("exit") ? compiled->states[index].exit : compiled->states[index].entry)
            .append(a);
    }
    QHash<QString, std::vector<CompiledFilter::Trigger>> byTransition;
    for (const FilterTrigger &t : triggers)
        if (!t.transitionId.isEmpty())
            byTransition[t.transitionId].push_back(CompiledFilter::Trigger {opOf(t.op), t.threshold, t.op});
    for (const FilterTransition &t : transitions) {
        CompiledFilter::Transition c;
        c.id = t.id;
        c.src = compiled->indexOf(t.srcId);
        c.dst = compiled->indexOf(t.dstId);
        if (c.dst < 0 || (t.srcId && c.src < 0))
            continue;
        c.triggers = byTransition.value(t.id);
        compiled->transitions.push_back(std::move(c));
    }
    return std::shared_ptr<const CompiledFilter>(std::move(compiled));
}

Result<FilterCurrentState> FilterEngine::stateFor(qint64 filterId, const QString &stream, SqlConnection &db,
                                                  bool fresh)
{
    const quint64 generation = g_generation.load();
    const qint64 now = isotime::now();
    const QPair<qint64, QString> key(filterId, stream);
    if (!fresh) {
        QMutexLocker lock(&m_mutex);
        const auto it = m_states.constFind(key);
        if (it != m_states.constEnd() && it->generation == generation && it->expires > now)
            return it->state;
    }
    IOTILE_TRY(state, FilterStore(db).currentState(filterId, stream));
    storeState(filterId, stream, state);
    return state;
}

void FilterEngine::storeState(qint64 filterId, const QString &stream, const FilterCurrentState &state)
{
    QMutexLocker lock(&m_mutex);
    if (m_states.size() >= kMaxEntries)
        m_states.clear();
    m_states.insert(QPair<qint64, QString>(filterId, stream),
                    StateEntry {state, isotime::now() + kStateTtl, g_generation.load()});
}

void FilterEngine::run(const CompiledFilter &filter, const CommittedStream &stream, ServerContext &server)
{
    if (filter.transitions.empty())
        return;
    QMutexLocker serial(&m_stripes[qHash(stream.slug) % m_stripes.size()]);
    auto db = server.db().connection();
    if (!db) {
        qCWarning(lcFilters) << "filters of" << stream.slug << "skipped:" << db.error().message();
        return;
    }
    auto state = stateFor(filter.filter.id, stream.slug, **db, false);
    // Another thread or server may have moved the stream since we cached its state: the compare-and-set
    // in persist() notices, and the batch is evaluated again from the stored state.
    for (int attempt = 0; attempt < 4 && state; ++attempt) {
        std::vector<Firing> firings;
        int current = filter.indexOf(state->stateId);
        for (const DataPoint &p : stream.points) {
            const int t = filter.next(current, p.value, false);
            if (t < 0)
                continue;
            firings.push_back(Firing {t, current, filter.transitions[t].dst, &p, nullptr});
            current = filter.transitions[t].dst;
        }
        for (const CommittedEvent &e : stream.events) {
            const int t = filter.next(current, std::nullopt, true);
            if (t < 0)
                continue;
            firings.push_back(Firing {t, current, filter.transitions[t].dst, nullptr, &e});
            current = filter.transitions[t].dst;
        }
        if (firings.empty())
            return;
        auto moved = persist(filter, stream, *state, firings, server, **db);
        if (!moved) {
            qCWarning(lcFilters) << "filter" << filter.filter.slug << "on" << stream.slug
                                 << "could not record its transition:" << moved.error().message();
            state = stateFor(filter.filter.id, stream.slug, **db, true);
            return;
        }
        if (*moved) {
            FilterCurrentState next;
            next.stateId = filter.states[current].state.id;
            next.version = state->exists ? state->version + 1 : 1;
            next.exists = true;
            storeState(filter.filter.id, stream.slug, next);
            return;
        }
        state = stateFor(filter.filter.id, stream.slug, **db, true);
    }
    if (!state)
        qCWarning(lcFilters) << "cannot read the state of" << stream.slug << state.error().message();
}

Result<bool> FilterEngine::persist(const CompiledFilter &filter, const CommittedStream &stream,
                                   const FilterCurrentState &from, const std::vector<Firing> &firings,
                                   ServerContext &server, SqlConnection &db)
{
    const qint64 now = isotime::now();
    Transaction tx(db);
    IOTILE_CHECK(tx.started());
    const int last = firings.back().to;
    IOTILE_TRY(
        moved,
        FilterStore(db).moveState(filter.filter.id, stream.slug, from, filter.states[last].state.id, now));
    if (!moved)
        return false;
    AlarmStore alarms(db);
    FilterStore logs(db);
    const auto streamSlug = StreamSlug::parse(QStringView(stream.slug));
    for (const Firing &f : firings) {
        // The original's filter log records transitions fired by data points (not events).
        if (f.point) {
            FilterLogEntry entry;
            entry.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
            entry.filterId = filter.filter.id;
            entry.targetSlug = stream.slug;
            if (streamSlug && !streamSlug->isVirtual() && !streamSlug->isBlockStream())
                entry.deviceId = qint64(streamSlug->device().id());
            entry.ts = f.point->ts;
            entry.src = f.from >= 0 ? filter.states[f.from].state.label : QStringLiteral("*");
            entry.dst = filter.states[f.to].state.label;
            for (const CompiledFilter::Trigger &t : filter.transitions[f.transition].triggers)
                entry.triggers.append(QJsonObject {
                    {QStringLiteral("operator"), t.name},
                    {QStringLiteral("threshold"), t.threshold ? QJsonValue(*t.threshold) : QJsonValue()}});
            IOTILE_CHECK(logs.appendLog(entry, now));
        }
        if (f.from >= 0) {
            if (f.from != f.to)
                IOTILE_CHECK(alarms.clearFromSource(filter.filter.id, filter.states[f.from].state.id,
                                                    stream.slug, now));
            for (const FilterAction &a : filter.states[f.from].exit)
                IOTILE_CHECK(dispatch(filter, a, QStringLiteral("exit"), f.from, f, stream, server, db, now));
        }
        for (const FilterAction &a : filter.states[f.to].entry)
            IOTILE_CHECK(dispatch(filter, a, QStringLiteral("entry"), f.to, f, stream, server, db, now));
    }
    IOTILE_CHECK(tx.commit());
    return true;
}

Status FilterEngine::dispatch(const CompiledFilter &filter, const FilterAction &action, const QString &on,
                              int stateIndex, const Firing &firing, const CommittedStream &stream,
                              ServerContext &server, SqlConnection &db, qint64 now)
{
    const FilterState &state = filter.states[stateIndex].state;
    QJsonObject json {
        {QStringLiteral("filter"), filter.filter.slug},
        {QStringLiteral("filter_id"), double(filter.filter.id)},
        {QStringLiteral("filter_name"), filter.filter.name},
        {QStringLiteral("action_id"), double(action.id)},
        {QStringLiteral("type"), action.type},
        {QStringLiteral("on"), on},
        {QStringLiteral("state"), state.label},
        {QStringLiteral("state_slug"), state.slug},
        {QStringLiteral("src"),
         firing.from >= 0 ? filter.states[firing.from].state.label : QStringLiteral("*")},
        {QStringLiteral("dst"), filter.states[firing.to].state.label},
        {QStringLiteral("transition"), filter.transitions[firing.transition].id},
        {QStringLiteral("stream"), stream.slug},
        {QStringLiteral("extra"), action.extra},
    };
    if (firing.point) {
        const DataPoint &p = *firing.point;
        json.insert(QStringLiteral("timestamp"), isotime::toString(p.ts));
        json.insert(QStringLiteral("value"), p.value ? QJsonValue(*p.value) : QJsonValue(QJsonValue::Null));
        json.insert(QStringLiteral("int_value"),
                    p.intValue ? QJsonValue(double(*p.intValue)) : QJsonValue(QJsonValue::Null));
        json.insert(QStringLiteral("streamer_local_id"), double(p.seq));
        json.insert(QStringLiteral("device_timestamp"),
                    p.deviceTs ? QJsonValue(double(*p.deviceTs)) : QJsonValue(QJsonValue::Null));
        if (p.id)
            json.insert(QStringLiteral("point_id"), double(p.id));
    } else {
        const CommittedEvent &e = *firing.event;
        json.insert(QStringLiteral("timestamp"), isotime::toString(e.ts));
        json.insert(QStringLiteral("value"), QJsonValue::Null);
        json.insert(QStringLiteral("streamer_local_id"), double(e.seq));
        json.insert(QStringLiteral("event_id"), double(e.id));
    }

    if (action.type == QLatin1String("alm")) {
        const auto slug = StreamSlug::parse(QStringView(stream.slug));
        if (!slug)
            return Ok {};
        const QJsonObject &extra = action.extra;
        IOTILE_TRY(target,
                   Alarms::targetForStream(db, filter.filter, *slug,
                                           extra.value(QStringLiteral("target")).toString()));
        IOTILE_TRY(context, FilterNotice::context(db, server, json));
        Alarm alarm;
        alarm.rule = QStringLiteral("%1/%2#%3").arg(filter.filter.slug, state.slug).arg(action.id);
        alarm.name = extra.value(QStringLiteral("name")).toString();
        if (alarm.name.isEmpty())
            alarm.name = QStringLiteral("%1: %2").arg(
                filter.filter.name.isEmpty() ? filter.filter.slug : filter.filter.name, state.label);
        alarm.severity = extra.value(QStringLiteral("severity")).toString(QStringLiteral("major"));
        alarm.target = target.slug;
        alarm.targetType = target.type;
        alarm.orgId = target.orgId;
        alarm.projectId = target.projectId;
        alarm.deviceId = target.deviceId;
        alarm.stream = stream.slug;
        alarm.filterId = filter.filter.id;
        alarm.stateId = state.id;
        alarm.actionId = action.id;
        // Raised on entry, it clears when the stream leaves the state (unless the action says otherwise).
        alarm.autoClear =
            on == QLatin1String("entry") && extra.value(QStringLiteral("clear_on_exit")).toBool(true);
        const QString message = extra.value(QStringLiteral("message")).toString();
        alarm.message = message.isEmpty() ? FilterNotice::render(
                            QStringLiteral("{stream} moved {on} \"{state}\" at {ts} ({value})"), context)
                                          : FilterNotice::render(message, context);
        alarm.details = QJsonObject {{QStringLiteral("stream"), stream.slug},
                                     {QStringLiteral("timestamp"), json.value(QStringLiteral("timestamp"))},
                                     {QStringLiteral("value"), json.value(QStringLiteral("value"))},
                                     {QStringLiteral("transition"), json.value(QStringLiteral("transition"))},
                                     {QStringLiteral("from"), json.value(QStringLiteral("src"))}};
        alarm.createdBy = filter.filter.createdBy;
        IOTILE_TRY(raised, AlarmStore(db).raise(alarm, now));
        Q_UNUSED(raised);
        return Ok {};
    }

    const QString job = jobActionFor(action.type);
    if (job.isEmpty()) {
        qCDebug(lcFilters) << "filter action type" << action.type << "has no runner on this server";
        return Ok {};
    }
    if (action.type == QLatin1String("drv") && !firing.point)
        return Ok {}; // events carry no value to derive from
    EnqueueOptions options;
    options.maxAttempts = action.type == QLatin1String("eml") ? 3 : 6;
    options.createdBy = filter.filter.createdBy;
    IOTILE_TRY(id, JobQueue::enqueue(db, job, QJsonObject {{QStringLiteral("firing"), json}}, options));
    Q_UNUSED(id);
    return Ok {};
}

} // namespace iotile
