"""The Excel form round trip: written with the template's rows and ranges, read back cell by
cell, saved all or nothing with each bad cell named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.importing import ImportRejected
from pr_desk.services import evaluation as ev
from pr_desk.spreadsheets.evaluation import read_form_sheet, write_form_sheet
from tests.services.evaluation.factories import districts, small_template, staff


def _setup(db, admin):  # type: ignore[no-untyped-def]
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2 = districts(db, admin, 2)
    period = ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=3, template_id=template.id, unit_ids=[d1.id, d2.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id], inspector_id=people.inspector.user_id)
    return people, template, d1, d2, period


def _fill(path: Path, cells: dict[str, object]) -> None:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)


def test_round_trip_saves_scores_notes_and_visit(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people, template, d1, _d2, period = _setup(db, admin)
    sheet = ev.form_sheet(db, people.inspector, unit=d1.code, period="1404-Q3")
    out = write_form_sheet(sheet, tmp_path / "form.xlsx")
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft and ws.column_dimensions["J"].hidden
    assert wb["pr_desk_meta"].sheet_state == "hidden"
    # Row 8: the first axis heading; rows 9, 10 its indicators; row 11 the second axis; row 12 its indicator.
    assert ws["A8"].value.endswith("پوشش خبری") and ws["B9"].value == "انتشار خبر" and ws["E9"].value == 10
    assert ws["B12"].value == "دوره‌های آموزشی" and ws["E12"].value == 20
    ranges = {str(dv.sqref): (dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert ranges["C9:D9"] == ("0", "10") and ranges["C12:D12"] == ("0", "20")
    _fill(out, {"C9": 9, "D9": "۸", "G9": "+۳۰ خبر، گزارش پیوست", "C10": 5, "D10": 4.5, "C12": "20", "D12": 15,
                "C15": "1404/07/10", "C16": "مدیر روابط عمومی منطقه", "C17": "بولتن منظم است", "C18": "آموزش بیشتر"})
    detail = ev.import_form_sheet(db, people.inspector, read_form_sheet(out))
    lines = {line.name: line for line in detail.lines}
    assert lines["انتشار خبر"].inspector_score == Decimal("8.00") and lines["انتشار خبر"].evidence_note == "+۳۰ خبر، گزارش پیوست"
    assert lines["پایش رسانه"].inspector_score == Decimal("4.50")
    # 6×0.8 + 4×0.9 + 10×0.75 = 4.8 + 3.6 + 7.5 = 15.9 / 20 → 79.50
    assert detail.form.total == Decimal("79.50") and len(detail.visits) == 1
    assert detail.visits[0].findings == "بولتن منظم است"
    again = ev.import_form_sheet(db, people.inspector, read_form_sheet(out))  # importing twice adds no second visit
    assert len(again.visits) == 1
    # Written again, the sheet carries the saved scores.
    ws2 = load_workbook(write_form_sheet(ev.form_sheet(db, admin, unit=d1.id, period=period.id), tmp_path / "again.xlsx")).worksheets[0]
    assert ws2["D9"].value == 8 and ws2["D10"].value == 4.5


def test_bad_cells_are_all_named_and_nothing_is_saved(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people, _template, d1, d2, period = _setup(db, admin)
    out = write_form_sheet(ev.form_sheet(db, admin, unit=d1.code, period="1404-Q3"), tmp_path / "form.xlsx")
    _fill(out, {"C9": 12, "D9": -1, "C10": "هفت", "D10": "2.555", "E12": 25, "C15": "1404/13/01"})
    with pytest.raises(ImportRejected) as err:
        ev.import_form_sheet(db, admin, read_form_sheet(out))
    found = {p.cell: p.message for p in err.value.problems}
    assert found["C9"] == "۱۲ بیشتر از حداکثر ۱۰ است"
    assert "کمتر از صفر" in found["D9"] and "عدد نیست" in found["C10"] and "دو رقم اعشار" in found["D10"]
    assert "حداکثر" in found["E12"] and "ماه" in found["C15"]
    assert list(found) == ["C9", "D9", "C10", "D10", "E12", "C15"]  # in the order of the sheet
    assert ev.find_form(db, admin, period_id=period.id, unit_id=d1.id) is None  # nothing written, not even a draft
    # An inspector cannot import another inspector's (or an unassigned) unit.
    other = write_form_sheet(ev.form_sheet(db, admin, unit=d2.code, period="1404-Q3"), tmp_path / "d2.xlsx")
    with pytest.raises(PermissionDenied):
        ev.import_form_sheet(db, people.inspector, read_form_sheet(other))
    with pytest.raises(PermissionDenied):
        ev.form_sheet(db, people.inspector, unit=d2.code, period="1404-Q3")


def test_a_form_of_another_template_version_or_with_changed_rows_is_refused(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people, template, d1, _d2, period = _setup(db, admin)
    old = write_form_sheet(ev.form_sheet(db, admin, unit=d1.code, period="1404-Q3"), tmp_path / "old.xlsx")
    # A row's key copied over another row: the copied row is refused, the lost one is missing.
    _fill(old, {"J10": load_workbook(old).worksheets[0]["J9"].value})
    with pytest.raises(ImportRejected) as err:
        ev.import_form_sheet(db, admin, read_form_sheet(old))
    assert {p.cell for p in err.value.problems} == {"J10", "J"}
    # The period moves to a new template version (a template in use changes): the old file is refused.
    axes = [ev.AxisInput(a.name, [ev.IndicatorInput(i.name, i.weight, i.max_score) for i in a.indicators]) for a in template.axes]
    new_template = ev.update_template(db, admin, template.id, name=template.name, axes=axes)
    ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=4, template_id=new_template.id, unit_ids=[d1.id])
    q4 = write_form_sheet(ev.form_sheet(db, admin, unit=d1.code, period="1404-Q4"), tmp_path / "q4.xlsx")
    sheet = read_form_sheet(q4)
    sheet.meta["period"] = "1404-Q3"  # a Q4 form (new version) handed in as Q3 (old version)
    with pytest.raises(UserError, match="نسخه"):
        ev.import_form_sheet(db, admin, sheet)
    not_excel = tmp_path / "x.xlsx"
    not_excel.write_bytes(b"not a workbook")
    with pytest.raises(UserError):
        read_form_sheet(not_excel)
    assert ev.find_form(db, admin, period_id=period.id, unit_id=d1.id) is None
