#pragma once

#include <QIODevice>

#include <memory>

namespace iotile {

class S3Client;

// Reads an S3 object through ranged GETs of a few MB each, so a download of any size holds one piece
// in memory. Pieces are fetched on the reading thread; the ETag pins them to one version of the
// object (a replaced object fails the read instead of splicing two versions).
class S3ReadDevice final : public QIODevice
{
    Q_OBJECT
public:
    S3ReadDevice(std::shared_ptr<const S3Client> client, QString key, qint64 size, QByteArray etag);

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_size; }

    static constexpr qint64 kPieceBytes = 8 * 1024 * 1024;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    bool fetch(qint64 position);

    std::shared_ptr<const S3Client> m_client;
    QString m_key;
    qint64 m_size;
    QByteArray m_etag;
    QByteArray m_piece;
    qint64 m_pieceStart = 0;
};

} // namespace iotile
