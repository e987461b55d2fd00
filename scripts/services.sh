#!/usr/bin/env bash
# The servers Hearth's PostgreSQL runs need, started on a machine that runs none.
#
#   scripts/services.sh up [postgres] [redis]   install if missing, start, wait until each answers
#   scripts/services.sh down                    stop what `up` started (with the same owner), nothing else
#   scripts/services.sh status                  say what runs, and where
#   scripts/services.sh env                     print CI_POSTGRES_URL=… and REDIS_URL=… for `eval`
#
# Where a server already runs, it is used as it is: set CI_POSTGRES_URL (a server URL without
# a database, e.g. postgres://postgres@db:5432) or REDIS_URL and `up` only checks that it
# answers. Otherwise `up` runs a private instance of Debian's server (installed with apt-get
# when missing and this is root) on 127.0.0.1, ports HEARTH_PG_PORT (55432) and
# HEARTH_REDIS_PORT (56379), its files in HEARTH_SERVICES_DIR (one folder per checkout under
# /tmp). These instances are for development and tests: PostgreSQL trusts local connections
# and runs without fsync, Redis keeps nothing on disk.
#
# HEARTH_SERVICES_OWNER names who started a server (default "developer"); `down` stops only
# servers whose owner it is, so `.ci/run` (owner "ci-PID") never stops the ones a developer
# started with `make services`, and never touches a server it found running.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_PORT="${HEARTH_PG_PORT:-55432}"
REDIS_PORT="${HEARTH_REDIS_PORT:-56379}"
OWNER="${HEARTH_SERVICES_OWNER:-developer}"
DIR="${HEARTH_SERVICES_DIR:-${TMPDIR:-/tmp}/hearth-services-$(id -u)-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)}"
WAIT_SECONDS="${HEARTH_SERVICES_WAIT:-60}"

