#pragma once

#include "common/util/error.h"
#include "server/domain/userreport.h"

#include <QList>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// User reports and generated reports (migration 14).
class UserReportStore
{
public:
    explicit UserReportStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Lists: every row (staff acting as staff) or those of orgs where the caller holds can_access_reports.
    struct ListQuery
    {
        bool all = false;
        std::optional<qint64> orgId;
        std::optional<qint64> reportId; // generated reports of one user report
    };

    Result<qint64> countReports(const ListQuery &query, const Access &access);
    Result<QList<UserReport>> listReports(const ListQuery &query, const Access &access, qint64 offset,
                                          qint64 limit);
    Result<std::optional<UserReport>> reportById(qint64 id);
    Result<UserReport> createReport(UserReport report);
    Status updateReport(const UserReport &report);
    Status removeReport(qint64 id);
    // Active reports with a period other than manual (for the scheduler).
    Result<QList<UserReport>> periodicReports();
    // Moves last_period_end forward to `end` unless someone already did: true when this call moved it.
    Result<bool> claimPeriod(qint64 reportId, qint64 end);

    Result<qint64> countGenerated(const ListQuery &query, const Access &access);
    Result<QList<GeneratedReport>> listGenerated(const ListQuery &query, const Access &access, qint64 offset,
                                                 qint64 limit);
    Result<std::optional<GeneratedReport>> generatedById(const QString &id);
    Result<GeneratedReport> createGenerated(GeneratedReport report);
    Status setStatus(const QString &id, const QString &status, const QString &error = {});
    Status setFile(const QString &id, const QString &key, const QString &fileName,
                   const QString &contentType);
    Status removeGenerated(const QString &id);

    // The addresses of an org's active members (admins only: owners and admins).
    Result<QStringList> memberEmails(qint64 orgId, bool adminsOnly);
    Result<std::optional<QString>> emailOfUsername(const QString &username);

private:
    SqlConnection &m_db;
};

} // namespace iotile
