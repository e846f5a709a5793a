"""mypy's gate (pyproject [tool.mypy], strict): pr_desk type-checks with no error. A
relaxation goes in pyproject as a per-module override with its reason, and that list only
shrinks; a `type: ignore` names its error code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_errors() -> None:
    mypy = Path(sys.executable).with_name("mypy")
    result = subprocess.run([str(mypy), "pr_desk"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
