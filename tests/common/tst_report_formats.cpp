// Binary streamer reports: the real CoreTools files of testdata/reports against their manifests,
// builders reproducing them byte for byte, keys, corruption of every kind, and the upload dispatcher.

#include "common/reports/aes128ctr.h"
#include "common/reports/broadcastreport.h"
#include "common/reports/flexibledictionaryreport.h"
#include "common/reports/individualreadingreport.h"
#include "common/reports/reportcrypto.h"
#include "common/reports/reportparser.h"
#include "common/reports/reporttime.h"
#include "common/reports/signedlistreport.h"
#include "common/reports/utcassigner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>
#include <QtTest>

using namespace iotile;

namespace {

const QString kFolders[] = {QStringLiteral("n20"), QStringLiteral("n1000-utc")};
const QString kSignedFiles[] = {QStringLiteral("signed_list_hash.bin"),
                                QStringLiteral("signed_list_user_key.bin"),
                                QStringLiteral("signed_list_device_key.bin")};

QString reportsDir()
{
    return QStringLiteral(IOTILE_SHARED_DIR "/testdata/reports");
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

QJsonObject manifest(const QString &folder)
{
    static QHash<QString, QJsonObject> cache;
    auto it = cache.find(folder);
    if (it == cache.end()) {
        const QJsonDocument document = QJsonDocument::fromJson(
            readFile(reportsDir() + u'/' + folder + QStringLiteral("/manifest.json")));
        it = cache.insert(folder, document.object());
    }
    return *it;
}

QJsonObject fileEntry(const QString &folder, const QString &file)
{
    return manifest(folder).value(u"files").toObject().value(file).toObject();
}

QByteArray rootKey(const QString &folder, const QString &file)
{
    return QByteArray::fromHex(fileEntry(folder, file).value(u"root_key_hex").toString().toLatin1());
}

// The keys the manifest lists: user key from the user-key file, device key from the device-key file.
ReportKeyProvider manifestKeys(const QString &folder)
{
    const QByteArray user = rootKey(folder, QStringLiteral("signed_list_user_key.bin"));
    const QByteArray device = rootKey(folder, QStringLiteral("signed_list_device_key.bin"));
    return [user, device](quint64, SignatureFlags flags) -> std::optional<QByteArray> {
        return flags == SignatureFlags::UserKey ? user : device;
    };
}

qint64 receivedTime(const QString &folder)
{
    return *ReportTime::parseIso(manifest(folder).value(u"received_time_utc").toString());
}

quint32 u32(const QJsonValue &value)
{
    return quint32(value.toInteger());
}

// The manifest's UTC times of the readings: the flexible dictionary of the same folder carries them.
std::vector<std::optional<qint64>> manifestReadingTimes(const QString &folder)
{
    std::vector<std::optional<qint64>> times;
    const QJsonArray data =
        fileEntry(folder, QStringLiteral("flexible_dict.mp")).value(u"decoded")[u"data"].toArray();
    for (const QJsonValue &item : data)
        times.push_back(ReportTime::parseIso(item[u"timestamp"].toString()));
    return times;
}

// A Report holding exactly what the manifest says a signed list contains.
Report manifestSignedList(const QJsonObject &entry)
{
    Report report;
    report.deviceId = u32(entry[u"device_id"]);
    report.reportId = u32(entry[u"report_id"]);
    report.sentTimestamp = u32(entry[u"sent_timestamp"]);
    report.signatureFlags = quint8(entry[u"signature_flags"].toInt());
    report.streamerIndex = u32(entry[u"streamer"]);
    report.streamerSelector = u32(entry[u"selector"]);
    for (const QJsonValue &item : entry[u"readings"].toArray()) {
        IOTileReading reading;
        reading.stream = quint16(item[u"stream"].toInt());
        reading.value = u32(item[u"value"]);
        reading.readingId = u32(item[u"reading_id"]);
        reading.rawTime = u32(item[u"raw_time"]);
        report.readings.push_back(reading);
    }
    return report;
}

std::vector<IOTileReading> makeReadings(int count)
{
    std::vector<IOTileReading> readings;
    for (int i = 0; i < count; ++i) {
        IOTileReading reading;
        reading.stream = quint16(i % 5 == 4 ? 0x5c00 : 0x5001 + i % 3);
        reading.value = quint32(i) * 2654435761u;
        // Some readings without id, and a few with RTC times, as real reports mix them.
        reading.readingId = i % 7 == 3 ? 0 : quint32(1000 + i);
        reading.rawTime = i % 11 == 5 ? (0x80000000u | quint32(660000000 + i)) : quint32(i * 60);
        readings.push_back(reading);
    }
    return readings;
}

QByteArray testRootKey(char seed)
{
    QByteArray key(32, Qt::Uninitialized);
    for (int i = 0; i < key.size(); ++i)
        key[i] = char(seed + 13 * i);
    return key;
}

void setLength(QByteArray &bytes, quint32 length)
{
    auto *p = reinterpret_cast<uchar *>(bytes.data());
    qToLittleEndian<quint32>((qFromLittleEndian<quint32>(p) & 0xFF) | (length << 8), p);
}

// Re-signs a hash-only report after a deliberate edit, so the edit itself is what gets tested.
void resign(QByteArray &bytes)
{
    const QByteArray signature = ReportCrypto::signature(QByteArrayView(bytes).first(bytes.size() - 16));
    bytes.replace(bytes.size() - 16, 16, signature);
}

} // namespace

class ReportsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signedListFile_data();
    void signedListFile();
    void signedListUtc_data();
    void signedListUtc();
    void signedListRebuild_data();
    void signedListRebuild();
    void individualFile_data();
    void individualFile();
    void flexibleFileMatchesSignedList_data();
    void flexibleFileMatchesSignedList();
    void keys_data();
    void keys();
    void corruptSignedList_data();
    void corruptSignedList();
    void everyByteFlipped_data();
    void everyByteFlipped();
    void everyPrefix_data();
    void everyPrefix();
    void roundTrip_data();
    void roundTrip();
    void chopped_data();
    void chopped();
    void buildErrors_data();
    void buildErrors();
    void individualErrors_data();
    void individualErrors();
    void broadcast_data();
    void broadcast();
    void broadcastErrors_data();
    void broadcastErrors();
    void uploadKind_data();
    void uploadKind();
    void dispatch_data();
    void dispatch();
    void originalServerVectors_data();
    void originalServerVectors();
};

