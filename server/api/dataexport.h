#pragma once

#include "server/http/httpresponse.h"
#include "server/ingest/resolvedstream.h"

#include <QList>
#include <QPair>
#include <QString>

#include <memory>
#include <optional>

namespace iotile {

class Database;

// Streams the points of one or more streams as CSV, a batch at a time (keyset pages in time order), so
// an export of millions of rows never sits in memory. Runs on the HTTP thread that serves it, with that
// thread's connection to the data database.
class DataExportStream final : public ResponseStream
{
public:
    enum class Layout {
        Data, // /api/v1/data/?format=csv: one row per point with its ids
        Stream, // /api/v1/stream/<slug>/csv/: "Timestamp,Value" in output units, as the original
    };
    DataExportStream(Database &dataDb, QList<QPair<qint64, QString>> streams, std::optional<qint64> start,
                     std::optional<qint64> end, Layout layout, std::shared_ptr<const ResolvedStream> stream);

    bool next(QByteArray &out, bool &failed) override;

private:
    Database &m_db;
    QList<QPair<qint64, QString>> m_streams;
    std::optional<qint64> m_start;
    std::optional<qint64> m_end;
    Layout m_layout;
    std::shared_ptr<const ResolvedStream> m_stream;
    int m_index = 0;
    qint64 m_lastTs = 0;
    qint64 m_lastSeq = 0;
    bool m_headerDone = false;
};

} // namespace iotile
