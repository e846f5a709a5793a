"""The layers hold: import-linter checks the contracts in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_ui_and_the_start_module_mention_pyside6() -> None:
    offenders = []
    for path in (ROOT / "pr_desk").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("pr_desk/ui/") or rel == "pr_desk/start.py":
            continue
        if "PySide6" in path.read_text(encoding="utf-8"):
            offenders.append(rel)
    assert offenders == []
