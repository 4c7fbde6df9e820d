#pragma once

#include "common/slug/streamslug.h"
#include "common/units/mdo.h"
#include "common/units/valueconverter.h"
#include "server/domain/stream.h"
#include "server/domain/vartype.h"

#include <QString>

#include <optional>

namespace iotile {

// Everything the data plane needs to know about one stream slug, gathered from the main database once
// and cached for a few seconds: its stream id row (if any), who owns it, and how values convert.
struct ResolvedStream
{
    StreamSlug slug;
    QString text;
    std::optional<Stream> meta; // the StreamId row; data may exist without one
    std::optional<qint64> projectId;
    std::optional<qint64> projectOrgId;
    bool projectExists = false;
    std::optional<qint64> deviceId;
    std::optional<qint64> deviceOrgId;
    bool deviceExists = false;
    bool isBlock = false;
    ValueConverter converter; // int_value -> value on ingest
    bool convertsToItr = false; // an input unit applies: stored as type ITR
    bool encoded = false; // the var type has a decoder: packets keep their int_value
    std::optional<Mdo> outputMdo; // value -> output units on reads
    std::optional<VarTypeUnit> outputUnit;
    int decimalPlaces = 2;
    QString mdoType = QStringLiteral("S");
    MdoFactors variableFactors;
    MdoFactors streamFactors;
    std::optional<Mdo> inputMdo;
    bool enabled = true;
};

} // namespace iotile
