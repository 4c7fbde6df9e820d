#include "server/blob/blobstore.h"
#include "server/blob/localblobstore.h"
#include "server/blob/s3blobstore.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>
#include <QtConcurrent>

using namespace iotile;

// One behaviour suite for every BlobStore: the local directory always, S3 against a real S3-compatible
// server (s3rver) when IOTILE_TEST_S3_URL names one (scripts/test.sh starts it and sets it).
class TstBlob : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void keyRules_data();
    void keyRules();
    void prefixRules_data();
    void prefixRules();
    void factory_data();
    void factory();

    void roundTrip_data();
    void roundTrip();
    void allByteValues_data();
    void allByteValues();
    void largeObjectStreams_data();
    void largeObjectStreams();
    void sequentialSource_data();
    void sequentialSource();
    void concurrentPuts_data();
    void concurrentPuts();
    void fromEventLoopThread_data();
    void fromEventLoopThread();
    void badKeysRejected_data();
    void badKeysRejected();
    void missingKey_data();
    void missingKey();
    void list_data();
    void list();
    void download_data();
    void download();
    void unreachable_data();
    void unreachable();
    void s3ServerFailures_data();
    void s3ServerFailures();
    void localClashes();

private:
    void addBackends();
    BlobStore *storeFor(const QString &backend) const;

    QTemporaryDir m_dir;
    std::unique_ptr<BlobStore> m_local;
    std::unique_ptr<BlobStore> m_s3;
    QString m_s3Url; // with this run's prefix, so runs never see each other's objects
};

namespace {

const char kNoS3[] =
    "IOTILE_TEST_S3_URL is not set. scripts/test.sh starts s3rver and sets it; by hand: "
    "source scripts/lib/common.sh; source scripts/lib/s3.sh; s3_start; "
    "export IOTILE_TEST_S3_URL=$S3_URL (s3://S3RVER:S3RVER@127.0.0.1:PORT/test-bucket?secure=0)";

const char *kindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::BadRequest:
        return "BadRequest";
    case ErrorKind::NotFound:
        return "NotFound";
    case ErrorKind::Conflict:
        return "Conflict";
    case ErrorKind::TooLarge:
        return "TooLarge";
    case ErrorKind::Internal:
        return "Internal";
    case ErrorKind::Unavailable:
        return "Unavailable";
    default:
        return "other";
    }
}

template<typename R>
QByteArray kindOf(const R &result)
{
    return result ? QByteArray("ok") : QByteArray(kindName(result.error().kind()));
}

template<typename R>
QByteArray describe(const R &result)
{
    return result ? QByteArray("ok") : kindOf(result) + ": " + result.error().message().toUtf8();
}

QByteArray pseudoRandom(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    generator.fillRange(reinterpret_cast<quint32 *>(out.data()), size / 4);
    for (qsizetype i = size / 4 * 4; i < size; ++i)
        out[i] = char(i);
    return out;
}

// A one-pass source, like a socket or a decompressor, handing out at most 64 KB per read.
class SequentialSource final : public QIODevice
{
public:
    explicit SequentialSource(QByteArray data)
        : m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_offset + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(qMin(maxSize, qint64(64 * 1024)), qint64(m_data.size() - m_offset));
        memcpy(data, m_data.constData() + m_offset, size_t(n));
        m_offset += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qsizetype m_offset = 0;
};

struct Fetched
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray contentDisposition;
};

// What a browser would get from a presigned URL: a plain GET, no signing of its own.
Fetched plainGet(const QUrl &url)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Fetched out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.contentType = reply->rawHeader("Content-Type");
    out.contentDisposition = reply->rawHeader("Content-Disposition");
    delete reply;
    return out;
}

