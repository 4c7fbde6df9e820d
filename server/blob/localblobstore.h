#pragma once

#include "server/blob/blobstore.h"

#include <QReadWriteLock>

namespace iotile {

// Blobs as files under one directory: writes go through QSaveFile (atomic rename), directories are
// made on demand and emptied ones removed again.
class LocalBlobStore final : public BlobStore
{
public:
    // Creates the directory when it does not exist yet.
    static Result<std::unique_ptr<LocalBlobStore>> openDirectory(const QString &root);

    QString displayUrl() const override;
    const QString &root() const { return m_root; }

    Status put(const QString &key, const QByteArray &data, const QByteArray &contentType = {}) override;
    Status putFrom(const QString &key, QIODevice &source, const QByteArray &contentType = {}) override;
    Result<QByteArray> get(const QString &key) override;
    Result<std::unique_ptr<QIODevice>> open(const QString &key) override;
    Result<bool> exists(const QString &key) override;
    Result<qint64> size(const QString &key) override;
    Status remove(const QString &key) override;
    Result<QList<BlobInfo>> list(const QString &prefix = {}) override;
    Result<BlobDownload> download(const QString &key, const BlobDownloadOptions &options = {}) override;

private:
    explicit LocalBlobStore(QString root);
    QString pathOf(const QString &key) const;
    // Writes through a QSaveFile; `write` fills it and returns an error to abandon the file.
    template<typename Writer>
    Status write(const QString &key, Writer &&writer);
    void pruneEmptyDirectories(const QString &key);

    QString m_root;
    // Writers hold it shared while they create a directory and commit into it; pruning an emptied
    // directory holds it exclusively, so a directory never vanishes under a writer.
    QReadWriteLock m_directories;
};

} // namespace iotile
