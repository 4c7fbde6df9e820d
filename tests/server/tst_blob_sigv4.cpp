#include "server/blob/sigv4signer.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimeZone>
#include <QUrl>

using namespace iotile;

// The SigV4 signer against AWS's published S3 examples ("Signature Version 4 examples" and
// "Authenticating Requests: Using Query Parameters": examplebucket, 2013-05-24, us-east-1), and against
// curl's own signer. s3rver does not check signatures, so these vectors are what proves them.
class TstBlobSigV4 : public QObject
{
    Q_OBJECT
private slots:
    void headerExamples_data();
    void headerExamples();
    void presignedExample();
    void presignedKeepsExtraQuery();
    void signingKey();
    void uriEncode_data();
    void uriEncode();
    void canonicalQuery();
    void headerValuesAreCanonicalised();
    void agreesWithCurl();
};

namespace {

const QByteArray kAccessKey = "AKIAIOSFODNN7EXAMPLE";
const QByteArray kSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const QByteArray kHost = "examplebucket.s3.amazonaws.com";
const QByteArray kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

QDateTime exampleTime()
{
    return QDateTime(QDate(2013, 5, 24), QTime(0, 0), QTimeZone::utc());
}

SigV4Signer exampleSigner()
{
    return SigV4Signer(kAccessKey, kSecretKey, "us-east-1");
}

QList<QPair<QString, QString>> queryItems(const QStringList &items)
{
    QList<QPair<QString, QString>> out;
    for (const QString &item : items) {
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        out.append({item.left(eq), eq < 0 ? QString() : item.mid(eq + 1)});
    }
    return out;
}

} // namespace

void TstBlobSigV4::headerExamples_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("query"); // name=value, decoded, deliberately not in canonical order
    QTest::addColumn<QList<QByteArray>>("headers"); // "Name: value" as a client would send them
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("canonicalRequest");
    QTest::addColumn<QByteArray>("canonicalRequestHash"); // as published
    QTest::addColumn<QByteArray>("signedHeaders");
    QTest::addColumn<QByteArray>("signature"); // as published

    QTest::newRow("GET Object with Range")
        << QByteArray("GET") << QStringLiteral("/test.txt") << QStringList()
        << QList<QByteArray> {"Host: " + kHost, "Range: bytes=0-9", "x-amz-content-sha256: " + kEmptyHash,
                              "x-amz-date: 20130524T000000Z"}
        << QByteArray()
        << QByteArray("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                      "x-amz-content-sha256:"
                      + kEmptyHash
                      + "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
                      + kEmptyHash)
        << QByteArray("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972")
        << QByteArray("host;range;x-amz-content-sha256;x-amz-date")
        << QByteArray("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

    const QByteArray putHash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    QTest::newRow("PUT Object")
        << QByteArray("PUT") << QStringLiteral("/test$file.text") << QStringList()
        << QList<QByteArray> {"Host: " + kHost, "Date: Fri, 24 May 2013 00:00:00 GMT",
                              "x-amz-date: 20130524T000000Z", "x-amz-storage-class: REDUCED_REDUNDANCY",
                              "x-amz-content-sha256: " + putHash}
        << QByteArray("Welcome to Amazon S3.")
        << QByteArray("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"
                      "host:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:"
                      + putHash
                      + "\nx-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n"
                        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
                      + putHash)
        << QByteArray("9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d")
        << QByteArray("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class")
        << QByteArray("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");

    QTest::newRow("GET Bucket Lifecycle")
        << QByteArray("GET") << QStringLiteral("/") << QStringList {QStringLiteral("lifecycle")}
        << QList<QByteArray> {"Host: " + kHost, "x-amz-content-sha256: " + kEmptyHash,
                              "x-amz-date: 20130524T000000Z"}
        << QByteArray()
        << QByteArray("GET\n/\nlifecycle=\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:"
                      + kEmptyHash + "\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n"
                      + kEmptyHash)
        << QByteArray("9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca")
        << QByteArray("host;x-amz-content-sha256;x-amz-date")
        << QByteArray("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

    QTest::newRow("GET Bucket (List Objects)")
        << QByteArray("GET") << QStringLiteral("/")
        << QStringList {QStringLiteral("prefix=J"), QStringLiteral("max-keys=2")}
        << QList<QByteArray> {"Host: " + kHost, "x-amz-content-sha256: " + kEmptyHash,
                              "x-amz-date: 20130524T000000Z"}
        << QByteArray()
        << QByteArray(
               "GET\n/\nmax-keys=2&prefix=J\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:"
               + kEmptyHash + "\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n"
               + kEmptyHash)
        << QByteArray("df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7")
        << QByteArray("host;x-amz-content-sha256;x-amz-date")
        << QByteArray("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

void TstBlobSigV4::headerExamples()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QStringList, query);
    QFETCH(QList<QByteArray>, headers);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, canonicalRequest);
    QFETCH(QByteArray, canonicalRequestHash);
    QFETCH(QByteArray, signedHeaders);
    QFETCH(QByteArray, signature);

    SigV4Request request;
    request.method = method;
    request.path = path;
    request.query = queryItems(query);
    for (const QByteArray &h : headers) {
        const qsizetype colon = h.indexOf(':');
        request.headers.append({h.left(colon), h.mid(colon + 1)});
    }
    request.payloadHash = SigV4Signer::sha256Hex(payload);

    const SigV4Signature s = exampleSigner().signHeaders(request, exampleTime());
    QCOMPARE(s.canonicalRequest, canonicalRequest);
    QCOMPARE(SigV4Signer::sha256Hex(s.canonicalRequest), canonicalRequestHash);
    QCOMPARE(s.stringToSign,
             QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n")
                 + canonicalRequestHash);
    QCOMPARE(s.signedHeaders, signedHeaders);
    QCOMPARE(s.signature, signature);
    QCOMPARE(
        s.authorization,
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders="
            + signedHeaders + ",Signature=" + signature);
}

