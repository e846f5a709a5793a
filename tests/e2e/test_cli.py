"""The command line, run as a subprocess the way an administrator would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.databases import new_office

ADMIN_PW = "admin-pass-1405"


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.update(env or {})
    argv = [sys.executable, "-m", "pr_desk.start", *args]
    if lang:
        argv += ["--lang", lang]
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, env=full_env, timeout=120)


@pytest.fixture
def initialised_by_cli(db_target: str) -> str:
    """A database made by `pr-desk init` run as a subprocess."""
    result = run("init", "--db", db_target, "--admin", "boss", "--name", "مدیر", "--password-stdin", stdin=ADMIN_PW + "\n")
    assert result.returncode == 0, result.stderr
    return db_target


@pytest.fixture
def initialised(db_backend: str, tmp_path: Path) -> Iterator[str]:
    """What initialised_by_cli makes (the same administrator), made in this process (conftest
    new_office: the database `pr-desk init` makes), for the tests of the commands that follow
    it; test_init_user_add_list_disable and the other `init` runs test the command itself."""
    with new_office(db_backend, tmp_path, admin_username="boss", admin_display_name="مدیر", admin_password=ADMIN_PW) as (target, (db, _)):
        db.dispose()
        yield target


AS_BOSS = {"PR_DESK_PASSWORD": ADMIN_PW}


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("PR Desk ")


def test_init_user_add_list_disable(initialised_by_cli: str) -> None:
    db = initialised_by_cli
    r = run("user", "add", "sara", "--role", "clerk", "--name", "سارا رحیمی", "--password-stdin", "--db", db, "--as", "boss", stdin="sara-pass-1405\n", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    r = run("user", "list", "--db", db, "--as", "boss", env=AS_BOSS)
    assert "sara\tسارا رحیمی\tکارشناس" in r.stdout
    r = run("user", "disable", "sara", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0
    assert "غیرفعال" in run("user", "list", "--db", db, "--as", "boss", env=AS_BOSS).stdout
    r = run("check", "--db", db)
    assert r.returncode == 0, r.stderr


def test_init_refuses_an_existing_database_and_errors_are_one_line(initialised: str) -> None:
    r = run("init", "--db", initialised, "--admin", "x", "--password-stdin", stdin="password-1405\n")
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("خطا")
    r = run("init", "--db", initialised, "--admin", "x", "--password-stdin", stdin="password-1405\n", lang="en")
    assert r.stderr.startswith("error:")


def test_wrong_acting_password_is_refused(initialised: str) -> None:
    r = run("user", "list", "--db", initialised, "--as", "boss", env={"PR_DESK_PASSWORD": "wrong"})
    assert r.returncode == 2 and "نام کاربری یا گذرواژه" in r.stderr


def test_units_template_and_import(initialised: str, tmp_path: Path) -> None:
    template = tmp_path / "units.xlsx"
    r = run("template", "units", "--out", str(template))
    assert r.returncode == 0, r.stderr
    ws = load_workbook(template).active
    assert ws.sheet_view.rightToLeft and ws["A1"].value == "کد"
    wb = Workbook()
    ws = wb.active
    ws.append(["کد", "نام واحد", "نوع", "منطقه", "توضیحات"])
    ws.append(["ORG-201", "سازمان آزمایشی", "سازمان وابسته", None, "=HYPERLINK(\"http://x\")"])
    ws.append(["", "بدون کد", "شرکت وابسته", None, None])
    ws.append(["CO-7", "شرکت هفت", "نوع نامعلوم", None, None])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    r = run("import", "units", str(bad), "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2
    assert "ردیف ۳" in r.stderr and "ردیف ۴" in r.stderr
    ws.delete_rows(3, 2)
    good = tmp_path / "good.xlsx"
    wb.save(good)
    r = run("import", "units", str(good), "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr


def test_import_refuses_a_file_that_is_not_a_workbook(initialised: str, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("name,kind\n")
    r = run("import", "units", str(fake), "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_demo_backup_check_restore(small_demo: Path, tmp_path: Path) -> None:
    db = small_demo  # what `pr-desk demo --db ... --size small` builds (test_demo_atomic runs that command)
    r = run("demo", "--db", str(db))
    assert r.returncode == 2  # never overwrites
    out = tmp_path / "backup.sqlite"
    r = run("backup", "--db", str(db), "--out", str(out))
    assert r.returncode == 2 and "--as" in r.stderr  # an administrator makes backups, as every other change
    as_admin = {"PR_DESK_PASSWORD": "demo-admin-1405"}
    assert run("backup", "--db", str(db), "--out", str(out), "--as", "admin", env=as_admin).returncode == 0
    assert run("check", "--db", str(out)).returncode == 0
    r = run("restore", str(out), "--db", str(db), "--as", "clerk", env={"PR_DESK_PASSWORD": "demo-1405"})
    assert r.returncode == 2  # not an administrator
    assert run("restore", str(out), "--db", str(db), "--as", "admin", env=as_admin).returncode == 0
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"junk" * 100)
    r = run("restore", str(junk), "--db", str(db), "--as", "admin", env=as_admin)
    assert r.returncode == 2
    assert run("check", "--db", str(db)).returncode == 0


def test_opening_a_missing_or_foreign_database_is_one_clear_line(tmp_path: Path) -> None:
    r = run("check", "--db", str(tmp_path / "nope" / "x.sqlite"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello")
    r = run("check", "--db", str(foreign))
    assert r.returncode == 2 and "نیست" in r.stderr


def test_users_template_and_import(initialised: str, tmp_path: Path) -> None:
    template = tmp_path / "users.xlsx"
    assert run("template", "users", "--out", str(template)).returncode == 0
    wb = load_workbook(template)
    ws = wb.active
    assert ws.sheet_view.rightToLeft and ws["A1"].value == "نام کاربری"
    ws.append(["bad name!", "کسی", "کارشناس"])
    ws.append(["s.rahimi", "تکراری", "بازرس"])
    ws.append(["n.user", "نیما", "امپراتور"])
    wb.save(template)
    r = run("import", "users", str(template), "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2 and "ردیف ۳" in r.stderr and "ردیف ۴" in r.stderr and "ردیف ۵" in r.stderr
    assert "s.rahimi" not in run("user", "list", "--db", initialised, "--as", "boss", env=AS_BOSS).stdout
    ws.delete_rows(3, 3)
    wb.save(template)
    r = run("import", "users", str(template), "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    username, password = r.stdout.strip().splitlines()[-1].split("\t")
    assert username == "s.rahimi"
    assert run("user", "list", "--db", initialised, "--as", "s.rahimi", env={"PR_DESK_PASSWORD": password}).returncode == 2  # a clerk may not list users


def test_report_command(initialised: str, tmp_path: Path) -> None:
    r = run("report", "--list")
    assert r.returncode == 0 and r.stdout.splitlines()[0].split("\t")[0] == sorted(line.split("\t")[0] for line in r.stdout.splitlines())[0]
    out = tmp_path / "units.xlsx"
    r = run("report", "units", "--out", str(out), "--filter", "kind=district", "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert load_workbook(out).active.sheet_view.rightToLeft
    r = run("report", "units", "--out", str(tmp_path / "x.pdf"), "--filter", "colour=red", "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2 and not (tmp_path / "x.pdf").exists()
    r = run("report", "units", "--out", str(tmp_path / "x.txt"), "--db", initialised, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 2


def test_every_subcommand_runs_the_command_line_not_the_app() -> None:
    """`pr-desk` tells a command from the app by pr_desk.launch's list of subcommands (the app
    does not import the command line): each subcommand the parser knows must be on it."""
    import argparse

    from pr_desk.cli import build_parser
    from pr_desk.launch import COMMANDS, wants_gui

    parser = build_parser()
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert sorted(set(subcommands) - COMMANDS) == []
    assert not any(wants_gui(["--db", "office.sqlite", name]) for name in subcommands)
    assert wants_gui([]) and wants_gui(["--db", "sync", "--lang", "fa"])


def test_persian_reaches_a_console_of_another_code_page(tmp_path: Path) -> None:
    """A Windows console on cp1252 or cp1256 (here as PYTHONIOENCODING): errors and output
    are UTF-8 Persian, never \\u06cc escapes or an encoding crash."""
    for code_page in ("cp1252", "cp1256"):
        r = subprocess.run([sys.executable, "-m", "pr_desk.start", "check", "--db", str(tmp_path / "نیست" / "x.sqlite")],
                           capture_output=True, env=dict(os.environ, PYTHONIOENCODING=code_page), cwd=Path(__file__).resolve().parents[2])
        err = r.stderr.decode("utf-8")
        assert r.returncode == 2 and "\\u06" not in err and "ی" in err, err
        r = subprocess.run([sys.executable, "-m", "pr_desk.start", "report", "--list"], capture_output=True,
                           env=dict(os.environ, PYTHONIOENCODING=code_page), cwd=Path(__file__).resolve().parents[2])
        assert r.returncode == 0 and "گزارش" in r.stdout.decode("utf-8")


def test_one_time_password_must_be_changed_first_and_unlock(initialised: str) -> None:
    """Issue 19, item 7: a reset password marked "must change" is enforced by the command
    line as in the app; `user unlock` lifts a lock-out."""
    reset = run("user", "add", "sara", "--role", "clerk", "--password-stdin", "--db", initialised, "--as", "boss",
                stdin="first-pass-1405\n", env=AS_BOSS)
    assert reset.returncode == 0, reset.stderr
    r = run("user", "reset-password", "sara", "--password-stdin", "--db", initialised, "--as", "boss", stdin="once-pass-1405\n", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    as_sara = {"PR_DESK_PASSWORD": "once-pass-1405"}
    r = run("find", "x", "--db", initialised, "--as", "sara", env=as_sara)
    assert r.returncode == 2 and "change-password" in r.stderr
    r = run("user", "change-password", "--password-stdin", "--db", initialised, "--as", "sara", stdin="mine-pass-1405\n", env=as_sara)
    assert r.returncode == 0, r.stderr
    assert run("user", "list", "--db", initialised, "--as", "sara", env={"PR_DESK_PASSWORD": "mine-pass-1405"}).returncode == 2  # a clerk: refused by role, not by the password
    for _ in range(5):
        run("find", "x", "--db", initialised, "--as", "sara", env={"PR_DESK_PASSWORD": "wrong"})
    r = run("find", "x", "--db", initialised, "--as", "sara", env={"PR_DESK_PASSWORD": "mine-pass-1405"})
    assert r.returncode == 2 and "قفل" in r.stderr
    assert run("user", "unlock", "sara", "--db", initialised, "--as", "boss", env=AS_BOSS).returncode == 0
    assert run("find", "x", "--db", initialised, "--as", "sara", env={"PR_DESK_PASSWORD": "mine-pass-1405"}).returncode == 0