void ReportsTest::initTestCase()
{
    QVERIFY2(QDir(reportsDir()).exists(), qPrintable(reportsDir()));
}

void ReportsTest::signedListFile_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("file");
    for (const QString &folder : kFolders) {
        for (const QString &file : kSignedFiles)
            QTest::addRow("%s/%s", qPrintable(folder), qPrintable(file)) << folder << file;
    }
}

void ReportsTest::signedListFile()
{
    QFETCH(QString, folder);
    QFETCH(QString, file);
    const QJsonObject entry = fileEntry(folder, file);
    const QByteArray bytes = readFile(reportsDir() + u'/' + folder + u'/' + file);
    QCOMPARE(bytes.size(), entry[u"length"].toInt());
    QCOMPARE(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(),
             entry[u"sha256"].toString().toLatin1());

    const ReportResult<Report> result = SignedListReport::parse(bytes, manifestKeys(folder));
    QVERIFY2(result, qPrintable(result.errorString()));
    const Report &report = result.value();
    QCOMPARE(report.format, ReportFormat::SignedList);
    QCOMPARE(entry[u"format"].toInt(), 1);
    QCOMPARE(report.length, bytes.size());
    QCOMPARE(report.deviceId, quint64(entry[u"device_id"].toInteger()));
    QCOMPARE(report.deviceId, quint64(manifest(folder)[u"device_id"].toInteger()));
    QCOMPARE(report.reportId, u32(entry[u"report_id"]));
    QCOMPARE(report.sentTimestamp, u32(entry[u"sent_timestamp"]));
    QCOMPARE(int(report.signatureFlags), entry[u"signature_flags"].toInt());
    QCOMPARE(report.streamerIndex, u32(entry[u"streamer"]));
    QCOMPARE(report.streamerSelector, u32(entry[u"selector"]));
    QCOMPARE(report.lowestId, u32(entry[u"lowest_id"]));
    QCOMPARE(report.highestId, u32(entry[u"highest_id"]));
    QCOMPARE(report.encrypted, entry[u"encrypted"].toBool());
    QVERIFY(report.verified);
    QCOMPARE(entry[u"verified_by_coretools"].toBool(), true);
    QVERIFY(!report.chopped);
    QCOMPARE(report.signature.toHex(), entry[u"signature_hex"].toString().toLatin1());
    QCOMPARE(report.reportKey.toHex(), entry[u"report_key_hex"].toString().toLatin1());
    QVERIFY(report.events.empty());

    const QJsonArray readings = entry[u"readings"].toArray();
    QCOMPARE(qsizetype(report.readings.size()), readings.size());
    for (qsizetype i = 0; i < readings.size(); ++i) {
        const IOTileReading &reading = report.readings[size_t(i)];
        const QJsonObject expected = readings[i].toObject();
        QCOMPARE(reading.stream, quint16(expected[u"stream"].toInt()));
        QCOMPARE(reading.value, u32(expected[u"value"]));
        QCOMPARE(reading.readingId, u32(expected[u"reading_id"]));
        QCOMPARE(reading.rawTime, u32(expected[u"raw_time"]));
        QVERIFY(!reading.timestamp);
    }

    // The derived key is HMAC-SHA256(root, {2, report id, sent timestamp}).
    if (report.encrypted)
        QCOMPARE(ReportCrypto::deriveReportKey(rootKey(folder, file), report.reportId, report.sentTimestamp)
                     .toHex(),
                 entry[u"report_key_hex"].toString().toLatin1());

    // The dispatcher gives the same for an upload named *.bin.
    const ReportResult<Report> dispatched = ReportParser::parseUpload(file, bytes, manifestKeys(folder));
    QVERIFY2(dispatched, qPrintable(dispatched.errorString()));
    QVERIFY(dispatched.value() == report);
}

void ReportsTest::signedListUtc_data()
{
    signedListFile_data();
}

void ReportsTest::signedListUtc()
{
    QFETCH(QString, folder);
    QFETCH(QString, file);
    const ReportResult<Report> result =
        SignedListReport::parse(readFile(reportsDir() + u'/' + folder + u'/' + file), manifestKeys(folder));
    QVERIFY2(result, qPrintable(result.errorString()));
    const std::vector<std::optional<qint64>> expected = manifestReadingTimes(folder);
    const std::vector<std::optional<qint64>> times =
        UtcAssigner::readingTimes(result.value(), receivedTime(folder));
    QCOMPARE(times.size(), expected.size());
    const bool rtc = folder.endsWith(u"utc");
    for (size_t i = 0; i < times.size(); ++i) {
        QVERIFY(times[i].has_value());
        QCOMPARE(UtcAssigner::isRtc(result.value().readings[i].rawTime), rtc);
        QCOMPARE(ReportTime::formatIso(*times[i]), ReportTime::formatIso(*expected[i]));
    }
}

