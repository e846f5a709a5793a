"""Slice B: an event's budget (lines by category, whole Rials, totals, over-budget lines),
held by supervisors: a clerk is refused and sees no figure; the Excel sheet has SUM
formulas for the totals only (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pr_desk.data.events.models import BudgetLine
from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.services.context import read
from pr_desk.services.events import budget as bg
from pr_desk.services.events import tasks as tk
from tests.services.events.planning_helpers import make_event, staff


def _rows(db: Any) -> list[tuple[str, int, int, int]]:
    with read(db) as s:
        return [(r.category, r.planned, r.committed, r.paid)
                for r in s.query(BudgetLine).filter(BudgetLine.deleted_at.is_(None)).order_by(BudgetLine.sort_order)]


def test_lines_totals_and_over_budget(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin)
    sup = people.supervisor
    hall = bg.add_budget_line(db, sup, event_id=event_id, category="محل برگزاری", description="تالار وحدت",
                              planned="۱۲٬۵۰۰٬۰۰۰", committed=12_500_000, paid="10,000,000")
    food = bg.add_budget_line(db, sup, event_id=event_id, category="پذیرایی", planned=80_000_000, committed=95_000_000)
    assert hall.planned == 12_500_000 and hall.paid == 10_000_000 and not hall.over_budget
    assert food.over_budget and food.sort_order == hall.sort_order + 1
    budget = bg.get_budget(db, sup, event_id=event_id)
    assert (budget.planned, budget.committed, budget.paid) == (92_500_000, 107_500_000, 10_000_000)
    assert budget.over_budget and [line.id for line in budget.over_lines] == [food.id]
    edited = bg.edit_budget_line(db, sup, line_id=food.id, category="پذیرایی", planned=100_000_000,
                                 committed=95_000_000, paid=0, expected_version=food.version)
    assert not edited.over_budget
    with pytest.raises(StaleRecord):
        bg.edit_budget_line(db, sup, line_id=food.id, category="پذیرایی", expected_version=food.version)
    bg.remove_budget_line(db, people.admin, line_id=hall.id)
    assert [line.id for line in bg.get_budget(db, sup, event_id=event_id).lines] == [food.id]


@pytest.mark.parametrize("field, value", [("planned", -1), ("planned", "-۵۰۰"), ("committed", 12.5), ("paid", "۱۲٫۵"),
                                          ("paid", "دوازده"), ("planned", True), ("planned", 10**16)])
def test_bad_amounts_get_one_sentence_and_change_nothing(office: Any, field: str, value: object) -> None:
    db, admin = office
    event_id = make_event(db, admin)
    line = bg.add_budget_line(db, admin, event_id=event_id, category="چاپ و تبلیغات", planned=5_000_000)
    before = _rows(db)
    with pytest.raises(UserError) as err:
        bg.add_budget_line(db, admin, event_id=event_id, category="سایر", **{field: value})
    text = err.value.translated()
    assert err.value.field == field and text.count(".") == 1 and text.endswith(".")
    with pytest.raises(UserError):
        bg.edit_budget_line(db, admin, line_id=line.id, category="چاپ و تبلیغات", **{field: value})
    with pytest.raises(UserError):
        bg.add_budget_line(db, admin, event_id=event_id, category="  ", planned=1)
    assert _rows(db) == before


def test_a_clerk_and_an_inspector_get_no_budget(office: Any, tmp_path: Path) -> None:
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin)
    line = bg.add_budget_line(db, people.supervisor, event_id=event_id, category="پذیرایی", planned=1_000)
    for who in (people.clerk, people.inspector):
        with pytest.raises(PermissionDenied):
            bg.get_budget(db, who, event_id=event_id)
        with pytest.raises(PermissionDenied):
            bg.add_budget_line(db, who, event_id=event_id, category="x", planned=1)
        with pytest.raises(PermissionDenied):
            bg.edit_budget_line(db, who, line_id=line.id, category="x", planned=1)
        with pytest.raises(PermissionDenied):
            bg.remove_budget_line(db, who, line_id=line.id)
        with pytest.raises(PermissionDenied):
            bg.export_budget_xlsx(db, who, event_id=event_id, path=tmp_path / "b.xlsx")
    assert not (tmp_path / "b.xlsx").exists()
    # what a clerk does receive about an event's plan carries no budget figure
    t = tk.add_task(db, people.clerk, event_id=event_id, title="x", due_on=tk.today())
    names = {f.name for f in dataclasses.fields(t)}
    assert not names & {"planned", "committed", "paid", "budget"}


def test_budget_sheet_in_excel_has_formulas_for_totals_only(office: Any, tmp_path: Path) -> None:
    db, admin = office
    event_id = make_event(db, admin, title="جشنواره رسانه‌های شهری")
    bg.add_budget_line(db, admin, event_id=event_id, category="محل برگزاری", description="=cmd|' /C calc'!A0",
                       planned=12_500_000, committed=12_500_000, paid=10_000_000)
    bg.add_budget_line(db, admin, event_id=event_id, category="پذیرایی", planned=80_000_000, committed=95_000_000)
    bg.add_budget_line(db, admin, event_id=event_id, category="چاپ و تبلیغات", planned=7_000_000)
    out = bg.export_budget_xlsx(db, admin, event_id=event_id, path=tmp_path / "budget.xlsx")
    wb = load_workbook(out)
    ws = wb.active
    assert ws.sheet_view.rightToLeft
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "دسته")
    lines = list(range(header + 1, header + 4))
    assert [ws.cell(r, 1).value for r in lines] == ["محل برگزاری", "پذیرایی", "چاپ و تبلیغات"]
    assert ws.cell(lines[0], 2).value == "=cmd|' /C calc'!A0" and ws.cell(lines[0], 2).data_type == "s"
    for r in lines:
        for c in (3, 4, 5):
            cell = ws.cell(r, c)
            assert isinstance(cell.value, int) and cell.number_format == "#,##0"
    total = header + 4
    assert ws.cell(total, 1).value == "جمع"
    for c, letter in ((3, "C"), (4, "D"), (5, "E")):
        assert ws.cell(total, c).value == f"=SUM({letter}{lines[0]}:{letter}{lines[-1]})"
        assert ws.cell(total, c).number_format == "#,##0"
    formulas = [cell.coordinate for row in ws.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type == "f"]
    assert formulas == [f"{letter}{total}" for letter in "CDE"]
