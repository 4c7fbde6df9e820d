#include "server/blob/localblobstore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <limits>

namespace iotile {

namespace {

// No limit beyond the disk's; the HTTP layer limits upload sizes.
constexpr qint64 kNoLimit = std::numeric_limits<qint64>::max();

Error notFound(const QString &key)
{
    return Error::notFound().withReason(QStringLiteral("blob '%1' not found").arg(key));
}

} // namespace

LocalBlobStore::LocalBlobStore(QString root)
    : m_root(std::move(root))
{ }

Result<std::unique_ptr<LocalBlobStore>> LocalBlobStore::openDirectory(const QString &root)
{
    const QString absolute = QDir::cleanPath(QFileInfo(root).absoluteFilePath());
    if (!QDir().mkpath(absolute) || !QFileInfo(absolute).isDir())
        return Error::unavailable(QStringLiteral("cannot create the blob directory %1").arg(absolute));
    return std::unique_ptr<LocalBlobStore>(new LocalBlobStore(absolute));
}

QString LocalBlobStore::displayUrl() const
{
    return QUrl::fromLocalFile(m_root).toString();
}

QString LocalBlobStore::pathOf(const QString &key) const
{
    // checkKey() has ruled out anything that could leave m_root.
    return m_root + QLatin1Char('/') + key;
}

template<typename Writer>
Status LocalBlobStore::write(const QString &key, Writer &&writer)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    const QString path = pathOf(key);
    // Unlike S3, a directory cannot hold both "a" and "a/b".
    const auto clash = [&] {
        return Error::detail(ErrorKind::Conflict,
                             QStringLiteral("Blob key '%1' clashes with an existing blob path.").arg(key));
    };
    if (QFileInfo(path).isDir())
        return clash();
    QReadLocker lock(&m_directories);
    if (!QDir().mkpath(QFileInfo(path).path())) {
        for (QString parent = QFileInfo(key).path(); parent != QLatin1String(".");
             parent = QFileInfo(parent).path()) {
            if (QFileInfo(pathOf(parent)).isFile())
                return clash();
        }
        return Error::unavailable(QStringLiteral("cannot create the directory for blob %1").arg(path));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::unavailable(QStringLiteral("cannot write blob %1: %2").arg(path, file.errorString()));
    if (Status written = writer(file); !written) {
        file.cancelWriting();
        return written;
    }
    if (!file.commit())
        return Error::unavailable(QStringLiteral("cannot write blob %1: %2").arg(path, file.errorString()));
    return {};
}

Status LocalBlobStore::put(const QString &key, const QByteArray &data, const QByteArray &)
{
    return write(key, [&](QSaveFile &file) -> Status {
        if (file.write(data) != data.size())
            return Error::unavailable(
                QStringLiteral("cannot write blob %1: %2").arg(file.fileName(), file.errorString()));
        return {};
    });
}

Status LocalBlobStore::putFrom(const QString &key, QIODevice &source, const QByteArray &)
{
    return write(key, [&](QSaveFile &file) -> Status {
        auto copied = copyStream(source, file, nullptr, kNoLimit);
        if (!copied)
            return std::move(copied).error();
        return {};
    });
}

Result<QByteArray> LocalBlobStore::get(const QString &key)
{
    auto device = open(key);
    if (!device)
        return std::move(device).error();
    QByteArray data = (*device)->readAll();
    if (data.size() != (*device)->size())
        return Error::internal(
            QStringLiteral("reading blob %1 failed: %2").arg(key, (*device)->errorString()));
    return data;
}

Result<std::unique_ptr<QIODevice>> LocalBlobStore::open(const QString &key)
{
    if (auto ok = checkKey(key); !ok)
        return std::move(ok).error();
    auto file = std::make_unique<QFile>(pathOf(key));
    if (!file->open(QIODevice::ReadOnly)) {
        if (!QFileInfo::exists(file->fileName()) || QFileInfo(file->fileName()).isDir())
            return notFound(key);
        return Error::unavailable(
            QStringLiteral("cannot read blob %1: %2").arg(file->fileName(), file->errorString()));
    }
    if (QFileInfo(file->fileName()).isDir())
        return notFound(key);
    return std::unique_ptr<QIODevice>(std::move(file));
}

Result<bool> LocalBlobStore::exists(const QString &key)
{
    if (auto ok = checkKey(key); !ok)
        return std::move(ok).error();
    return QFileInfo(pathOf(key)).isFile();
}

Result<qint64> LocalBlobStore::size(const QString &key)
{
    if (auto ok = checkKey(key); !ok)
        return std::move(ok).error();
    const QFileInfo info(pathOf(key));
    if (!info.isFile())
        return notFound(key);
    return info.size();
}

Status LocalBlobStore::remove(const QString &key)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    QFile file(pathOf(key));
    if (!file.remove() && QFileInfo(file.fileName()).isFile())
        return Error::unavailable(
            QStringLiteral("cannot remove blob %1: %2").arg(file.fileName(), file.errorString()));
    pruneEmptyDirectories(key);
    return {};
}

void LocalBlobStore::pruneEmptyDirectories(const QString &key)
{
    // Best effort: a busy store skips it, and the next removal in that directory tries again.
    if (!m_directories.tryLockForWrite())
        return;
    QDir dir;
    QString relative = QFileInfo(key).path();
    while (!relative.isEmpty() && relative != QLatin1String(".")) {
        if (!dir.rmdir(pathOf(relative))) // fails on directories that are not empty
            break;
        relative = QFileInfo(relative).path();
    }
    m_directories.unlock();
}

Result<QList<BlobInfo>> LocalBlobStore::list(const QString &prefix)
{
    if (auto ok = checkPrefix(prefix); !ok)
        return std::move(ok).error();
    // Walk only the deepest directory the prefix names completely.
    const qsizetype slash = prefix.lastIndexOf(QLatin1Char('/'));
    const QString start = slash < 0 ? m_root : pathOf(prefix.left(slash));
    QList<BlobInfo> result;
    if (!QFileInfo(start).isDir())
        return result;
    QDirIterator it(start, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        const QString key = info.absoluteFilePath().mid(m_root.size() + 1);
        // Skips other files that might sit in the directory (QSaveFile's temporaries, editors' files).
        if (!key.startsWith(prefix) || !checkKey(key))
            continue;
        result.append(BlobInfo {key, info.size(), info.lastModified().toUTC()});
    }
    std::sort(result.begin(), result.end(),
              [](const BlobInfo &a, const BlobInfo &b) { return a.key < b.key; });
    return result;
}

Result<BlobDownload> LocalBlobStore::download(const QString &key, const BlobDownloadOptions &options)
{
    auto device = open(key);
    if (!device)
        return std::move(device).error();
    BlobDownload out;
    out.size = (*device)->size();
    out.device = std::move(*device);
    out.contentType =
        options.contentType.isEmpty() ? QByteArray("application/octet-stream") : options.contentType;
    if (!options.fileName.isEmpty())
        out.contentDisposition = contentDisposition(options.fileName);
    return out;
}

} // namespace iotile