void ReportsTest::signedListRebuild_data()
{
    signedListFile_data();
}

void ReportsTest::signedListRebuild()
{
    QFETCH(QString, folder);
    QFETCH(QString, file);
    const QJsonObject entry = fileEntry(folder, file);
    const QByteArray bytes = readFile(reportsDir() + u'/' + folder + u'/' + file);
    const ReportResult<QByteArray> built =
        SignedListReport::build(manifestSignedList(entry), rootKey(folder, file));
    QVERIFY2(built, qPrintable(built.errorString()));
    QCOMPARE(built.value().toHex(), bytes.toHex());
}

void ReportsTest::individualFile_data()
{
    QTest::addColumn<QString>("folder");
    for (const QString &folder : kFolders)
        QTest::newRow(qPrintable(folder)) << folder;
}

void ReportsTest::individualFile()
{
    QFETCH(QString, folder);
    const QJsonObject entry = fileEntry(folder, QStringLiteral("individual_reading.bin"));
    const QJsonObject fields = entry[u"fields"].toObject();
    const QByteArray bytes =
        readFile(reportsDir() + u'/' + folder + QStringLiteral("/individual_reading.bin"));
    QCOMPARE(bytes.size(), entry[u"length"].toInt());

    const ReportResult<Report> result = ReportParser::parseUpload(u"individual_reading.bin", bytes);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Report &report = result.value();
    QCOMPARE(report.format, ReportFormat::IndividualReading);
    QCOMPARE(fields[u"format"].toInt(), 0);
    QCOMPARE(fields[u"reserved"].toInt(), 0);
    QCOMPARE(report.deviceId, quint64(fields[u"device_id"].toInteger()));
    QCOMPARE(report.sentTimestamp, u32(fields[u"sent_timestamp"]));
    QCOMPARE(report.readings.size(), size_t(1));
    const IOTileReading &reading = report.readings.front();
    QCOMPARE(reading.stream, quint16(fields[u"stream"].toInt()));
    QCOMPARE(reading.rawTime, u32(fields[u"raw_time"]));
    QCOMPARE(reading.value, u32(fields[u"value"]));
    QCOMPARE(reading.readingId, 0u);
    QVERIFY(!report.verified);

    // Same reading as the first of the signed lists, so the same UTC when RTC-stamped; uptime readings
    // count from the received time minus the report's own sent timestamp (0 here).
    const std::optional<qint64> utc = UtcAssigner::readingTimes(report, receivedTime(folder)).front();
    QVERIFY(utc.has_value());
    if (UtcAssigner::isRtc(reading.rawTime))
        QCOMPARE(*utc, *manifestReadingTimes(folder).front());
    else
        QCOMPARE(*utc, receivedTime(folder) + qint64(reading.rawTime) * 1000000);

    const ReportResult<QByteArray> built = IndividualReadingReport::build(report);
    QVERIFY2(built, qPrintable(built.errorString()));
    QCOMPARE(built.value(), bytes);
}

void ReportsTest::flexibleFileMatchesSignedList_data()
{
    individualFile_data();
}

void ReportsTest::flexibleFileMatchesSignedList()
{
    // tst_report_flexible checks every field against the manifest; here: same readings as the signed list.
    QFETCH(QString, folder);
    const ReportResult<Report> flexible = ReportParser::parseUpload(
        u"flexible_dict.mp", readFile(reportsDir() + u'/' + folder + QStringLiteral("/flexible_dict.mp")));
    QVERIFY2(flexible, qPrintable(flexible.errorString()));
    const ReportResult<Report> signedList = SignedListReport::parse(
        readFile(reportsDir() + u'/' + folder + QStringLiteral("/signed_list_hash.bin")));
    QVERIFY2(signedList, qPrintable(signedList.errorString()));
    QCOMPARE(flexible.value().readings.size(), signedList.value().readings.size());
    for (size_t i = 0; i < flexible.value().readings.size(); ++i) {
        const IOTileReading &a = flexible.value().readings[i];
        const IOTileReading &b = signedList.value().readings[i];
        QCOMPARE(a.stream, b.stream);
        QCOMPARE(a.value, b.value);
        QCOMPARE(a.readingId, b.readingId);
        QCOMPARE(a.rawTime, b.rawTime);
    }
    QCOMPARE(UtcAssigner::readingTimes(flexible.value(), receivedTime(folder)),
             UtcAssigner::readingTimes(signedList.value(), receivedTime(folder)));
}

