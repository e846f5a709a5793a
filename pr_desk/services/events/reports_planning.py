"""Event planning's printed pages of slice B, as report kinds of the catalogue:

- `event-budget`: the budget lines of an event with their totals, over-budget lines marked
  (supervisors and administrators only: a clerk is refused); its Excel file is the budget
  tab's sheet (budget.budget_sheet: the totals as SUM formulas, nothing else a formula);
- `event-report`: after the event: attendance (guests on the list, invited, accepted,
  present), the budget's actual against its plan (left out for a clerk), the tasks done
  late and the lessons learned;
- `event-brief`: one A4 page for the official: what, when, where, who speaks, the
  officials taking part and what is ready.

Filter `event=CODE` (E1405-012, Persian digits accepted); with no filter, the next event
(the nearest one starting today or later, else the latest). The integrator's
services/events/reports.py collects KINDS and FILTERS."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pr_desk.data.engine import Database
from pr_desk.data.events import planning as q
from pr_desk.domain.errors import UserError
from pr_desk.domain.events import (
    EventStatus,
    TaskStatus,
)
from pr_desk.domain.followup import REMINDER_TINTS, ReminderLevel
from pr_desk.domain.jalali import JalaliDate, format_jalali
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import format_number, span, to_persian_digits
from pr_desk.i18n import N_, _, current_language, ngettext
from pr_desk.reports.model import Column, Heading, LabelValues, Paragraph, ReportSpec, Table, Tinted
from pr_desk.reports.registry import register_report
from pr_desk.services.context import Actor, read, require
from pr_desk.services.events import budget as bg
from pr_desk.services.events import tasks as tk

EVENT_HELP = N_("the event's code, e.g. E1405-012 (default: the next event)")
FILTERS: dict[str, dict[str, str]] = {
    "event-budget": {"event": EVENT_HELP},
    "event-report": {"event": EVENT_HELP},
    "event-brief": {"event": EVENT_HELP},
}
OVER_TINT = "#ef9a9a"
BRIEF_PROGRAMME_ROWS = 12  # one page: the first items of the running order
BRIEF_OPEN_TASKS = 8


@dataclass(frozen=True)
class EventFacts:
    """What the printed pages say about the event itself (no budget figure)."""

    id: uuid.UUID
    code: str
    title: str
    type_name: str
    status: EventStatus
    start_on: dt.date
    end_on: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str
    venue_address: str
    venue_capacity: int
    organiser: str
    description: str
    lessons: str
    expected_guests: int


@dataclass(frozen=True)
class Attendance:
    on_list: int
    invited: int  # invited, whatever they answered
    accepted: int
    present: int  # checked in, walk-ins included
    walk_ins: int


# --- reading ----------------------------------------------------------------------------------

def _fa() -> bool:
    return current_language() == "fa"


def _n(value: int) -> str:
    return format_number(value, persian=_fa())


def _digits(text: str) -> str:
    return to_persian_digits(text) if _fa() else text


def _date(day: dt.date | None) -> str:
    return format_jalali(day, persian_digits=_fa()) if day else "—"


def _long_date(day: dt.date) -> str:
    return JalaliDate.from_gregorian(day).format_long(weekday=True, persian_digits=_fa())


def _hm(t: dt.time | None) -> str:
    return _digits(t.strftime("%H:%M")) if t else ""


def _context(params: Mapping[str, Any]) -> tuple[Database, Actor]:
    try:
        return params["db"], params["actor"]
    except KeyError as exc:
        raise UserError(N_("This report needs an open database and a logged-in user.")) from exc


def _facts(db: Database, event_id: uuid.UUID) -> EventFacts:
    with read(db) as session:
        row = q.event_facts(session, event_id)
        if row is None:
            raise UserError(N_("This event no longer exists."))
        e, type_name, venue, organiser = row
        return EventFacts(e.id, e.code, e.title, type_name, EventStatus(e.status), e.start_on, e.end_on, e.start_time,
                          e.end_time, venue.name if venue else "", venue.address if venue else "",
                          venue.capacity if venue else 0, organiser, e.description, e.lessons, e.expected_guests)


def chosen_event(db: Database, actor: Actor, params: Mapping[str, Any]) -> EventFacts | None:
    """The event of the `event` filter (a code), or the next event; None when there are none."""
    from pr_desk.services.events.events import event_of_filter

    found = event_of_filter(db, actor, params.get("event"))
    return _facts(db, found.id) if found is not None else None


def attendance(db: Database, actor: Actor, *, event_id: uuid.UUID) -> Attendance:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        on_list, invited, accepted, present = q.guest_counts(session, event_id)
        walk_ins = q.walk_ins(session, event_id)
        return Attendance(on_list, invited, accepted, present, walk_ins)


def _when(e: EventFacts) -> str:
    day = _long_date(e.start_on)
    if e.end_on != e.start_on:
        day = span(day, _long_date(e.end_on))
    times = span(_hm(e.start_time), _hm(e.end_time)) if e.start_time and e.end_time else _hm(e.start_time)
    return "{day}، {at}".format(day=day, at=_("at {time}").format(time=times)) if times else day


def _where(e: EventFacts) -> str:
    if not e.venue:
        return _("Not chosen yet")
    return f"{e.venue}، {e.venue_address}" if e.venue_address else e.venue


def _cols(columns: Sequence[Column]) -> list[Column]:
    """The columns with their labels in the current language (the writers print them as given)."""
    return [Column(c.key, _(c.label), c.kind, c.width) for c in columns]


def _subtitle(e: EventFacts) -> str:
    return f"{_digits(e.code)} — {e.title}"


def _nothing(title: str, actor: Actor) -> ReportSpec:
    message = _("There are no events yet.")
    return ReportSpec(title=title, printed_by=actor.display_name, before=[Paragraph(message)], empty_message=message)


def _event_lines(e: EventFacts) -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = [
        (_("Event"), e.title), (_("Code"), _digits(e.code)), (_("Event type"), e.type_name), (_("When"), _when(e)),
        (_("Where"), _where(e)), (_("Status"), e.status.label),
    ]
    if e.organiser:
        items.append((_("Organiser"), e.organiser))
    return items


# --- event-budget ---------------------------------------------------------------------------------

BUDGET_COLUMNS = (
    Column("category", N_("Category"), width=1.4), Column("description", N_("Line description"), width=2.2),
    Column("planned", N_("Planned (Rials)"), "rials", width=1.3), Column("committed", N_("Committed (Rials)"), "rials", width=1.3),
    Column("paid", N_("Paid (Rials)"), "rials", width=1.3), Column("state", N_("Over budget"), width=0.9),
)


def _budget_rows(budget: bg.BudgetInfo) -> list[dict[str, Any]]:
    return [{"category": line.category, "description": line.description, "planned": line.planned,
             "committed": line.committed, "paid": line.paid,
             "state": Tinted(_("Over budget"), OVER_TINT) if line.over_budget else ""} for line in budget.lines]


def _budget_totals(budget: bg.BudgetInfo) -> dict[str, Any]:
    return {"category": _("Total"), "planned": budget.planned, "committed": budget.committed, "paid": budget.paid,
            "state": Tinted(_("Over budget"), OVER_TINT) if budget.over_budget else ""}


def budget_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    require(actor, Permission.MANAGE_EVENT_BUDGETS)
    title = _("Budget of an event")
    e = chosen_event(db, actor, params)
    if e is None:
        return _nothing(title, actor)
    budget = bg.get_budget(db, actor, event_id=e.id)
    before: list[Any] = [LabelValues(_event_lines(e), title=_("The event"))]
    if budget.over_lines:
        before.append(Paragraph(ngettext(
            "{count} line is over budget: committed or paid above the planned sum.",
            "{count} lines are over budget: committed or paid above the planned sum.", len(budget.over_lines)).format(
            count=_n(len(budget.over_lines)))))
    sheet = bg.budget_sheet(budget)

    def write_sheet(path: Path) -> Path:  # the budget tab's export: totals as SUM formulas
        from pr_desk.reports.budget_sheet import write_budget_xlsx

        return write_budget_xlsx(sheet, path)

    return ReportSpec(
        title=title, subtitle=_subtitle(e), columns=_cols(BUDGET_COLUMNS), rows=_budget_rows(budget),
        totals=_budget_totals(budget) if budget.lines else None, printed_by=actor.display_name, before=before,
        orientation="landscape", empty_message=_("This event has no budget lines yet."), sheet_name=_("Budget"),
        xlsx_writer=write_sheet,
    )


# --- event-report -----------------------------------------------------------------------------------

LATE_COLUMNS = (
    Column("title", N_("Task"), width=3), Column("owner", N_("Owner"), width=1.6), Column("due", N_("Deadline"), "date", width=1),
    Column("done", N_("Done on"), "date", width=1), Column("late", N_("Days late"), "int", width=0.8),
)


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]


def event_report(params: Mapping[str, Any]) -> ReportSpec:
    """After the event; a clerk's copy leaves the budget out."""
    db, actor = _context(params)
    title = _("Report of an event")
    e = chosen_event(db, actor, params)
    if e is None:
        return _nothing(title, actor)
    seen = attendance(db, actor, event_id=e.id)
    tasks = tk.list_tasks(db, actor, event_id=e.id)
    summary = tk.task_summary(tasks)
    before: list[Any] = [LabelValues(_event_lines(e), title=_("The event"))]
    came = [(_("Expected guests"), _n(e.expected_guests) if e.expected_guests else "—"),
            (_("Guests on the list"), _n(seen.on_list)), (_("Invited"), _n(seen.invited)),
            (_("Will attend"), _n(seen.accepted)), (_("Present"), _n(seen.present))]
    if seen.walk_ins:
        came.append((_("Of them without invitation"), _n(seen.walk_ins)))
    if seen.invited:
        came.append((_("Present of those invited"), _("{share} per cent").format(
            share=_n(round(100 * (seen.present - seen.walk_ins) / seen.invited)))))
    before.append(LabelValues(came, title=_("Attendance")))
    if actor.can(Permission.MANAGE_EVENT_BUDGETS):
        budget = bg.get_budget(db, actor, event_id=e.id)
        before.append(Heading(_("Budget: actual against planned"), 2))
        if budget.lines:
            rows = [{"category": line.category, "planned": line.planned, "committed": line.committed, "paid": line.paid,
                     "difference": Tinted(line.paid - line.planned, OVER_TINT) if line.paid > line.planned
                     else line.paid - line.planned} for line in budget.lines]
            totals = {"category": _("Total"), "planned": budget.planned, "committed": budget.committed, "paid": budget.paid,
                      "difference": budget.paid - budget.planned}
            before.append(Table(_cols([Column("category", N_("Category"), width=2), Column("planned", N_("Planned (Rials)"), "rials"),
                                 Column("committed", N_("Committed (Rials)"), "rials"), Column("paid", N_("Paid (Rials)"), "rials"),
                                 Column("difference", N_("Paid less planned"), "rials")]), rows, totals=totals))
        else:
            before.append(Paragraph(_("This event has no budget lines.")))
    before.append(Heading(_("Tasks"), 2))
    before.append(Paragraph(ngettext(
        "{done} task done ({late} of them late), {dropped} not needed, {open} still open.",
        "{done} tasks done ({late} of them late), {dropped} not needed, {open} still open.", summary.done).format(
        done=_n(summary.done), late=_n(summary.done_late), dropped=_n(summary.dropped), open=_n(summary.open))))
    late = [{"title": t.title, "owner": t.owner_name or "—", "due": t.due_on, "done": t.done_on, "late": t.days_late}
            for t in tasks if t.done_late]
    after: list[Any] = [Heading(_("Lessons learned"), 2)]
    after += _paragraphs(e.lessons) or [Paragraph(_("No lessons were recorded for this event."))]
    return ReportSpec(
        title=title, subtitle=_subtitle(e), columns=_cols(LATE_COLUMNS), rows=late, printed_by=actor.display_name,
        before=[*before, Heading(_("Tasks done late"), 3)], after=after,
        empty_message=_("No task was done late."), sheet_name=_("Event report"),
    )