// A stand-in S3 endpoint with one canned answer (status 0: accept and never answer). It runs on a
// thread of its own with blocking sockets because the store blocks the test's thread while it waits.
class FakeS3
{
public:
    FakeS3(int status, QByteArray body)
        : m_status(status)
        , m_body(std::move(body))
    {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->start();
        m_ready.acquire();
    }
    ~FakeS3()
    {
        m_stop.storeRelease(1);
        m_thread->wait();
    }
    quint16 port() const { return m_port; }
    int requests() const { return m_requests.loadAcquire(); }

private:
    void run()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        m_port = server.serverPort();
        m_ready.release();
        std::vector<std::unique_ptr<QTcpSocket>> stalled;
        while (!m_stop.loadAcquire()) {
            if (!server.waitForNewConnection(50))
                continue;
            std::unique_ptr<QTcpSocket> socket(server.nextPendingConnection());
            QByteArray request;
            while (!request.contains("\r\n\r\n") && socket->waitForReadyRead(2000))
                request += socket->readAll();
            const qsizetype end = request.indexOf("\r\n\r\n") + 4;
            qint64 length = 0;
            for (const QByteArray &line : request.left(end).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            while (request.size() - end < length && socket->waitForReadyRead(2000))
                request += socket->readAll();
            m_requests.fetchAndAddRelease(1);
            if (m_status == 0) {
                stalled.push_back(std::move(socket));
                continue;
            }
            socket->write("HTTP/1.1 " + QByteArray::number(m_status)
                          + " Whatever\r\nContent-Type: application/xml\r\n" + "Content-Length: "
                          + QByteArray::number(m_body.size()) + "\r\nConnection: close\r\n\r\n" + m_body);
            socket->waitForBytesWritten(2000);
            socket->disconnectFromHost();
            if (socket->state() != QAbstractSocket::UnconnectedState)
                socket->waitForDisconnected(2000);
        }
    }

    int m_status;
    QByteArray m_body;
    quint16 m_port = 0;
    QSemaphore m_ready;
    QAtomicInt m_stop;
    QAtomicInt m_requests;
    std::unique_ptr<QThread> m_thread;
};

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

void TstBlob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto local = BlobStore::create(m_dir.filePath(QStringLiteral("store")), QString());
    QVERIFY2(local, qPrintable(describe(local)));
    m_local = std::move(*local);

    const QString base = qEnvironmentVariable("IOTILE_TEST_S3_URL");
    if (base.isEmpty())
        return;
    QUrl url(base);
    url.setPath(url.path() + QStringLiteral("/tst-blob-")
                + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8));
    m_s3Url = url.toString();
    auto s3 = BlobStore::create(m_s3Url, QString());
    QVERIFY2(s3, qPrintable(describe(s3)));
    m_s3 = std::move(*s3);
}

void TstBlob::cleanupTestCase()
{
    if (m_s3) {
        auto all = m_s3->list();
        if (all) {
            for (const BlobInfo &info : std::as_const(*all))
                (void)m_s3->remove(info.key);
        }
    }
}

void TstBlob::addBackends()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("local") << QStringLiteral("local");
    QTest::newRow("s3") << QStringLiteral("s3");
}

BlobStore *TstBlob::storeFor(const QString &backend) const
{
    return backend == QLatin1String("local") ? m_local.get() : m_s3.get();
}

void TstBlob::keyRules_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("valid");
    QTest::newRow("report path") << QStringLiteral("streamer/reports/2026/11/25/0f8c-4e.bin") << true;
    QTest::newRow("one segment") << QStringLiteral("a") << true;
    QTest::newRow("all allowed characters") << QStringLiteral("AZaz09._-/x") << true;
    QTest::newRow("longest")
        << QString(512, QLatin1Char('k')).replace(200, 1, QLatin1Char('/')).replace(400, 1, QLatin1Char('/'))
        << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd") << false;
    QTest::newRow("parent") << QStringLiteral("..") << false;
    QTest::newRow("parent inside") << QStringLiteral("a/../../b") << false;
    QTest::newRow("dot segment") << QStringLiteral("a/./b") << false;
    QTest::newRow("hidden") << QStringLiteral("a/.env") << false;
    QTest::newRow("backslash") << QStringLiteral("a\\..\\b") << false;
    QTest::newRow("double slash") << QStringLiteral("a//b") << false;
    QTest::newRow("trailing slash") << QStringLiteral("a/") << false;
    QTest::newRow("space") << QStringLiteral("a b") << false;
    QTest::newRow("non-ascii") << QStringLiteral("bericht-ü.bin") << false;
    QTest::newRow("percent") << QStringLiteral("a%2e%2e") << false;
    QTest::newRow("colon") << QStringLiteral("c:x") << false;
    QTest::newRow("query") << QStringLiteral("a?b") << false;
    QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << false;
    QTest::newRow("too long") << QString(513, QLatin1Char('k')) << false;
    QTest::newRow("segment too long") << QString(256, QLatin1Char('k')) << false;
}

void TstBlob::keyRules()
{
    QFETCH(QString, key);
    QFETCH(bool, valid);
    const Status status = BlobStore::checkKey(key);
    QCOMPARE(bool(status), valid);
    if (!valid) {
        QCOMPARE(kindOf(status), QByteArray("BadRequest"));
        QVERIFY2(status.error().message().startsWith(QLatin1String("Invalid blob key")),
                 qPrintable(status.error().message()));
    }
}

