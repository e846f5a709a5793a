"""Slice B's printed pages: event-budget (supervisors only), event-report (attendance,
budget actual against planned, tasks done late, lessons; a clerk's copy has no budget),
event-brief (one A4 page: what, when, where, who speaks, what is ready); each builds
with no filter (the next event) and with event=CODE in Persian digits (SQLite and
PostgreSQL). PDFs read back with pdftotext."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pr_desk.data.events.models import EventOfficial, Guest, ProgrammeItem, Venue
from pr_desk.data.meetings.models import Official
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.text import to_persian_digits
from pr_desk.reports.registry import render_report
from pr_desk.services.context import write
from pr_desk.services.events import budget as bg
from pr_desk.services.events import checklists as cl
from pr_desk.services.events import reports_planning as rp
from pr_desk.services.events import tasks as tk
from tests.reports.helpers import in_order, pdftotext_pages
from tests.services.events.planning_helpers import ensure_types, event_code_of, make_event, staff

LESSONS = "ثبت‌نام مهمانان باید دو هفته زودتر آغاز شود.\nپذیرایی برای ۳۰۰ نفر کافی نبود."


def text(path: Path) -> str:
    return "\n".join(pdftotext_pages(path)).replace("\u200c", "")


@pytest.fixture(autouse=True)
def _kinds() -> None:
    rp.register()


def _fill(db: Any, people: Any) -> Any:
    ensure_types(db, people.admin)
    cl.ensure_default_checklists(db)
    held_on = tk.today() - dt.timedelta(days=3)
    past = make_event(db, people.admin, title="همایش ملی روابط عمومی شهری", start_on=held_on, status="held", lessons=LESSONS,
                      description="نشست سالانه مدیران روابط عمومی شهرداری‌های کلان‌شهرها")
    coming = make_event(db, people.admin, title="افتتاح بوستان بانوان", type_code="opening",
                        start_on=tk.today() + dt.timedelta(days=6))
    with write(db, people.admin) as s:
        venue = Venue(name="تالار وحدت", name_search="تالار وحدت", address="خیابان حافظ", capacity=750)
        mayor = Official(name="علیرضا زاکانی", title="شهردار تهران", name_search="علیرضا زاکانی")
        s.add_all([venue, mayor])
        s.flush()
        from pr_desk.data.events.models import Event

        for eid in (past, coming):
            s.get(Event, eid).venue_id = venue.id  # type: ignore[union-attr]
        s.add(EventOfficial(event_id=coming, official_id=mayor.id, role="سخنران اصلی"))
        for name, invitation, came, walk_in in (
            ("علی رضایی", "accepted", True, False), ("مریم احمدی", "accepted", False, False),
            ("حسین کریمی", "declined", False, False), ("نرگس امینی", "invited", True, False),
            ("سارا نوری", "to_invite", True, True),
        ):
            s.add(Guest(event_id=past, full_name=name, name_search=name, invitation=invitation,
                        checked_in_at=utcnow() if came else None, walk_in=walk_in, honorific="mr"))
            s.add(Guest(event_id=coming, full_name=name, name_search=name, invitation=invitation, honorific="mr"))
        for k, (at, minutes, item, speaker) in enumerate(((dt.time(10, 0), 5, "تلاوت قرآن کریم", ""),
                                                          (dt.time(10, 5), 15, "خیرمقدم", "معاون روابط عمومی"),
                                                          (dt.time(10, 20), 20, "سخنرانی شهردار تهران", "علیرضا زاکانی"))):
            s.add(ProgrammeItem(event_id=coming, position=k, starts_at=at, minutes=minutes, title=item, speaker=speaker))
    for eid in (past, coming):
        tk.apply_template(db, people.clerk, event_id=eid)
    for t in tk.list_tasks(db, people.clerk, event_id=past)[:3]:
        tk.mark_done(db, people.clerk, task_id=t.id, done_on=t.due_on + dt.timedelta(days=2))
    bg.add_budget_line(db, people.supervisor, event_id=past, category="محل برگزاری", planned=120_000_000,
                       committed=120_000_000, paid=120_000_000)
    bg.add_budget_line(db, people.supervisor, event_id=past, category="پذیرایی", planned=80_000_000,
                       committed=95_500_000, paid=95_500_000)
    return past, coming


def test_event_budget_for_a_supervisor_only(office: Any, tmp_path: Path) -> None:
    db, admin = office
    people = staff(db, admin)
    past, _coming = _fill(db, people)
    code = event_code_of(db, past)
    params = {"db": db, "actor": people.supervisor, "event": to_persian_digits(code)}
    pdf = render_report("event-budget", params, tmp_path / "budget.pdf")
    words = text(pdf)
    assert in_order(words, "بودجه", "همایش ملی روابط عمومی شهری")
    assert "۱۲۰٬۰۰۰٬۰۰۰" in words and "۹۵٬۵۰۰٬۰۰۰" in words and "۲۱۵٬۵۰۰٬۰۰۰" in words
    assert "بیش از بودجه" in words
    xlsx = render_report("event-budget", params, tmp_path / "budget.xlsx")
    values = [c.value for row in load_workbook(xlsx).active.iter_rows() for c in row if c.value is not None]
    assert 95_500_000 in values and "پذیرایی" in values
    # the budget tab's sheet: totals as SUM formulas, and nothing else a formula
    ws = load_workbook(xlsx).active
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "جمع")
    lines = [r for r in range(1, total) if ws.cell(r, 1).value in ("محل برگزاری", "پذیرایی")]
    for c, letter in ((3, "C"), (4, "D"), (5, "E")):
        assert ws.cell(total, c).data_type == "f"
        assert ws.cell(total, c).value == f"=SUM({letter}{lines[0]}:{letter}{lines[-1]})"
    formulas = [cell.coordinate for row in ws.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == [f"{letter}{total}" for letter in "CDE"]
    exported = bg.export_budget_xlsx(db, people.supervisor, event_id=past, path=tmp_path / "tab.xlsx")
    tab = load_workbook(exported).active
    assert [[c.value for c in row] for row in tab.iter_rows()] == [[c.value for c in row] for row in ws.iter_rows()]
    for who in (people.clerk, people.inspector):
        with pytest.raises(PermissionDenied):
            render_report("event-budget", {"db": db, "actor": who, "event": code}, tmp_path / "no.pdf")
    assert not (tmp_path / "no.pdf").exists()
    with pytest.raises(UserError, match="E1405-012"):
        render_report("event-budget", {**params, "event": "E14"}, tmp_path / "x.pdf")
    with pytest.raises(UserError):
        render_report("event-budget", {**params, "event": "E1300-999"}, tmp_path / "x.pdf")


def test_event_report_after_the_event(office: Any, tmp_path: Path) -> None:
    db, admin = office
    people = staff(db, admin)
    past, _coming = _fill(db, people)
    code = event_code_of(db, past)
    pdf = render_report("event-report", {"db": db, "actor": people.supervisor, "event": code}, tmp_path / "report.pdf")
    words = text(pdf)
    assert in_order(words, "گزارش", "همایش ملی روابط عمومی شهری")
    assert "حضور" in words and "دعوت" in words
    assert "بودجه" in words and "۲۰۰٬۰۰۰٬۰۰۰" in words and "۲۱۵٬۵۰۰٬۰۰۰" in words
    assert "ثبت‌نام مهمانان باید دو هفته زودتر آغاز شود".replace("\u200c", "") in words
    assert "رزرو قطعی محل برگزاری" in words  # done two days late
    seen = rp.attendance(db, people.clerk, event_id=past)
    assert (seen.on_list, seen.invited, seen.accepted, seen.present, seen.walk_ins) == (5, 4, 2, 3, 1)
    clerk_pdf = render_report("event-report", {"db": db, "actor": people.clerk, "event": code}, tmp_path / "clerk.pdf")
    clerk_words = text(clerk_pdf)
    assert "بودجه" not in clerk_words and "۱۲۰٬۰۰۰٬۰۰۰" not in clerk_words and "ریال" not in clerk_words
    assert "حضور" in clerk_words
    with pytest.raises(PermissionDenied):
        render_report("event-report", {"db": db, "actor": people.inspector, "event": code}, tmp_path / "i.pdf")


def test_event_brief_fits_one_page_and_takes_the_next_event(office: Any, tmp_path: Path) -> None:
    db, admin = office
    people = staff(db, admin)
    _past, coming = _fill(db, people)
    pdf = render_report("event-brief", {"db": db, "actor": people.clerk}, tmp_path / "brief.pdf")  # no filter
    pages = pdftotext_pages(pdf)
    assert len(pages) == 1
    words = text(pdf)
    assert in_order(words, "افتتاح بوستان بانوان")
    assert "تالار وحدت" in words and "علیرضا زاکانی" in words and "سخنرانی شهردار تهران" in words
    assert "۱۰:۲۰" in words
    assert "بودجه" not in words
    render_report("event-brief", {"db": db, "actor": people.clerk}, tmp_path / "brief.xlsx")
    assert rp.chosen_event(db, people.clerk, {}).id == coming  # type: ignore[union-attr]


def test_every_kind_builds_on_an_empty_office(office: Any, tmp_path: Path) -> None:
    db, admin = office
    for name, _title, _builder in rp.KINDS:
        out = render_report(name, {"db": db, "actor": admin}, tmp_path / f"{name}.pdf")
        assert "رویدادی" in text(out) or "رویداد" in text(out)