void ReportsTest::keys_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("keySet");
    QTest::addColumn<bool>("lenient");
    QTest::addColumn<int>("errorKind");
    QTest::addColumn<QString>("message");

    enum { Manifest, None, Swapped, NoProvider, ShortKey };
    const int ok = -1;
    QTest::newRow("user key") << "signed_list_user_key.bin" << int(Manifest) << false << ok << QString();
    QTest::newRow("device key") << "signed_list_device_key.bin" << int(Manifest) << false << ok << QString();
    QTest::newRow("hash needs no key")
        << "signed_list_hash.bin" << int(NoProvider) << false << ok << QString();
    QTest::newRow("user: no key") << "signed_list_user_key.bin" << int(None) << false
                                  << int(ReportErrorKind::NoKey)
                                  << "no key registered for device 0x1234 (user key)";
    QTest::newRow("device: no provider")
        << "signed_list_device_key.bin" << int(NoProvider) << false << int(ReportErrorKind::NoKey)
        << "no key registered for device 0x1234 (device key)";
    QTest::newRow("user: wrong key") << "signed_list_user_key.bin" << int(Swapped) << false
                                     << int(ReportErrorKind::SignatureMismatch)
                                     << "signature mismatch (user key)";
    QTest::newRow("device: wrong key")
        << "signed_list_device_key.bin" << int(Swapped) << false << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (device key)";
    QTest::newRow("device: short key")
        << "signed_list_device_key.bin" << int(ShortKey) << false << int(ReportErrorKind::BadKey)
        << "the device key of device 0x1234 has 16 bytes, expected 32";
    QTest::newRow("lenient: no key") << "signed_list_user_key.bin" << int(None) << true << ok << QString();
    QTest::newRow("lenient: wrong key")
        << "signed_list_device_key.bin" << int(Swapped) << true << ok << QString();
}

void ReportsTest::keys()
{
    QFETCH(QString, file);
    QFETCH(int, keySet);
    QFETCH(bool, lenient);
    QFETCH(int, errorKind);
    QFETCH(QString, message);
    const QString folder = QStringLiteral("n20");
    const QByteArray user = rootKey(folder, QStringLiteral("signed_list_user_key.bin"));
    const QByteArray device = rootKey(folder, QStringLiteral("signed_list_device_key.bin"));
    ReportKeyProvider keys;
    switch (keySet) {
    case 0:
        keys = manifestKeys(folder);
        break;
    case 1:
        keys = [](quint64, SignatureFlags) { return std::optional<QByteArray>(); };
        break;
    case 2:
        keys = [=](quint64, SignatureFlags flags) -> std::optional<QByteArray> {
            return flags == SignatureFlags::UserKey ? device : user;
        };
        break;
    case 4:
        keys = [](quint64, SignatureFlags) -> std::optional<QByteArray> { return QByteArray(16, 'k'); };
        break;
    default:
        break;
    }
    const QByteArray bytes = readFile(reportsDir() + u'/' + folder + u'/' + file);
    const ReportResult<Report> result =
        SignedListReport::parse(bytes, keys, lenient ? SignaturePolicy::Lenient : SignaturePolicy::Enforce);
    if (errorKind >= 0) {
        QVERIFY(!result);
        QCOMPARE(int(result.errorKind()), errorKind);
        QCOMPARE(result.errorString(), message);
        return;
    }
    QVERIFY2(result, qPrintable(result.errorString()));
    if (lenient) {
        // Header and footer are readable, the encrypted readings stay hidden.
        QVERIFY(!result.value().verified);
        QVERIFY(result.value().encrypted);
        QVERIFY(result.value().readings.empty());
        QCOMPARE(result.value().reportId, 21u);
        QCOMPARE(result.value().highestId, 20u);
    } else {
        QVERIFY(result.value().verified);
        QCOMPARE(result.value().readings.size(), size_t(20));
        QCOMPARE(result.value().readings.back().value, 1019u);
    }
}

