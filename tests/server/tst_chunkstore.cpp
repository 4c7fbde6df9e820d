// ChunkStore against a real database (SQLite, and PostgreSQL when IOTILE_TEST_DATABASE_URL names one): what
// goes in comes back once, in key order, however it was split into uploads, and the chunks keep their
// invariants (a stream's chunks disjoint and ordered, at most 64 points each, within one month).
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/chunkstore.h"
#include "server/store/database.h"
#include "server/store/migrations/migrations.h"
#include "server/store/monthrange.h"
#include "server/store/pointchunk.h"
#include "server/store/streamdatastore.h"
#include "tests/support/must.h"
#include "tests/support/testdatabase.h"

#include <QTest>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <thread>

using namespace iotile;
using namespace iotile::test;

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kJan2026 = 1767225600LL * kSecond;
constexpr qint64 kFeb2026 = 1769904000LL * kSecond;

DataPoint point(qint64 stream, qint64 ts, qint64 seq, double value)
{
    DataPoint p;
    p.streamId = stream;
    p.ts = ts;
    p.seq = seq;
    p.value = value;
    p.intValue = qint64(value);
    return p;
}

// Points first..last (inclusive) of a stream sampled every `step` seconds from `start`; seq = index.
std::vector<DataPoint> series(qint64 stream, qint64 start, int first, int last, int step = 1)
{
    std::vector<DataPoint> out;
    for (int i = first; i <= last; i += step)
        out.push_back(point(stream, start + qint64(i) * kSecond, i, double(i) * 1.5));
    return out;
}

} // namespace

class TstChunkStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void appendsFillTheTailChunk();
    void uploadsInAnyOrderStoreEachPointOnce_data();
    void uploadsInAnyOrderStoreEachPointOnce();
    void storedPointsKeepTheirIds();
    void theFirstOfABatchsDuplicatesWins();
    void chunksStayWithinAMonth();
    void reads_data();
    void reads();
    void concurrentWritersOfOneStream();
    void rewriteChangesOnlyTheRange();
    void everyPointIsFoundById();
    void newestFirstReadsOutliveTheirHint();
    void storedRowsMoveIntoChunks();

private:
    SqlConnection &db() { return **m_context->dataDb().connection(); }
    Status insert(const std::vector<DataPoint> &points, qint64 *added = nullptr);
    // Every point of the stream, checking the chunks' invariants on the way.
    std::vector<DataPoint> stored(qint64 stream);
    qint64 chunks(qint64 stream);

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerContext> m_context;
};

void TstChunkStore::initTestCase()
{
    m_database = std::make_unique<TestDatabase>();
    ServerConfig config;
    config.databaseUrl = m_database->url();
    config.dataDir = m_database->dataDir();
    config.jwtSecret = "chunk-store-test-secret-0123456789";
    auto context = ServerContext::create(config, true);
    QVERIFY2(context, context ? "" : qPrintable(context.error().message()));
    m_context = std::move(*context);
}

void TstChunkStore::init()
{
    // Each test (and row) starts with no data.
    QVERIFY(db().execOnce(QStringLiteral("DELETE FROM stream_chunks")));
}

void TstChunkStore::cleanupTestCase()
{
    if (m_context)
        m_context->closeThreadConnections();
    m_context.reset();
    m_database.reset();
}

Status TstChunkStore::insert(const std::vector<DataPoint> &points, qint64 *added)
{
    std::vector<qint64> times;
    for (const DataPoint &p : points)
        times.push_back(p.ts);
    IOTILE_CHECK(StreamDataStore(db()).ensurePartitions(times));
    Transaction tx(db());
    IOTILE_TRY(inserted, ChunkStore(db()).insert(points));
    IOTILE_CHECK(tx.commit());
    if (added)
        *added = qint64(inserted.size());
    return Ok {};
}