void TstBlob::prefixRules_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<bool>("valid");
    QTest::newRow("everything") << QString() << true;
    QTest::newRow("directory") << QStringLiteral("streamer/reports/") << true;
    QTest::newRow("partial name") << QStringLiteral("streamer/rep") << true;
    QTest::newRow("absolute") << QStringLiteral("/streamer/") << false;
    QTest::newRow("parent") << QStringLiteral("../") << false;
    QTest::newRow("double slash") << QStringLiteral("a//") << false;
}

void TstBlob::prefixRules()
{
    QFETCH(QString, prefix);
    QFETCH(bool, valid);
    QCOMPARE(bool(BlobStore::checkPrefix(prefix)), valid);
}

void TstBlob::factory_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("expected"); // local: the root; s3: displayUrl(); error: part of the message
    const QString data = m_dir.filePath(QStringLiteral("data"));
    QTest::newRow("default") << QString() << data + QStringLiteral("/blobs");
    QTest::newRow("relative") << QStringLiteral("files") << data + QStringLiteral("/files");
    QTest::newRow("absolute") << m_dir.filePath(QStringLiteral("abs"))
                              << m_dir.filePath(QStringLiteral("abs"));
    QTest::newRow("file URL") << QStringLiteral("file:") + m_dir.filePath(QStringLiteral("url"))
                              << m_dir.filePath(QStringLiteral("url"));
    QTest::newRow("file URL, three slashes")
        << QStringLiteral("file://") + m_dir.filePath(QStringLiteral("url3"))
        << m_dir.filePath(QStringLiteral("url3"));
    QTest::newRow("s3 with defaults")
        << QStringLiteral("s3://AK:S%2Fecret@s3.example.com/bucket")
        << QStringLiteral("s3://AK@s3.example.com:443/bucket?region=us-east-1&secure=1&presign=1");
    QTest::newRow("s3 with everything") << QStringLiteral(
        "s3://AK:SK@127.0.0.1:4568/test-bucket/iotile/prod?region=eu-west-1&secure=0&presign=0&timeout=5")
                                        << QStringLiteral("s3://AK@127.0.0.1:4568/test-bucket/iotile/prod/"
                                                          "?region=eu-west-1&secure=0&presign=0");
    QTest::newRow("unknown scheme") << QStringLiteral("ftp://host/dir")
                                    << QStringLiteral("unsupported blob URL");
    QTest::newRow("s3 without bucket") << QStringLiteral("s3://AK:SK@host") << QStringLiteral("bucket name");
    QTest::newRow("s3 bad flag") << QStringLiteral("s3://AK:SK@host/b?secure=maybe")
                                 << QStringLiteral("bad value");
    QTest::newRow("s3 unknown parameter")
        << QStringLiteral("s3://AK:SK@host/b?colour=red") << QStringLiteral("unknown parameter 'colour'");
    QTest::newRow("s3 bad timeout") << QStringLiteral("s3://AK:SK@host/b?timeout=0")
                                    << QStringLiteral("bad value");
    QTest::newRow("s3 bad prefix") << QStringLiteral("s3://AK:SK@host/b/.hidden") << QStringLiteral("prefix");
    QTest::newRow("s3 without credentials")
        << QStringLiteral("s3://host/b") << QStringLiteral("no credentials");
    QTest::newRow("file URL with host")
        << QStringLiteral("file://server/share") << QStringLiteral("file:/path");
}

void TstBlob::factory()
{
    QFETCH(QString, setting);
    QFETCH(QString, expected);
    const QByteArray savedKey = qgetenv("AWS_ACCESS_KEY_ID");
    const QByteArray savedSecret = qgetenv("AWS_SECRET_ACCESS_KEY");
    qunsetenv("AWS_ACCESS_KEY_ID");
    qunsetenv("AWS_SECRET_ACCESS_KEY");
    auto store = BlobStore::create(setting, m_dir.filePath(QStringLiteral("data")));
    if (!savedKey.isEmpty())
        qputenv("AWS_ACCESS_KEY_ID", savedKey);
    if (!savedSecret.isEmpty())
        qputenv("AWS_SECRET_ACCESS_KEY", savedSecret);

    if (!store) {
        QCOMPARE(kindOf(store), QByteArray("BadRequest"));
        QVERIFY2(store.error().message().contains(expected), qPrintable(store.error().message()));
        QVERIFY(!store.error().message().contains(QLatin1String("SK@"))); // no secret in messages
        return;
    }
    if (auto *local = dynamic_cast<LocalBlobStore *>(store->get())) {
        QCOMPARE(local->root(), expected);
        QVERIFY(QFileInfo(expected).isDir());
        return;
    }
    auto *s3 = dynamic_cast<S3BlobStore *>(store->get());
    QVERIFY(s3);
    QCOMPARE(s3->displayUrl(), expected);
    if (setting.contains(QLatin1String("S%2Fecret")))
        QCOMPARE(s3->config().secretKey, QStringLiteral("S/ecret"));
    if (setting.contains(QLatin1String("timeout=5")))
        QCOMPARE(s3->config().timeoutMs, 5000);
}

