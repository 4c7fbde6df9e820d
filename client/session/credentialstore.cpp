#include "client/session/credentialstore.h"

#include <QLoggingCategory>
#include <qt6keychain/keychain.h>

namespace iotile {

namespace {
Q_LOGGING_CATEGORY(lcKeychain, "iotile.studio.keychain")
}

CredentialStore::CredentialStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

void CredentialStore::noteFailure(int error, const QString &text)
{
    if (error == QKeychain::EntryNotFound || error == QKeychain::NoError)
        return;
    if (!m_available) {
        qCDebug(lcKeychain) << "keychain error" << error << text;
        return;
    }
    qCWarning(lcKeychain) << "keychain error" << error << text;
    m_available = false;
    m_reason = text;
    emit unavailable(text);
}

// Jobs get no parent: QtKeychain 0.13's libsecret backend calls back into a job after an asynchronous
// D-Bus call, so a job deleted with its parent mid-call crashes. They delete themselves when finished
// (autoDelete); the connections die with this store.
void CredentialStore::write(const QString &key, const QByteArray &secret)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    // Never the plaintext file fallback: the token would sit in clear text in the settings.
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, job, key] {
        noteFailure(job->error(), job->errorString());
        emit written(key, job->error() == QKeychain::NoError);
    });
    job->start();
}

void CredentialStore::read(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, key] {
        noteFailure(job->error(), job->errorString());
        const bool found = job->error() == QKeychain::NoError;
        emit readFinished(key, found ? job->binaryData() : QByteArray(), found);
    });
    job->start();
}

void CredentialStore::remove(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, key] {
        noteFailure(job->error(), job->errorString());
        emit removed(key);
    });
    job->start();
}

} // namespace iotile
