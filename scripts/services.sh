#!/usr/bin/env bash
# The servers Hearth's PostgreSQL runs need, started on a machine that runs none.
#
#   scripts/services.sh up [postgres] [redis] [opensearch]
#                                               install if missing, start, wait until each answers
#                                               (no names: postgres and redis)
#   scripts/services.sh down [names]            stop what `up` started (with the same owner), nothing else
#   scripts/services.sh status                  say what runs, and where
#   scripts/services.sh env                     print CI_POSTGRES_URL=… and REDIS_URL=… for `eval`,
#                                               and OPENSEARCH_URL=… while the search node answers
#
# Where a server already runs, it is used as it is: set CI_POSTGRES_URL (a server URL without
# a database, e.g. postgres://postgres@db:5432) or REDIS_URL and `up` only checks that it
# answers. Otherwise `up` runs a private instance of Debian's server (installed with apt-get
# when missing and this is root) on 127.0.0.1, ports HEARTH_PG_PORT (55432) and
# HEARTH_REDIS_PORT (56379), its files in HEARTH_SERVICES_DIR (one folder per checkout under
# /tmp). These instances are for development and tests: PostgreSQL trusts local connections
# and runs without fsync, Redis keeps nothing on disk.
#
# OpenSearch is a real single node built from deploy/opensearch/ with Maven (Java 17; the
# first build downloads its jars), listening on 127.0.0.1, port HEARTH_OPENSEARCH_PORT
# (59200), heap HEARTH_OPENSEARCH_HEAP (512m), its data and log in var/opensearch/ (ignored
# by git). Set OPENSEARCH_URL to use a running cluster instead.
#
# HEARTH_SERVICES_OWNER names who started a server (default "developer"); `down` stops only
# servers whose owner it is, so `.ci/run` (owner "ci-PID") never stops the ones a developer
# started with `make services`, and never touches a server it found running.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_PORT="${HEARTH_PG_PORT:-55432}"
REDIS_PORT="${HEARTH_REDIS_PORT:-56379}"
OS_PORT="${HEARTH_OPENSEARCH_PORT:-59200}"
OS_HEAP="${HEARTH_OPENSEARCH_HEAP:-512m}"
OS_HOME="${HEARTH_OPENSEARCH_HOME:-$ROOT/var/opensearch}"
OS_PROJECT="$ROOT/deploy/opensearch"
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

# --- OpenSearch ---------------------------------------------------------------------------

opensearch_url() { echo "${OPENSEARCH_URL:-http://127.0.0.1:$OS_PORT}"; }

opensearch_answers() { curl -fsS -o /dev/null --max-time 2 "$(opensearch_url)/_cluster/health" 2>/dev/null; }

opensearch_running() { [ -f "$DIR/opensearch.pid" ] && kill -0 "$(cat "$DIR/opensearch.pid")" 2>/dev/null; }

opensearch_build() {
    local jar="$OS_PROJECT/target/hearth-opensearch-node-1.0.jar"
    if [ -f "$jar" ] && [ -d "$OS_PROJECT/target/lib" ] \
        && [ -z "$(find "$OS_PROJECT/pom.xml" "$OS_PROJECT/src" -newer "$jar" -type f 2>/dev/null)" ]; then
        return
    fi
    command -v java >/dev/null || apt_install openjdk-17-jdk-headless
    command -v mvn >/dev/null || apt_install maven
    say "OpenSearch: building the node (mvn package; the first build downloads its jars)"
    mvn -q -B -f "$OS_PROJECT/pom.xml" package -DskipTests >"$DIR/opensearch-build.log" 2>&1 \
        || { tail -n 30 "$DIR/opensearch-build.log" >&2; die "the OpenSearch node did not build (log: $DIR/opensearch-build.log)"; }
}

