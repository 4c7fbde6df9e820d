#pragma once

#include "server/domain/datapoint.h"
#include "server/http/httpresponse.h"
#include "server/ingest/resolvedstream.h"

#include <QList>
#include <QPair>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace iotile {

class Database;
class StreamScanner;

// Streams the points of one or more streams as CSV, a page at a time in time order (StreamScanner), so
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
    ~DataExportStream() override;

    // Per-stream [start, end) windows, one per entry of `streams` (the slices of a stream alias, where one
    // stream may appear more than once); without them every stream uses start and end.
    using Window = std::pair<std::optional<qint64>, std::optional<qint64>>;
    void setWindows(std::vector<Window> windows);

    bool next(QByteArray &out, bool &failed) override;

private:
    std::optional<qint64> startAt(int index) const;
    std::optional<qint64> endAt(int index) const;
    void write(const std::vector<DataPoint> &rows, const QByteArray &slug, QByteArray &out) const;
    Database &m_db;
    QList<QPair<qint64, QString>> m_streams;
    std::optional<qint64> m_start;
    std::optional<qint64> m_end;
    std::vector<Window> m_windows;
    Layout m_layout;
    std::shared_ptr<const ResolvedStream> m_stream;
    int m_index = 0;
    bool m_headerDone = false;
    std::unique_ptr<StreamScanner> m_scanner; // of the stream at m_index, once started
};

} // namespace iotile
