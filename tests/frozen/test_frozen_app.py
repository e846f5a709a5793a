"""The frozen app (PyInstaller's folder), tested as a clerk's PC runs it: the executable,
not the source. scripts/package.sh builds it and runs these with PR_DESK_FROZEN set to the
executable; without it they are skipped (the rest of the suite tests the source)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reports.helpers import pdffonts, pdftotext_pages

FROZEN = os.environ.get("PR_DESK_FROZEN", "")  # the app: dist/PRDesk/pr-desk(.exe)
# Its console twin for the command line (a windowed Windows program has no standard output).
CLI = str(Path(FROZEN).with_name(Path(FROZEN).name.replace("pr-desk", "pr-desk-cli"))) if FROZEN else ""
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "frozen-pass-1405"

pytestmark = pytest.mark.skipif(not FROZEN, reason="PR_DESK_FROZEN (the frozen executable) is not set: scripts/package.sh sets it")


def run(home: Path, *args: str, stdin: str = "", password: str = PASSWORD, timeout: int = 300, gui: bool = False,
        **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PR_DESK_", "PYTHON"))}
    env.update({"PR_DESK_HOME": str(home), "PR_DESK_PASSWORD": password, "QT_QPA_PLATFORM": "offscreen",
                "HOME": str(home), **extra})
    return subprocess.run([FROZEN if gui else CLI, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout,
                          check=False)


def test_version(tmp_path: Path) -> None:
    done = run(tmp_path, "--version")
    assert done.returncode == 0 and "PR Desk" in done.stdout + done.stderr


def test_init_on_an_empty_database_then_check(tmp_path: Path) -> None:
    db = tmp_path / "دفتر روابط عمومی.sqlite"  # a Persian path with a space, as on a clerk's PC
    done = run(tmp_path, "init", "--db", str(db), "--admin", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    checked = run(tmp_path, "check", "--db", str(db), "--as", "admin")
    assert checked.returncode == 0, checked.stderr


def test_the_oldest_schema_is_upgraded_with_a_backup_first(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "oldest-0001.sqlite", db)
    done = run(tmp_path, "check", "--db", str(db), "--as", "admin", password="oldest-pass-1405")
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.rglob("old-before-upgrade-*.sqlite")), "no backup before the upgrade"
    import sqlite3

    with sqlite3.connect(db) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        units = conn.execute("SELECT count(*) FROM unit").fetchone()[0]
    assert revision != "0001" and units == 22


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("frozen-demo")
    db = home / "demo.sqlite"
    done = run(home, "demo", "--db", str(db), "--size", "small", timeout=900)
    assert done.returncode == 0, done.stderr
    return home, db


def test_the_demo_builds_and_a_pdf_report_reads_back_with_its_fonts_embedded(demo: tuple[Path, Path]) -> None:
    home, db = demo
    pdf = home / "units.pdf"
    done = run(home, "report", "units", "--db", str(db), "--as", "admin", "--out", str(pdf), password="demo-admin-1405")
    assert done.returncode == 0, done.stderr
    text = "\n".join(pdftotext_pages(pdf))
    assert "منطقه" in text
    fonts = pdffonts(pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    assert any("Vazirmatn" in font["name"] for font in fonts), fonts


def test_an_excel_report_reads_back(demo: tuple[Path, Path]) -> None:
    from openpyxl import load_workbook

    home, db = demo
    xlsx = home / "units.xlsx"
    done = run(home, "report", "units", "--db", str(db), "--as", "admin", "--out", str(xlsx), password="demo-admin-1405")
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(xlsx, read_only=True).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any("منطقه" in c for c in cells)


def test_the_window_opens_on_its_persian_login_dialog(demo: tuple[Path, Path]) -> None:
    home, db = demo
    done = run(home, "--db", str(db), timeout=120, gui=True, PR_DESK_SMOKE="1")
    assert done.returncode == 0, done.stderr
    assert "smoke: dialog LoginDialog" in done.stderr, done.stderr
    assert "میز روابط عمومی" in done.stderr


def test_a_sync_file_reaches_the_field_copy_path(demo: tuple[Path, Path]) -> None:
    """`pr-desk FILE.prsync` (a double-click on one): a damaged file gets its Persian sentence."""
    home, db = demo
    package = home / "بسته.prsync"
    package.write_bytes(b"not a sync package")
    done = run(home, "--db", str(db), str(package), timeout=120, gui=True, PR_DESK_SMOKE="1")
    assert done.returncode == 0, done.stderr
    assert "smoke: dialog QMessageBox" in done.stderr, done.stderr
    assert "smoke: dialog LoginDialog" in done.stderr  # then the office's own login, as without a file