void TstBlobSigV4::presignedExample()
{
    SigV4Request request;
    request.method = "GET";
    request.path = QStringLiteral("/test.txt");
    request.headers = {{"host", kHost}};
    const SigV4Signature s = exampleSigner().presign(request, exampleTime(), 86400);

    const QByteArray query =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
        "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
        "X-Amz-SignedHeaders=host";
    QCOMPARE(s.canonicalRequest,
             "GET\n/test.txt\n" + query + "\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD");
    QCOMPARE(SigV4Signer::sha256Hex(s.canonicalRequest),
             QByteArray("3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"));
    QCOMPARE(s.stringToSign,
             QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                        "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"));
    QCOMPARE(s.signature, QByteArray("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
    QCOMPARE(s.query,
             query + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

void TstBlobSigV4::presignedKeepsExtraQuery()
{
    // response-* overrides are signed with the rest and sort among the X-Amz-* names.
    SigV4Request request;
    request.method = "GET";
    request.path = QStringLiteral("/bucket/reports/r.csv");
    request.query = {
        {QStringLiteral("response-content-disposition"), QStringLiteral("attachment; filename=\"r.csv\"")}};
    request.headers = {{"Host", "127.0.0.1:9000"}};
    const SigV4Signature s = exampleSigner().presign(request, exampleTime(), 60);
    QVERIFY2(s.query.startsWith("X-Amz-Algorithm=AWS4-HMAC-SHA256&"), s.query.constData());
    QVERIFY(s.query.contains(
        "&X-Amz-SignedHeaders=host&response-content-disposition=attachment%3B%20filename%3D%22r.csv%22&"
        "X-Amz-Signature="));
    QVERIFY(s.canonicalRequest.contains("\nhost:127.0.0.1:9000\n"));
}

void TstBlobSigV4::signingKey()
{
    // The derivation example of AWS's general reference ("Examples of how to derive a signing key").
    const SigV4Signer signer("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "iam");
    const QDateTime day(QDate(2012, 2, 15), QTime(0, 0), QTimeZone::utc());
    QCOMPARE(signer.signingKey(day).toHex(),
             QByteArray("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"));
    QCOMPARE(signer.scope(day), QByteArray("20120215/us-east-1/iam/aws4_request"));
    QCOMPARE(SigV4Signer::amzDate(QDateTime(QDate(2026, 11, 25), QTime(7, 8, 9, 999), QTimeZone::utc())),
             QByteArray("20261125T070809Z"));
}

void TstBlobSigV4::uriEncode_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("keepSlash");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("unreserved") << QStringLiteral("AZaz09-_.~") << false << QByteArray("AZaz09-_.~");
    QTest::newRow("path keeps slash") << QStringLiteral("/b/a b/c") << true << QByteArray("/b/a%20b/c");
    QTest::newRow("value encodes slash") << QStringLiteral("a/b") << false << QByteArray("a%2Fb");
    QTest::newRow("reserved") << QStringLiteral("$&+,:;=?@#!*'()") << true
                              << QByteArray("%24%26%2B%2C%3A%3B%3D%3F%40%23%21%2A%27%28%29");
    QTest::newRow("percent itself") << QStringLiteral("100%") << false << QByteArray("100%25");
    QTest::newRow("utf-8 upper-case hex") << QStringLiteral("ü€") << false << QByteArray("%C3%BC%E2%82%AC");
}

void TstBlobSigV4::uriEncode()
{
    QFETCH(QString, text);
    QFETCH(bool, keepSlash);
    QFETCH(QByteArray, encoded);
    QCOMPARE(SigV4Signer::uriEncode(text, keepSlash), encoded);
}

void TstBlobSigV4::canonicalQuery()
{
    // Sorted by encoded name, then value; empty values keep their '='.
    const QByteArray q =
        SigV4Signer::canonicalQuery({{QStringLiteral("prefix"), QStringLiteral("a/b c")},
                                     {QStringLiteral("list-type"), QStringLiteral("2")},
                                     {QStringLiteral("continuation-token"), QStringLiteral("x+y=")},
                                     {QStringLiteral("a"), QStringLiteral("2")},
                                     {QStringLiteral("a"), QStringLiteral("1")},
                                     {QStringLiteral("uploads"), QString()}});
    QCOMPARE(q, QByteArray("a=1&a=2&continuation-token=x%2By%3D&list-type=2&prefix=a%2Fb%20c&uploads="));
}

void TstBlobSigV4::headerValuesAreCanonicalised()
{
    SigV4Request a;
    a.method = "GET";
    a.path = QStringLiteral("/k");
    a.payloadHash = kEmptyHash;
    a.headers = {{"Host", kHost}, {"X-Amz-Meta-Note", "  two   spaces  "}, {"x-amz-meta-note", "again"}};
    const SigV4Signature s = exampleSigner().signHeaders(a, exampleTime());
    QVERIFY2(s.canonicalRequest.contains("\nx-amz-meta-note:two spaces,again\n"),
             s.canonicalRequest.constData());
    QCOMPARE(s.signedHeaders, QByteArray("host;x-amz-meta-note"));
}

void TstBlobSigV4::agreesWithCurl()
{
    // curl (7.75+) signs requests itself with --aws-sigv4; capture one on a socket and sign it again.
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArray captured;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        QTcpSocket *socket = server.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [&captured, socket] {
            captured += socket->readAll();
            if (captured.contains("\r\n\r\n")) {
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            }
        });
    });
    const QString url = QStringLiteral("http://127.0.0.1:%1/test-bucket/streamer/reports/2026/11/25/a-1.bin"
                                       "?list-type=2&prefix=streamer")
                            .arg(server.serverPort());
    QProcess process;
    process.start(curl,
                  {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                   QStringLiteral("--aws-sigv4"), QStringLiteral("aws:amz:us-east-1:s3"),
                   QStringLiteral("--user"), QString::fromLatin1(kAccessKey + ':' + kSecretKey),
                   QStringLiteral("-H"), QStringLiteral("x-amz-content-sha256: UNSIGNED-PAYLOAD"), url});
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 15000);
    if (process.exitCode() == 2) // "unknown option" on an older curl
        QSKIP("this curl has no --aws-sigv4");
    QVERIFY2(captured.contains("\r\n\r\n"), captured.constData());

    const QList<QByteArray> lines = captured.left(captured.indexOf("\r\n\r\n")).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    QCOMPARE(requestLine.size(), 3);
    QHash<QByteArray, QByteArray> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const QByteArray authorization = headers.value("authorization");
    QVERIFY2(authorization.startsWith("AWS4-HMAC-SHA256 "), authorization.constData());
    const qsizetype signedAt = authorization.indexOf("SignedHeaders=") + 14;
    const QList<QByteArray> signedNames =
        authorization.mid(signedAt, authorization.indexOf(',', signedAt) - signedAt).split(';');

    SigV4Request request;
    request.method = requestLine[0];
    const QByteArray target = requestLine[1];
    const qsizetype question = target.indexOf('?');
    request.path = QUrl::fromPercentEncoding(target.left(question));
    for (const QByteArray &item : target.mid(question + 1).split('&')) {
        const qsizetype eq = item.indexOf('=');
        request.query.append(
            {QUrl::fromPercentEncoding(item.left(eq)), QUrl::fromPercentEncoding(item.mid(eq + 1))});
    }
    for (const QByteArray &name : signedNames)
        request.headers.append({name, headers.value(name)});
    request.payloadHash = headers.value("x-amz-content-sha256", kEmptyHash);
    const QDateTime time = QDateTime::fromString(QString::fromLatin1(headers.value("x-amz-date")),
                                                 QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QVERIFY(time.isValid());
    const QDateTime utc(time.date(), time.time(), QTimeZone::utc());

    // curl separates the parts with ", ", AWS's examples with ","; both are accepted.
    const SigV4Signature ours = exampleSigner().signHeaders(request, utc);
    QCOMPARE(QByteArray(authorization).replace(", ", ","), ours.authorization);
    QVERIFY(authorization.endsWith("Signature=" + ours.signature));
}

QTEST_GUILESS_MAIN(TstBlobSigV4)
#include "tst_blob_sigv4.moc"