void TstBlob::roundTrip_data()
{
    addBackends();
}

void TstBlob::roundTrip()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    const QString key = QStringLiteral("roundtrip/2026/11/25/report.bin");
    QCOMPARE(describe(store->exists(key)), QByteArray("ok"));
    QCOMPARE(*store->exists(key), false);

    QCOMPARE(describe(store->put(key, "first version", "application/octet-stream")), QByteArray("ok"));
    QCOMPARE(*store->exists(key), true);
    QCOMPARE(*store->size(key), qint64(13));
    QCOMPARE(*store->get(key), QByteArray("first version"));

    // Overwrite with something shorter: no leftover tail.
    QCOMPARE(describe(store->put(key, "second")), QByteArray("ok"));
    QCOMPARE(*store->get(key), QByteArray("second"));
    QCOMPARE(*store->size(key), qint64(6));

    QCOMPARE(describe(store->remove(key)), QByteArray("ok"));
    QCOMPARE(*store->exists(key), false);
    QCOMPARE(kindOf(store->get(key)), QByteArray("NotFound"));
    // Removing again is not an error.
    QCOMPARE(describe(store->remove(key)), QByteArray("ok"));
}

void TstBlob::allByteValues_data()
{
    addBackends();
}

void TstBlob::allByteValues()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    QByteArray bytes;
    for (int round = 0; round < 4; ++round) {
        for (int b = 0; b < 256; ++b)
            bytes += char(round % 2 ? 255 - b : b);
    }
    bytes += "\r\n\r\n\0\0\n";
    QCOMPARE(describe(store->put(QStringLiteral("bytes/all.bin"), bytes)), QByteArray("ok"));
    const auto back = store->get(QStringLiteral("bytes/all.bin"));
    QCOMPARE(describe(back), QByteArray("ok"));
    QCOMPARE(back->size(), bytes.size());
    QCOMPARE(*back, bytes);

    // The empty blob is a blob.
    QCOMPARE(describe(store->put(QStringLiteral("bytes/empty.bin"), QByteArray())), QByteArray("ok"));
    QCOMPARE(*store->exists(QStringLiteral("bytes/empty.bin")), true);
    QCOMPARE(*store->size(QStringLiteral("bytes/empty.bin")), qint64(0));
    QCOMPARE(*store->get(QStringLiteral("bytes/empty.bin")), QByteArray());
    auto device = store->open(QStringLiteral("bytes/empty.bin"));
    QCOMPARE(describe(device), QByteArray("ok"));
    QCOMPARE((*device)->readAll(), QByteArray());
}

void TstBlob::largeObjectStreams_data()
{
    addBackends();
}

void TstBlob::largeObjectStreams()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    constexpr qsizetype kSize = 20 * 1024 * 1024 + 7;
    const QByteArray data = pseudoRandom(kSize, 42);
    const QByteArray digest = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    QTemporaryFile file;
    QVERIFY(file.open());
    QCOMPARE(file.write(data), kSize);
    QVERIFY(file.seek(0));

    const QString key = QStringLiteral("large/20mb.bin");
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(describe(store->putFrom(key, file)), QByteArray("ok"));
    const qint64 putMs = timer.restart();
    QCOMPARE(*store->size(key), qint64(kSize));

    // Read back in odd-sized pieces, through S3's range boundaries.
    auto opened = store->open(key);
    QCOMPARE(describe(opened), QByteArray("ok"));
    QIODevice &device = **opened;
    QCOMPARE(device.size(), qint64(kSize));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 total = 0;
    QByteArray block(777777, Qt::Uninitialized);
    for (;;) {
        const qint64 n = device.read(block.data(), block.size());
        QVERIFY2(n >= 0, qPrintable(device.errorString()));
        if (n == 0)
            break;
        hash.addData(QByteArrayView(block.constData(), n));
        total += n;
    }
    QCOMPARE(total, qint64(kSize));
    QCOMPARE(hash.result(), digest);
    // Random access across a piece boundary (S3 reads 8 MB pieces).
    const qint64 at = 8 * 1024 * 1024 - 5;
    QVERIFY(device.seek(at));
    QCOMPARE(device.read(10), data.mid(at, 10));
    QVERIFY(device.seek(3));
    QCOMPARE(device.read(4), data.mid(3, 4));
    const qint64 readMs = timer.restart();

    const auto whole = store->get(key);
    QCOMPARE(describe(whole), QByteArray("ok"));
    QVERIFY(*whole == data);
    qInfo("%s: 20 MB put %lld ms, streamed read %lld ms", qPrintable(backend), putMs, readMs);
    QCOMPARE(describe(store->remove(key)), QByteArray("ok"));
}

