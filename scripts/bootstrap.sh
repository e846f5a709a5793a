#!/usr/bin/env bash
# Creates .venv (Python 3.11+) and installs PR Desk with its test extras; safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for c in python3.13 python3.12 python3.11 python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then PY="$c"; break; fi
  done
fi
[ -n "$PY" ] || { echo "PR Desk needs Python 3.11 or newer" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
STAMP=.venv/.pr-desk-installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "Installing PR Desk and its dependencies into .venv (once)..."
  .venv/bin/python -m pip install -q --upgrade pip >.venv/pip.log 2>&1 || { cat .venv/pip.log; exit 1; }
  .venv/bin/python -m pip install -q -e ".[test]" >>.venv/pip.log 2>&1 || { cat .venv/pip.log; exit 1; }
  touch "$STAMP"
fi
.venv/bin/python -m pr_desk.i18n_build
