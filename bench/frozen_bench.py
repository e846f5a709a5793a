"""The frozen app (dist/PRDesk, built by `scripts/package.sh --no-test`) against the source, in
issue 17 §1's two phases, each side against its own baseline:

(a) process start -> the login dialog painted. The frozen side's baseline is startup_bench's
    empty PySide6 window frozen the same way (one folder, PyInstaller from this venv; built
    once into build/frozen_baseline/ and kept there for the next runs); the source side's is
    that window run by the venv's interpreter, as startup_bench runs it.
(b) Enter pressed -> the main window usable, through the same hook (PR_DESK_BENCH_T0,
    PR_DESK_BENCH_LOGIN in ui/quick_start.py), with the Argon2id check alone as its floor.

Besides: the folder's size (and its largest parts), and `pr-desk-cli --version` against the
venv's `pr-desk --version`. Each side opens a demo database its own version made. One
warm-up of each, then --runs samples, the four programs alternated so that a change of the
machine's load hits all of them; medians, wall clock and the process's CPU time as
startup_bench prints them. Skips itself when dist/PRDesk is not built.

    .venv/bin/python bench/frozen_bench.py [--runs 7] [--typing-ms 1500] [--frozen OTHER_FOLDER]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version as package_version
from pathlib import Path

import startup_bench  # bench/ is this script's folder: the same runners, baseline and hook
from startup_bench import ms

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "dist" / "PRDesk"
SUFFIX = ".exe" if os.name == "nt" else ""
# The empty window frozen as installer/pr_desk.spec freezes PR Desk, as far as it matters for
# a start: one folder, the same PyInstaller and PySide6 hooks (the same Qt plugins), tkinter
# left out. Keep it in step with the spec's Analysis/PYZ options.
BASELINE_OPTIONS = ["--onedir", "--console", "--exclude-module", "tkinter"]


def folder_megabytes(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


def largest_parts(folder: Path, count: int = 7) -> str:
    internal = folder / "_internal"
    parts = [(folder_megabytes(p) if p.is_dir() else p.stat().st_size / 2**20, p.name)
             for p in internal.iterdir() if not p.is_symlink()]
    return ", ".join(f"{name} {size:.0f}" for size, name in sorted(parts, reverse=True)[:count])


def frozen_baseline() -> Path:
    """startup_bench's empty window, frozen once per PyInstaller/PySide6/Python and options."""
    packages = ("pyinstaller", "pyinstaller-hooks-contrib", "shiboken6")  # shiboken6 comes with every PySide6 wheel
    versions = f"{[package_version(p) for p in packages]} {sys.version} {BASELINE_OPTIONS}"
    key = hashlib.sha256((startup_bench.BASELINE + versions).encode()).hexdigest()[:12]
    folder = ROOT / "build" / "frozen_baseline" / key
    program = folder / "dist" / "empty-window" / f"empty-window{SUFFIX}"
    if not program.exists():
        print(f"freezing the empty window into {folder.relative_to(ROOT)} (once)...", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "empty_window.py").write_text(startup_bench.BASELINE, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", *BASELINE_OPTIONS,
                        "--name", "empty-window", "--distpath", str(folder / "dist"), "--workpath", str(folder / "work"),
                        "--specpath", str(folder), str(folder / "empty_window.py")], check=True, cwd=folder)
    return program


def frozen_window(program: Path, home: str) -> tuple[float, float]:
    """(wall clock, CPU time) from start to the frozen empty window's first paint (as startup_bench.baseline)."""
    env = startup_bench.env_for(home, PR_DESK_BENCH_T0=repr(time.perf_counter()))
    out = subprocess.run([str(program)], capture_output=True, text=True, env=env, check=True, timeout=60)
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def frozen_pr_desk(program: Path, home: str, db: str, typing_ms: int) -> dict[str, float]:
    """The frozen app's bench marks (as startup_bench.pr_desk, with the frozen program)."""
    env = startup_bench.env_for(home, PR_DESK_BENCH_T0=repr(time.perf_counter()),
                                PR_DESK_BENCH_LOGIN=f"{startup_bench.USER}:{startup_bench.PASSWORD}",
                                PR_DESK_BENCH_TYPING_MS=str(typing_ms))
    out = subprocess.run([str(program), "--db", db], capture_output=True, text=True, env=env, timeout=60)
    line = next((x for x in out.stderr.splitlines() if x.startswith("bench: ")), None)
    if line is None:
        raise SystemExit(f"the frozen app wrote no bench line (exit {out.returncode}):\n{out.stderr[-3000:]}")
    return {k: float(v) for k, v in (part.split("=") for part in line[len("bench: "):].split())}


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def median(samples: list[dict[str, float]], end: str, start: str | None = None) -> float:
    return statistics.median(s[end] - (s[start] if start else 0.0) for s in samples)


