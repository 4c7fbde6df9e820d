#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

namespace iotile {

// An input or output unit of a var type, with the MDO that converts to (input) or from (output) the
// var type's storage unit.
struct VarTypeUnit
{
    qint64 id = 0;
    qint64 varTypeId = 0;
    bool output = false;
    QString slug;
    QString unitFull;
    QString unitShort;
    qint64 m = 1;
    qint64 d = 1;
    double o = 0;
    int decimalPlaces = 2;
    QJsonValue derivedUnits; // null or {"<type>": {"<name>": {"m": .., "d": ..}}}
};

// A kind of measured quantity (Volume, Temperature...) and the units it can be read and shown in.
struct VarType
{
    qint64 id = 0;
    QString name;
    QString slug;
    QString streamDataType = QStringLiteral("D0");
    QString storageUnitsFull;
    QJsonValue decoder;
    QJsonValue schema;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QList<VarTypeUnit> inputUnits;
    QList<VarTypeUnit> outputUnits;
};

} // namespace iotile
