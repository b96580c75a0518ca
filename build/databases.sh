#!/usr/bin/env bash
# Starts (or stops) the real database servers that ParityBuild's tests talk to:
#   PostgreSQL on 127.0.0.1:55432 (user postgres, password parity)
#   a hot standby of it on 127.0.0.1:55433 (streaming replication: a real read replica, read-only)
#   MariaDB    on 127.0.0.1:53306 (user root,     password parity, performance_schema=ON)
#
#   bash build/databases.sh start   # installs what is missing, starts both, writes $PARITY_DB_ROOT/env.sh
#   bash build/databases.sh stop    # stops both; quiet when they are not running
#
# Both servers are private to this script: their data, sockets and logs live under PARITY_DB_ROOT
# (default /tmp/paritybuild-db), they listen on 127.0.0.1 only, and a system server (5432/3306) is never used.
# "start" is idempotent: servers from an earlier start that still answer are kept as they are.
# Must run as root (apt-get, and the servers drop to the postgres/mysql users themselves).
set -euo pipefail

# The ports can be moved (e.g. to run a second copy beside a first); the tests read them from env.sh.
PG_PORT="${PARITY_PG_PORT:-55432}"
PG_STANDBY_PORT="${PARITY_PG_STANDBY_PORT:-55433}"
MY_PORT="${PARITY_MYSQL_PORT:-53306}"
PASSWORD=parity
TIMEOUT="${PARITY_DB_TIMEOUT:-90}"   # seconds to wait for a server to accept connections

root="${PARITY_DB_ROOT:-/tmp/paritybuild-db}"
if [ "${1:-}" = stop ] && [ ! -d "$root" ]; then exit 0; fi   # nothing was ever started there
# The postgres and mysql users must be able to reach their folders below it.
[ -d "$root" ] || install -d -m 755 "$root"
root="$(cd "$root" && pwd)"   # absolute, since we cd away from the caller's folder next
cd /   # the postgres/mysql users may not be able to read the caller's folder

pg_data="$root/postgres/data"
pg_log="$root/postgres.log"
standby_data="$root/postgres-standby/data"
standby_log="$root/postgres-standby.log"
my_dir="$root/mariadb"
my_data="$my_dir/data"
my_sock="$my_dir/mariadb.sock"
my_pidfile="$my_dir/mariadb.pid"
my_log="$root/mariadb.log"
env_file="$root/env.sh"

# Daemons live in /usr/sbin, which a non-login root shell may lack; a locale that is always there
# keeps initdb and the clients from tripping over whatever LANG/LC_ALL the caller has.
export PATH="$PATH:/usr/sbin:/sbin"
export LC_ALL=C.UTF-8

log() { echo "databases.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Prints the tail of a server log, then fails.
die_with_log() {
  local logfile="$1"; shift
  log "ERROR: $*"
  if [ -s "$logfile" ]; then
    log "--- last lines of $logfile ---"
    tail -n 30 "$logfile" >&2
    log "---"
  fi
  exit 1
}

# True when pid $1 is a live process running in folder $2 (both servers chdir to their data folder).
# A zombie (a killed server that nobody reaped yet: this sandbox's init does not reap at once) has no
# folder, and neither counts an unrelated process that reused the pid.
live_in() { [ -n "$1" ] && [ "$(readlink "/proc/$1/cwd" 2>/dev/null)" = "$2" ]; }

# True when any live process runs in folder $1 (e.g. PostgreSQL backends outliving a killed postmaster).
any_live_in() {
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/cwd" 2>/dev/null)" = "$1" ] && return 0
  done
  return 1
}

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------
# Installation (only when the binaries are absent, e.g. on a fresh CI machine)

pg_bin() {
  # Newest installed PostgreSQL major; Debian keeps the real binaries outside PATH.
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$d" ] && [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && [ -x "$d/psql" ] && echo "$d"
}

