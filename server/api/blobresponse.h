#pragma once

#include "server/blob/blobstore.h"
#include "server/http/httpresponse.h"

namespace iotile {

// Answers a blob download: a 302 to the store's presigned URL, or the blob streamed in pieces through
// the server (local store, or S3 without presigning), never held whole in memory.
class BlobResponse
{
public:
    static HttpResponse from(BlobDownload download);
};

} // namespace iotile
