#pragma once

#include "client/data/seriesdata.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace iotile {

// Everything a report writer needs, fetched beforehand: the writers never touch the network.
struct ReportData
{
    QString title;
    qint64 startMs = 0;
    qint64 endMs = 0;
    QDateTime generatedAt;
    QString generatedBy; // the signed-in user
    QString server;
    QList<SeriesData> streams;

    qint64 totalRows() const;
};

} // namespace iotile