void ReportsTest::corruptSignedList_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("keyed");
    QTest::addColumn<int>("errorKind");
    QTest::addColumn<QString>("message");

    const QByteArray hash = readFile(reportsDir() + QStringLiteral("/n20/signed_list_hash.bin"));
    const QByteArray user = readFile(reportsDir() + QStringLiteral("/n20/signed_list_user_key.bin"));
    const auto edit = [](QByteArray bytes, qsizetype at, char value) {
        bytes[at] = value;
        return bytes;
    };
    const auto flip = [](QByteArray bytes, qsizetype at) {
        bytes[at] = char(bytes[at] ^ 0x01);
        return bytes;
    };

    QTest::newRow("empty") << QByteArray() << false << int(ReportErrorKind::Empty) << "empty report";
    QTest::newRow("truncated header")
        << hash.left(12) << false << int(ReportErrorKind::Truncated) << "truncated header: 12 of 20 bytes";
    QTest::newRow("one byte") << hash.left(1) << false << int(ReportErrorKind::Truncated)
                              << "truncated header: 1 of 20 bytes";
    QTest::newRow("truncated body") << hash.left(300) << false << int(ReportErrorKind::BadLength)
                                    << "length field 364 does not match file size 300";
    QTest::newRow("oversized") << hash + QByteArray(1, '\0') << false << int(ReportErrorKind::BadLength)
                               << "length field 364 does not match file size 365";
    QTest::newRow("header only") << hash.left(20) << false << int(ReportErrorKind::BadLength)
                                 << "length field 364 does not match file size 20";
    {
        QByteArray bytes = hash;
        setLength(bytes, 1234);
        QTest::newRow("wrong length field") << bytes << false << int(ReportErrorKind::BadLength)
                                            << "length field 1234 does not match file size 364";
    }
    {
        QByteArray bytes = hash.left(30);
        setLength(bytes, 30);
        QTest::newRow("shorter than header and footer")
            << bytes << false << int(ReportErrorKind::Truncated)
            << "truncated report: 30 bytes, header and footer need 44";
    }
    {
        QByteArray bytes = hash.left(20) + hash.right(24 + 8);
        setLength(bytes, quint32(bytes.size()));
        resign(bytes);
        QTest::newRow("partial reading") << bytes << false << int(ReportErrorKind::BadLength)
                                         << "reading block of 8 bytes is not a multiple of 16";
    }
    {
        QByteArray bytes = hash.left(20) + hash.right(24);
        setLength(bytes, 44);
        resign(bytes);
        QTest::newRow("no readings, re-signed") << bytes << false << -1 << QString();
    }
    QTest::newRow("format code") << edit(hash, 0, 5) << false << int(ReportErrorKind::UnsupportedFormat)
                                 << "not a signed list report: format code 5";
    QTest::newRow("signature flags 7")
        << edit(hash, 16, 7) << false << int(ReportErrorKind::UnknownSignatureFlags)
        << "unknown signature flags 7";
    QTest::newRow("signature flags 3")
        << edit(hash, 16, 3) << false << int(ReportErrorKind::UnknownSignatureFlags)
        << "unknown signature flags 3";
    QTest::newRow("wrong signature") << flip(hash, hash.size() - 1) << false
                                     << int(ReportErrorKind::SignatureMismatch)
                                     << "signature mismatch (SHA-256 hash)";
    QTest::newRow("flipped reading byte")
        << flip(hash, 20 + 16 * 3 + 12) << false << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (SHA-256 hash)";
    QTest::newRow("flipped footer id")
        << flip(hash, hash.size() - 24) << false << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (SHA-256 hash)";
    QTest::newRow("flipped device id") << flip(hash, 4) << false << int(ReportErrorKind::SignatureMismatch)
                                       << "signature mismatch (SHA-256 hash)";
    QTest::newRow("hash file claims user key")
        << edit(hash, 16, 1) << true << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (user key)";
    QTest::newRow("keyed: flipped ciphertext")
        << flip(user, 100) << true << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (user key)";
    QTest::newRow("keyed: flipped report id")
        << flip(user, 8) << true << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (user key)";
    QTest::newRow("keyed: flipped signature")
        << flip(user, user.size() - 16) << true << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (user key)";
    QTest::newRow("keyed: claims hash")
        << edit(user, 16, 0) << false << int(ReportErrorKind::SignatureMismatch)
        << "signature mismatch (SHA-256 hash)";
}

void ReportsTest::corruptSignedList()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, keyed);
    QFETCH(int, errorKind);
    QFETCH(QString, message);
    const ReportResult<Report> result =
        SignedListReport::parse(bytes, keyed ? manifestKeys(QStringLiteral("n20")) : ReportKeyProvider());
    if (errorKind < 0) {
        QVERIFY2(result, qPrintable(result.errorString()));
        QVERIFY(result.value().readings.empty());
        return;
    }
    QVERIFY(!result);
    QCOMPARE(int(result.errorKind()), errorKind);
    QCOMPARE(result.errorString(), message);
    // Through the dispatcher too (an empty upload is an empty report whatever its name).
    const ReportResult<Report> dispatched = ReportParser::parseUpload(
        u"r.bin", bytes, keyed ? manifestKeys(QStringLiteral("n20")) : ReportKeyProvider());
    QVERIFY(!dispatched);
    if (!bytes.isEmpty() && bytes.front() == 1)
        QCOMPARE(dispatched.errorString(), message);
}

void ReportsTest::everyByteFlipped_data()
{
    signedListFile_data();
}

void ReportsTest::everyByteFlipped()
{
    // No single-byte change to a signed report may go through: the length bytes fail the size check,
    // everything else the signature.
    QFETCH(QString, folder);
    QFETCH(QString, file);
    const QByteArray original = readFile(reportsDir() + u'/' + folder + u'/' + file);
    const ReportKeyProvider keys = manifestKeys(folder);
    const qsizetype step = original.size() > 2000 ? 97 : 1;
    for (qsizetype at = 0; at < original.size(); at += step) {
        for (const uchar mask : {uchar(0x01), uchar(0x80), uchar(0xFF)}) {
            QByteArray bytes = original;
            bytes[at] = char(bytes[at] ^ mask);
            const ReportResult<Report> result = SignedListReport::parse(bytes, keys);
            QVERIFY2(!result, qPrintable(QStringLiteral("byte %1 ^ %2 accepted").arg(at).arg(mask)));
        }
    }
}

void ReportsTest::everyPrefix_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &folder : kFolders) {
        for (const QString &file : kSignedFiles)
            QTest::addRow("%s/%s", qPrintable(folder), qPrintable(file)) << folder + u'/' + file;
        QTest::addRow("%s/individual_reading.bin", qPrintable(folder))
            << folder + QStringLiteral("/individual_reading.bin");
    }
}

void ReportsTest::everyPrefix()
{
    QFETCH(QString, path);
    const QByteArray original = readFile(reportsDir() + u'/' + path);
    const ReportKeyProvider keys = manifestKeys(path.section(u'/', 0, 0));
    const qsizetype step = original.size() > 2000 ? 61 : 1;
    for (qsizetype size = 0; size < original.size(); size += step) {
        // A copy of exactly size bytes, so that a read past the end is an ASan error, not luck.
        const QByteArray prefix = original.left(size);
        QVERIFY(!ReportParser::parseBinary(prefix, keys));
    }
    QVERIFY(ReportParser::parseBinary(original, keys));
}

