#pragma once

#include "common/reports/report.h"
#include "common/util/error.h"
#include "server/store/streamerstore.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class ServerContext;
struct Account;

// The upload side of streamer reports (the original's ReportUploaderAndProcessScheduler): checks the file
// up front (format, length, signature with the device's keys, the fields the original requires), the
// device and the caller's right to write its data, then stores the raw file in the blob store, records
// the report and queues its processing in one transaction. A file that is not a valid report is kept as a
// failed report (the original's error bucket) and answered 400 with the reason.
class ReportUpload
{
public:
    ReportUpload(ServerContext &server, Access &access, const Account &user)
        : m_server(server)
        , m_access(access)
        , m_user(user)
    { }

    struct File
    {
        QString name;
        QByteArray data;
        qint64 received = 0; // the ?timestamp=, whole seconds (µs)
    };
    struct Accepted
    {
        StreamerReport report;
        qint64 expectedCount = 0; // readings the header announces (flexible: events + data)
        qint64 jobId = 0;
    };
    Result<Accepted> accept(const File &file);

    // Large enough for the largest signed list (24-bit length); a flexible dictionary is no bigger.
    static constexpr qsizetype kMaxReportBytes = 16 * 1024 * 1024;

private:
    // Keeps a rejected file and a failed report row (streamer unknown), then returns `error`.
    Error rejected(const File &file, Error error, const QString &reason);
    QString extensionOf(const QString &fileName) const;

    ServerContext &m_server;
    Access &m_access;
    const Account &m_user;
};

} // namespace iotile
