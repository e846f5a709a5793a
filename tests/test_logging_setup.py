"""The log file rotates as logging.handlers.RotatingFileHandler did (issue 17 §1 took that
import off the way to the login dialog), and numbers in refusals still read Persian."""

from __future__ import annotations

import logging
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from pr_desk.domain.errors import UserError
from pr_desk.i18n import set_language
from pr_desk.logging_setup import RotatingLog


def test_the_log_rotates_at_its_size_and_keeps_its_backups(tmp_path: Path) -> None:
    path = tmp_path / "pr-desk.log"
    log = logging.getLogger("pr_desk.test_rotation")
    log.propagate = False
    handler = RotatingLog(path, max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    try:
        for n in range(40):
            log.warning("line %02d %s", n, "x" * 30)
    finally:
        log.removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["pr-desk.log", "pr-desk.log.1", "pr-desk.log.2"]
    assert all(p.stat().st_size < 200 for p in tmp_path.iterdir())
    assert path.read_text(encoding="utf-8").splitlines()[-1].startswith("line 39 ")
    newest_backup = (tmp_path / "pr-desk.log.1").read_text(encoding="utf-8").splitlines()
    assert int(newest_backup[-1].split()[1]) + 1 == int(path.read_text(encoding="utf-8").split()[1])


def test_the_start_of_the_app_imports_neither_logging_handlers_nor_decimal() -> None:
    code = ("import sys, pr_desk.logging_setup, pr_desk.domain.errors; "
            "print(sorted(m for m in ('logging.handlers', 'decimal', 'socket') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_decimal_in_a_refusal_still_reads_in_persian_digits() -> None:
    set_language("fa")
    error = UserError("Score {score} is above {limit}.", score=Decimal("12.5"), limit=20)
    assert "۱۲٫۵" in str(error) and "۲۰" in str(error)
