"""An event's budget: lines by category with the planned, committed and paid sums in whole
Rials, their totals, and the lines that went over their plan (committed or paid above the
planned sum). Everything here needs MANAGE_EVENT_BUDGETS: a clerk is refused and receives
no budget figure from any service. The sheet exports to Excel with SUM formulas for the
totals (reports/budget_sheet.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pr_desk.data.engine import Database
from pr_desk.data.events import planning as q
from pr_desk.data.events.models import BudgetLine, Event
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.events import check_amount
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_, _, is_rtl
from pr_desk.services.context import Actor, check_version, read, require, write

if TYPE_CHECKING:
    from pr_desk.reports.budget_sheet import BudgetSheet

__all__ = [
    "CATEGORIES", "BudgetInfo", "BudgetLineInfo", "add_budget_line", "edit_budget_line", "export_budget_xlsx",
    "get_budget", "remove_budget_line",
]

MAX_CATEGORY = 120
MAX_DESCRIPTION = 300
# The office's usual categories (the box offers them; any other may be typed).
CATEGORIES: tuple[str, ...] = (
    "محل برگزاری", "پذیرایی", "چاپ و تبلیغات", "صوت و تصویر", "هدایا و لوح تقدیر", "ایاب و ذهاب",
    "تشریفات و انتظامات", "اقامت", "سایر",
)


@dataclass(frozen=True)
class BudgetLineInfo:
    id: uuid.UUID
    event_id: uuid.UUID
    category: str
    description: str
    planned: int
    committed: int
    paid: int
    sort_order: int
    version: int

    @property
    def over_budget(self) -> bool:
        return self.committed > self.planned or self.paid > self.planned


@dataclass(frozen=True)
class BudgetInfo:
    event_id: uuid.UUID
    event_code: str
    event_title: str
    lines: tuple[BudgetLineInfo, ...]

    @property
    def planned(self) -> int:
        return sum(line.planned for line in self.lines)

    @property
    def committed(self) -> int:
        return sum(line.committed for line in self.lines)

    @property
    def paid(self) -> int:
        return sum(line.paid for line in self.lines)

    @property
    def over_budget(self) -> bool:
        return self.committed > self.planned or self.paid > self.planned

    @property
    def over_lines(self) -> tuple[BudgetLineInfo, ...]:
        return tuple(line for line in self.lines if line.over_budget)


def _info(line: BudgetLine) -> BudgetLineInfo:
    return BudgetLineInfo(line.id, line.event_id, line.category, line.description, int(line.planned), int(line.committed),
                          int(line.paid), line.sort_order, line.version)


def _load_event(session: Session, event_id: uuid.UUID) -> Event:
    event = q.event(session, event_id)
    if event is None:
        raise UserError(N_("This event no longer exists."))
    return event


def _load_line(session: Session, line_id: uuid.UUID) -> BudgetLine:
    line = q.budget_line(session, line_id)
    if line is None:
        raise UserError(N_("This budget line no longer exists."))
    return line


def _budget(session: Session, event: Event) -> BudgetInfo:
    return BudgetInfo(event.id, event.code, event.title, tuple(_info(line) for line in q.budget_lines(session, event.id)))


def _checked(category: str, description: str, planned: object, committed: object, paid: object
             ) -> tuple[str, str, int, int, int]:
    return (require_text(category, N_("Category"), MAX_CATEGORY, field="category"),
            optional_text(description, N_("Line description"), MAX_DESCRIPTION, field="description") or "",
            check_amount(planned, field="planned"), check_amount(committed, field="committed"),
            check_amount(paid, field="paid"))


def get_budget(db: Database, actor: Actor, *, event_id: uuid.UUID) -> BudgetInfo:
    require(actor, Permission.MANAGE_EVENT_BUDGETS)
    with read(db) as session:
        return _budget(session, _load_event(session, event_id))


def add_budget_line(db: Database, actor: Actor, *, event_id: uuid.UUID, category: str, description: str = "",
                    planned: object = 0, committed: object = 0, paid: object = 0) -> BudgetLineInfo:
    """A new line at the end of the budget; amounts are whole Rials (Persian digits and
    thousands separators accepted in text)."""
    require(actor, Permission.MANAGE_EVENT_BUDGETS)
    values = _checked(category, description, planned, committed, paid)
    with write(db, actor) as session:
        _load_event(session, event_id)
        order = max((line.sort_order for line in q.budget_lines(session, event_id)), default=-1) + 1
        line = BudgetLine(event_id=event_id, category=values[0], description=values[1], planned=values[2],
                          committed=values[3], paid=values[4], sort_order=order)
        session.add(line)
        session.flush()
        return _info(line)


def edit_budget_line(db: Database, actor: Actor, *, line_id: uuid.UUID, category: str, description: str = "",
                     planned: object = 0, committed: object = 0, paid: object = 0,
                     expected_version: int | None = None) -> BudgetLineInfo:
    require(actor, Permission.MANAGE_EVENT_BUDGETS)
    values = _checked(category, description, planned, committed, paid)
    with write(db, actor) as session:
        line = _load_line(session, line_id)
        check_version(line.version, expected_version)
        line.category, line.description, line.planned, line.committed, line.paid = values
        session.flush()
        return _info(line)


def remove_budget_line(db: Database, actor: Actor, *, line_id: uuid.UUID, expected_version: int | None = None) -> None:
    require(actor, Permission.MANAGE_EVENT_BUDGETS)
    with write(db, actor) as session:
        line = _load_line(session, line_id)
        check_version(line.version, expected_version)
        line.deleted_at = utcnow()


def budget_sheet(budget: BudgetInfo) -> BudgetSheet:
    """The one Excel budget sheet of an event: the budget tab's export and the event-budget
    report's Excel file are both this (amounts as whole numbers, totals as SUM formulas)."""
    from pr_desk.reports.budget_sheet import BudgetSheet, SheetLine

    return BudgetSheet(
        title=_("Budget of {title}").format(title=budget.event_title),
        subtitle=_("Event {code}").format(code=budget.event_code),
        headers=(_("Category"), _("Line description"), _("Planned (Rials)"), _("Committed (Rials)"), _("Paid (Rials)")),
        total_label=_("Total"),
        lines=[SheetLine(line.category, line.description, line.planned, line.committed, line.paid, line.over_budget)
               for line in budget.lines],
        sheet_name=_("Budget"),
        rtl=is_rtl(),
    )


def export_budget_xlsx(db: Database, actor: Actor, *, event_id: uuid.UUID, path: str | Path) -> Path:
    """The budget sheet as an Excel file: amounts as whole numbers with thousands
    separators, the totals row as SUM formulas."""
    from pr_desk.reports.budget_sheet import write_budget_xlsx

    return write_budget_xlsx(budget_sheet(get_budget(db, actor, event_id=event_id)), path)
