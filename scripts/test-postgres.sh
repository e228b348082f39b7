#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL server for the store tests (ctest runs it as a fixture, see
# tests/CMakeLists.txt).
#
#   test-postgres.sh start DIR   a fresh cluster, a server on a private unix socket only (no TCP),
#                                a database `attune_test`; its URL is written to DIR/url
#   test-postgres.sh stop DIR    stops that server and deletes the cluster (its log is kept in
#                                DIR/server.log)
#
# Without the server binaries, start writes the reason to DIR/unavailable and succeeds: the test
# then skips, saying why. PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` system user and owns its directories; otherwise it runs as the caller. Set
# ATTUNE_PG_BINDIR to use binaries other than Debian's /usr/lib/postgresql/N/bin or PATH's.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}
(($# == 2)) || usage
action=$1
state=$(realpath -m "$2")
# Nothing listens on TCP and the socket directory is ours alone, so no port can clash: the
# number only names the socket file.
port=5432

as_server=()
if ((EUID == 0)); then
    as_server=(runuser -u postgres --)
fi

# Runs a server binary as the server's user, from / (a root-only working directory would make
# it warn).
server_run() {
    (cd / && "${as_server[@]}" "$@")
}

find_bindir() {
    local d
    for d in "${ATTUNE_PG_BINDIR:-}" $(printf "%s\n" /usr/lib/postgresql/*/bin | sort -rV); do
        [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]] && { echo "$d"; return 0; }
    done
    d=$(command -v initdb 2>/dev/null) || return 1
    d=$(dirname "$d")
    [[ -x $d/pg_ctl ]] && echo "$d"
}

stop_server() {
    [[ -f $state/data_dir ]] || return 0
    local bindir data sock
    bindir=$(<"$state/bindir")
    data=$(<"$state/data_dir")
    sock=$(<"$state/socket_dir")
    if [[ -f $data/postmaster.pid ]]; then
        local pid
        pid=$(head -n 1 "$data/postmaster.pid")
        server_run "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null ||
            server_run "$bindir/pg_ctl" -D "$data" -m immediate -w -t 60 stop >/dev/null || {
            echo "test-postgres: could not stop the server of $data" >&2
            return 1
        }
        # pg_ctl returns once the server has removed its pid file, a moment before the process
        # is gone; wait for init to reap it, so no process named postgres outlives the tests.
        for _ in {1..50}; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    [[ -f $data/server.log ]] && cp "$data/server.log" "$state/server.log"
    rm -rf "$data" "$sock"
    rm -f "$state/url" "$state/data_dir" "$state/socket_dir" "$state/bindir"
}

start_server() {
    stop_server  # a server left behind by an interrupted run
    rm -rf "$state"
    mkdir -p "$state"
    local bindir
    if ! bindir=$(find_bindir); then
        echo "PostgreSQL server binaries not found (looked in \$ATTUNE_PG_BINDIR," \
            "/usr/lib/postgresql/*/bin and PATH): install the postgresql package" \
            "(scripts/debian-packages.txt)" >"$state/unavailable"
        cat "$state/unavailable" >&2
        return 0
    fi

    # The socket goes under /tmp: a unix socket path is limited to 107 bytes, and a build
    # directory can be deeper than that.
    local data=$state/data sock
    sock=$(mktemp -d /tmp/attune-pgsock.XXXXXX)
    mkdir "$data"
    if ((EUID == 0)); then
        chown postgres: "$sock" "$data"
        # A build tree under /root is out of the postgres user's reach: use /tmp instead.
        if ! runuser -u postgres -- test -w "$data"; then
            rmdir "$data"
            data=$(mktemp -d /tmp/attune-pgdata.XXXXXX)
            chown postgres: "$data"
        fi
    fi
    chmod 700 "$sock" "$data"
    echo "$bindir" >"$state/bindir"
    echo "$data" >"$state/data_dir"
    echo "$sock" >"$state/socket_dir"

    # Trust authentication is safe here: the only way in is a socket in a directory no other
    # user can enter.
    # --no-sync: a throwaway cluster need not be on disk before the server starts (the server
    # itself keeps fsync on, so commits cost what they cost in production).
    if ! server_run "$bindir/initdb" -D "$data" -U attune --auth=trust -E UTF8 --no-locale \
        --no-sync --no-instructions >"$state/initdb.log" 2>&1; then
        cat "$state/initdb.log" >&2
        return 1
    fi
    cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$sock'
port = $port
EOF
    if ! server_run "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start \
        >/dev/null; then
        cat "$data/server.log" >&2
        return 1
    fi
    "$bindir/createdb" -h "$sock" -p "$port" -U attune attune_test
    echo "postgresql:///attune_test?host=$sock&port=$port&user=attune" >"$state/url"
    echo "test-postgres: server of $data listening on $sock (port $port)"
}

case $action in
    start) start_server ;;
    stop) stop_server ;;
    *) usage ;;
esac