policy_added=""
cleanup_policy() { if [ -n "$policy_added" ]; then rm -f /usr/sbin/policy-rc.d; policy_added=""; fi; }
trap cleanup_policy EXIT

install_missing() {
  local pkgs=() p
  pg_bin >/dev/null || pkgs+=(postgresql)
  command -v openssl >/dev/null || pkgs+=(openssl)
  # The real-tool tests: postgrator and Liquibase come from the npm registry, and Liquibase runs on Java.
  command -v npm >/dev/null || pkgs+=(npm)
  command -v java >/dev/null || pkgs+=(default-jre-headless)
  for p in mariadbd mariadb-install-db mariadb mariadb-admin; do
    command -v "$p" >/dev/null || { pkgs+=(mariadb-server); break; }
  done
  [ ${#pkgs[@]} -eq 0 ] && return 0

  log "installing ${pkgs[*]} with apt-get (log: $root/apt.log)"
  # Debian's packages start a system server (postgres on 5432, mariadb on 3306) on install; a
  # policy-rc.d that says "no" (exit 101) stops that. Only ours is removed again afterwards.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; } \
      > "$root/apt.log" 2>&1; then
    die_with_log "$root/apt.log" "apt-get install ${pkgs[*]} failed"
  fi
  cleanup_policy
  # Belt and braces: if a system server was started anyway (an init that ignores policy-rc.d), stop it.
  for p in "${pkgs[@]}"; do
    case "$p" in mariadb-server) p=mariadb ;; esac
    if service "$p" status >/dev/null 2>&1; then
      log "stopping the system $p service that the package started"
      service "$p" stop >/dev/null 2>&1 || true
    fi
  done
  pg_bin >/dev/null || die "PostgreSQL binaries still missing after apt-get install"
  command -v mariadbd >/dev/null || die "mariadbd still missing after apt-get install"
}

# ---------------------------------------------------------------------------------------------------
# PostgreSQL

pg_ctl_() { runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$pg_data" "$@"; }

pg_running() { live_in "$(head -n 1 "$pg_data/postmaster.pid" 2>/dev/null)" "$pg_data"; }

# A real login over TCP with the password: proves the server answers the way the tests connect.
pg_answers() {
  PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT=3 "$(pg_bin)/psql" -X -q -A -t \
    "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -c 'select 1' >/dev/null 2>&1
}

pg_init() {
  log "initialising PostgreSQL in $pg_data"
  rm -rf "$root/postgres"
  mkdir -p "$pg_data"
  local pwfile="$root/postgres/pwfile"
  echo "$PASSWORD" > "$pwfile"
  chown -R postgres:postgres "$root/postgres"
  chmod 700 "$pg_data"
  # Local socket connections are trusted (only root/postgres can reach the socket, it sits in the
  # data folder); TCP connections need the password (scram-sha-256), as the tests' connections do.
  if ! runuser -u postgres -- "$(pg_bin)/initdb" -D "$pg_data" -U postgres --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
      > "$root/postgres-initdb.log" 2>&1; then
    rm -f "$pwfile"
    die_with_log "$root/postgres-initdb.log" "initdb failed"
  fi
  rm -f "$pwfile"
  cat >> "$pg_data/postgresql.conf" <<EOF

# --- build/databases.sh: a private test server ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$pg_data'
password_encryption = 'scram-sha-256'
# Throwaway test data: durability only costs time here.
fsync = off
synchronous_commit = off
full_page_writes = off
# WAL the hot standby may still need: a benchmark writes hundreds of MB at once, and a standby that falls further
# behind than the primary keeps can never catch up.
wal_keep_size = '2GB'
EOF
  # Written last, so a half-done init is redone by the next start.
  touch "$pg_data/.paritybuild-ready"
}

# TLS, as production replicas require it: a self-signed certificate (the tests connect with SSL Mode=Require, which
# encrypts without verifying it). Made once per data folder; the standby's base backup copies it.
pg_tls() {
  [ -f "$pg_data/server.crt" ] && return 0
  log "making a self-signed TLS certificate for PostgreSQL"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
    -keyout "$pg_data/server.key" -out "$pg_data/server.crt" > "$root/openssl.log" 2>&1 \
    || die_with_log "$root/openssl.log" "openssl could not make a certificate"
  chown postgres:postgres "$pg_data/server.key" "$pg_data/server.crt"
  chmod 600 "$pg_data/server.key"
  echo "ssl = on" >> "$pg_data/postgresql.conf"
}

pg_start() {
  if pg_running; then
    if wait_for pg_answers; then log "PostgreSQL already running on 127.0.0.1:$PG_PORT: kept"; return 0; fi
    die_with_log "$pg_log" "PostgreSQL in $pg_data runs but does not accept postgres/$PASSWORD on 127.0.0.1:$PG_PORT"
  fi
  port_open "$PG_PORT" && die "port $PG_PORT is already taken by another program (not our PostgreSQL in $pg_data)"
  # Re-initialise when the data is missing, half-made, or from another PostgreSQL major version.
  local major; major="$(basename "$(dirname "$(pg_bin)")")"
  if [ ! -f "$pg_data/.paritybuild-ready" ] || [ "$(cat "$pg_data/PG_VERSION" 2>/dev/null)" != "$major" ]; then
    pg_init
  fi
  if [ -f "$pg_data/postmaster.pid" ]; then
    # Left by a killed server. Its backends quit by themselves once they notice; the pid file must
    # go, as its pid may still look alive to postgres (a zombie, or reused) and block the start.
    wait_for not any_live_in "$pg_data" || die "processes of a killed PostgreSQL still run in $pg_data"
    rm -f "$pg_data/postmaster.pid"
  fi
  pg_tls
  touch "$pg_log" && chown postgres:postgres "$pg_log"
  log "starting PostgreSQL $major on 127.0.0.1:$PG_PORT (log: $pg_log)"
  pg_ctl_ start -w -t "$TIMEOUT" -l "$pg_log" >> "$pg_log" 2>&1 \
    || die_with_log "$pg_log" "PostgreSQL did not start"
  wait_for pg_answers \
    || die_with_log "$pg_log" "PostgreSQL started but does not accept postgres/$PASSWORD on 127.0.0.1:$PG_PORT"
}

# ---------------------------------------------------------------------------------------------------
# The hot standby: a copy of the primary made with pg_basebackup, following it by streaming replication.

standby_ctl() { runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$standby_data" "$@"; }

standby_running() { live_in "$(head -n 1 "$standby_data/postmaster.pid" 2>/dev/null)" "$standby_data"; }

standby_answers() {
  [ "$(PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT=3 "$(pg_bin)/psql" -X -q -A -t \
    "host=127.0.0.1 port=$PG_STANDBY_PORT user=postgres dbname=postgres" -c 'select pg_is_in_recovery()' 2>/dev/null)" = t ]
}

# Whether the standby still follows the primary: one that fell behind what the primary keeps answers, but never replays.
standby_streams() {
  [ "$(PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT=3 "$(pg_bin)/psql" -X -q -A -t \
    "host=127.0.0.1 port=$PG_STANDBY_PORT user=postgres dbname=postgres" -c "select count(*) from pg_stat_wal_receiver where status = 'streaming'" 2>/dev/null)" = 1 ]
}

standby_start() {
  if standby_running; then
    if wait_for standby_answers && wait_for standby_streams; then log "PostgreSQL standby already running on 127.0.0.1:$PG_STANDBY_PORT: kept"; return 0; fi
    log "the PostgreSQL standby on 127.0.0.1:$PG_STANDBY_PORT does not follow the primary: copying it again"
    standby_ctl stop -m immediate -w >/dev/null 2>&1 || true
  fi
  port_open "$PG_STANDBY_PORT" && die "port $PG_STANDBY_PORT is already taken by another program (not our standby in $standby_data)"
  # Always a fresh copy of the primary as it is now: cheap for a test cluster, and never a standby of an older primary.
  wait_for not any_live_in "$standby_data" || die "processes of a killed PostgreSQL standby still run in $standby_data"
  rm -rf "$root/postgres-standby"
  install -d -o postgres -g postgres -m 700 "$root/postgres-standby" "$standby_data"
  log "copying the primary into a hot standby (pg_basebackup)"
  # Over the primary's socket, where the postgres user is trusted; -R writes standby.signal and primary_conninfo.
  runuser -u postgres -- "$(pg_bin)/pg_basebackup" -h "$pg_data" -p "$PG_PORT" -U postgres -D "$standby_data" -R -X stream \
    > "$root/postgres-basebackup.log" 2>&1 || die_with_log "$root/postgres-basebackup.log" "pg_basebackup failed"
  printf "\n# --- build/databases.sh: the hot standby ---\nport = %s\nunix_socket_directories = '%s'\nhot_standby = on\n" \
    "$PG_STANDBY_PORT" "$standby_data" >> "$standby_data/postgresql.conf"
  touch "$standby_log" && chown postgres:postgres "$standby_log"
  log "starting the PostgreSQL hot standby on 127.0.0.1:$PG_STANDBY_PORT (log: $standby_log)"
  standby_ctl start -w -t "$TIMEOUT" -l "$standby_log" >> "$standby_log" 2>&1 \
    || die_with_log "$standby_log" "the PostgreSQL standby did not start"
  wait_for standby_answers || die_with_log "$standby_log" "the PostgreSQL standby does not answer as a standby on 127.0.0.1:$PG_STANDBY_PORT"
}

standby_stop() {
  if standby_running; then
    log "stopping the PostgreSQL standby"
    standby_ctl stop -m fast -w -t "$TIMEOUT" >/dev/null 2>&1 || die_with_log "$standby_log" "the PostgreSQL standby did not stop"
  fi
}

pg_stop() {
  if pg_running; then
    log "stopping PostgreSQL"
    pg_ctl_ stop -m fast -w -t "$TIMEOUT" >/dev/null 2>&1 || die_with_log "$pg_log" "PostgreSQL did not stop"
  fi
}

# ---------------------------------------------------------------------------------------------------
# MariaDB

# The pid of our mariadbd when it runs (a stale pid file does not count).
my_pid() {
  local pid
  pid="$(cat "$my_pidfile" 2>/dev/null)" || return 1
  live_in "$pid" "$my_data" && echo "$pid"
}

my_answers() {
  mariadb --no-defaults --connect-timeout=3 -h127.0.0.1 -P"$MY_PORT" -uroot -p"$PASSWORD" \
    -N -e 'select 1' >/dev/null 2>&1
}

my_init() {
  log "initialising MariaDB in $my_data"
  rm -rf "$my_dir"
  mkdir -p "$my_data"
  chown -R mysql:mysql "$my_dir"
  # 'normal': root starts without a password (set below, once the server runs), not tied to a Unix user.
  mariadb-install-db --no-defaults --datadir="$my_data" --user=mysql \
      --auth-root-authentication-method=normal --skip-test-db > "$root/mariadb-install.log" 2>&1 \
    || die_with_log "$root/mariadb-install.log" "mariadb-install-db failed"
}

# Sets root's password on a fresh server, through the socket (root has no password yet).
my_secure() {
  mariadb --no-defaults --socket="$my_sock" -uroot <<EOF \
    || die_with_log "$my_log" "could not set MariaDB root's password"
-- With --skip-name-resolve a TCP client from 127.0.0.1 is root@'127.0.0.1', not root@localhost.
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost', 'root'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
ALTER USER IF EXISTS 'root'@'::1' IDENTIFIED BY '$PASSWORD';
-- install-db also made root@<hostname>: unused (and warned about at each start) with --skip-name-resolve.
DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1');
DELETE FROM mysql.proxies_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1');
FLUSH PRIVILEGES;
EOF
  touch "$my_data/.paritybuild-ready"
}

my_start() {
  if my_pid >/dev/null; then
    if wait_for my_answers; then log "MariaDB already running on 127.0.0.1:$MY_PORT: kept"; return 0; fi
    die_with_log "$my_log" "MariaDB in $my_data runs but does not accept root/$PASSWORD on 127.0.0.1:$MY_PORT"
  fi
  port_open "$MY_PORT" && die "port $MY_PORT is already taken by another program (not our MariaDB in $my_data)"
  local fresh=""
  if [ ! -f "$my_data/.paritybuild-ready" ]; then my_init; fresh=1; fi
  touch "$my_log" && chown mysql:mysql "$my_log"
  log "starting MariaDB on 127.0.0.1:$MY_PORT (log: $my_log)"
  # --no-defaults: ignore /etc/mysql, so a system configuration cannot change our server.
  # --skip-name-resolve: no DNS look-ups on connect (there may be no DNS at all).
  # performance_schema: the tests read performance_schema.metadata_locks.
  nohup mariadbd --no-defaults --user=mysql --datadir="$my_data" \
    --bind-address=127.0.0.1 --port="$MY_PORT" --socket="$my_sock" --pid-file="$my_pidfile" \
    --log-error="$my_log" --skip-name-resolve \
    --performance-schema=ON --performance-schema-instrument='wait/lock/metadata/sql/mdl=ON' \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-flush-log-at-trx-commit=2 \
    < /dev/null >> "$my_log" 2>&1 &
  local pid=$!
  # mariadb-admin ping succeeds once the server answers at all, even before root has a password.
  my_up() {
    alive "$pid" || die_with_log "$my_log" "mariadbd exited during start-up"
    mariadb-admin --no-defaults --connect-timeout=2 --socket="$my_sock" ping >/dev/null 2>&1
  }
  wait_for my_up || die_with_log "$my_log" "MariaDB did not accept connections within ${TIMEOUT}s"
  [ -n "$fresh" ] && my_secure
  wait_for my_answers \
    || die_with_log "$my_log" "MariaDB started but does not accept root/$PASSWORD on 127.0.0.1:$MY_PORT"
}

my_stop() {
  local pid i
  pid="$(my_pid)" || return 0
  log "stopping MariaDB"
  kill -TERM "$pid" 2>/dev/null || true   # SIGTERM is mariadbd's clean shutdown
  for ((i = 0; i < TIMEOUT * 5; i++)); do
    live_in "$pid" "$my_data" || return 0
    sleep 0.2
  done
  log "MariaDB did not stop within ${TIMEOUT}s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------------

# True when pid $1 exists and is not a zombie.
alive() {
  local state
  state="$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)"
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

not() { ! "$@"; }

# Retries a check for up to $TIMEOUT seconds.
wait_for() {
  local deadline=$((SECONDS + TIMEOUT))
  until "$@"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.3
  done
}

write_env() {
  cat > "$env_file" <<EOF
# Written by build/databases.sh: connection strings of the test databases.
export PARITY_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PASSWORD;Database=postgres'
export PARITY_TEST_POSTGRES_STANDBY='Host=127.0.0.1;Port=$PG_STANDBY_PORT;Username=postgres;Password=$PASSWORD;Database=postgres'
export PARITY_TEST_MYSQL='Server=127.0.0.1;Port=$MY_PORT;User ID=root;Password=$PASSWORD;Database=mysql'
EOF
  cat "$env_file"
}

case "${1:-}" in
  start)
    [ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and starts servers as postgres/mysql)"
    install_missing
    pg_start
    standby_start
    my_start
    write_env
    ;;
  stop)
    pg_bin >/dev/null && standby_stop
    pg_bin >/dev/null && pg_stop
    my_stop
    ;;
  *)
    echo "usage: bash build/databases.sh start|stop" >&2
    exit 2
    ;;
esac
