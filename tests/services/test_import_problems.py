"""Every import refuses a bad file with the same error, and each problem names its row, its
column, the cell's text and what is wrong; the previews read and check a file without
writing and the applies write all of it or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pr_desk.domain.importing import ImportRejected
from pr_desk.domain.meetings import MeetingImportRow
from pr_desk.domain.roles import Role, UserImportRow
from pr_desk.domain.units import UnitImportRow
from pr_desk.services import evaluation as ev
from pr_desk.services import units, users
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings.importing import import_meetings
from pr_desk.spreadsheets.evaluation import read_form_sheet, write_form_sheet
from tests.services.evaluation.factories import districts, small_template, staff
from tests.services.meetings.factories import actor, national_code


def _where(error: ImportRejected) -> list[tuple[int, str, str]]:
    return [(p.row_number, p.column, p.value) for p in error.problems]


def test_units_name_row_column_and_value(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    rows = [UnitImportRow(2, "ORG-1", "سازمان یک", "سازمان وابسته", ""), UnitImportRow(3, "CO-9", "شرکت نه", "نوع عجیب", ""),
            UnitImportRow(4, "ORG-1", "سازمان دو", "organisation", "")]
    with pytest.raises(ImportRejected) as refused:
        units.import_units(db, admin, rows)
    assert _where(refused.value) == [(3, "نوع", "نوع عجیب"), (4, "کد", "ORG-1")]
    assert "۲" in str(refused.value) and units.count_units(db, admin) == 22


def test_users_name_every_bad_cell_of_a_row(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    rows = [UserImportRow(2, "=x", "ن" * 300, "امپراتور"), UserImportRow(3, "admin", "", "clerk")]
    with pytest.raises(ImportRejected) as refused:
        users.import_users(db, admin, rows)
    assert _where(refused.value) == [(2, "نام کاربری", "=x"), (2, "نام و نام خانوادگی", "ن" * 40 + "…"), (2, "نقش", "امپراتور"),
                                     (3, "نام کاربری", "admin")]
    assert "۲" in str(refused.value)  # two rows, four problems


def test_meetings_name_the_column_even_where_the_check_calls_it_otherwise(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    mr.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")

    def row(number: int, **kw: str) -> MeetingImportRow:
        values = dict(national_code=national_code(number), first_name="مریم", last_name="احمدی", mobile="", district="6",
                      official="شهردار تهران", subject="", channel="", description="درخواست", registered_on="1404/09/01")
        values.update(kw)
        return MeetingImportRow(number, **values)  # type: ignore[arg-type]

    with pytest.raises(ImportRejected) as refused:
        import_meetings(db, clerk, [row(2), row(3, official="کسی که نیست"), row(4, subject="هیچ"), row(5, registered_on="1404/13/01")])
    assert _where(refused.value) == [(3, "مقام ملاقات‌شونده", "کسی که نیست"), (4, "موضوع", "هیچ"), (5, "تاریخ ثبت", "1404/13/01")]
    assert mr.count_requests(db, admin) == 0


def test_the_evaluation_form_names_cells_with_their_column(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    (d1,) = districts(db, admin, 1)
    ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=3, template_id=template.id, unit_ids=[d1.id])
    out = write_form_sheet(ev.form_sheet(db, admin, unit=d1.code, period="1404-Q3"), tmp_path / "form.xlsx")
    book = load_workbook(out)
    book.worksheets[0]["D9"] = 12
    book.save(out)
    preview = ev.preview_form_file(db, admin, out)
    assert [(p.row_number, p.column, p.value, p.cell) for p in preview.problems] == [(9, "امتیاز بازرس", "12", "D9")]
    with pytest.raises(ImportRejected) as refused:
        ev.import_form_sheet(db, admin, preview.content)
    assert refused.value.problems == list(preview.problems) and "خانه" in str(refused.value)
    with pytest.raises(ImportRejected):
        ev.import_form_sheet(db, admin, read_form_sheet(out))


def test_a_preview_reads_and_checks_without_writing_and_its_apply_is_all_or_nothing(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    path = tmp_path / "units.xlsx"
    book = Workbook()
    book.active.append(["کد", "نام واحد", "نوع", "منطقه", "توضیحات"])
    book.active.append(["ORG-7", "سازمان هفت", "سازمان وابسته", "", ""])
    book.active.append(["ORG-8", "", "سازمان وابسته", "", ""])
    book.save(path)
    steps: list[str] = []
    preview = units.preview_units_file(db, admin, path, step=steps.append)
    assert steps == ["در حال خواندن \u2066units.xlsx\u2069…", "در حال بررسی ۲ ردیف…"]
    assert preview.file_name == "units.xlsx" and preview.row_count == 2 and preview.bad_rows == 1 and not preview.clean
    assert [(p.row_number, p.column) for p in preview.problems] == [(3, "نام واحد")]
    with pytest.raises(ImportRejected):
        units.import_units(db, admin, preview.content)
    assert units.count_units(db, admin) == 22

    def stop(_message: str) -> None:
        raise KeyboardInterrupt  # a cancel, as the UI's progress dialog makes one

    with pytest.raises(KeyboardInterrupt):
        users.preview_users_file(db, admin, path, step=stop)
    with pytest.raises(Exception, match="نام کاربری"):  # a units file is no users file: its header is missing
        users.preview_users_file(db, admin, path)
    assert users.count_users(db, admin) == 1
