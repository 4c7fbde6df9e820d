#include "client/demo/democatalog.h"

#include <QJsonObject>
#include <QStringList>

namespace iotile {

namespace {

QJsonObject unit(const QString &varType, const QString &full, const QString &shortName, int decimals)
{
    return QJsonObject {
        {QStringLiteral("slug"),
         QStringLiteral("out--%1--%2")
             .arg(varType, full.toLower().replace(QLatin1Char(' '), QLatin1Char('-')))},
        {QStringLiteral("unit_full"), full},
        {QStringLiteral("unit_short"), shortName},
        {QStringLiteral("m"), 1},
        {QStringLiteral("d"), 1},
        {QStringLiteral("o"), 0.0},
        {QStringLiteral("decimal_places"), decimals},
        {QStringLiteral("derived_units"), QJsonValue()},
    };
}

QJsonObject stream(int project, int device, int lid, const QString &label, const QJsonObject &outputUnit,
                   const QString &varType)
{
    const QString projectGid = QStringLiteral("0000-%1").arg(project, 4, 16, QLatin1Char('0'));
    const QString deviceGid = QStringLiteral("0000-0000-%1").arg(device, 4, 16, QLatin1Char('0'));
    const QString lidHex = QStringLiteral("%1").arg(lid, 4, 16, QLatin1Char('0'));
    return QJsonObject {
        {QStringLiteral("slug"), QStringLiteral("s--%1--0000-%2--%3").arg(projectGid, deviceGid, lidHex)},
        {QStringLiteral("project"), QStringLiteral("p--") + projectGid},
        {QStringLiteral("device"), QStringLiteral("d--0000-") + deviceGid},
        {QStringLiteral("variable"), QStringLiteral("v--%1--%2").arg(projectGid, lidHex)},
        {QStringLiteral("var_type"), varType},
        {QStringLiteral("var_lid"), lid},
        {QStringLiteral("var_name"), label},
        {QStringLiteral("data_label"), label},
        {QStringLiteral("data_type"), QStringLiteral("D0")},
        {QStringLiteral("output_unit"), outputUnit},
        {QStringLiteral("mdo_type"), QStringLiteral("S")},
        {QStringLiteral("enabled"), true},
        {QStringLiteral("created_on"), QStringLiteral("2023-03-01T09:00:00Z")},
    };
}

QJsonObject device(int project, int id, const QString &label, const QString &sg, bool active,
                   QJsonArray streams)
{
    const QString gid = QStringLiteral("0000-0000-%1").arg(id, 4, 16, QLatin1Char('0'));
    return QJsonObject {
        {QStringLiteral("id"), id},
        {QStringLiteral("slug"), QStringLiteral("d--0000-") + gid},
        {QStringLiteral("gid"), gid},
        {QStringLiteral("label"), label},
        {QStringLiteral("active"), active},
        {QStringLiteral("state"), active ? QStringLiteral("N1") : QStringLiteral("N0")},
        {QStringLiteral("sg"), sg},
        {QStringLiteral("template"), QStringLiteral("poc-v2-0-0")},
        {QStringLiteral("project"),
         QStringLiteral("00000000-0000-4000-8000-%1").arg(project, 12, 10, QLatin1Char('0'))},
        {QStringLiteral("lat"), QStringLiteral("47.376900")},
        {QStringLiteral("lon"), QStringLiteral("8.541700")},
        {QStringLiteral("created_on"), QStringLiteral("2023-02-14T08:30:00Z")},
        {QStringLiteral("claimed_by"), QStringLiteral("demo")},
        {QStringLiteral("streams"), streams},
    };
}

QJsonObject project(int gid, const QString &name, const QString &org, QJsonArray devices)
{
    return QJsonObject {
        {QStringLiteral("id"),
         QStringLiteral("00000000-0000-4000-8000-%1").arg(gid, 12, 10, QLatin1Char('0'))},
        {QStringLiteral("name"), name},
        {QStringLiteral("slug"), QStringLiteral("p--0000-%1").arg(gid, 4, 16, QLatin1Char('0'))},
        {QStringLiteral("gid"), QStringLiteral("0000-%1").arg(gid, 4, 16, QLatin1Char('0'))},
        {QStringLiteral("org"), org},
        {QStringLiteral("created_on"), QStringLiteral("2023-01-10T12:00:00Z")},
        {QStringLiteral("created_by"), QStringLiteral("demo")},
        {QStringLiteral("devices"), devices},
    };
}

} // namespace

QJsonArray DemoCatalog::orgs()
{
    const QJsonObject celsius =
        unit(QStringLiteral("temp"), QStringLiteral("Celsius"), QStringLiteral("°C"), 1);
    const QJsonObject percent =
        unit(QStringLiteral("humidity"), QStringLiteral("Percent"), QStringLiteral("%"), 0);
    const QJsonObject hpa =
        unit(QStringLiteral("pressure"), QStringLiteral("Hectopascal"), QStringLiteral("hPa"), 1);
    const QJsonObject litres =
        unit(QStringLiteral("volume"), QStringLiteral("Liters"), QStringLiteral("L"), 2);

    auto environment = [&](int project, int id, const QString &label, bool active = true) {
        return device(
            project, id, label, QStringLiteral("env-sensor-v1-1-0"), active,
            QJsonArray {
                stream(project, id, 0x5001, QStringLiteral("Temperature"), celsius, QStringLiteral("temp")),
                stream(project, id, 0x5002, QStringLiteral("Humidity"), percent, QStringLiteral("humidity")),
                stream(project, id, 0x5003, QStringLiteral("Pressure"), hpa, QStringLiteral("pressure"))});
    };
    auto water = [&](int project, int id, const QString &label) {
        return device(project, id, label, QStringLiteral("water-meter-v1-0-0"), true,
                      QJsonArray {stream(project, id, 0x5020, QStringLiteral("Flow volume"), litres,
                                         QStringLiteral("volume")),
                                  stream(project, id, 0x5021, QStringLiteral("Pipe temperature"), celsius,
                                         QStringLiteral("temp"))});
    };

    const QJsonArray coldChain {environment(1, 0x11, QStringLiteral("Warehouse A — bay 3")),
                                environment(1, 0x12, QStringLiteral("Warehouse A — bay 7")),
                                environment(1, 0x13, QStringLiteral("Reefer truck 12")),
                                environment(1, 0x14, QStringLiteral("Reefer truck 9 (retired)"), false)};
    const QJsonArray plant {water(2, 0x21, QStringLiteral("Inlet meter")),
                            water(2, 0x22, QStringLiteral("Line 2 meter")),
                            environment(2, 0x23, QStringLiteral("Pump room"))};
    const QJsonArray lab {environment(3, 0x31, QStringLiteral("Clean room")),
                          environment(3, 0x32, QStringLiteral("Server room"))};

    return QJsonArray {
        QJsonObject {{QStringLiteral("id"), QStringLiteral("7f1c1d1e-0000-4000-8000-000000000001")},
                     {QStringLiteral("name"), QStringLiteral("Acme Logistics")},
                     {QStringLiteral("slug"), QStringLiteral("acme-logistics")},
                     {QStringLiteral("about"), QStringLiteral("Cold-chain monitoring")},
                     {QStringLiteral("created_on"), QStringLiteral("2022-11-02T10:00:00Z")},
                     {QStringLiteral("created_by"), QStringLiteral("demo")},
                     {QStringLiteral("projects"),
                      QJsonArray {project(1, QStringLiteral("Cold chain"), QStringLiteral("acme-logistics"),
                                          coldChain)}}},
        QJsonObject {
            {QStringLiteral("id"), QStringLiteral("7f1c1d1e-0000-4000-8000-000000000002")},
            {QStringLiteral("name"), QStringLiteral("Riverside Utilities")},
            {QStringLiteral("slug"), QStringLiteral("riverside-utilities")},
            {QStringLiteral("about"), QStringLiteral("Water treatment plant")},
            {QStringLiteral("created_on"), QStringLiteral("2023-01-05T10:00:00Z")},
            {QStringLiteral("created_by"), QStringLiteral("demo")},
            {QStringLiteral("projects"),
             QJsonArray {
                 project(2, QStringLiteral("Treatment plant"), QStringLiteral("riverside-utilities"), plant),
                 project(3, QStringLiteral("Laboratory"), QStringLiteral("riverside-utilities"), lab)}}},
    };
}

QString DemoCatalog::featuredDevice()
{
    return QStringLiteral("d--0000-0000-0000-0011");
}

QStringList DemoCatalog::featuredStreams()
{
    return {QStringLiteral("s--0000-0001--0000-0000-0000-0011--5001"),
            QStringLiteral("s--0000-0001--0000-0000-0000-0012--5001"),
            QStringLiteral("s--0000-0001--0000-0000-0000-0011--5002")};
}

} // namespace iotile