void ReportsTest::roundTrip_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("flags");
    for (const int count : {0, 1, 2, 255, 256, 257, 1000}) {
        for (const int flags : {0, 1, 2})
            QTest::addRow("%d readings, flags %d", count, flags) << count << flags;
    }
}

void ReportsTest::roundTrip()
{
    QFETCH(int, count);
    QFETCH(int, flags);
    Report report;
    report.deviceId = 0xABCD1234;
    report.reportId = quint32(count + 5000);
    report.sentTimestamp = 86400 * 3;
    report.signatureFlags = quint8(flags);
    report.streamerIndex = 2;
    report.streamerSelector = 0x0FFF;
    report.readings = makeReadings(count);
    const QByteArray userKey = testRootKey('u');
    const QByteArray deviceKey = testRootKey('d');
    const QByteArray key = flags == 1 ? userKey : flags == 2 ? deviceKey : QByteArray();
    const ReportKeyProvider keys = [&](quint64 device, SignatureFlags kind) -> std::optional<QByteArray> {
        if (device != 0xABCD1234)
            return std::nullopt;
        return kind == SignatureFlags::UserKey ? userKey : deviceKey;
    };

    const ReportResult<QByteArray> built = SignedListReport::build(report, key);
    QVERIFY2(built, qPrintable(built.errorString()));
    QCOMPARE(built.value().size(), 44 + 16 * count);
    const ReportResult<Report> parsed = SignedListReport::parse(built.value(), keys);
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    const Report &back = parsed.value();
    QCOMPARE(back.deviceId, report.deviceId);
    QCOMPARE(back.reportId, report.reportId);
    QCOMPARE(back.sentTimestamp, report.sentTimestamp);
    QCOMPARE(back.signatureFlags, report.signatureFlags);
    QCOMPARE(back.streamerIndex, report.streamerIndex);
    QCOMPARE(back.streamerSelector, report.streamerSelector);
    QCOMPARE(back.encrypted, flags != 0);
    QVERIFY(back.verified);
    QCOMPARE(back.reportKey.size(), flags == 0 ? 0 : 32);
    const auto [lowest, highest] = readingIdRange(report.readings);
    QCOMPARE(back.lowestId, lowest);
    QCOMPARE(back.highestId, highest);
    if (count > 0)
        QVERIFY(lowest > 0 && highest >= lowest);
    QCOMPARE(back.readings.size(), report.readings.size());
    QVERIFY(back.readings == report.readings);

    // Keyed reports really are encrypted: the reading block differs from the plain one, header and footer
    // not.
    if (flags != 0 && count > 0) {
        Report plain = report;
        plain.signatureFlags = 0;
        const QByteArray clear = SignedListReport::build(plain).value();
        QCOMPARE(clear.mid(20 + 16 * count, 8), built.value().mid(20 + 16 * count, 8));
        QVERIFY(clear.mid(20, 16 * count) != built.value().mid(20, 16 * count));
        QCOMPARE(Aes128Ctr::apply(back.reportKey, built.value().mid(20, 16 * count)),
                 clear.mid(20, 16 * count));
    }
    // The parsed report rebuilds to the same bytes.
    const ReportResult<QByteArray> rebuilt = SignedListReport::build(back, key);
    QVERIFY(rebuilt);
    QCOMPARE(rebuilt.value(), built.value());
}

void ReportsTest::chopped_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("chopped");
    // 196604 bytes (the original's chopped.bin) is the only signed list size in (196592, 196608).
    QTest::newRow("12284 readings, 196588 bytes") << 12284 << false;
    QTest::newRow("12285 readings, 196604 bytes") << 12285 << true;
    QTest::newRow("12286 readings, 196620 bytes") << 12286 << false;
}

void ReportsTest::chopped()
{
    QFETCH(int, count);
    QFETCH(bool, chopped);
    Report report;
    report.deviceId = 0x0a;
    report.readings = makeReadings(count);
    const ReportResult<QByteArray> built = SignedListReport::build(report);
    QVERIFY(built);
    const ReportResult<Report> parsed = SignedListReport::parse(built.value());
    QVERIFY(parsed);
    QCOMPARE(parsed.value().chopped, chopped);
    QCOMPARE(SignedListReport::isChopped(built.value().size()), chopped);
}

void ReportsTest::buildErrors_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<int>("errorKind");
    QTest::addColumn<QString>("message");
    QTest::newRow("64-bit device") << 0 << int(ReportErrorKind::InvalidInput)
                                   << "device id 0x100000000 does not fit in 32 bits";
    QTest::newRow("streamer 256") << 1 << int(ReportErrorKind::InvalidInput)
                                  << "streamer index 256 does not fit in 8 bits";
    QTest::newRow("selector 65536") << 2 << int(ReportErrorKind::InvalidInput)
                                    << "streamer selector 65536 does not fit in 16 bits";
    QTest::newRow("flags 3") << 3 << int(ReportErrorKind::UnknownSignatureFlags)
                             << "unknown signature flags 3";
    QTest::newRow("user key missing")
        << 4 << int(ReportErrorKind::NoKey) << "a root key is needed to sign with the user key";
    QTest::newRow("device key too short")
        << 5 << int(ReportErrorKind::BadKey) << "root key has 31 bytes, expected 32";
}

