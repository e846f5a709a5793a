# Sourced by scripts/test.sh: a PostgreSQL cluster in a temporary folder, on a private port.
pg_throwaway_start() {
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$bindir" ]; then
    if [ -n "${PR_DESK_REQUIRE_PG:-}" ]; then echo "PostgreSQL server not installed" >&2; exit 1; fi
    echo "note: PostgreSQL not installed; PostgreSQL tests will be skipped" >&2; return 0
  fi
  PG_TMP="$(mktemp -d /tmp/pr-desk-pg.XXXXXX)"
  local runas=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_TMP"; runas=(runuser -u postgres --); fi
  "${runas[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  PG_PORT="${PR_DESK_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  "${runas[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w \
      -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  PG_BINDIR="$bindir"
  export PR_DESK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
}
pg_throwaway_stop() {
  if [ -n "${PG_TMP:-}" ]; then
    local runas=()
    if [ "$(id -u)" = 0 ]; then runas=(runuser -u postgres --); fi
    "${runas[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
