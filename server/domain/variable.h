#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A project variable (the original's StreamVariable): what a local id on a device means.
struct Variable
{
    qint64 id = 0;
    QString uuid;
    QString slug;
    QString name;
    int lid = 0;
    std::optional<qint64> projectId;
    QString projectUuid;
    std::optional<qint64> orgId;
    QString orgSlug;
    std::optional<qint64> varTypeId;
    std::optional<qint64> inputUnitId;
    std::optional<qint64> outputUnitId;
    std::optional<qint64> derivedVariableId;
    QString about;
    QString rawValueFormat = QStringLiteral("<L");
    QString units;
    qint64 m = 1;
    qint64 d = 1;
    double o = 0;
    int decimalPlaces = 0;
    QString mdoLabel;
    bool webOnly = false;
    bool appOnly = false;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
};

} // namespace iotile
