#include "common/api/stream.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Stream Stream::fromJson(const QJsonObject &o)
{
    Stream s;
    s.id = o.value(QLatin1String("id")).toString();
    s.slug = o.value(QLatin1String("slug")).toString();
    s.project = o.value(QLatin1String("project")).toString();
    s.projectId = o.value(QLatin1String("project_id")).toString();
    s.device = o.value(QLatin1String("device")).toString();
    s.block = o.value(QLatin1String("block")).toString();
    s.variable = o.value(QLatin1String("variable")).toString();
    s.varType = o.value(QLatin1String("var_type")).toString();
    s.varName = o.value(QLatin1String("var_name")).toString();
    s.varLid = wire::integer(o.value(QLatin1String("var_lid"))).value_or(0);
    s.dataLabel = o.value(QLatin1String("data_label")).toString();
    s.dataType = o.value(QLatin1String("data_type")).toString();
    s.inputUnit = wire::unit(o.value(QLatin1String("input_unit")), Unit::Direction::Input);
    s.outputUnit = wire::unit(o.value(QLatin1String("output_unit")), Unit::Direction::Output);
    s.mdoType = o.value(QLatin1String("mdo_type")).toString();
    s.mdoLabel = o.value(QLatin1String("mdo_label")).toString();
    s.rawValueFormat = o.value(QLatin1String("raw_value_format")).toString();
    s.org = o.value(QLatin1String("org")).toString();
    s.enabled = o.value(QLatin1String("enabled")).toBool(true);
    s.createdOn = wire::dateTime(o.value(QLatin1String("created_on")));
    return s;
}

QString Stream::displayName() const
{
    if (!dataLabel.trimmed().isEmpty())
        return dataLabel;
    if (!varName.trimmed().isEmpty())
        return varName;
    return slug;
}

QString Stream::unitShort() const
{
    if (!outputUnit)
        return {};
    return outputUnit->unitShort().isEmpty() ? outputUnit->unitFull() : outputUnit->unitShort();
}

} // namespace iotile::api
