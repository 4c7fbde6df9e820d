#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

// A variable template of a sensor graph: what claiming a device creates in its project.
struct VarTemplate
{
    qint64 id = 0;
    qint64 sgId = 0;
    QString sgSlug;
    QString label;
    QString lidHex;
    QString derivedLidHex;
    std::optional<qint64> varTypeId;
    QString varTypeSlug;
    std::optional<qint64> defaultInputUnitId;
    QString defaultInputUnitSlug;
    std::optional<qint64> defaultOutputUnitId;
    QString defaultOutputUnitSlug;
    QString ctype = QStringLiteral("unsigned int");
    qint64 m = 1;
    qint64 d = 1;
    double o = 0;
    bool appOnly = false;
    bool webOnly = false;
};

// A display widget template of a sensor graph.
struct DisplayWidget
{
    qint64 id = 0;
    qint64 sgId = 0;
    QString sgSlug;
    QString label;
    QString lidHex;
    QString type = QStringLiteral("val");
    QJsonValue args;
    std::optional<qint64> varTypeId;
    QString varTypeSlug;
    QString derivedUnitType;
    bool showInApp = false;
    bool showInWeb = false;
};

// A sensor graph: the firmware application of a device, the variables it produces and how to show them.
struct SensorGraph
{
    qint64 id = 0;
    QString name;
    QString slug;
    std::optional<qint64> orgId;
    QString orgSlug;
    std::optional<qint64> projectTemplateId;
    QString projectTemplateSlug;
    QJsonValue uiExtra;
    int reportProcessingEngineVer = 0;
    int major = 0, minor = 0, patch = 0;
    int appTag = 0, appMajor = 0, appMinor = 0;
    bool active = true;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QList<VarTemplate> variableTemplates;
    QList<DisplayWidget> displayWidgets;
};

// A property template attached to a sensor graph, as sg/<slug>/property/ lists it (the rows belong to
// propertytemplate/; this is a read-only view of them).
struct SensorGraphPropertyTemplate
{
    qint64 id = 0;
    QString orgSlug;
    QString type;
    QString name;
    QString defaultValue;
    QStringList enums;
    QJsonValue extra;
    QString createdBySlug;
};

} // namespace iotile
