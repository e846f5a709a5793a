#!/usr/bin/env bash
# Builds the one-folder frozen app (PyInstaller, installer/pr_desk.spec) on this machine and
# smoke-tests the frozen executable, not the source (tests/frozen/). CI runs it after the
# suite; the Windows workflow runs the same on a Windows runner. PyInstaller does not
# cross-compile: on Linux this builds and tests the Linux folder.
#   scripts/package.sh            build into dist/PRDesk and test it
#   scripts/package.sh --no-test  build only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
  echo "Installing PyInstaller into .venv (once)..."
  .venv/bin/python -m pip install -q "pyinstaller>=6.5" >>.venv/pip.log 2>&1 || { tail -20 .venv/pip.log; exit 1; }
fi
started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  installer/pr_desk.spec
built=$(date +%s)
exe=dist/PRDesk/pr-desk
[ -x "$exe" ] || exe=dist/PRDesk/pr-desk.exe
size=$(du -sm dist/PRDesk | cut -f1)
echo "frozen app: $exe, ${size} MB, built in $(( built - started )) s"
if [ "${1:-}" = "--no-test" ]; then exit 0; fi
PR_DESK_FROZEN="$PWD/$exe" QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -p no:cacheprovider -q tests/frozen
