"""An import names every problem of every row, not the first of each: each with its row,
its column and the cell's text; a value not in a list names its column; a missing column
is named with the sheet it is missing from (issue 19, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from pr_desk.domain.errors import UserError
from pr_desk.domain.importing import ImportRejected, RowProblem, describe, problem_lines
from pr_desk.domain.meetings import MeetingImportRow
from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitImportRow
from pr_desk.services import units
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings.importing import check_meetings_import, import_meetings
from tests.services.meetings.factories import actor, national_code


def _where(problems: list[RowProblem]) -> list[tuple[int, str, str]]:
    return [(p.row_number, p.column, p.value) for p in problems]


def test_a_meeting_row_names_each_of_its_bad_cells(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    mr.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    good = MeetingImportRow(2, national_code(2), "مریم", "احمدی", "", "6", "شهردار تهران", "", "", "درخواست", "1404/09/01", "", "")
    bad = MeetingImportRow(3, "0012345678", "", "رضایی", "0912", "30", "کسی", "هیچ", "کبوتر", "درخواست", "1404/13/01", "", "")
    problems = check_meetings_import(db, clerk, [good, bad])
    assert _where(problems) == [(3, "کد ملی", "0012345678"), (3, "نام", ""), (3, "تلفن همراه", "0912"), (3, "منطقه", "30"),
                                (3, "مقام ملاقات‌شونده", "کسی"), (3, "موضوع", "هیچ"), (3, "نحوه مراجعه", "کبوتر"),
                                (3, "تاریخ ثبت", "1404/13/01")]
    with pytest.raises(ImportRejected) as refused:
        import_meetings(db, clerk, [good, bad])
    assert refused.value.problems == problems and mr.count_requests(db, admin) == 0
    # A value not in a list: its line names the column, the value and the problem.
    assert describe(problems[6]) == "ردیف ۳، ستون نحوه مراجعه: «کبوتر» جزو گزینه‌ها نیست."
    assert describe(problems[1]).startswith("ردیف ۳، ستون نام (خالی): ")


def test_a_unit_row_names_each_of_its_bad_cells(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    rows = [UnitImportRow(2, "ORG 1!", "", "نوع عجیب", "40", "")]
    with pytest.raises(ImportRejected) as refused:
        units.import_units(db, admin, rows)
    assert _where(refused.value.problems) == [(2, "نوع", "نوع عجیب"), (2, "نام واحد", ""), (2, "منطقه", "40"), (2, "کد", "ORG 1!")]
    assert units.count_units(db, admin) == 22


def _sheet(path: Path, title: str, *rows: list[str]) -> Path:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_missing_column_is_named_with_its_sheet(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    path = _sheet(tmp_path / "units.xlsx", "واحدها", ["کد", "نام واحد", "منطقه"], ["ORG-7", "سازمان هفت", ""])
    with pytest.raises(UserError) as refused:
        units.preview_units_file(db, admin, path)
    text = refused.value.translated()
    assert "«نوع»" in text and "واحدها" in text and "«نام واحد»" not in text
    path = _sheet(tmp_path / "other.xlsx", "Sheet9", ["a", "b"], ["1", "2"])
    with pytest.raises(UserError) as refused:
        units.preview_units_file(db, admin, path)
    text = refused.value.translated()
    assert "«نوع»" in text and "«نام واحد»" in text and "Sheet9" in text


def test_the_lines_of_a_refusal_are_capped_and_the_rest_counted() -> None:
    problems = [RowProblem(n, "خالی است.", "نام", "") for n in range(2, 252)]
    lines = problem_lines(problems, limit=200)
    assert len(lines) == 201 and lines[0].startswith("ردیف ۲، ستون نام") and "۵۰" in lines[-1]
    assert problem_lines(problems[:3]) == [describe(p) for p in problems[:3]]
    assert describe(RowProblem(9, "بیشتر از حداکثر است.", "امتیاز بازرس", "12", "D9")) == "D9: بیشتر از حداکثر است."
    assert describe(RowProblem(4, "عدد نیست.", "منطقه", "x")) == "ردیف ۴، ستون منطقه، «x»: عدد نیست."
