#include "server/reports/reportdata.h"

#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "server/app/servercontext.h"
#include "server/ingest/resolvedstream.h"
#include "server/ingest/streamresolver.h"
#include "server/store/streamdatastore.h"

#include <algorithm>
#include <limits>

namespace iotile {

namespace {

qint64 floorDay(qint64 ts)
{
    qint64 d = ts / ReportData::kDay;
    if (ts < 0 && ts % ReportData::kDay != 0)
        --d;
    return d * ReportData::kDay;
}

} // namespace

std::vector<DayStats> ReportSeries::days() const
{
    std::vector<DayStats> out;
    for (const auto &[ts, value] : points) {
        const qint64 day = floorDay(ts);
        if (out.empty() || out.back().day != day) {
            out.push_back(DayStats {day, 0, value, value, 0});
        }
        DayStats &d = out.back();
        d.count += 1;
        d.sum += value;
        d.min = std::min(d.min, value);
        d.max = std::max(d.max, value);
    }
    return out;
}

Result<QList<ReportSeries>> ReportData::load(ServerContext &server, SqlConnection &mainDb,
                                             SqlConnection &dataDb, const GeneratedReport &report)
{
    StreamDataStore data(dataDb);
    // (key, slug) of every stream to read, in the order the sources name them.
    QList<QPair<qint64, QString>> streams;
    for (const QString &source : report.sources) {
        if (const auto project = ProjectSlug::parse(source)) {
            IOTILE_TRY(keys, data.keysLike(QStringLiteral("s--%1--%").arg(project->gid())));
            for (const auto &k : keys) {
                if (!streams.contains(k))
                    streams.append(k);
            }
            continue;
        }
        IOTILE_TRY(key, data.keyOf(source));
        if (key && !streams.contains(QPair<qint64, QString>(*key, source)))
            streams.append({*key, source});
        else if (!key)
            streams.append({-1, source}); // no data yet: an empty series
    }
    QList<ReportSeries> out;
    for (const auto &[key, slugText] : std::as_const(streams)) {
        ReportSeries series;
        series.slug = slugText;
        series.label = slugText;
        std::shared_ptr<const ResolvedStream> resolved;
        if (const auto slug = StreamSlug::parse(slugText)) {
            IOTILE_TRY(r, server.streams().resolve(mainDb, *slug));
            resolved = r;
            if (resolved && resolved->meta && !resolved->meta->dataLabel.isEmpty())
                series.label = resolved->meta->dataLabel;
            if (resolved && resolved->meta && !resolved->meta->mdoLabel.isEmpty())
                series.units = resolved->meta->mdoLabel;
        }
        if (key >= 0) {
            qint64 ts = report.start ? *report.start - 1 : std::numeric_limits<qint64>::min();
            qint64 seq = std::numeric_limits<qint64>::max();
            while (qint64(series.points.size()) < kMaxPointsPerStream) {
                IOTILE_TRY(batch, data.after(key, ts, seq, report.end, 5000, true));
                if (batch.empty())
                    break;
                for (const DataPoint &p : batch) {
                    if (!p.value)
                        continue;
                    const double v =
                        resolved && resolved->outputMdo ? resolved->outputMdo->compute(*p.value) : *p.value;
                    series.points.emplace_back(p.ts, v);
                }
                ts = batch.back().ts;
                seq = batch.back().seq;
                if (batch.size() < 5000)
                    break;
            }
        }
        out.append(std::move(series));
    }
    return out;
}

} // namespace iotile