say() { printf 'services: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# --- installing ---------------------------------------------------------------------------

APT_UPDATED=""
apt_install() {
    # Debian's packages start their server on install; a policy-rc.d that answers 101
    # ("not allowed") keeps them from doing so, so nothing runs that `down` would not stop.
    [ "$(id -u)" = 0 ] || die "$* not installed. Install Debian's packages as root (apt-get install $*), or point CI_POSTGRES_URL / REDIS_URL at running servers."
    command -v apt-get >/dev/null || die "$* not installed and there is no apt-get here: install them with your system's package manager."
    say "installing Debian's $* (apt-get)"
    local policy=/usr/sbin/policy-rc.d made_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
    fi
    local ok=1
    if [ -z "$APT_UPDATED" ]; then
        apt-get update -q >/dev/null || ok=""
        APT_UPDATED=1
    fi
    [ -n "$ok" ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null || ok=""
    [ -n "$made_policy" ] && rm -f "$policy"
    [ -n "$ok" ] || die "apt-get could not install $*"
}

pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

# --- PostgreSQL ---------------------------------------------------------------------------

pg_url() { echo "${CI_POSTGRES_URL:-postgres://postgres@127.0.0.1:$PG_PORT}"; }

pg_answers() {
    local bin="$1"
    "$bin/pg_isready" -q -d "$(pg_url)/postgres" -t 2 2>/dev/null
}

as_pg_user() {
    # PostgreSQL refuses to run as root; Debian's package creates the `postgres` account.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_up() {
    local bin
    bin=$(pg_bindir)
    if [ -n "${CI_POSTGRES_URL:-}" ]; then
        command -v pg_isready >/dev/null || [ -n "$bin" ] || apt_install postgresql-client
        bin=${bin:-$(dirname "$(command -v pg_isready)")}
        wait_for "PostgreSQL at $CI_POSTGRES_URL" pg_answers "$bin" \
            || die "CI_POSTGRES_URL=$CI_POSTGRES_URL does not answer"
        say "PostgreSQL: using the server at $CI_POSTGRES_URL"
        return
    fi
    if [ -z "$bin" ]; then apt_install postgresql; bin=$(pg_bindir); fi
    [ -n "$bin" ] || die "PostgreSQL's initdb was not found after installing it"
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    local data="$DIR/postgres"
    if [ -f "$data/postmaster.pid" ] && pg_answers "$bin"; then
        say "PostgreSQL: already running at $(pg_url) (owner $(cat "$DIR/postgres.owner" 2>/dev/null || echo unknown))"
        return
    fi
    if pg_answers "$bin"; then
        die "something else answers on 127.0.0.1:$PG_PORT: set HEARTH_PG_PORT to a free port, or CI_POSTGRES_URL to use that server"
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        say "PostgreSQL: creating a cluster in $data"
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres: "$data"
        chmod 700 "$data"
        as_pg_user "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$DIR/postgres-initdb.log" 2>&1 \
            || { cat "$DIR/postgres-initdb.log" >&2; die "initdb failed"; }
    fi
    say "PostgreSQL: starting on 127.0.0.1:$PG_PORT"
    rm -f "$data/postmaster.pid"
    as_pg_user "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t "$WAIT_SECONDS" start -o \
        "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
        >/dev/null || { tail -n 20 "$data/server.log" >&2 || true; die "PostgreSQL did not start (log: $data/server.log)"; }
    wait_for "PostgreSQL" pg_answers "$bin" || die "PostgreSQL started but does not answer (log: $data/server.log)"
    echo "$OWNER" >"$DIR/postgres.owner"
}

pg_down() {
    local bin data="$DIR/postgres"
    [ -f "$data/postmaster.pid" ] || return 0
    owned postgres || { say "PostgreSQL: left running (started by $(cat "$DIR/postgres.owner" 2>/dev/null || echo someone else))"; return 0; }
    bin=$(pg_bindir)
    as_pg_user "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    rm -f "$DIR/postgres.owner"
    say "PostgreSQL: stopped"
}

# --- Redis --------------------------------------------------------------------------------

redis_url() { echo "${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/0}"; }

redis_answers() { [ "$(redis-cli -u "$(redis_url)" ping 2>/dev/null)" = PONG ]; }

redis_up() {
    if ! command -v redis-cli >/dev/null; then
        if [ -n "${REDIS_URL:-}" ]; then apt_install redis-tools; else apt_install redis-server; fi
    fi
    if [ -n "${REDIS_URL:-}" ]; then
        wait_for "Redis at $REDIS_URL" redis_answers || die "REDIS_URL=$REDIS_URL does not answer"
        say "Redis: using the server at $REDIS_URL"
        return
    fi
    command -v redis-server >/dev/null || apt_install redis-server
    if [ -f "$DIR/redis.pid" ] && redis_answers; then
        say "Redis: already running at $(redis_url) (owner $(cat "$DIR/redis.owner" 2>/dev/null || echo unknown))"
        return
    fi
    if redis_answers; then
        die "something else answers on 127.0.0.1:$REDIS_PORT: set HEARTH_REDIS_PORT to a free port, or REDIS_URL to use that server"
    fi
    say "Redis: starting on 127.0.0.1:$REDIS_PORT"
    mkdir -p "$DIR/redis"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
        --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --dir "$DIR/redis" \
        --save '' --appendonly no >/dev/null \
        || die "Redis did not start (log: $DIR/redis.log)"
    wait_for "Redis" redis_answers || die "Redis started but does not answer (log: $DIR/redis.log)"
    echo "$OWNER" >"$DIR/redis.owner"
}

redis_down() {
    [ -f "$DIR/redis.pid" ] || return 0
    owned redis || { say "Redis: left running (started by $(cat "$DIR/redis.owner" 2>/dev/null || echo someone else))"; return 0; }
    local pid
    pid=$(cat "$DIR/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DIR/redis.pid" "$DIR/redis.owner"
    say "Redis: stopped"
}

# --- shared -------------------------------------------------------------------------------

owned() { [ "$(cat "$DIR/$1.owner" 2>/dev/null)" = "$OWNER" ]; }

wait_for() {
    local what="$1"; shift
    local deadline=$((SECONDS + WAIT_SECONDS))
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || { say "$what: no answer after ${WAIT_SECONDS}s"; return 1; }
        sleep 0.2
    done
}

services_from_args() {
    if [ "$#" = 0 ]; then echo "postgres redis"; else echo "$*"; fi
}

cmd="${1:-status}"
shift || true
case "$cmd" in
    up)
        mkdir -p "$DIR" && chmod 755 "$DIR"
        start=$SECONDS
        for service in $(services_from_args "$@"); do
            case "$service" in
                postgres) pg_up ;;
                redis) redis_up ;;
                *) die "unknown service '$service' (postgres, redis)" ;;
            esac
        done
        say "ready in $((SECONDS - start)) s"
        printf '  CI_POSTGRES_URL=%s\n  REDIS_URL=%s\n' "$(pg_url)" "$(redis_url)" >&2
        ;;
    down)
        redis_down
        pg_down
        ;;
    env)
        printf 'CI_POSTGRES_URL=%s\nREDIS_URL=%s\n' "$(pg_url)" "$(redis_url)"
        ;;
    status)
        bin=$(pg_bindir)
        if [ -n "$bin" ] && pg_answers "$bin"; then say "PostgreSQL: answers at $(pg_url)"; else say "PostgreSQL: not running"; fi
        if command -v redis-cli >/dev/null && redis_answers; then say "Redis: answers at $(redis_url)"; else say "Redis: not running"; fi
        ;;
    *)
        die "usage: $0 up [postgres] [redis] | down | status | env"
        ;;
esac
