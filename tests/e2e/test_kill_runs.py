"""`kill -9` during every kind of long write, a run of each in the suite (issue 19): the
seven imports, a backup, a restore and an upgrade, each as `pr-desk` in its own process
on a SQLite file, killed after a seeded random delay within a complete run's length;
after each the file is sound (`maintenance.check`: integrity, schema, audit chain) and
holds either everything the run writes or nothing of it (see bench/kill_runs.py, which
does 100 such runs and whose figures are in bench/README.md). The demo's kill is
tests/e2e/test_demo_atomic.py (a demo takes minutes); the sync import's are
tests/services/sync/test_crash.py (13 kill points on SQLite and PostgreSQL).

Files are a fifth of the bench's (a few hundred rows), so a run takes seconds; 3 minutes
in all (10 kinds) on the loaded 2-core container."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kill_runs", ROOT / "bench" / "kill_runs.py")
assert _spec and _spec.loader
kill_runs = importlib.util.module_from_spec(_spec)
sys.modules["kill_runs"] = kill_runs
_spec.loader.exec_module(kill_runs)

KINDS = [k for k in kill_runs.KINDS if k != "demo"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_write_killed_at_a_random_moment_leaves_all_or_nothing(tmp_path: Path, kind: str) -> None:
    case = kill_runs.setup(kind, tmp_path / kind, scale=0.2)
    kill_runs.learn(case)
    delay = random.Random(f"19-{kind}").uniform(0.05, case.seconds * 1.05)
    outcome = kill_runs.kill_run(case, 1, delay)
    assert outcome in ("before", "after", "finished")