void TstBlob::sequentialSource_data()
{
    addBackends();
}

void TstBlob::sequentialSource()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    const QByteArray data = pseudoRandom(3 * 1024 * 1024 + 1, 7);
    SequentialSource source(data);
    QCOMPARE(describe(store->putFrom(QStringLiteral("sequential/one-pass.bin"), source)), QByteArray("ok"));
    QVERIFY(*store->get(QStringLiteral("sequential/one-pass.bin")) == data);

    // putFrom starts at the device's position.
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("HEADER" + data.left(1000));
    QVERIFY(file.seek(6));
    QCOMPARE(describe(store->putFrom(QStringLiteral("sequential/offset.bin"), file)), QByteArray("ok"));
    QCOMPARE(*store->get(QStringLiteral("sequential/offset.bin")), data.left(1000));
}

void TstBlob::concurrentPuts_data()
{
    addBackends();
}

void TstBlob::concurrentPuts()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    // 64 jobs on 8 threads: each writes a key of its own and overwrites one of 4 keys it shares with
    // 15 others, then reads its own key back.
    constexpr int kJobs = 64;
    const auto payload = [](int job) {
        QByteArray out = QByteArray::number(job).rightJustified(4, '0');
        return out.repeated(16 * 1024); // 64 KB: a torn write would show as mixed numbers
    };
    QList<int> jobs;
    for (int i = 0; i < kJobs; ++i)
        jobs.append(i);
    QMutex mutex;
    QStringList failures;
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    QtConcurrent::blockingMap(&pool, jobs, [&](int job) {
        QStringList problems;
        const QString own = QStringLiteral("concurrent/own/%1.bin").arg(job);
        const QString shared = QStringLiteral("concurrent/shared/%1.bin").arg(job % 4);
        if (auto s = store->put(own, payload(job)); !s)
            problems << own + QStringLiteral(": ") + s.error().message();
        if (auto s = store->put(shared, payload(job)); !s)
            problems << shared + QStringLiteral(": ") + s.error().message();
        auto back = store->get(own);
        if (!back || *back != payload(job))
            problems << own + QStringLiteral(" read back wrong");
        QMutexLocker lock(&mutex);
        failures << problems;
    });
    pool.waitForDone();
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));

    for (int k = 0; k < 4; ++k) {
        const auto blob = store->get(QStringLiteral("concurrent/shared/%1.bin").arg(k));
        QCOMPARE(describe(blob), QByteArray("ok"));
        const int writer = blob->left(4).toInt();
        QCOMPARE(writer % 4, k);
        QVERIFY2(*blob == payload(writer), "a shared blob mixes two writers");
    }
    const auto listed = store->list(QStringLiteral("concurrent/own/"));
    QCOMPARE(describe(listed), QByteArray("ok"));
    QCOMPARE(listed->size(), kJobs);
    if (backend == QLatin1String("s3")) {
        // The same listing in pages of 7 (continuation tokens).
        auto config = S3Config::fromUrl(QUrl(m_s3Url));
        QVERIFY(config);
        config->listPageSize = 7;
        S3BlobStore paged(*config);
        const auto pages = paged.list(QStringLiteral("concurrent/own/"));
        QCOMPARE(describe(pages), QByteArray("ok"));
        QCOMPARE(pages->size(), kJobs);
        for (qsizetype i = 0; i < kJobs; ++i)
            QCOMPARE(pages->at(i).key, listed->at(i).key);
    }
}

void TstBlob::fromEventLoopThread_data()
{
    addBackends();
}