std::vector<DataPoint> TstChunkStore::stored(qint64 stream)
{
    SqlQuery q = db().query("SELECT first_ts, first_seq, last_ts, last_seq, n, min_id, max_id, points "
                            "FROM stream_chunks WHERE stream_id = ? ORDER BY first_ts, first_seq");
    q.bind(stream);
    must(q.exec(), "chunks");
    std::vector<DataPoint> all;
    while (q.next()) {
        std::vector<DataPoint> chunk;
        const bool ok = PointChunk::decode(q.value(7).toByteArray(), stream, chunk);
        const auto fail = [&](const char *what) {
            qWarning("chunk at %lld/%lld: %s", q.int64(0), q.int64(1), what);
            all.clear();
            all.push_back(DataPoint {}); // a point no test expects
        };
        if (!ok || chunk.empty() || chunk.size() > PointChunk::kMaxPoints
            || qint64(chunk.size()) != q.int64(4)) {
            fail("does not decode, or holds a wrong count");
            return all;
        }
        if (chunk.front().ts != q.int64(0) || chunk.front().seq != q.int64(1) || chunk.back().ts != q.int64(2)
            || chunk.back().seq != q.int64(3)) {
            fail("its key columns are not its first and last points");
            return all;
        }
        const MonthRange month = MonthRange::of(chunk.front().ts);
        qint64 minId = chunk.front().id, maxId = chunk.front().id;
        for (size_t i = 0; i < chunk.size(); ++i) {
            minId = std::min(minId, chunk[i].id);
            maxId = std::max(maxId, chunk[i].id);
            if (!month.contains(chunk[i].ts)) {
                fail("crosses a month");
                return all;
            }
            const DataPoint *before = i ? &chunk[i - 1] : (all.empty() ? nullptr : &all.back());
            if (before
                && std::make_pair(before->ts, before->seq) >= std::make_pair(chunk[i].ts, chunk[i].seq)) {
                fail("out of order, or overlapping the chunk before");
                return all;
            }
        }
        if (minId != q.int64(5) || maxId != q.int64(6)) {
            fail("wrong id span");
            return all;
        }
        all.insert(all.end(), chunk.begin(), chunk.end());
    }
    return all;
}

qint64 TstChunkStore::chunks(qint64 stream)
{
    SqlQuery q = db().query("SELECT count(*) FROM stream_chunks WHERE stream_id = ?");
    q.bind(stream);
    return must(q.scalarInt64(), "chunk count");
}

void TstChunkStore::appendsFillTheTailChunk()
{
    qint64 added = 0;
    QVERIFY(insert(series(1, kJan2026, 0, 9), &added));
    QCOMPARE(added, 10);
    QVERIFY(insert(series(1, kJan2026, 10, 99), &added));
    QCOMPARE(added, 90);
    QCOMPARE(chunks(1), 2); // 64 + 36: the first chunk took what it had room for
    QVERIFY(insert(series(1, kJan2026, 100, 100), &added));
    QCOMPARE(chunks(1), 2);
    const std::vector<DataPoint> all = stored(1);
    QCOMPARE(all.size(), size_t(101));
    for (size_t i = 0; i < all.size(); ++i) {
        QCOMPARE(all[i].seq, qint64(i));
        QCOMPARE(*all[i].value, double(i) * 1.5);
    }
}

void TstChunkStore::uploadsInAnyOrderStoreEachPointOnce_data()
{
    QTest::addColumn<QList<QList<int>>>("uploads"); // [first, last, step] of each upload, in order
    QTest::newRow("in order") << QList<QList<int>> {{0, 299, 1}, {300, 599, 1}};
    QTest::newRow("retried") << QList<QList<int>> {{0, 299, 1}, {0, 299, 1}, {0, 299, 1}};
    QTest::newRow("overlapping") << QList<QList<int>> {{0, 199, 1}, {150, 399, 1}, {100, 120, 1}};
    QTest::newRow("interleaved") << QList<QList<int>> {{0, 598, 2}, {1, 599, 2}};
    QTest::newRow("back-filled") << QList<QList<int>> {{400, 599, 1}, {0, 399, 1}};
    QTest::newRow("a hole filled") << QList<QList<int>> {{0, 99, 1}, {300, 599, 1}, {100, 299, 1}};
    QTest::newRow("point by point, backwards")
        << QList<QList<int>> {{599, 599, 1}, {598, 598, 1}, {0, 597, 3}, {1, 597, 3}, {2, 597, 3}};
}

