#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

// A report definition (the original's UserReport): which streams, which generator, who hears of it and
// how often it runs on its own. period: "x" manual only, "d" daily, "w" weekly, "m" monthly.
struct UserReport
{
    qint64 id = 0;
    QString label;
    qint64 orgId = 0;
    QString orgSlug;
    QString generator;
    QJsonObject config;
    QStringList sources;
    QStringList recipients;
    QString period = QStringLiteral("x");
    bool active = true;
    std::optional<qint64> lastPeriodEnd;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

// One generated file (the original's GeneratedUserReport) and the state of its generation.
struct GeneratedReport
{
    static constexpr const char *kScheduled = "GS";
    static constexpr const char *kGenerating = "G0";
    static constexpr const char *kCompleted = "G1";
    static constexpr const char *kFailed = "GE";

    QString id; // uuid
    QString label;
    std::optional<qint64> reportId;
    qint64 orgId = 0;
    QString orgSlug;
    QString sourceRef;
    QString status = QString::fromLatin1(kScheduled);
    QString generator;
    QStringList sources;
    QStringList recipients;
    std::optional<qint64> start, end;
    QString fileKey;
    QString fileName;
    QString contentType;
    QString error;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
    QString createdByUsername;
};

} // namespace iotile
