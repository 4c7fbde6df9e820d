# A throwaway S3-compatible store (npm s3rver) on a free loopback port (sourced by scripts; needs
# common.sh). s3_start sets S3_PORT, S3_DIR, S3_PID and S3_URL, the blob URL of its bucket in the form
# BlobStore::create reads (server/blob/blobstore.h). s3rver takes SigV4 requests without checking the
# signatures: tests/server/tst_blob_sigv4.cpp checks ours against AWS's published examples.

S3RVER_VERSION="${S3RVER_VERSION:-3.7.1}"
# Outside the checkout, so CI clones and `git clean` keep the install.
S3RVER_HOME="${S3RVER_HOME:-$HOME/.cache/iotile-s3rver}"
S3_BUCKET="${S3_BUCKET:-test-bucket}"

# Installs s3rver into $S3RVER_HOME unless that version is there already.
s3_install() {
    local installed
    installed=$(node -p "require('$S3RVER_HOME/node_modules/s3rver/package.json').version" 2>/dev/null || true)
    [ "$installed" = "$S3RVER_VERSION" ] && [ -x "$S3RVER_HOME/node_modules/.bin/s3rver" ] && return 0
    # NodeSource's nodejs bundles npm and conflicts with Debian's npm package: ask apt only without one.
    command -v npm >/dev/null || ensure_packages npm
    log "installing s3rver $S3RVER_VERSION into $S3RVER_HOME"
    mkdir -p "$S3RVER_HOME"
    npm install --prefix "$S3RVER_HOME" --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" >/dev/null
}

s3_start() {
    s3_install || return 1
    S3_DIR=$(mktemp -d /tmp/iotile-s3.XXXXXX)
    S3_PORT=$(free_port)
    # s3rver encrypts list continuation tokens with DES, which OpenSSL 3 (Node 17+) only has in its
    # legacy provider: without it every paged listing fails with 500.
    local node_options="${NODE_OPTIONS:-}"
    node --openssl-legacy-provider -e 0 2>/dev/null && node_options="$node_options --openssl-legacy-provider"
    # The bin entry is a node script: $! is the node process itself.
    NODE_OPTIONS="$node_options" "$S3RVER_HOME/node_modules/.bin/s3rver" -d "$S3_DIR/data" -a 127.0.0.1 \
        -p "$S3_PORT" --configure-bucket "$S3_BUCKET" >"$S3_DIR/log" 2>&1 &
    S3_PID=$!
    # s3rver creates the bucket before it listens: an open port means ready.
    local i
    for i in $(seq 1 150); do
        (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break
        if ! kill -0 "$S3_PID" 2>/dev/null || [ "$i" -eq 150 ]; then
            cat "$S3_DIR/log" >&2
            s3_stop
            echo "s3.sh: s3rver did not start" >&2
            return 1
        fi
        sleep 0.1
    done
    S3_URL="s3://S3RVER:S3RVER@127.0.0.1:$S3_PORT/$S3_BUCKET?secure=0"
    log "s3rver $S3RVER_VERSION on 127.0.0.1:$S3_PORT ($S3_DIR)"
}

s3_stop() {
    if [ -n "${S3_PID:-}" ]; then
        kill "$S3_PID" 2>/dev/null || true
        wait "$S3_PID" 2>/dev/null || true
    fi
    [ -n "${S3_DIR:-}" ] && rm -rf "$S3_DIR"
    S3_PID=""
    S3_DIR=""
}