void ReportsTest::buildErrors()
{
    QFETCH(int, field);
    QFETCH(int, errorKind);
    QFETCH(QString, message);
    Report report;
    report.readings = makeReadings(3);
    QByteArray key;
    switch (field) {
    case 0:
        report.deviceId = 0x100000000ull;
        break;
    case 1:
        report.streamerIndex = 256;
        break;
    case 2:
        report.streamerSelector = 65536;
        break;
    case 3:
        report.signatureFlags = 3;
        break;
    case 4:
        report.signatureFlags = 1;
        break;
    case 5:
        report.signatureFlags = 2;
        key = QByteArray(31, 'k');
        break;
    }
    const ReportResult<QByteArray> built = SignedListReport::build(report, key);
    QVERIFY(!built);
    QCOMPARE(int(built.errorKind()), errorKind);
    QCOMPARE(built.errorString(), message);
}

void ReportsTest::individualErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("errorKind");
    QTest::addColumn<QString>("message");
    const QByteArray good = readFile(reportsDir() + QStringLiteral("/n20/individual_reading.bin"));
    QTest::newRow("empty") << QByteArray() << int(ReportErrorKind::Empty) << "empty report";
    QTest::newRow("19 bytes") << good.left(19) << int(ReportErrorKind::Truncated)
                              << "truncated individual reading report: 19 of 20 bytes";
    QTest::newRow("21 bytes") << good + QByteArray(1, 'x') << int(ReportErrorKind::BadLength)
                              << "individual reading report has 21 bytes, expected 20";
    QByteArray wrongCode = good;
    wrongCode[0] = 2;
    QTest::newRow("format 2") << wrongCode << int(ReportErrorKind::UnsupportedFormat)
                              << "not an individual reading report: format code 2";
}

void ReportsTest::individualErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, errorKind);
    QFETCH(QString, message);
    const ReportResult<Report> result = IndividualReadingReport::parse(bytes);
    QVERIFY(!result);
    QCOMPARE(int(result.errorKind()), errorKind);
    QCOMPARE(result.errorString(), message);

    Report two;
    two.readings = makeReadings(2);
    QVERIFY(!IndividualReadingReport::build(two));
}

void ReportsTest::broadcast_data()
{
    QTest::addColumn<int>("count");
    for (const int count : {0, 1, 2, 100, int(BroadcastReport::kMaximumReadings)})
        QTest::addRow("%d readings", count) << count;
}

void ReportsTest::broadcast()
{
    QFETCH(int, count);
    Report report;
    report.deviceId = 0x5db;
    report.sentTimestamp = 777;
    report.readings = makeReadings(count);
    const ReportResult<QByteArray> built = BroadcastReport::build(report);
    QVERIFY2(built, qPrintable(built.errorString()));
    QCOMPARE(built.value().size(), 16 + 16 * count);
    QCOMPARE(built.value().front(), char(3));
    const ReportResult<Report> parsed = ReportParser::parseBinary(built.value());
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    QCOMPARE(parsed.value().format, ReportFormat::Broadcast);
    QCOMPARE(parsed.value().deviceId, report.deviceId);
    QCOMPARE(parsed.value().sentTimestamp, report.sentTimestamp);
    QVERIFY(parsed.value().readings == report.readings);
    QCOMPARE(BroadcastReport::build(parsed.value()).value(), built.value());
}

void ReportsTest::broadcastErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    Report report;
    report.readings = makeReadings(2);
    const QByteArray good = BroadcastReport::build(report).value();
    QTest::newRow("truncated header") << good.left(15) << "truncated header: 15 of 16 bytes";
    QTest::newRow("truncated readings")
        << good.left(40) << "reading length field 32 does not match file size 40 (header 16)";
    QByteArray auth = good;
    auth[1] = 1;
    QTest::newRow("auth type 1") << auth << "unknown broadcast auth type 1";
    QByteArray odd = good;
    odd[2] = 17;
    QTest::newRow("odd reading length") << odd << "reading length field 17 is not a multiple of 16";
    Report tooMany;
    tooMany.readings = makeReadings(int(BroadcastReport::kMaximumReadings) + 1);
    QVERIFY(!BroadcastReport::build(tooMany));
}

void ReportsTest::broadcastErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const ReportResult<Report> result = BroadcastReport::parse(bytes);
    QVERIFY(!result);
    QCOMPARE(result.errorString(), message);
}

void ReportsTest::uploadKind_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("kind");
    const int rejected = -1;
    QTest::newRow("bin") << "report.bin" << int(ReportParser::UploadKind::Binary);
    QTest::newRow("no extension") << "valid_16_readings_no_ext" << int(ReportParser::UploadKind::Binary);
    QTest::newRow("hidden name") << ".bin" << int(ReportParser::UploadKind::Binary);
    QTest::newRow("path") << "dir.mp/report.bin" << int(ReportParser::UploadKind::Binary);
    QTest::newRow("path without extension") << "dir.json/report" << int(ReportParser::UploadKind::Binary);
    QTest::newRow("mp") << "v2_report1.mp" << int(ReportParser::UploadKind::Msgpack);
    QTest::newRow("json") << "a.b.json" << int(ReportParser::UploadKind::Json);
    QTest::newRow("jpg") << "not_a_report.jpg" << rejected;
    QTest::newRow("upper case") << "REPORT.BIN" << rejected;
    QTest::newRow("trailing dot") << "report." << rejected;
    QTest::newRow("msgpack spelled out") << "report.msgpack" << rejected;
}

void ReportsTest::uploadKind()
{
    QFETCH(QString, fileName);
    QFETCH(int, kind);
    const std::optional<ReportParser::UploadKind> found = ReportParser::uploadKind(fileName);
    QCOMPARE(found ? int(*found) : -1, kind);
}