def report(side: str, base: list[tuple[float, float]], ours: list[dict[str, float]], argon: float) -> dict[str, float]:
    empty, empty_cpu = statistics.median(b[0] for b in base), statistics.median(b[1] for b in base)
    login, login_cpu = median(ours, "login_painted"), median(ours, "login_painted_cpu")
    usable, usable_cpu = median(ours, "main_loaded", "enter"), median(ours, "main_loaded_cpu", "enter_cpu")
    shown, shown_cpu = median(ours, "main_shown", "enter"), median(ours, "main_shown_cpu", "enter_cpu")
    print(f"{side}:")
    print(f"  (a) login dialog painted {ms(login)}, its empty window {ms(empty)}: {login / empty:.2f}x (aim <= 1.5x); "
          f"CPU {ms(login_cpu)} against {ms(empty_cpu)}: {login_cpu / empty_cpu:.2f}x")
    print(f"  (b) Enter -> main window usable {ms(usable)} (aim < 300 ms), CPU {ms(usable_cpu)}; Argon2id alone {ms(argon)}; "
          f"Enter -> about to be shown {ms(shown)} (CPU {ms(shown_cpu)}), then to usable {ms(usable - shown)} "
          f"(CPU {ms(usable_cpu - shown_cpu)})")
    if all("imports_done" in s for s in ours):
        print(f"      imports and database ready behind the dialog {ms(median(ours, 'imports_done'))} after start; "
              f"Enter came first in {sum(1 for s in ours if s['imports_done'] > s['enter'])} of {len(ours)} runs")
    return {"login": login, "login_cpu": login_cpu, "empty": empty, "empty_cpu": empty_cpu, "usable": usable,
            "usable_cpu": usable_cpu}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--typing-ms", type=int, default=1500)
    parser.add_argument("--frozen", type=Path, default=FROZEN,
                        help="another frozen folder (a copy of an earlier build), for before-and-after figures")
    args = parser.parse_args()
    folder: Path = args.frozen
    frozen_gui, frozen_cli = folder / f"pr-desk{SUFFIX}", folder / f"pr-desk-cli{SUFFIX}"
    source_cli = Path(sys.executable).with_name(f"pr-desk{SUFFIX}")
    if not frozen_cli.exists():
        print(f"{folder} is not built (scripts/package.sh --no-test): skipped")
        return 0
    empty_window = frozen_baseline()
    load_before = os.getloadavg()[0]
    print(f"frozen folder {folder}: {folder_megabytes(folder):.0f} MiB (largest parts, MiB: {largest_parts(folder)}); "
          f"its empty window: {folder_megabytes(empty_window.parent):.0f} MiB", flush=True)
    with tempfile.TemporaryDirectory() as home:
        env = startup_bench.env_for(home)
        frozen_db, source_db = str(Path(home) / "frozen.sqlite"), str(Path(home) / "source.sqlite")
        # each side its own demo file: a source tree ahead of the build may have a newer schema
        subprocess.run([str(frozen_cli), "demo", "--db", frozen_db, "--size", "small"], check=True, capture_output=True, env=env)
        subprocess.run([sys.executable, "-m", "pr_desk.start", "demo", "--db", source_db, "--size", "small"], check=True,
                       capture_output=True, cwd=ROOT, env=env)
        timed([str(frozen_cli), "--version"], env), timed([str(source_cli), "--version"], env)  # warm-ups
        frozen_window(empty_window, home), frozen_pr_desk(frozen_gui, home, frozen_db, args.typing_ms)
        startup_bench.baseline(home), startup_bench.pr_desk(home, source_db, args.typing_ms)
        frozen_base, frozen_ours, source_base, source_ours, checks = [], [], [], [], []
        frozen_versions, source_versions = [], []
        for _ in range(args.runs):
            frozen_base.append(frozen_window(empty_window, home))
            frozen_ours.append(frozen_pr_desk(frozen_gui, home, frozen_db, args.typing_ms))
            source_base.append(startup_bench.baseline(home))
            source_ours.append(startup_bench.pr_desk(home, source_db, args.typing_ms))
            checks.append(startup_bench.argon2_check(source_db))
            frozen_versions.append(timed([str(frozen_cli), "--version"], env))
            source_versions.append(timed([str(source_cli), "--version"], env))
    argon = statistics.median(checks)
    frozen = report(f"frozen ({folder.name}) against the frozen empty window", frozen_base, frozen_ours, argon)
    source = report("source (the venv's python -m pr_desk.start) against the empty window run by python", source_base,
                    source_ours, argon)
    print("frozen / source:")
    for name, key in (("(a) to the login dialog, wall", "login"), ("(a) CPU", "login_cpu"),
                      ("the empty windows, wall", "empty"), ("the empty windows, CPU", "empty_cpu"),
                      ("(b) Enter -> usable, wall", "usable"), ("(b) CPU", "usable_cpu")):
        print(f"  {name}: {ms(frozen[key])} / {ms(source[key])} = {frozen[key] / source[key]:.2f}x")
    frozen_version, source_version = statistics.median(frozen_versions), statistics.median(source_versions)
    print(f"  --version: {ms(frozen_version)} / {ms(source_version)} = {frozen_version / source_version:.2f}x")
    print(f"median of {args.runs}, --typing-ms {args.typing_ms}; 1-minute load average {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