void TstChunkStore::uploadsInAnyOrderStoreEachPointOnce()
{
    QFETCH(QList<QList<int>>, uploads);
    std::map<int, bool> expected;
    qint64 total = 0;
    for (const QList<int> &u : uploads) {
        qint64 added = 0;
        QVERIFY(insert(series(7, kJan2026, u[0], u[1], u[2]), &added));
        qint64 fresh = 0;
        for (int i = u[0]; i <= u[1]; i += u[2])
            fresh += expected.emplace(i, true).second ? 1 : 0;
        QCOMPARE(added, fresh);
        total += added;
    }
    const std::vector<DataPoint> all = stored(7);
    QCOMPARE(qint64(all.size()), total);
    size_t i = 0;
    for (const auto &[seq, _] : expected) {
        QCOMPARE(all[i].seq, qint64(seq));
        QCOMPARE(all[i].ts, kJan2026 + seq * kSecond);
        ++i;
    }
    // Ids: one per point, none twice.
    std::vector<qint64> ids;
    for (const DataPoint &p : all)
        ids.push_back(p.id);
    std::sort(ids.begin(), ids.end());
    QVERIFY(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

void TstChunkStore::storedPointsKeepTheirIds()
{
    QVERIFY(insert(series(3, kJan2026, 0, 198, 2)));
    std::map<qint64, qint64> before;
    for (const DataPoint &p : stored(3))
        before[p.seq] = p.id;
    QVERIFY(insert(series(3, kJan2026, 1, 199, 2))); // every chunk is rewritten around the new points
    qint64 kept = 0;
    for (const DataPoint &p : stored(3)) {
        if (p.seq % 2 == 0) {
            QCOMPARE(p.id, before.at(p.seq));
            ++kept;
        } else {
            QVERIFY(before.count(p.seq) == 0);
        }
    }
    QCOMPARE(kept, 100);
}

void TstChunkStore::theFirstOfABatchsDuplicatesWins()
{
    std::vector<DataPoint> batch = series(4, kJan2026, 0, 4);
    batch.push_back(point(4, kJan2026 + 2 * kSecond, 2, 99.0)); // the key of the third, another value
    qint64 added = 0;
    QVERIFY(insert(batch, &added));
    QCOMPARE(added, 5);
    const std::vector<DataPoint> all = stored(4);
    QCOMPARE(all.size(), size_t(5));
    QCOMPARE(*all[2].value, 3.0);
}

void TstChunkStore::chunksStayWithinAMonth()
{
    // 100 points a second apart across the end of January, in one upload, then more on both sides.
    const qint64 start = kFeb2026 - 50 * kSecond;
    QVERIFY(insert(series(5, start, 0, 99)));
    QCOMPARE(chunks(5), 2); // 50 in January, 50 in February
    QVERIFY(insert(series(5, start, 100, 120)));
    QVERIFY(insert(series(5, start - 100 * kSecond, 0, 99)));
    const std::vector<DataPoint> all = stored(5); // checks each chunk keeps to its month
    QCOMPARE(all.size(), size_t(221));
    QVERIFY(all.front().ts < kFeb2026 && all.back().ts >= kFeb2026);
}

void TstChunkStore::reads_data()
{
    QTest::addColumn<std::optional<int>>("from"); // second, seq = second
    QTest::addColumn<std::optional<int>>("to");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<int>("limit");
    QTest::newRow("all, ascending") << std::optional<int>() << std::optional<int>() << false << 100000;
    QTest::newRow("all, descending") << std::optional<int>() << std::optional<int>() << true << 100000;
    QTest::newRow("last 100") << std::optional<int>() << std::optional<int>() << true << 100;
    QTest::newRow("first 10") << std::optional<int>() << std::optional<int>() << false << 10;
    QTest::newRow("from inside a chunk") << std::optional<int>(1000) << std::optional<int>() << false << 500;
    QTest::newRow("a window") << std::optional<int>(130) << std::optional<int>(1130) << false << 100000;
    QTest::newRow("a window, descending")
        << std::optional<int>(130) << std::optional<int>(1130) << true << 100000;
    QTest::newRow("before a time, descending, limited")
        << std::optional<int>() << std::optional<int>(2001) << true << 700;
    QTest::newRow("past the end") << std::optional<int>(5000) << std::optional<int>() << false << 10;
    QTest::newRow("an empty window") << std::optional<int>(300) << std::optional<int>(300) << false << 10;
    QTest::newRow("between two points") << std::optional<int>(601) << std::optional<int>(602) << true << 10;
}

void TstChunkStore::reads()
{
    QFETCH(std::optional<int>, from);
    QFETCH(std::optional<int>, to);
    QFETCH(bool, descending);
    QFETCH(int, limit);
    // 3,000 points, every other second (odd seconds hold none), in uploads of 300 that split chunks unevenly.
    for (int first = 0; first < 6000; first += 600)
        QVERIFY(insert(series(9, kJan2026, first, first + 598, 2)));
    QVERIFY(insert(series(2, kJan2026, 0, 5999))); // another stream, not read
    const auto key = [](std::optional<int> s) {
        return s ? std::optional<PointKey>(PointKey {kJan2026 + *s * kSecond, *s}) : std::nullopt;
    };
    auto read = ChunkStore(db()).read(9, key(from), key(to), descending, limit);
    QVERIFY(read);
    std::vector<int> expected;
    for (int s = 0; s < 6000; s += 2)
        if ((!from || s >= *from) && (!to || s < *to))
            expected.push_back(s);
    auto counted = ChunkStore(db()).count(9, key(from), key(to));
    QVERIFY(counted);
    QCOMPARE(*counted, qint64(expected.size()));
    // Counted from the newest down, stopping at a cap (lastn): the cap, or all there are below it.
    auto capped = ChunkStore(db()).count(9, key(from), key(to), limit);
    QVERIFY(capped);
    QCOMPARE(*capped, std::min<qint64>(qint64(expected.size()), limit));
    if (descending)
        std::reverse(expected.begin(), expected.end());
    if (expected.size() > size_t(limit))
        expected.resize(size_t(limit));
    QCOMPARE(read->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE((*read)[i].seq, qint64(expected[i]));
        QCOMPARE((*read)[i].streamId, 9);
    }
}

void TstChunkStore::concurrentWritersOfOneStream()
{
    // Two writers with overlapping uploads of one stream, each in its own transactions.
    const auto writer = [this](int offset) {
        auto c = m_context->dataDb().connection();
        if (!c)
            return false;
        bool ok = true;
        for (int first = offset; first < 2000 && ok; first += 200) {
            const std::vector<DataPoint> points = series(11, kJan2026, first, first + 249);
            std::vector<qint64> times {points.front().ts};
            ok = bool(StreamDataStore(**c).ensurePartitions(times));
            Transaction tx(**c);
            ok = ok && ChunkStore(**c).insert(points) && tx.commit();
        }
        m_context->closeThreadConnections();
        return ok;
    };
    bool a = false, b = false;
    std::thread first([&] { a = writer(0); });
    std::thread second([&] { b = writer(100); });
    first.join();
    second.join();
    QVERIFY(a);
    QVERIFY(b);
    const std::vector<DataPoint> all = stored(11);
    QCOMPARE(all.size(), size_t(2150)); // seconds 0..2149, once each
    for (size_t i = 0; i < all.size(); ++i)
        QCOMPARE(all[i].seq, qint64(i));
}

void TstChunkStore::rewriteChangesOnlyTheRange()
{
    QVERIFY(insert(series(12, kJan2026, 0, 599)));
    const std::vector<DataPoint> before = stored(12);
    const PointKey from {kJan2026 + 100 * kSecond, 100}, to {kJan2026 + 300 * kSecond, 300};
    auto done = ChunkStore(db()).rewrite(12, from, to, [](std::vector<DataPoint> &points) {
        const auto gone =
            std::remove_if(points.begin(), points.end(), [](const DataPoint &p) { return p.seq % 3 == 0; });
        points.erase(gone, points.end());
        for (DataPoint &p : points)
            p.dirty = true;
        return true;
    });
    QVERIFY(done);
    QCOMPARE(done->dropped, 66); // the multiples of 3 in [100, 300): 102 to 297
    QVERIFY(done->span && done->span->first <= from.ts && done->span->second >= to.ts - kSecond);
    const std::vector<DataPoint> after = stored(12);
    QCOMPARE(after.size(), before.size() - 66);
    size_t j = 0;
    for (const DataPoint &old : before) {
        const bool inside = old.seq >= 100 && old.seq < 300;
        if (inside && old.seq % 3 == 0)
            continue;
        QCOMPARE(after[j].id, old.id);
        QCOMPARE(after[j].dirty, inside);
        QCOMPARE(*after[j].value, *old.value);
        ++j;
    }
    // A change that changes nothing writes nothing.
    auto idle = ChunkStore(db()).rewrite(12, std::nullopt, std::nullopt,
                                         [](std::vector<DataPoint> &) { return false; });
    QVERIFY(idle);
    QVERIFY(!idle->span);
}

void TstChunkStore::everyPointIsFoundById()
{
    QVERIFY(insert(series(13, kJan2026, 0, 398, 2)));
    QVERIFY(insert(series(14, kJan2026, 0, 199)));
    QVERIFY(insert(series(13, kJan2026, 1, 399, 2))); // merged into the first upload's chunks
    for (const qint64 stream : {13, 14}) {
        for (const DataPoint &p : stored(stream)) {
            auto found = ChunkStore(db()).byId(p.id);
            QVERIFY(found);
            QVERIFY(found->has_value());
            QCOMPARE((*found)->streamId, stream);
            QCOMPARE((*found)->seq, p.seq);
        }
    }
    auto missing = ChunkStore(db()).byId(987654321);
    QVERIFY(missing);
    QVERIFY(!missing->has_value());
    auto span = ChunkStore(db()).extent(13);
    QVERIFY(span && span->has_value());
    QCOMPARE((*span)->first, kJan2026);
    QCOMPARE((*span)->second, kJan2026 + 399 * kSecond);
    auto none = ChunkStore(db()).extent(99);
    QVERIFY(none && !none->has_value());
}

void TstChunkStore::newestFirstReadsOutliveTheirHint()
{
    // A newest-first read first tries the month of the stream's newest chunk as last seen (a hint kept in
    // the process). Whatever became of the stream since, the read returns the newest points.
    const qint64 march = kFeb2026 + 28 * 86400 * kSecond;
    QVERIFY(insert(series(21, kJan2026, 0, 199)));
    QVERIFY(insert(series(21, kFeb2026 - 200 * kSecond, 200, 399)));
    const auto newest = [&](qint64 n) {
        auto read = ChunkStore(db()).read(21, std::nullopt, std::nullopt, true, n);
        must(read, "a newest-first read");
        std::vector<qint64> seqs;
        for (const DataPoint &p : *read)
            seqs.push_back(p.seq);
        return seqs;
    };
    const auto countdown = [](qint64 from, qint64 n) {
        std::vector<qint64> seqs;
        for (qint64 i = 0; i < n; ++i)
            seqs.push_back(from - i);
        return seqs;
    };
    QCOMPARE(newest(10), countdown(399, 10)); // notes February (seq 400..599 are not there yet)
    QVERIFY(insert(series(21, kFeb2026 - 200 * kSecond, 400, 599)));
    QCOMPARE(newest(10), countdown(599, 10));
    // Past the hinted month: 500 points reach back into January.
    QCOMPARE(newest(500), countdown(599, 500));
    // The hint too high: February's points deleted, the newest are January's.
    auto gone = ChunkStore(db()).rewrite(21, PointKey {kFeb2026, std::numeric_limits<qint64>::min()},
                                         std::nullopt, [](std::vector<DataPoint> &points) {
                                             points.clear();
                                             return true;
                                         });
    QVERIFY(gone);
    QCOMPARE(gone->dropped, 400);
    QCOMPARE(newest(10), countdown(199, 10));
    // The hint too low (noted January): March's points are found above it.
    QVERIFY(insert(series(21, march - 600 * kSecond, 600, 609)));
    std::vector<qint64> expected = countdown(609, 10);
    for (const qint64 seq : countdown(199, 5))
        expected.push_back(seq);
    QCOMPARE(newest(15), expected);
    QCOMPARE(qint64(stored(21).size()), qint64(210));
}

void TstChunkStore::storedRowsMoveIntoChunks()
{
    // Rows as a server before migration 21 stored them: 150 points of stream 15 (some without a value or
    // a device time, some dirty), 5 of stream 16, across the end of January; then migration 21's move.
    // Migration 22 dropped stream_data: the test makes one of its columns again (unpartitioned will do).
    const qint64 start = kFeb2026 - 100 * kSecond;
    QVERIFY(StreamDataStore(db()).ensurePartitions({start, kFeb2026}));
    QVERIFY(db().execOnce(QStringLiteral(
        "CREATE TABLE stream_data (id BIGINT NOT NULL, stream_id BIGINT NOT NULL, ts BIGINT NOT NULL,"
        " seq BIGINT NOT NULL, device_ts BIGINT, int_value BIGINT, value DOUBLE PRECISION,"
        " type SMALLINT NOT NULL, status SMALLINT NOT NULL, dirty BOOLEAN NOT NULL)")));
    SqlQuery row = db().query("INSERT INTO stream_data (id, stream_id, ts, seq, device_ts, int_value, value, "
                              "type, status, dirty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    std::map<qint64, DataPoint> written;
    for (int i = 0; i < 155; ++i) {
        DataPoint p = point(i < 150 ? 15 : 16, start + qint64(i % 150) * kSecond, i % 150, double(i) / 4);
        p.id = 90000 - i; // ids need not follow time
        if (i % 7 == 0)
            p.value.reset();
        if (i % 3 != 0)
            p.deviceTs = 1000 + i;
        p.dirty = i % 5 == 0;
        p.status = PointStatus(i % 4);
        p.type = PointType(i % 5);
        row.bind(p.id)
            .bind(p.streamId)
            .bind(p.ts)
            .bind(p.seq)
            .bindOptional(p.deviceTs)
            .bindOptional(p.intValue)
            .bindOptional(p.value)
            .bind(qint64(p.type))
            .bind(qint64(p.status))
            .bind(p.dirty);
        QVERIFY(row.exec());
        written[p.id] = p;
    }
    {
        Transaction tx(db());
        QVERIFY(migrations::moveRowsIntoChunks(db()));
        QVERIFY(tx.commit());
    }
    SqlQuery left = db().query("SELECT count(*) FROM stream_data");
    QCOMPARE(*left.scalarInt64(), 0);
    QVERIFY(db().execOnce(QStringLiteral("DROP TABLE stream_data")));
    std::vector<DataPoint> all = stored(15);
    QCOMPARE(all.size(), size_t(150));
    const std::vector<DataPoint> other = stored(16);
    QCOMPARE(other.size(), size_t(5));
    all.insert(all.end(), other.begin(), other.end());
    for (const DataPoint &p : all) {
        const DataPoint &w = written.at(p.id);
        QCOMPARE(p.streamId, w.streamId);
        QCOMPARE(p.ts, w.ts);
        QCOMPARE(p.seq, w.seq);
        QCOMPARE(p.deviceTs, w.deviceTs);
        QCOMPARE(p.intValue, w.intValue);
        QCOMPARE(p.value, w.value);
        QCOMPARE(p.type, w.type);
        QCOMPARE(p.status, w.status);
        QCOMPARE(p.dirty, w.dirty);
    }
}

QTEST_GUILESS_MAIN(TstChunkStore)
#include "tst_chunkstore.moc"