void TstBlob::fromEventLoopThread()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    // HTTP threads call the store from inside their running event loop; a thread's resources (the S3
    // store's network manager) go when the thread ends.
    QThread thread;
    thread.start();
    QObject context;
    context.moveToThread(&thread);
    const QByteArray data = pseudoRandom(300 * 1000, 11);
    QStringList problems;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            for (int i = 0; i < 5; ++i) {
                const QString key = QStringLiteral("eventloop/%1.bin").arg(i);
                if (auto s = store->put(key, data); !s)
                    problems << s.error().message();
                auto back = store->get(key);
                if (!back || *back != data)
                    problems << key + QStringLiteral(" read back wrong");
                auto device = store->open(key);
                if (!device || (*device)->readAll() != data)
                    problems << key + QStringLiteral(" streamed back wrong");
            }
        },
        Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(10000));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TstBlob::badKeysRejected_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("key");
    for (const QString &backend : {QStringLiteral("local"), QStringLiteral("s3")}) {
        const QByteArray b = backend.toLatin1();
        QTest::newRow(b + ": parent") << backend << QStringLiteral("../escaped.bin");
        QTest::newRow(b + ": deep parent") << backend << QStringLiteral("a/../../escaped.bin");
        QTest::newRow(b + ": absolute") << backend << m_dir.filePath(QStringLiteral("escaped.bin"));
        QTest::newRow(b + ": backslash") << backend << QStringLiteral("..\\escaped.bin");
        QTest::newRow(b + ": empty") << backend << QString();
        QTest::newRow(b + ": space") << backend << QStringLiteral("a b.bin");
    }
}

void TstBlob::badKeysRejected()
{
    QFETCH(QString, backend);
    QFETCH(QString, key);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    const QByteArray bad("BadRequest");
    QCOMPARE(kindOf(store->put(key, "x")), bad);
    QBuffer buffer;
    buffer.setData("x");
    buffer.open(QIODevice::ReadOnly);
    QCOMPARE(kindOf(store->putFrom(key, buffer)), bad);
    QCOMPARE(kindOf(store->get(key)), bad);
    QCOMPARE(kindOf(store->open(key)), bad);
    QCOMPARE(kindOf(store->exists(key)), bad);
    QCOMPARE(kindOf(store->size(key)), bad);
    QCOMPARE(kindOf(store->remove(key)), bad);
    QCOMPARE(kindOf(store->download(key)), bad);
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("escaped.bin"))));
}

void TstBlob::missingKey_data()
{
    addBackends();
}

void TstBlob::missingKey()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    const QString key = QStringLiteral("missing/never-written.bin");
    const QByteArray notFound("NotFound");
    QCOMPARE(kindOf(store->get(key)), notFound);
    QCOMPARE(kindOf(store->open(key)), notFound);
    QCOMPARE(kindOf(store->size(key)), notFound);
    QCOMPARE(kindOf(store->download(key)), notFound);
    QCOMPARE(*store->exists(key), false);
    QCOMPARE(describe(store->remove(key)), QByteArray("ok"));
    QVERIFY(store->get(key).error().message().contains(key));
}

void TstBlob::list_data()
{
    addBackends();
}

void TstBlob::list()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    for (const char *key : {"list/a/1.bin", "list/a/2.bin", "list/b/3.bin", "list/ab.bin"})
        QCOMPARE(describe(store->put(QString::fromLatin1(key), QByteArray(key))), QByteArray("ok"));
    const auto keysOf = [](const QList<BlobInfo> &infos) {
        QStringList out;
        for (const BlobInfo &info : infos)
            out << info.key;
        return out;
    };
    const auto directory = store->list(QStringLiteral("list/a/"));
    QCOMPARE(describe(directory), QByteArray("ok"));
    QCOMPARE(keysOf(*directory),
             (QStringList {QStringLiteral("list/a/1.bin"), QStringLiteral("list/a/2.bin")}));
    QCOMPARE(directory->first().size, qint64(12));
    QVERIFY(directory->first().lastModified.isValid());
    QVERIFY(qAbs(directory->first().lastModified.secsTo(QDateTime::currentDateTimeUtc())) < 600);

    const auto partial = store->list(QStringLiteral("list/a"));
    QCOMPARE(keysOf(*partial),
             (QStringList {QStringLiteral("list/a/1.bin"), QStringLiteral("list/a/2.bin"),
                           QStringLiteral("list/ab.bin")}));
    QCOMPARE(store->list(QStringLiteral("list/"))->size(), 4);
    QCOMPARE(store->list(QStringLiteral("nothing/here/"))->size(), 0);
    QCOMPARE(kindOf(store->list(QStringLiteral("../"))), QByteArray("BadRequest"));

    // Removing the last blob of a directory leaves no empty directory behind (local) and no key (both).
    QCOMPARE(describe(store->remove(QStringLiteral("list/b/3.bin"))), QByteArray("ok"));
    QCOMPARE(store->list(QStringLiteral("list/b/"))->size(), 0);
    if (auto *local = dynamic_cast<LocalBlobStore *>(store))
        QVERIFY(!QFileInfo::exists(local->root() + QStringLiteral("/list/b")));
}

