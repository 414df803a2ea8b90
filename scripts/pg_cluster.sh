#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb in a temporary folder as an
# unprivileged user, the server listening only on a Unix socket in that folder (no TCP port),
# stopped and removed at the end, also when the command fails or is interrupted.
#
# Usage: scripts/pg_cluster.sh COMMAND [ARGS...]
# The command sees
#   ENTENTE_TEST_PG        libpq keyword string of an empty database "entente"
#   ENTENTE_TEST_PG_ADMIN  the same for database "postgres" (to create more databases)
#   ENTENTE_TEST_PG_HOST   the socket folder (for psql -h)
# Extra server settings: ENTENTE_PG_SETTINGS="-c name=value ..." (default: no fsync, for
# tests; benchmarks pass their own).
# Exit status: the command's; 77 when the PostgreSQL server programs are not installed
# (scripts/setup.sh installs them).
set -euo pipefail

bindir=""
for d in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" \
         $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
    bindir="$d"
    break
  fi
done
if [ -z "$bindir" ]; then
  echo "pg_cluster: SKIPPED: the PostgreSQL server programs (initdb, pg_ctl, postgres) are not" \
       "installed; scripts/setup.sh installs them" >&2
  exit 77
fi
psql_bin="$(command -v psql || echo "$bindir/psql")"

dir="$(mktemp -d /tmp/entente-pg.XXXXXX)"
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the server runs as the postgres user (or nobody).
  user=postgres
  id "$user" >/dev/null 2>&1 || user=nobody
  chown "$user" "$dir"
  as_server=(runuser -u "$user" --)
fi
chmod 700 "$dir"

stop() {
  "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U entente --auth=trust --no-locale \
  -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
settings="${ENTENTE_PG_SETTINGS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}"
# shellcheck disable=SC2086
"${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
  -o "-c listen_addresses= -c unix_socket_directories=$dir -p 5432 -c max_connections=60 $settings" \
  start || { cat "$dir/server.log" >&2; exit 1; }

export ENTENTE_TEST_PG_HOST="$dir"
export ENTENTE_TEST_PG_ADMIN="host=$dir port=5432 user=entente dbname=postgres"
export ENTENTE_TEST_PG="host=$dir port=5432 user=entente dbname=entente"
"$psql_bin" -X -q -v ON_ERROR_STOP=1 "$ENTENTE_TEST_PG_ADMIN" -c "CREATE DATABASE entente" >/dev/null

set +e
"$@"
rc=$?
set -e
exit "$rc"