void ReportsTest::dispatch_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("error");
    const QByteArray hash = readFile(reportsDir() + QStringLiteral("/n20/signed_list_hash.bin"));
    const QByteArray mp = readFile(reportsDir() + QStringLiteral("/n20/flexible_dict.mp"));
    const QByteArray individual = readFile(reportsDir() + QStringLiteral("/n20/individual_reading.bin"));
    const QByteArray json =
        FlexibleDictionaryReport::buildJson(FlexibleDictionaryReport::parseMsgpack(mp).value());
    const int none = -1;
    QTest::newRow("signed list") << "r.bin" << hash << int(ReportFormat::SignedList) << QString();
    QTest::newRow("signed list, no extension") << "r" << hash << int(ReportFormat::SignedList) << QString();
    QTest::newRow("individual") << "r.bin" << individual << int(ReportFormat::IndividualReading) << QString();
    QTest::newRow("msgpack") << "r.mp" << mp << int(ReportFormat::FlexibleMsgpack) << QString();
    QTest::newRow("json") << "r.json" << json << int(ReportFormat::FlexibleJson) << QString();
    QTest::newRow("jpg") << "x.jpg" << hash << none
                         << "Streamer Report file extension not supported. Expected: .bin, .json or .mp";
    QTest::newRow("msgpack named bin") << "r.bin" << mp << none << "unsupported report format 138";
    QTest::newRow("binary named mp") << "r.mp" << hash << none
                                     << "363 bytes of trailing data after the msgpack document at byte 1";
    QTest::newRow("binary named json")
        << "r.json" << hash << none << "JSON parsing error: illegal value at offset 1";
    QTest::newRow("format 2") << "r.bin" << QByteArray("\x02 rest", 6) << none
                              << "unsupported report format 2";
    QTest::newRow("empty bin") << "r.bin" << QByteArray() << none << "empty report";
    QTest::newRow("empty mp") << "r.mp" << QByteArray() << none << "empty msgpack document";
    QTest::newRow("empty json") << "r.json" << QByteArray() << none << "empty report";
}

void ReportsTest::dispatch()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(int, format);
    QFETCH(QString, error);
    const ReportResult<Report> result = ReportParser::parseUpload(fileName, bytes);
    if (format < 0) {
        QVERIFY(!result);
        QCOMPARE(result.errorString(), error);
        return;
    }
    QVERIFY2(result, qPrintable(result.errorString()));
    QCOMPARE(int(result.value().format), format);
    QCOMPARE(result.value().deviceId, 0x1234u);
}

void ReportsTest::originalServerVectors_data()
{
    // The report files of the original server's test suite (server/apps/streamer/data/reports/ in
    // iotile/iotile_cloud) when a copy is pointed to; they are not redistributed here.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    const QString dir = qEnvironmentVariable("IOTILE_ORIGINAL_REPORTS_DIR");
    if (dir.isEmpty()) {
        QTest::newRow("not configured") << QString() << QString();
        return;
    }
    const QStringList files = QDir(dir).entryList(QDir::Files, QDir::Name);
    for (const QString &file : files) {
        QString expected = QStringLiteral("ok");
        if (file.startsWith(u"invalid_footer"))
            expected = QStringLiteral("signature mismatch (SHA-256 hash)");
        else if (file.startsWith(u"length_too"))
            expected = QStringLiteral("length field");
        else if (file.endsWith(u".jpg"))
            expected = QStringLiteral("extension");
        QTest::newRow(qPrintable(file)) << dir + u'/' + file << expected;
    }
}

void ReportsTest::originalServerVectors()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    if (file.isEmpty())
        QSKIP("set IOTILE_ORIGINAL_REPORTS_DIR to the original server's data/reports folder");
    const QByteArray bytes = readFile(file);
    const ReportResult<Report> result = ReportParser::parseUpload(QFileInfo(file).fileName(), bytes);
    if (expected != u"ok") {
        QVERIFY(!result);
        QVERIFY2(result.errorString().contains(expected), qPrintable(result.errorString()));
        return;
    }
    QVERIFY2(result, qPrintable(result.errorString()));
    const Report &report = result.value();
    if (report.format == ReportFormat::SignedList) {
        QVERIFY(report.verified);
        QCOMPARE(qsizetype(report.readings.size()), (bytes.size() - 44) / 16);
        QCOMPARE(report.chopped, file.endsWith(u"chopped.bin"));
        QCOMPARE(SignedListReport::build(report).value(), bytes);
    } else {
        QVERIFY(!report.readings.empty() || !report.events.empty());
        // Whatever variant the file is, writing it back and reading that gives the same report.
        const ReportResult<Report> again =
            FlexibleDictionaryReport::parseMsgpack(FlexibleDictionaryReport::buildMsgpack(report));
        QVERIFY2(again, qPrintable(again.errorString()));
        QVERIFY(again.value().readings == report.readings);
        QVERIFY(again.value().events == report.events);
    }
    qInfo("%s: %s, device 0x%llx, %zu readings, %zu events, missing %s",
          qPrintable(QFileInfo(file).fileName()), qPrintable(reportFormatName(report.format)),
          report.deviceId, report.readings.size(), report.events.size(),
          qPrintable(report.missingFields.join(u',')));
}

QTEST_GUILESS_MAIN(ReportsTest)
#include "tst_report_formats.moc"
