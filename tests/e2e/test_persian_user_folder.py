"""A clerk whose Windows user name is Persian (issue 16, item 3): the data folder, the default
database, its backups and the log live under a path with Persian letters and spaces, and
everything works there: init, check, a report, a backup and its restore."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PASSWORD = "persian-user-1405"


def run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PR_DESK_HOME": str(home), "PR_DESK_PASSWORD": PASSWORD, "PYTHONIOENCODING": "cp1256"}
    env.pop("PR_DESK_DB", None)
    return subprocess.run([sys.executable, "-m", "pr_desk.start", *args], input=stdin.encode("utf-8"),
                          capture_output=True, env=env, timeout=180, check=False)


def test_everything_works_under_a_persian_user_folder(tmp_path: Path) -> None:
    home = tmp_path / "Users" / "زهرا احمدی" / "AppData" / "Local" / "PR Desk"
    db = home / "دفتر.sqlite"
    done = run(home, "init", "--db", str(db), "--admin", "zahra", "--name", "زهرا احمدی", "--password-stdin",
               stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert "زهرا" not in done.stderr.decode("utf-8")  # no error; the Persian survives a cp1256 console
    (home / "پشتیبان").mkdir()
    for args in (("check",), ("report", "units", "--out", str(home / "گزارش واحدها.pdf")),
                 ("backup", "--out", str(home / "پشتیبان" / "نسخه ۱.sqlite"))):
        done = run(home, *args, "--db", str(db), "--as", "zahra")
        assert done.returncode == 0, (args, done.stderr.decode("utf-8"))
    assert (home / "گزارش واحدها.pdf").stat().st_size > 1000
    assert (home / "پشتیبان" / "نسخه ۱.sqlite").exists()
    assert any((home / "logs").glob("*.log"))
    done = run(home, "restore", str(home / "پشتیبان" / "نسخه ۱.sqlite"), "--db", str(db), "--as", "zahra")
    assert done.returncode == 0, done.stderr.decode("utf-8")