void TstBlob::download_data()
{
    addBackends();
}

void TstBlob::download()
{
    QFETCH(QString, backend);
    BlobStore *store = storeFor(backend);
    if (!store)
        QSKIP(kNoS3);
    const QString key = QStringLiteral("downloads/report-7.csv");
    const QByteArray csv = "when,value\n2026-11-25T00:00:00Z,1.5\n" + pseudoRandom(4096, 3).toBase64();
    QCOMPARE(describe(store->put(key, csv, "text/csv")), QByteArray("ok"));

    BlobDownloadOptions options;
    options.expiry = std::chrono::seconds(120);
    options.fileName = QStringLiteral("Report 7 (Nov).csv");
    auto answer = store->download(key, options);
    QCOMPARE(describe(answer), QByteArray("ok"));
    QCOMPARE(answer->size, qint64(csv.size()));
    QCOMPARE(answer->contentDisposition,
             QByteArray(
                 "attachment; filename=\"Report 7 (Nov).csv\"; filename*=UTF-8''Report%207%20%28Nov%29.csv"));

    if (backend == QLatin1String("local")) {
        QVERIFY(answer->redirect.isEmpty());
        QVERIFY(answer->device);
        QCOMPARE(answer->device->readAll(), csv);
        QCOMPARE(answer->contentType, QByteArray("application/octet-stream"));
        return;
    }

    // S3: a presigned URL that a client without credentials can fetch.
    QVERIFY(!answer->device);
    QCOMPARE(answer->contentType, QByteArray("text/csv"));
    const QUrl url = answer->redirect;
    QVERIFY2(url.isValid(), qPrintable(url.toString()));
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(QStringLiteral("X-Amz-Expires")), QStringLiteral("120"));
    QCOMPARE(query.queryItemValue(QStringLiteral("X-Amz-Algorithm")), QStringLiteral("AWS4-HMAC-SHA256"));
    QVERIFY(url.path().endsWith(QLatin1String("/downloads/report-7.csv")));
    const Fetched fetched = plainGet(url);
    QCOMPARE(fetched.status, 200);
    QCOMPARE(fetched.body, csv);
    QCOMPARE(fetched.contentType, QByteArray("text/csv"));
    QCOMPARE(fetched.contentDisposition, answer->contentDisposition);

    // presign=0: the server streams the object itself.
    auto streaming = BlobStore::create(m_s3Url + QStringLiteral("&presign=0"), QString());
    QCOMPARE(describe(streaming), QByteArray("ok"));
    auto streamed = (*streaming)->download(key);
    QCOMPARE(describe(streamed), QByteArray("ok"));
    QVERIFY(streamed->redirect.isEmpty());
    QVERIFY(streamed->device);
    QCOMPARE(streamed->device->readAll(), csv);
}

void TstBlob::unreachable_data()
{
    addBackends();
}

void TstBlob::unreachable()
{
    QFETCH(QString, backend);
    if (backend == QLatin1String("local")) {
        // The local equivalent of a store that is down: its directory cannot be created or written.
        const QString blocker = m_dir.filePath(QStringLiteral("blocker"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        auto opened = LocalBlobStore::openDirectory(blocker + QStringLiteral("/blobs"));
        QCOMPARE(kindOf(opened), QByteArray("Unavailable"));
        QVERIFY2(opened.error().message().contains(blocker), qPrintable(opened.error().message()));

        auto gone = LocalBlobStore::openDirectory(m_dir.filePath(QStringLiteral("gone")));
        QCOMPARE(describe(gone), QByteArray("ok"));
        QVERIFY(QDir((*gone)->root()).removeRecursively());
        QFile replacement((*gone)->root());
        QVERIFY(replacement.open(QIODevice::WriteOnly));
        replacement.close();
        QCOMPARE(kindOf((*gone)->put(QStringLiteral("a/b.bin"), "x")), QByteArray("Unavailable"));
        QCOMPARE(kindOf((*gone)->get(QStringLiteral("a/b.bin"))), QByteArray("NotFound"));
        return;
    }
    // Nobody listens on the port: every call fails cleanly (after its retries) instead of hanging.
    const quint16 port = closedPort();
    auto store = BlobStore::create(
        QStringLiteral("s3://S3RVER:S3RVER@127.0.0.1:%1/test-bucket?secure=0&timeout=5").arg(port),
        QString());
    QCOMPARE(describe(store), QByteArray("ok"));
    BlobStore &s3 = **store;
    QElapsedTimer timer;
    timer.start();
    const QByteArray down("Unavailable");
    const Status put = s3.put(QStringLiteral("down/x.bin"), "x");
    QCOMPARE(kindOf(put), down);
    QVERIFY2(put.error().message().contains(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(put.error().message()));
    QBuffer buffer;
    buffer.setData("streamed");
    buffer.open(QIODevice::ReadOnly);
    QCOMPARE(kindOf(s3.putFrom(QStringLiteral("down/x.bin"), buffer)), down);
    QCOMPARE(kindOf(s3.get(QStringLiteral("down/x.bin"))), down);
    QCOMPARE(kindOf(s3.open(QStringLiteral("down/x.bin"))), down);
    QCOMPARE(kindOf(s3.exists(QStringLiteral("down/x.bin"))), down);
    QCOMPARE(kindOf(s3.size(QStringLiteral("down/x.bin"))), down);
    QCOMPARE(kindOf(s3.remove(QStringLiteral("down/x.bin"))), down);
    QCOMPARE(kindOf(s3.list()), down);
    QCOMPARE(kindOf(s3.download(QStringLiteral("down/x.bin"))), down);
    QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed())));
    // 503 with Retry-After for the HTTP layer, and the reason only in logs.
    QCOMPARE(put.error().body().toObject().value(QLatin1String("detail")).toString(),
             QStringLiteral("Service temporarily unavailable."));
}

