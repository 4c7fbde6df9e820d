#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A user account as stored; passwords stay in their Django pbkdf2_sha256 encoding.
struct Account
{
    qint64 id = 0;
    QString email;
    QString username;
    QString slug;
    QString name;
    QString tagline;
    QString passwordHash;
    QString timeZone = QStringLiteral("UTC");
    bool isActive = true;
    bool isStaff = false;
    bool isSuperuser = false; // the original's is_admin
    bool emailVerified = false;
    qint64 createdAt = 0; // microseconds since the epoch, UTC
    qint64 updatedAt = 0;
    std::optional<qint64> lastLogin;
    // JWTs issued (iat) before this instant are refused: set when the password changes.
    qint64 jwtNotBefore = 0;
};

} // namespace iotile