# --- event-brief ------------------------------------------------------------------------------------

def _ready_text(tasks: Sequence[tk.TaskInfo]) -> str:
    s = tk.task_summary(tasks)
    if not tasks:
        return _("No checklist has been applied to this event.")
    return ngettext("{done} of {total} task done, {open} open ({overdue} overdue).",
                    "{done} of {total} tasks done, {open} open ({overdue} overdue).", len(tasks) - s.dropped).format(
        done=_n(s.done), total=_n(len(tasks) - s.dropped), open=_n(s.open), overdue=_n(s.overdue))


def brief_report(params: Mapping[str, Any]) -> ReportSpec:
    """One page for the official: what, when, where, who speaks, who comes, what is ready."""
    db, actor = _context(params)
    title = _("Brief for the official")
    e = chosen_event(db, actor, params)
    if e is None:
        return _nothing(title, actor)
    with read(db) as session:
        programme = [(p.starts_at, p.minutes, p.title, p.speaker) for p in q.programme(session, e.id)]
        officials = list(q.officials(session, e.id))
    seen = attendance(db, actor, event_id=e.id)
    tasks = tk.list_tasks(db, actor, event_id=e.id)
    what = [(_("Event"), e.title), (_("Event type"), e.type_name), (_("When"), _when(e)), (_("Where"), _where(e))]
    if e.organiser:
        what.append((_("Organiser"), e.organiser))
    guests = _("{accepted} accepted of {invited} invited").format(accepted=_n(seen.accepted), invited=_n(seen.invited))
    if e.venue_capacity:
        guests += "، " + _("the venue holds {capacity}").format(capacity=_n(e.venue_capacity))
    what.append((_("Guests"), guests))
    before: list[Any] = [LabelValues(what, title=_("What, when, where"))]
    if e.description:
        before.append(Paragraph(e.description.strip().splitlines()[0][:400]))
    if officials:
        before.append(LabelValues([(name, f"{post}، {role}" if role else post) for name, post, role in officials],
                                  title=_("Officials taking part")))
    before.append(Heading(_("Who speaks: the running order"), 2))
    rows = [{"time": _hm(starts) or "—", "minutes": minutes or None, "title": item, "speaker": speaker or "—"}
            for starts, minutes, item, speaker in programme[:BRIEF_PROGRAMME_ROWS]]
    after: list[Any] = []
    if len(programme) > BRIEF_PROGRAMME_ROWS:
        after.append(Paragraph(ngettext("… and {count} more item.", "… and {count} more items.", len(programme) - BRIEF_PROGRAMME_ROWS).format(
            count=_n(len(programme) - BRIEF_PROGRAMME_ROWS))))
    after += [Heading(_("What is ready"), 2), Paragraph(_ready_text(tasks))]
    still_open = [t for t in tasks if t.status is TaskStatus.OPEN][:BRIEF_OPEN_TASKS]
    if still_open:
        after.append(Table(_cols([Column("title", N_("Still to do"), width=3), Column("owner", N_("Owner"), width=1.5),
                            Column("due", N_("Deadline"), "date", width=1), Column("level", N_("Status"), width=1.2)]),
                           [{"title": t.title, "owner": t.owner_name or "—", "due": t.due_on, "level": _level(t.reminder)}
                            for t in still_open], compact=True))
    return ReportSpec(
        title=title, subtitle=_subtitle(e),
        columns=_cols([Column("time", N_("Time"), width=0.8), Column("minutes", N_("Duration (minutes)"), "int", width=0.9),
                 Column("title", N_("Programme item"), width=3), Column("speaker", N_("Speaker"), width=2)]),
        rows=rows, printed_by=actor.display_name, before=before, after=after,
        empty_message=_("The running order is not ready yet."), sheet_name=_("Brief"),
    )


def _level(level: ReminderLevel) -> Tinted | str:
    tint = REMINDER_TINTS[level]
    return Tinted(level.label, tint) if tint else ""


# --- registration -----------------------------------------------------------------------------------

KINDS: Sequence[tuple[str, str, Any]] = (
    ("event-budget", N_("Budget of an event"), budget_report),
    ("event-report", N_("Report of an event"), event_report),
    ("event-brief", N_("Brief for the official"), brief_report),
)


def register() -> None:
    from pr_desk.services import report_catalog

    report_catalog.FILTERS.update(FILTERS)
    for name, title, builder in KINDS:
        register_report(name, title, builder, replace=True)


__all__ = ["FILTERS", "KINDS", "Attendance", "EventFacts", "attendance", "chosen_event", "register"]