void TstBlob::s3ServerFailures_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<int>("attempts"); // per call
    QTest::addColumn<QString>("reason"); // part of the logged reason
    const auto error = [](const char *code, const char *message) {
        return QByteArray("<?xml version=\"1.0\"?><Error><Code>") + code + "</Code><Message>" + message
            + "</Message></Error>";
    };
    QTest::newRow("500 is retried") << 500 << error("InternalError", "We encountered an internal error.")
                                    << QByteArray("Unavailable") << 3 << QStringLiteral("InternalError");
    QTest::newRow("503 slow down is retried") << 503 << error("SlowDown", "Reduce your request rate.")
                                              << QByteArray("Unavailable") << 3 << QStringLiteral("SlowDown");
    QTest::newRow("403 is configuration")
        << 403 << error("SignatureDoesNotMatch", "Check your key.") << QByteArray("Internal") << 1
        << QStringLiteral("403 SignatureDoesNotMatch Check your key.");
    QTest::newRow("404 bucket is configuration")
        << 404 << error("NoSuchBucket", "The bucket does not exist") << QByteArray("Internal") << 1
        << QStringLiteral("NoSuchBucket");
    QTest::newRow("404 key is not found") << 404 << error("NoSuchKey", "The key does not exist")
                                          << QByteArray("NotFound") << 1 << QStringLiteral("not found");
    QTest::newRow("no answer times out")
        << 0 << QByteArray() << QByteArray("Unavailable") << 3 << QStringLiteral("no progress for 1000 ms");
}

void TstBlob::s3ServerFailures()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, kind);
    QFETCH(int, attempts);
    QFETCH(QString, reason);
    FakeS3 fake(status, body);
    auto store = BlobStore::create(
        QStringLiteral("s3://AK:SK@127.0.0.1:%1/bucket?secure=0&timeout=1").arg(fake.port()), QString());
    QCOMPARE(describe(store), QByteArray("ok"));
    const auto got = (*store)->get(QStringLiteral("k/x.bin"));
    QCOMPARE(kindOf(got), kind);
    QVERIFY2(got.error().message().contains(reason), qPrintable(got.error().message()));
    QTRY_COMPARE(fake.requests(), attempts);
    const Status put = (*store)->put(QStringLiteral("k/x.bin"), QByteArray(100 * 1024, 'x'));
    QCOMPARE(kindOf(put), kind == "NotFound" ? QByteArray("Internal") : kind);
    QTRY_COMPARE(fake.requests(), 2 * attempts);
}

void TstBlob::localClashes()
{
    // A directory cannot hold both "a" and "a/b", which S3 can: a clear Conflict rather than an I/O error.
    QCOMPARE(describe(m_local->put(QStringLiteral("clash/a"), "file")), QByteArray("ok"));
    QCOMPARE(kindOf(m_local->put(QStringLiteral("clash/a/b"), "under a file")), QByteArray("Conflict"));
    QCOMPARE(describe(m_local->put(QStringLiteral("clash/d/e"), "file")), QByteArray("ok"));
    QCOMPARE(kindOf(m_local->put(QStringLiteral("clash/d"), "over a directory")), QByteArray("Conflict"));
    QCOMPARE(kindOf(m_local->get(QStringLiteral("clash/d"))), QByteArray("NotFound"));
}

QTEST_GUILESS_MAIN(TstBlob)
#include "tst_blob.moc"
