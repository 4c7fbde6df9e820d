# A throwaway PostgreSQL 15 cluster on a free loopback port (sourced by scripts).
# pg_start sets PG_PORT, PG_DIR and PG_URL (an admin URL tests create their databases through), and
# PG_SOCKET_URL (the same through the cluster's Unix socket in PG_DIR).

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

pg_start() {
    local extra_opts="${1:-}"
    PG_DIR=$(mktemp -d /tmp/iotile-pg.XXXXXX)
    PG_PORT=$(free_port)
    chmod 755 "$PG_DIR"
    local as_pg=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$PG_DIR"
        as_pg=(su postgres -s /bin/sh -c)
    else
        as_pg=(sh -c)
    fi
    "${as_pg[@]}" "$PG_BIN/initdb -D $PG_DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log"; return 1; }
    "${as_pg[@]}" "$PG_BIN/pg_ctl -D $PG_DIR/data -w -l $PG_DIR/log -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 -c shared_buffers=256MB $extra_opts' start" >/dev/null \
        || { cat "$PG_DIR/log"; return 1; }
    PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
    # The same server through its Unix socket (how a server on the database's machine best reaches it).
    PG_SOCKET_URL="postgresql://postgres@localhost:$PG_PORT/postgres?host=$PG_DIR"
    log "PostgreSQL 15 on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] || return 0
    if [ "$(id -u)" -eq 0 ]; then
        su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop" >/dev/null 2>&1 || true
    else
        "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
}
