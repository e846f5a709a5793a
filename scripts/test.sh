#!/usr/bin/env bash
# One command: set up and run the whole test suite, SQLite and a real PostgreSQL server.
# Uses $PR_DESK_TEST_PG_URL when set; otherwise starts a throwaway PostgreSQL cluster
# (installing Debian's postgresql and poppler-utils first when running as root).
# --quick leaves out the tests marked slow (sync mutation, property and crash tests) for the
# edit-test loop and says how long it took; CI and a plain run take everything.
set -euo pipefail
quick=()
args=()
for a in "$@"; do
  if [ "$a" = "--quick" ]; then quick=(-m "not slow"); else args+=("$a"); fi
done
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
scripts/bootstrap.sh
if [ -z "${PR_DESK_TEST_PG_URL:-}" ]; then
  # shellcheck source=/dev/null
  source scripts/pg-throwaway.sh
  pg_throwaway_start
  trap pg_throwaway_stop EXIT
fi
export QT_QPA_PLATFORM=offscreen
# pr_desk's bytecode written once here: the suite starts hundreds of interpreters (the xdist
# workers, each command-line subprocess), and where PYTHONDONTWRITEBYTECODE is set (the team's
# containers set it) each of them would otherwise compile the modules it imports from source again.
.venv/bin/python -m compileall -q pr_desk >/dev/null
set +e
started=$(date +%s)
# One worker per core (pytest-xdist); PR_DESK_TEST_WORKERS=0 runs in this process alone.
.venv/bin/python -m pytest -n "${PR_DESK_TEST_WORKERS:-auto}" --dist worksteal "${quick[@]}" "${args[@]}"
rc=$?
set -e
if [ ${#quick[@]} -gt 0 ]; then
  echo "quick run (without the slow tests) took $(( $(date +%s) - started )) s; scripts/test.sh runs everything"
fi
exit $rc
