"""The frozen app (dist/PRDesk, built by `scripts/package.sh --no-test`) against the source
(.venv/bin/pr-desk): the folder's size, `--version`, and the GUI's start until its login
dialog shows (PR_DESK_SMOKE=1 writes "smoke: dialog LoginDialog" to standard error then).
Median of --runs fresh processes each, after one run that warms the disk cache. Skips
itself when dist/PRDesk is not built.

    .venv/bin/python bench/frozen_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "dist" / "PRDesk"
PASSWORD = "admin-pass-1405"


def folder_megabytes(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    suffix = ".exe" if os.name == "nt" else ""
    frozen_gui, frozen_cli = FROZEN / f"pr-desk{suffix}", FROZEN / f"pr-desk-cli{suffix}"
    source = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / f"pr-desk{suffix}"
    if not frozen_cli.exists():
        print("dist/PRDesk is not built (scripts/package.sh --no-test): skipped")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PR_DESK_HOME": str(Path(tmp) / "home"), "QT_QPA_PLATFORM": "offscreen",
               "PR_DESK_PASSWORD": PASSWORD}

        def database(cli: Path, name: str) -> Path:
            # each side its own file: a source tree ahead of the build has a newer schema
            path = Path(tmp) / name
            subprocess.run([str(cli), "init", "--db", str(path), "--admin", "admin", "--password-stdin"],
                           input=PASSWORD + "\n", text=True, env=env, check=True, capture_output=True)
            return path

        def version(program: Path, _db: Path) -> float:
            started = time.perf_counter()
            subprocess.run([str(program), "--version"], env=env, check=True, capture_output=True)
            return time.perf_counter() - started

        def to_login(program: Path, db: Path) -> float:
            started = time.perf_counter()
            process = subprocess.Popen([str(program), "--db", str(db)], env={**env, "PR_DESK_SMOKE": "1"},
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            assert process.stderr is not None
            took = None
            for line in process.stderr:
                if b"smoke: dialog LoginDialog" in line:
                    took = time.perf_counter() - started
                    break
            process.wait(120)
            if took is None:
                raise SystemExit(f"{program} did not show its login dialog")
            return took

        frozen_db, source_db = database(frozen_cli, "frozen.sqlite"), database(source, "source.sqlite")
        print(f"frozen folder: {folder_megabytes(FROZEN):.0f} MiB")
        cases: list[tuple[str, Callable[[Path, Path], float], Path, Path]] = [
            ("--version", version, frozen_cli, source),
            ("GUI to the login dialog", to_login, frozen_gui, source),
        ]
        for name, measure, frozen_program, source_program in cases:
            medians = []
            for program, db in ((frozen_program, frozen_db), (source_program, source_db)):
                measure(program, db)  # warm the disk cache
                medians.append(statistics.median(measure(program, db) for _ in range(runs)))
            print(f"{name}: frozen {medians[0] * 1000:.0f} ms, source {medians[1] * 1000:.0f} ms "
                  f"({medians[0] / medians[1]:.1f}x)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
