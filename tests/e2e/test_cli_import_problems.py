"""`pr-desk import` lists every problem of every row on standard error, each naming its
row, column and value (a bad subject no longer hides a bad channel in the same row), and a
missing column is named with its sheet (issue 19, item 6)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.e2e.test_cli import ADMIN_PW, AS_BOSS, run


def test_every_problem_of_a_row_is_a_line_naming_row_column_and_value(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    r = run("init", "--db", db, "--admin", "boss", "--name", "مدیر", "--password-stdin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr
    book = Workbook()
    sheet = book.active
    sheet.title = "درخواست‌ها"
    sheet.append(["کد ملی", "نام", "نام خانوادگی", "تلفن همراه", "منطقه", "مقام ملاقات‌شونده", "موضوع", "نحوه مراجعه", "شرح درخواست"])
    sheet.append(["0012345679", "علی", "رضایی", "0912", "5", "شهردار", "هیچ", "کبوتر", "درخواست"])
    path = tmp_path / "meetings.xlsx"
    book.save(path)
    r = run("import", "meetings", str(path), "--db", db, "--as", "boss", env=AS_BOSS)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2, r.stderr
    assert "ردیف ۲، ستون تلفن همراه، «0912»: " in lines[0]
    assert lines[1].startswith("ردیف ۲، ستون مقام ملاقات‌شونده: ")
    assert lines[2] == "ردیف ۲، ستون موضوع: «هیچ» جزو گزینه‌ها نیست."
    assert lines[3] == "ردیف ۲، ستون نحوه مراجعه: «کبوتر» جزو گزینه‌ها نیست."
    assert len(lines) == 5 and "۱" in lines[4]  # one row refused, nothing imported

    sheet.delete_cols(6)  # no official column
    book.save(path)
    r = run("import", "meetings", str(path), "--db", db, "--as", "boss", env=AS_BOSS)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr
    assert "«مقام ملاقات‌شونده»" in lines[0] and "درخواست‌ها" in lines[0] and "«کد ملی»" not in lines[0]
