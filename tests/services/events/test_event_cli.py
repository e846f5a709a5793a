"""Event planning on the command line, run as a subprocess the way an administrator would:
`pr-desk template events|guests`, `pr-desk import events F.xlsx`, `pr-desk import guests
F.xlsx --event CODE`, and `pr-desk find` finding events and guests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

PASSWORD = "admin-pass-1405"
AS_BOSS = {"PR_DESK_PASSWORD": PASSWORD}


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "pr_desk.start", *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=120)


@pytest.fixture
def db(tmp_path: Path) -> str:
    target = str(tmp_path / "office.sqlite")
    r = run("init", "--db", target, "--admin", "boss", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    return target


def _sheet(path: Path, *rows: list[str]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_templates_imports_and_find(db: str, tmp_path: Path) -> None:
    r = run("template", "events", "--out", str(tmp_path / "events.xlsx"))
    assert r.returncode == 0, r.stderr
    ws = load_workbook(tmp_path / "events.xlsx").worksheets[0]
    assert ws.sheet_view.rightToLeft and ws["B1"].value == "نوع رویداد"
    r = run("template", "guests", "--out", str(tmp_path / "guests.xlsx"), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr

    events = _sheet(tmp_path / "e.xlsx", ["کد رویداد", "نوع رویداد", "عنوان رویداد", "تاریخ شروع", "ساعت شروع", "تاریخ پایان"],
                    ["", "جشن", "جشن روز تهران", "1405/07/14", "17:00", ""],
                    ["E1405-020", "جشنواره", "جشنواره مطبوعات", "1405/02/27", "", "1405/02/29"])
    r = run("import", "events", str(events), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "۲" in r.stdout and "E1405-020" in r.stdout and "E1405-021" in r.stdout

    guests = _sheet(tmp_path / "g.xlsx", ["عنوان احترام", "نام مهمان", "سمت", "تلفن همراه"],
                    ["جناب آقای دکتر", "علی رضایی", "معاون شهردار", "09121234567"], ["سرکار خانم", "مریم احمدی", "", ""])
    r = run("import", "guests", str(guests), "--event", "e۱۴۰۵-۰۲۰", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "E1405-020" in r.stdout

    r = run("find", "مطبوعات", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "== رویدادها (۱) ==" in r.stdout.splitlines() and "E1405-020 — جشنواره مطبوعات\t" in r.stdout
    r = run("find", "رضائي", "--db", db, "--as", "boss", env=AS_BOSS)  # Arabic yeh, another spelling
    assert "== مهمانان (۱) ==" in r.stdout.splitlines() and "علی رضایی\tE1405-020 — جشنواره مطبوعات" in r.stdout
    r = run("find", "E۱۴۰۵-۰۲۱", "--db", db, "--as", "boss", env=AS_BOSS)
    assert "E1405-021 — جشن روز تهران\t" in r.stdout


def test_refusals_are_one_line_each_problem_named_and_nothing_written(db: str, tmp_path: Path) -> None:
    bad = _sheet(tmp_path / "bad.xlsx", ["نوع رویداد", "عنوان رویداد", "تاریخ شروع", "تاریخ پایان"],
                 ["جشن", "درست", "1405/03/01", ""], ["کنسرت", "=1+1", "1405/12/30", ""], ["جشن", "وارونه", "1405/03/05", "1405/03/01"])
    r = run("import", "events", str(bad), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert lines[-1].startswith("خطا") and "۲ ردیف" in lines[-1]
    assert any(line.startswith("ردیف ۳، ستون نوع رویداد") for line in lines)
    assert any(line.startswith("ردیف ۳، ستون عنوان رویداد") for line in lines)
    assert any(line.startswith("ردیف ۳، ستون تاریخ شروع") for line in lines)
    assert any(line.startswith("ردیف ۴، ستون تاریخ پایان") for line in lines)
    r = run("find", "درست", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and "== رویدادها" not in r.stdout  # nothing was written

    guests = _sheet(tmp_path / "g.xlsx", ["نام مهمان"], ["علی"])
    r = run("import", "guests", str(guests), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2 and "--event" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("import", "guests", str(guests), "--event", "E1399-001", "--db", db, "--as", "boss", env=AS_BOSS, )
    assert r.returncode == 2 and "E1399-001" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("import", "events", str(bad), "--db", db, "--as", "boss", env={"PR_DESK_PASSWORD": "wrong"})
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_the_budget_report_in_excel_is_the_budget_tabs_sheet_with_sum_formulas(db: str, tmp_path: Path) -> None:
    """`pr-desk report event-budget --out F.xlsx` writes the budget tab's sheet: the totals
    are SUM formulas (and nothing else is a formula), read back with openpyxl."""
    from pr_desk.data.events.models import Event
    from pr_desk.data.schema import open_database
    from pr_desk.services import auth
    from pr_desk.services.context import read
    from pr_desk.services.events import budget as bg

    events = _sheet(tmp_path / "e.xlsx", ["کد رویداد", "نوع رویداد", "عنوان رویداد", "تاریخ شروع"],
                    ["E1405-030", "همایش و نشست", "همایش روابط عمومی", "1405/10/20"])
    assert run("import", "events", str(events), "--db", db, "--as", "boss", env=AS_BOSS).returncode == 0
    database, _inspection = open_database(db)
    try:
        boss = auth.login(database, "boss", PASSWORD)
        with read(database) as s:
            event_id = s.query(Event).one().id
        bg.add_budget_line(database, boss, event_id=event_id, category="محل برگزاری", description="=1+1",
                           planned=12_500_000, committed=13_000_000)
        bg.add_budget_line(database, boss, event_id=event_id, category="پذیرایی", planned=80_000_000, paid=40_000_000)
    finally:
        database.dispose()
    out = tmp_path / "budget.xlsx"
    r = run("report", "event-budget", "--filter", "event=E1405-030", "--out", str(out), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    ws = load_workbook(out).active
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "جمع")
    assert [ws.cell(total - 2, 1).value, ws.cell(total - 1, 1).value] == ["محل برگزاری", "پذیرایی"]
    assert ws.cell(total - 2, 2).value == "=1+1" and ws.cell(total - 2, 2).data_type == "s"
    for c, letter in ((3, "C"), (4, "D"), (5, "E")):
        assert ws.cell(total, c).value == f"=SUM({letter}{total - 2}:{letter}{total - 1})"
        assert ws.cell(total, c).data_type == "f"
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == [f"{x}{total}" for x in "CDE"]
