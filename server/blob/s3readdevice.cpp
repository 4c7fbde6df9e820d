#include "server/blob/s3readdevice.h"

#include "server/blob/s3client.h"

#include <cstring>

namespace iotile {

S3ReadDevice::S3ReadDevice(std::shared_ptr<const S3Client> client, QString key, qint64 size, QByteArray etag)
    : m_client(std::move(client))
    , m_key(std::move(key))
    , m_size(size)
    , m_etag(std::move(etag))
{
    // Unbuffered: QIODevice would otherwise copy every piece once more into a buffer of its own.
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

bool S3ReadDevice::fetch(qint64 position)
{
    const qint64 last = qMin(position + kPieceBytes, m_size) - 1;
    QList<QPair<QByteArray, QByteArray>> headers {
        {"range", "bytes=" + QByteArray::number(position) + '-' + QByteArray::number(last)}};
    if (!m_etag.isEmpty())
        headers.append({"if-match", m_etag});
    const BlockingHttpReply reply = m_client->request("GET", m_key, {}, headers);
    if (reply.status != 206 && reply.status != 200) {
        setErrorString(reply.status == 412
                           ? QStringLiteral("blob '%1' changed while it was read").arg(m_key)
                           : m_client->failure(QStringLiteral("GET"), m_key, reply).message());
        return false;
    }
    // A server that ignores Range answers 200 with everything: keep only the piece asked for.
    m_piece = reply.status == 200 ? reply.body.mid(position, last - position + 1) : reply.body;
    if (m_piece.size() != last - position + 1) {
        setErrorString(QStringLiteral("blob '%1': short read at %2").arg(m_key).arg(position));
        m_piece.clear();
        return false;
    }
    m_pieceStart = position;
    return true;
}

qint64 S3ReadDevice::readData(char *data, qint64 maxSize)
{
    const qint64 position = pos();
    if (position >= m_size || maxSize <= 0)
        return 0;
    if (position < m_pieceStart || position >= m_pieceStart + m_piece.size()) {
        if (!fetch(position))
            return -1;
    }
    const qint64 offset = position - m_pieceStart;
    const qint64 n = qMin(maxSize, qint64(m_piece.size()) - offset);
    std::memcpy(data, m_piece.constData() + offset, size_t(n));
    return n;
}

} // namespace iotile
