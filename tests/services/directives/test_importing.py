"""Importing the office's existing register from Excel, on SQLite and PostgreSQL: a good
file becomes issued directives with their own numbers and recipients; a wrong, empty,
huge, malicious (formula text, control characters) or mixed-script file is refused whole,
each bad row named by its row, column and value, and the database is left unchanged."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pr_desk.domain.directives import DirectiveImportRow
from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.importing import ImportRejected
from pr_desk.domain.jalali import JalaliDate
from pr_desk.services import directives as dv
from pr_desk.services import units
from pr_desk.services.directives.importing import (
    MAX_IMPORT_ROWS,
    apply_directives_import,
    check_directives_import,
    import_directives,
    preview_directives_file,
    save_directives_template,
)
from tests.services.evaluation.factories import staff

YEAR = JalaliDate.today().year - 1


def row(n: int, **values: str) -> DirectiveImportRow:
    fields = {"number": f"د/{YEAR}/{n:03d}", "kind": "دستورالعمل", "title": f"دستورالعمل شماره {n}", "issuer": "معاونت روابط عمومی",
              "approved_on": f"{YEAR}/02/01", "issued_on": f"{YEAR}/02/03", "effective_on": "", "expires_on": "", "tags": "خبر، رسانه",
              "body": "ماده ۱ - متن.\nماده ۲ - متن.", "recipients": "همه مناطق"}
    fields.update(values)
    return DirectiveImportRow(n + 1, **fields)


def snapshot(db: Any, actor: Any) -> tuple[int, int]:
    return dv.count_directives(db, actor), len(dv.list_kinds(db, actor, include_retired=True))


def test_a_good_register_becomes_issued_directives_with_their_numbers(office: Any) -> None:
    db, admin = office
    units.add_unit(db, admin, name="سازمان زیباسازی شهر تهران", kind="organisation")
    rows = [
        row(12),
        row(4, number=f"ب/{YEAR}/004", kind="بخشنامه", title="ساعات پاسخگويي تلفني", recipients="D01، d02 ORG-001",
            issued_on=f"{YEAR}/07/15", approved_on="", expires_on=f"{YEAR + 1}/07/15", body=""),
        # mixed script: Persian and Arabic-Indic digits, Arabic yeh and kaf, the kind by its prefix
        row(5, number="آ / ۱۴۰۴ / ۰۰۵".replace("۱۴۰۴", str(YEAR).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))),
            kind="آئين‌نامه اجرايي", title="آيين‌نامه پاسخگويي به شكايات", issued_on="١٤٠٠/٠٥/٠٣".replace("١٤٠٠", str(YEAR).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))),
            approved_on="", recipients="D07"),
    ]
    assert check_directives_import(db, admin, rows) == []
    result = import_directives(db, admin, rows)
    assert (result.directives_added, result.recipients_added) == (3, 22 + 3 + 1)
    a = dv.find_by_number(db, admin, f"د/{YEAR}/012")
    assert a.status is dv.DirectiveStatus.IN_FORCE and a.current_version == 1 and a.recipients == 22 and a.issued_year == YEAR
    b = dv.find_by_number(db, admin, f"ب/{YEAR}/004")
    assert b.title == "ساعات پاسخگویی تلفنی" and b.kind_name == "بخشنامه" and b.expires_on is not None
    c = dv.find_by_number(db, admin, f"آ/{YEAR}/005")
    assert c.title == "آیین‌نامه پاسخگویی به شکایات" and c.kind_name == "آئین‌نامه اجرایی" and c.recipients == 1
    detail = dv.get_directive(db, admin, a.id)
    assert detail.latest.status is dv.VersionStatus.ISSUED and detail.latest.body.startswith("ماده ۱")
    assert detail.latest.issued_on == JalaliDate(YEAR, 2, 3).to_gregorian() and detail.info.tags == ("خبر", "رسانه")
    # Issuing carries on after the imported numbers, never giving one again.
    people = staff(db, admin)
    kind = next(k for k in dv.list_kinds(db, admin) if k.prefix == "د")
    d = dv.create_directive(db, people.clerk, kind_id=kind.id, title="تازه", body="متن")
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version, approved_on=JalaliDate(YEAR, 3, 1).to_gregorian())
    d = dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version, issued_on=JalaliDate(YEAR, 3, 2).to_gregorian())
    assert d.info.number == f"د/{YEAR}/013"
    with pytest.raises(PermissionDenied):  # imported rows arrive issued: a supervisor's or administrator's import
        import_directives(db, people.clerk, [row(20)])


BAD_ROWS: list[tuple[dict[str, str], str, str]] = [  # (cells, column header, value echoed)
    ({"kind": "نامه"}, "نوع", "نامه"),
    ({"issued_on": f"{YEAR}/13/01"}, "تاریخ ابلاغ", f"{YEAR}/13/01"),
    ({"number": f"ب/{YEAR}/001"}, "شماره", f"ب/{YEAR}/001"),  # a directive's number with a circular's prefix
    ({"recipients": "D01, D99"}, "گیرندگان", "D01, D99"),
    ({"effective_on": f"{YEAR}/01/01"}, "تاریخ اجرا", f"{YEAR}/01/01"),  # before its issue
    ({"issued_on": f"{YEAR + 2}/01/01", "approved_on": ""}, "تاریخ ابلاغ", f"{YEAR + 2}/01/01"),  # in the future
    ({"title": "=HYPERLINK(\"http://x\",\"click\")"}, "عنوان", "=HYPERLINK"),
    ({"issuer": "@SUM(A1)"}, "مرجع صادرکننده", "@SUM(A1)"),
    ({"number": "=1+1"}, "شماره", "=1+1"),
    ({"title": "عنوان\x07 با زنگ"}, "عنوان", "عنوان"),
    ({"number": f"د/{YEAR}/\x00777"}, "شماره", f"د/{YEAR}/"),
    ({"title": "خ" * 301}, "عنوان", "خخخ"),
    ({"title": "   "}, "عنوان", ""),
]


@pytest.mark.parametrize(("cells", "column", "value"), BAD_ROWS)
def test_a_bad_row_refuses_the_file_naming_row_column_and_value(office: Any, cells: dict[str, str], column: str, value: str) -> None:
    db, admin = office
    before = snapshot(db, admin)
    rows = [row(1), row(2, **cells), row(3)]
    problems = check_directives_import(db, admin, rows)
    assert [p.row_number for p in problems] == [3]
    problem = problems[0]
    assert problem.column == column and problem.value.startswith(value[:20]) and problem.message
    assert "\n" not in problem.message
    with pytest.raises(ImportRejected) as e:
        import_directives(db, admin, rows)
    assert "۱" in e.value.translated() and [p.row_number for p in e.value.problems] == [3]
    assert snapshot(db, admin) == before  # nothing written, not even the default kinds


def test_every_bad_row_is_named_and_two_bad_cells_of_a_row_both(office: Any) -> None:
    db, admin = office
    rows = [row(1), row(2, kind="؟", issued_on="دیروز"), replace(row(1, title="تکراری"), row_number=4), row(4, recipients="X1")]
    problems = check_directives_import(db, admin, rows)
    assert [(p.row_number, p.column) for p in problems] == [(3, "نوع"), (3, "تاریخ ابلاغ"), (4, "شماره"), (5, "گیرندگان")]
    assert "۲" in problems[2].message  # the number repeats row 2's
    import_directives(db, admin, [row(1)])
    problems = check_directives_import(db, admin, [row(1)])  # the register has that number now
    assert [(p.row_number, p.column) for p in problems] == [(2, "شماره")] and "دارد" in problems[0].message


def test_an_empty_or_oversized_file_is_one_clear_error(office: Any) -> None:
    db, admin = office
    with pytest.raises(UserError) as e:
        import_directives(db, admin, [])
    assert "\n" not in e.value.translated()
    with pytest.raises(UserError):
        import_directives(db, admin, [row(1)] * (MAX_IMPORT_ROWS + 1))
    assert snapshot(db, admin)[0] == 0


def _template(tmp_path: Path) -> Any:
    path = save_directives_template(tmp_path / "register.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    assert ws.sheet_view.rightToLeft and ws["A1"].value == "شماره" and ws["K1"].value == "گیرندگان"
    ws.delete_rows(2, 2)
    return wb, ws


def test_the_template_round_trip_and_a_real_formula_cell(office: Any, tmp_path: Path) -> None:
    db, admin = office
    wb, ws = _template(tmp_path)
    ws.append([f"د/{YEAR}/001", "دستورالعمل", "پوشش خبری", "", "", f"{YEAR}/02/03", "", "", "", "ماده ۱", "همه مناطق"])
    ws.append([f"د/{YEAR}/002", "دستورالعمل", "=1+1", "", "", f"{YEAR}/02/04", "", "", "", "", ""])  # a formula: no value
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    preview = preview_directives_file(db, admin, bad)
    assert preview.row_count == 2 and not preview.clean
    assert [(p.row_number, p.column) for p in preview.problems] == [(3, "عنوان")]
    with pytest.raises(ImportRejected):
        apply_directives_import(db, admin, preview)
    assert snapshot(db, admin)[0] == 0
    ws.delete_rows(3)
    good = tmp_path / "good.xlsx"
    wb.save(good)
    preview = preview_directives_file(db, admin, good)
    assert preview.clean
    assert apply_directives_import(db, admin, preview).directives_added == 1
    with pytest.raises(UserError):
        preview_directives_file(db, admin, tmp_path / "missing.xlsx")
    (tmp_path / "fake.xlsx").write_bytes(b"MZ\x90\x00 not a workbook")
    with pytest.raises(UserError):
        preview_directives_file(db, admin, tmp_path / "fake.xlsx")


def test_a_sheet_without_the_header_or_rows(office: Any, tmp_path: Path) -> None:
    db, admin = office
    wb, _ws = _template(tmp_path)
    empty = tmp_path / "empty.xlsx"
    wb.save(empty)
    with pytest.raises(UserError) as e:
        import_directives(db, admin, preview_directives_file(db, admin, empty).content)
    assert "\n" not in e.value.translated()
    from openpyxl import Workbook

    other = Workbook()
    other.active.append(["نام", "نام خانوادگی"])
    other.active.append(["علی", "رضایی"])
    path = tmp_path / "other.xlsx"
    other.save(path)
    with pytest.raises(UserError) as e:
        preview_directives_file(db, admin, path)
    assert "شماره" in e.value.translated()


def test_dates_are_kept_as_given(office: Any) -> None:
    db, admin = office
    import_directives(db, admin, [row(7, approved_on=f"{YEAR}/01/20", issued_on=f"{YEAR}/01/25", effective_on=f"{YEAR}/02/01")])
    d = dv.get_directive(db, admin, dv.find_by_number(db, admin, f"د/{YEAR}/007").id)
    assert d.latest.approved_on == JalaliDate(YEAR, 1, 20).to_gregorian()
    assert d.latest.effective_on == JalaliDate(YEAR, 2, 1).to_gregorian()
    r = dv.list_recipients(db, admin, d.info.id)[0]
    assert r.communicated_on == JalaliDate(YEAR, 1, 25).to_gregorian() and r.ack_due is not None
    assert r.ack_due > r.communicated_on and r.ack_due - r.communicated_on < dt.timedelta(days=10)
