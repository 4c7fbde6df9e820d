#include "server/blob/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace iotile::gzip {

namespace {

constexpr int kGzipWindow = 16 + MAX_WBITS; // zlib's "gzip header, not zlib" flag
constexpr qsizetype kChunk = 64 * 1024;

} // namespace

Result<QByteArray> decompress(QByteArrayView data, qint64 maxBytes)
{
    z_stream z {};
    if (inflateInit2(&z, kGzipWindow) != Z_OK)
        return Error::internal(QStringLiteral("inflateInit2 failed"));
    QByteArray out;
    const auto *next = reinterpret_cast<const Bytef *>(data.data());
    qsizetype left = data.size();
    int rc = Z_OK;
    while (true) {
        if (z.avail_in == 0 && left > 0) {
            const uInt take = uInt(std::min<qsizetype>(left, std::numeric_limits<uInt>::max()));
            z.next_in = const_cast<Bytef *>(next);
            z.avail_in = take;
            next += take;
            left -= take;
        }
        const qsizetype before = out.size();
        out.resize(before + kChunk);
        z.next_out = reinterpret_cast<Bytef *>(out.data() + before);
        z.avail_out = uInt(kChunk);
        rc = inflate(&z, Z_NO_FLUSH);
        out.resize(before + (kChunk - qsizetype(z.avail_out)));
        if (out.size() > maxBytes) {
            inflateEnd(&z);
            return Error::detail(ErrorKind::TooLarge,
                                 QStringLiteral("Decompressed data exceeds %1 bytes").arg(maxBytes));
        }
        if (rc == Z_STREAM_END) {
            // Concatenated members (gzip -c a b) form one stream: go on while input remains.
            if (z.avail_in == 0 && left == 0)
                break;
            if (inflateReset(&z) != Z_OK)
                break;
            continue;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0 && left == 0)
            break; // input ended inside a member
        if (rc != Z_OK) {
            const QString message =
                z.msg ? QString::fromLatin1(z.msg) : QStringLiteral("zlib error %1").arg(rc);
            inflateEnd(&z);
            return Error::badRequest(QStringLiteral("Not a valid gzip stream: %1").arg(message));
        }
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END)
        return Error::badRequest(QStringLiteral("Not a valid gzip stream: unexpected end of data"));
    return out;
}

QByteArray compress(QByteArrayView data)
{
    z_stream z {};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&z, uLong(data.size()))) + 32);
    z.next_in = const_cast<Bytef *>(reinterpret_cast<const Bytef *>(data.data()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray();
}

} // namespace iotile::gzip
