#include "server/ingest/streamresolver.h"

#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/projectstore.h"
#include "server/store/streamstore.h"
#include "server/store/variablestore.h"
#include "server/store/vartypestore.h"

namespace iotile {

namespace {

constexpr qint64 kTtl = 5 * isotime::kMicrosPerSecond;
constexpr qsizetype kMaxEntries = 50000;

} // namespace

void StreamResolver::invalidate()
{
    QMutexLocker lock(&m_mutex);
    ++m_generation;
    m_cache.clear();
}

Result<std::shared_ptr<const ResolvedStream>> StreamResolver::resolve(SqlConnection &mainDb,
                                                                      const StreamSlug &slug)
{
    const QString key = slug.toString();
    const qint64 now = isotime::now();
    quint64 generation;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_cache.constFind(key);
        if (it != m_cache.constEnd() && it->expires > now && it->generation == m_generation)
            return it->stream;
        generation = m_generation;
    }
    IOTILE_TRY(stream, load(mainDb, slug));
    QMutexLocker lock(&m_mutex);
    if (generation == m_generation) {
        if (m_cache.size() >= kMaxEntries)
            m_cache.clear();
        m_cache.insert(key, Entry {stream, now + kTtl, generation});
    }
    return stream;
}

Result<std::shared_ptr<const ResolvedStream>> StreamResolver::load(SqlConnection &db, const StreamSlug &slug)
{
    auto r = std::make_shared<ResolvedStream>();
    r->slug = slug;
    r->text = slug.toString();
    IOTILE_TRY(project, ProjectStore(db).byGid(qint64(slug.project().id())));
    if (project) {
        r->projectExists = true;
        r->projectId = project->id;
        r->projectOrgId = project->orgId;
    }
    if (slug.block()) {
        r->isBlock = true;
        r->deviceId = qint64(slug.block()->device().id());
    } else if (!slug.isVirtual()) {
        r->deviceId = qint64(slug.device().id());
        IOTILE_TRY(device, DeviceStore(db).byId(*r->deviceId));
        if (device) {
            r->deviceExists = true;
            r->deviceOrgId = device->orgId;
        }
    }
    IOTILE_TRY(meta, StreamStore(db).bySlug(r->text));
    r->meta = meta;
    std::optional<Variable> variable;
    if (meta && meta->variableId) {
        IOTILE_TRY(v, VariableStore(db).byId(*meta->variableId));
        variable = v;
    } else if (project) {
        IOTILE_TRY(v, VariableStore(db).byProjectLid(project->id, slug.lid()));
        variable = v;
    }
    VarTypeStore units(db);
    if (meta) {
        r->enabled = meta->enabled;
        r->mdoType = meta->mdoType;
        r->streamFactors = MdoFactors {meta->m, meta->d, meta->o};
        if (variable)
            r->variableFactors = MdoFactors {variable->m, variable->d, variable->o};
        const RawValueFormat format = RawValueFormat::compile(meta->rawValueFormat);
        const std::optional<Mdo> streamMdo =
            Mdo::forStream(meta->mdoType, r->variableFactors, r->streamFactors);
        // The stream's input unit, else its variable's (the original's StreamDataBuilderHelper).
        std::optional<qint64> inputUnitId = meta->inputUnitId;
        if (!inputUnitId && variable)
            inputUnitId = variable->inputUnitId;
        if (inputUnitId) {
            IOTILE_TRY(unit, units.unitById(*inputUnitId));
            if (unit)
                r->inputMdo = Mdo::create(unit->m, unit->d, unit->o);
        }
        r->convertsToItr = r->inputMdo.has_value();
        r->converter = ValueConverter(format, streamMdo.value_or(Mdo()), r->inputMdo);
        std::optional<qint64> outputUnitId = meta->outputUnitId;
        if (!outputUnitId && variable)
            outputUnitId = variable->outputUnitId;
        if (outputUnitId) {
            IOTILE_TRY(unit, units.unitById(*outputUnitId));
            if (unit) {
                r->outputUnit = unit;
                r->outputMdo = Mdo::create(unit->m, unit->d, unit->o);
            }
        }
        if (meta->varTypeId) {
            IOTILE_TRY(type, units.byId(*meta->varTypeId));
            r->encoded = type && type->decoder.isObject();
        }
    }
    if (variable)
        r->decimalPlaces = variable->decimalPlaces;
    return std::shared_ptr<const ResolvedStream>(std::move(r));
}

} // namespace iotile
