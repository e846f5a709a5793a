"""The mutation check of issue #6 (SYNC.md §7.3): each merge rule, broken on purpose
(tests/services/sync/mutants.py), must make the sync tests fail. The sync tests run in a
subprocess with the broken rule (SQLite office; the same rules run on PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.sync.mutants import MUTANTS

pytestmark = pytest.mark.slow  # mutation check: each broken merge rule runs the sync tests in a subprocess

ROOT = Path(__file__).resolve().parents[3]
TARGETS = ["tests/services/sync/test_conflicts.py", "tests/services/sync/test_property.py",
           "tests/services/sync/test_roundtrip.py"]


def _run(mutant: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PR_DESK_SYNC_MUTANT", "PR_DESK_REQUIRE_PG")}
    env["SYNC_EXAMPLES"] = "100"  # the suite's own count: what CI runs is what is shown to have teeth
    if mutant:
        env["PR_DESK_SYNC_MUTANT"] = mutant
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rf", "-s", "-p", "no:cacheprovider", "-p", "tests.services.sync.mutants",
                           "-k", "not postgresql", *TARGETS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_each_broken_merge_rule_makes_a_sync_test_fail(mutant: str) -> None:
    run = _run(mutant)
    assert f"sync mutant applied: {mutant}" in run.stdout, run.stdout[-3000:] + run.stderr[-3000:]
    caught = [line for line in run.stdout.splitlines() if line.startswith("FAILED ")]
    assert run.returncode == 1 and caught, f"mutant {mutant} survived:\n{run.stdout[-3000:]}"
    # the random-sequence property finds every broken merge rule, not only a hand-written case
    assert any(MUTANTS[mutant][1] in line for line in caught), caught