opensearch_up() {
    command -v curl >/dev/null || apt_install curl
    if [ -n "${OPENSEARCH_URL:-}" ]; then
        wait_for "OpenSearch at $OPENSEARCH_URL" opensearch_answers || die "OPENSEARCH_URL=$OPENSEARCH_URL does not answer"
        say "OpenSearch: using the cluster at $OPENSEARCH_URL"
        return
    fi
    if opensearch_running && opensearch_answers; then
        say "OpenSearch: already running at $(opensearch_url) (owner $(cat "$DIR/opensearch.owner" 2>/dev/null || echo unknown))"
        return
    fi
    if opensearch_answers; then
        die "something else answers on 127.0.0.1:$OS_PORT: set HEARTH_OPENSEARCH_PORT to a free port, or OPENSEARCH_URL to use that cluster"
    fi
    opensearch_build
    mkdir -p "$OS_HOME"
    say "OpenSearch: starting on 127.0.0.1:$OS_PORT (data in $OS_HOME)"
    # Its own session, so that it outlives this script as the other servers do; `down` stops it.
    setsid java -Xms"$OS_HEAP" -Xmx"$OS_HEAP" -XX:+UseSerialGC -Dlog4j2.disable.jmx=true \
        -cp "$OS_PROJECT/target/hearth-opensearch-node-1.0.jar:$OS_PROJECT/target/lib/*" \
        org.hearth.opensearch.SearchNode "$OS_HOME" "$OS_PORT" \
        </dev/null >"$OS_HOME/node.log" 2>&1 &
    echo $! >"$DIR/opensearch.pid"
    echo "$OWNER" >"$DIR/opensearch.owner"
    # A JVM on a busy machine: at least two minutes (it takes about 10 s on an idle one).
    local wait=$((WAIT_SECONDS > 120 ? WAIT_SECONDS : 120))
    local deadline=$((SECONDS + wait))
    until opensearch_answers; do
        opensearch_running || { tail -n 30 "$OS_HOME/node.log" >&2; rm -f "$DIR/opensearch.pid" "$DIR/opensearch.owner"; die "OpenSearch exited (log: $OS_HOME/node.log)"; }
        [ "$SECONDS" -lt "$deadline" ] || { tail -n 30 "$OS_HOME/node.log" >&2; die "OpenSearch: no answer after ${wait}s (log: $OS_HOME/node.log)"; }
        sleep 0.5
    done
}

opensearch_down() {
    [ -f "$DIR/opensearch.pid" ] || return 0
    owned opensearch || { say "OpenSearch: left running (started by $(cat "$DIR/opensearch.owner" 2>/dev/null || echo someone else))"; return 0; }
    local pid
    pid=$(cat "$DIR/opensearch.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$DIR/opensearch.pid" "$DIR/opensearch.owner"
    say "OpenSearch: stopped"
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
                opensearch) opensearch_up ;;
                *) die "unknown service '$service' (postgres, redis, opensearch)" ;;
            esac
        done
        say "ready in $((SECONDS - start)) s"
        printf '  CI_POSTGRES_URL=%s\n  REDIS_URL=%s\n' "$(pg_url)" "$(redis_url)" >&2
        if opensearch_answers; then printf '  OPENSEARCH_URL=%s\n' "$(opensearch_url)" >&2; fi
        ;;
    down)
        # No names: everything `up` started with this owner.
        for service in ${*:-opensearch redis postgres}; do
            case "$service" in
                postgres) pg_down ;;
                redis) redis_down ;;
                opensearch) opensearch_down ;;
                *) die "unknown service '$service' (postgres, redis, opensearch)" ;;
            esac
        done
        ;;
    env)
        printf 'CI_POSTGRES_URL=%s\nREDIS_URL=%s\n' "$(pg_url)" "$(redis_url)"
        # Only while it answers: an exported OPENSEARCH_URL switches Hearth's search backend.
        if opensearch_answers; then printf 'OPENSEARCH_URL=%s\n' "$(opensearch_url)"; fi
        ;;
    status)
        bin=$(pg_bindir)
        if [ -n "$bin" ] && pg_answers "$bin"; then say "PostgreSQL: answers at $(pg_url)"; else say "PostgreSQL: not running"; fi
        if command -v redis-cli >/dev/null && redis_answers; then say "Redis: answers at $(redis_url)"; else say "Redis: not running"; fi
        if opensearch_answers; then say "OpenSearch: answers at $(opensearch_url)"; else say "OpenSearch: not running"; fi
        ;;
    *)
        die "usage: $0 up [postgres] [redis] [opensearch] | down [postgres] [redis] [opensearch] | status | env"
        ;;
esac
