#!/usr/bin/env bash
# One command: set up, build a demo database (once), and open PR Desk on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# A Linux desktop without the libraries Qt's window needs: say the one install line that fixes it.
.venv/bin/python -m pr_desk.ui.preflight || exit 1
DB="${PR_DESK_DEMO_DB:-$PWD/demo/pr-desk-demo.sqlite}"
mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then
  .venv/bin/pr-desk demo --db "$DB" --size "${PR_DESK_DEMO_SIZE:-small}"
fi
echo "Demo users: admin / demo-admin-1405, supervisor / demo-1405, clerk / demo-1405, inspector / demo-1405"
exec .venv/bin/pr-desk --db "$DB" "$@"
