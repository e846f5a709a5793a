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
    assert "E1405-020\tجشنواره\tجشنواره مطبوعات" in r.stdout and "۱ رویداد پیدا شد" in r.stdout
    r = run("find", "رضائي", "--db", db, "--as", "boss", env=AS_BOSS)  # Arabic yeh, another spelling
    assert "جناب آقای دکتر علی رضایی" in r.stdout and "E1405-020" in r.stdout and "۱ مهمان پیدا شد" in r.stdout
    r = run("find", "E۱۴۰۵-۰۲۱", "--db", db, "--as", "boss", env=AS_BOSS)
    assert "E1405-021\tجشن\tجشن روز تهران" in r.stdout


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
    assert "۰ رویداد پیدا شد" in r.stdout  # nothing was written

    guests = _sheet(tmp_path / "g.xlsx", ["نام مهمان"], ["علی"])
    r = run("import", "guests", str(guests), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2 and "--event" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("import", "guests", str(guests), "--event", "E1399-001", "--db", db, "--as", "boss", env=AS_BOSS, )
    assert r.returncode == 2 and "E1399-001" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("import", "events", str(bad), "--db", db, "--as", "boss", env={"PR_DESK_PASSWORD": "wrong"})
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
