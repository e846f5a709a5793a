"""`pr-desk template meetings`, `pr-desk import meetings` (all rows or none) and `pr-desk find`."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pr_desk.domain.national_code import national_code_check_digit
from tests.e2e.test_cli import AS_BOSS, initialised, run

__all__ = ["initialised"]


def _code(first: str) -> str:
    return first + str(national_code_check_digit(first))


def test_template_import_all_or_nothing_and_find(initialised: str, tmp_path: Path) -> None:
    db = initialised
    from pr_desk.services.auth import login
    from pr_desk.services.meetings import requests as mr
    from pr_desk.services.setup import open_or_create

    opened = open_or_create(db, create=False)
    try:
        boss = login(opened.db, "boss", AS_BOSS["PR_DESK_PASSWORD"])
        mr.add_official(opened.db, boss, name="علیرضا زاکانی", title="شهردار تهران")
    finally:
        opened.db.dispose()

    template = tmp_path / "meetings.xlsx"
    r = run("template", "meetings", "--out", str(template))
    assert r.returncode == 0, r.stderr
    wb = load_workbook(template)
    ws = wb.active
    assert ws.sheet_view.rightToLeft and ws["A1"].value == "کد ملی"
    ws.delete_rows(2)
    good = _code("001234567")
    ws.append([good, "علي", "محمدی", "۰۹۱۲۱۲۳۴۵۶۷", "5", "شهردار تهران", "خدمات شهری", "حضوری", "جمع‌آوری زباله", "1405/08/01", "", ""])
    ws.append(["0012345678", "سارا", "کاظمی", "09121112233", "7", "شهردار تهران", "ترافیک و حمل‌ونقل", "تلفنی", "سرعت‌گیر", "1405/08/02", "", ""])
    ws.append([_code("123123123"), "رضا", "نوری", "0912", "30", "معاون ناشناس", "x", "", "", "1405/13/01", "", ""])
    bad_file = tmp_path / "bad.xlsx"
    wb.save(bad_file)
    r = run("import", "meetings", str(bad_file), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("ردیف ۳") and lines[1].startswith("ردیف ۴") and "۲" in lines[-1]
    r = run("find", "--db", db, "--as", "boss", env=AS_BOSS)
    assert "۰ درخواست" in r.stdout or "0 درخواست" in r.stdout  # nothing was imported

    ws.delete_rows(3, 2)
    good_file = tmp_path / "good.xlsx"
    wb.save(good_file)
    r = run("import", "meetings", str(good_file), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    r = run("find", "علي", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "A05-000001" in r.stdout and good in r.stdout and "علی محمدی" in r.stdout
    r = run("find", "۰۹۱۲", "--status", "waiting", "--from", "1405/07/01", "--to", "1405/09/01", "--db", db, "--as", "boss", env=AS_BOSS)
    assert "A05-000001" in r.stdout
    r = run("find", "x", "--from", "1405/07/32", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1
