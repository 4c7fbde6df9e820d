#include "server/api/blobresponse.h"

#include <QIODevice>

namespace iotile {

namespace {

class DeviceStream final : public ResponseStream
{
public:
    explicit DeviceStream(std::unique_ptr<QIODevice> device)
        : m_device(std::move(device))
    { }

    bool next(QByteArray &out, bool &failed) override
    {
        constexpr qint64 kPiece = 256 * 1024;
        const qsizetype before = out.size();
        out.resize(before + kPiece);
        const qint64 n = m_device->read(out.data() + before, kPiece);
        if (n < 0) {
            out.resize(before);
            failed = true;
            return false;
        }
        out.resize(before + n);
        return n > 0 && !m_device->atEnd();
    }

private:
    std::unique_ptr<QIODevice> m_device;
};

} // namespace

HttpResponse BlobResponse::from(BlobDownload download)
{
    if (!download.redirect.isEmpty()) {
        HttpResponse r(302, {}, {});
        r.addHeader("Location", download.redirect.toEncoded());
        return r;
    }
    const QByteArray type =
        download.contentType.isEmpty() ? QByteArrayLiteral("application/octet-stream") : download.contentType;
    HttpResponse r = HttpResponse::stream(std::make_shared<DeviceStream>(std::move(download.device)), type);
    if (!download.contentDisposition.isEmpty())
        r.addHeader("Content-Disposition", download.contentDisposition);
    return r;
}

} // namespace iotile
