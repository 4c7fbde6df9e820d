#include "server/api/unitjson.h"

#include "server/domain/vartype.h"
#include "server/store/vartypestore.h"

#include <QJsonArray>

namespace iotile {

QJsonObject UnitJson::unit(const VarTypeUnit &u)
{
    QJsonObject o {
        {QStringLiteral("slug"), u.slug},
        {QStringLiteral("unit_full"), u.unitFull},
        {QStringLiteral("unit_short"), u.unitShort},
        {QStringLiteral("m"), double(u.m)},
        {QStringLiteral("d"), double(u.d)},
        {QStringLiteral("o"), u.o},
    };
    if (u.output) {
        o.insert(QStringLiteral("decimal_places"), u.decimalPlaces);
        o.insert(QStringLiteral("derived_units"),
                 u.derivedUnits.isUndefined() ? QJsonValue(QJsonValue::Null) : u.derivedUnits);
    }
    return o;
}

QJsonObject UnitJson::varType(const VarType &t)
{
    QJsonArray inputs, outputs;
    for (const VarTypeUnit &u : t.inputUnits)
        inputs.append(unit(u));
    for (const VarTypeUnit &u : t.outputUnits)
        outputs.append(unit(u));
    return QJsonObject {
        {QStringLiteral("name"), t.name},
        {QStringLiteral("slug"), t.slug},
        {QStringLiteral("available_input_units"), inputs},
        {QStringLiteral("available_output_units"), outputs},
        {QStringLiteral("stream_data_type"), t.streamDataType},
        {QStringLiteral("decoder"), t.decoder.isUndefined() ? QJsonValue(QJsonValue::Null) : t.decoder},
        {QStringLiteral("schema"), t.schema.isUndefined() ? QJsonValue(QJsonValue::Null) : t.schema},
        {QStringLiteral("storage_units_full"), t.storageUnitsFull},
        {QStringLiteral("storage_units_short"), QString()},
    };
}

Result<QJsonValue> UnitJson::unitById(const std::optional<qint64> &id)
{
    if (!id)
        return QJsonValue(QJsonValue::Null);
    if (const auto it = m_units.constFind(*id); it != m_units.constEnd())
        return *it;
    IOTILE_TRY(u, VarTypeStore(m_db).unitById(*id));
    const QJsonValue v = u ? QJsonValue(unit(*u)) : QJsonValue(QJsonValue::Null);
    m_units.insert(*id, v);
    return v;
}

Result<QJsonValue> UnitJson::varTypeSlug(const std::optional<qint64> &id)
{
    if (!id)
        return QJsonValue(QJsonValue::Null);
    if (const auto it = m_typeSlugs.constFind(*id); it != m_typeSlugs.constEnd())
        return *it;
    IOTILE_TRY(t, VarTypeStore(m_db).byId(*id));
    const QJsonValue v = t ? QJsonValue(t->slug) : QJsonValue(QJsonValue::Null);
    m_typeSlugs.insert(*id, v);
    return v;
}

} // namespace iotile
