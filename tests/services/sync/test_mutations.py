"""The mutation check of issue #6 (SYNC.md §7.3): each merge rule, broken on purpose
(tests/services/sync/mutants.py), must make the sync test named for it fail. That test
runs in a subprocess with the broken rule (SQLite office; the same rules run on
PostgreSQL): only it, since the check is that it catches the mutant (the other sync tests
passing or failing would change nothing), and an assertion that fails names it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.sync.mutants import MUTANTS

pytestmark = pytest.mark.slow  # mutation check: each broken merge rule runs the sync tests in a subprocess

ROOT = Path(__file__).resolve().parents[3]
SYNC_TESTS = ROOT / "tests" / "services" / "sync"


def _node(test: str) -> str:
    """The node id of the sync test named `test` (the one file of the sync tests defining it)."""
    [path] = [p for p in sorted(SYNC_TESTS.glob("test_*.py")) if re.search(rf"^def {test}\(", p.read_text(encoding="utf-8"), re.M)]
    return f"{path.relative_to(ROOT).as_posix()}::{test}"


def _run(mutant: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PR_DESK_SYNC_MUTANT", "PR_DESK_REQUIRE_PG")}
    env["SYNC_EXAMPLES"] = "100"  # the suite's own count: what CI runs is what is shown to have teeth
    env["PR_DESK_SYNC_MUTANT"] = mutant
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rf", "-s", "-p", "no:cacheprovider", "-p", "tests.services.sync.mutants",
                           "-k", "not postgresql", _node(MUTANTS[mutant][1])], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_each_broken_merge_rule_makes_a_sync_test_fail(mutant: str) -> None:
    catcher = MUTANTS[mutant][1]
    run = _run(mutant)
    assert f"sync mutant applied: {mutant}" in run.stdout, run.stdout[-3000:] + run.stderr[-3000:]
    caught = [line for line in run.stdout.splitlines() if line.startswith("FAILED ")]
    # the random-sequence property finds every broken merge rule, not only a hand-written case
    assert run.returncode == 1 and any(catcher in line for line in caught), f"mutant {mutant} survived {catcher}:\n{run.stdout[-3000:]}"
    print(f"mutant {mutant} caught by {caught[0].removeprefix('FAILED ')}")
