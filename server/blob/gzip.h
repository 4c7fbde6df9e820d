#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QByteArrayView>

// gzip (RFC 1952) through zlib: qUncompress only reads Qt's own zlib framing. Event files (.json.gz)
// and other uploads arrive gzipped.
namespace iotile::gzip {

// The data of every member of a gzip stream; BadRequest when it is not gzip or is cut short,
// TooLarge when it would inflate beyond maxBytes (a small upload can expand a thousandfold).
Result<QByteArray> decompress(QByteArrayView data, qint64 maxBytes);
QByteArray compress(QByteArrayView data);

} // namespace iotile::gzip
