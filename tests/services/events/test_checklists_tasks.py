"""Slice B: checklist templates per event type (default lists, edit, reorder, who may),
an event's tasks from its template (real deadlines on working days, no duplicates,
moved with the event), tasks by hand, done / not needed / reopened, the reminder
ladder and the overdue list across events (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pr_desk.data.events.models import ChecklistItem, EventTask
from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.domain.events import TaskStatus, task_due_date
from pr_desk.domain.followup import ReminderLevel
from pr_desk.services.context import read, write
from pr_desk.services.events import checklists as cl
from pr_desk.services.events import tasks as tk
from pr_desk.services.office_settings import get_office_settings, update_office_settings
from tests.services.events.planning_helpers import ensure_types, make_event, staff


def _count(db: Any, model: Any) -> int:
    with read(db) as s:
        return s.query(model).filter(model.deleted_at.is_(None)).count()


def test_default_checklists_are_seeded_once_with_persian_titles(office: Any) -> None:
    db, admin = office
    types = ensure_types(db, admin)
    added = cl.ensure_default_checklists(db)
    assert added == sum(len(cl.DEFAULT_CHECKLISTS[c]) for c in types)
    assert cl.ensure_default_checklists(db, admin) == 0  # again: nothing more
    lines = cl.list_checklist(db, admin, type_id=types["conference"])
    titles = [line.title for line in lines]
    assert "رزرو قطعی محل برگزاری" in titles and "ارسال دعوت‌نامه‌ها" in titles and "تست صدا و تصویر" in titles
    assert [line.offset_days for line in lines] == sorted(line.offset_days for line in lines)
    assert lines[0].offset_label == "T−30" or lines[0].offset_days < -30
    assert any(line.offset_label == "T+3" for line in lines)


def test_template_edit_reorder_and_who_may(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    types = ensure_types(db, admin)
    t = types["visit"]
    with pytest.raises(PermissionDenied):
        cl.add_checklist_item(db, people.clerk, type_id=t, title="هماهنگی خودرو", offset_days=-3)
    with pytest.raises(PermissionDenied):
        cl.add_checklist_item(db, people.inspector, type_id=t, title="هماهنگی خودرو", offset_days=-3)
    a = cl.add_checklist_item(db, people.supervisor, type_id=t, title="هماهنگی خودرو", offset_days="−۳",
                              owner_user_id=people.clerk.user_id)
    assert a.offset_days == -3 and a.owner_name == "زهرا کریمی"
    b = cl.add_checklist_item(db, people.supervisor, type_id=t, title="گزارش بازدید", offset_days="+۲")
    assert b.offset_days == 2 and b.sort_order == a.sort_order + 1
    # bad input: one sentence, nothing written
    before = _count(db, ChecklistItem)
    for title, offset in (("", -1), ("x", 400), ("x", "چند"), ("خط\nدوم", 1)):
        with pytest.raises(UserError) as err:
            cl.add_checklist_item(db, people.supervisor, type_id=t, title=title, offset_days=offset)
        assert err.value.translated().endswith(".")
    with pytest.raises(UserError, match="نه هر دو"):
        cl.add_checklist_item(db, people.supervisor, type_id=t, title="x", offset_days=1,
                              owner_user_id=people.clerk.user_id, owner_unit_id=people.clerk.user_id)
    assert _count(db, ChecklistItem) == before
    edited = cl.edit_checklist_item(db, people.supervisor, item_id=a.id, title="هماهنگی خودرو و راننده", offset_days=-4,
                                    expected_version=a.version)
    assert edited.title == "هماهنگی خودرو و راننده" and edited.owner_name == ""
    with pytest.raises(StaleRecord):
        cl.edit_checklist_item(db, people.supervisor, item_id=a.id, title="y", offset_days=-4, expected_version=a.version)
    moved = cl.move_checklist_item(db, people.supervisor, item_id=b.id, step=-1)
    assert [i.id for i in moved] == [b.id, a.id]
    assert [i.id for i in cl.reorder_checklist(db, people.admin, type_id=t, item_ids=[a.id, b.id])] == [a.id, b.id]
    with pytest.raises(UserError):
        cl.reorder_checklist(db, people.supervisor, type_id=t, item_ids=[a.id])
    cl.remove_checklist_item(db, people.supervisor, item_id=b.id)
    assert [i.id for i in cl.list_checklist(db, people.clerk, type_id=t)] == [a.id]
    with pytest.raises(PermissionDenied):
        cl.list_checklist(db, people.inspector, type_id=t)
    assert {c.kind for c in cl.owner_choices(db, people.clerk)} >= {"user"}


def test_apply_template_makes_tasks_on_working_days_once(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    ensure_types(db, admin)
    cl.ensure_default_checklists(db)
    # a Saturday start: T−1 is a Friday (weekend), so the sound check moves to Thursday
    start = dt.date(2027, 1, 9)
    assert start.weekday() == 5
    event_id = make_event(db, admin, start_on=start)
    with pytest.raises(PermissionDenied):
        tk.apply_template(db, people.inspector, event_id=event_id)
    result = tk.apply_template(db, people.clerk, event_id=event_id)
    assert result.added == len(cl.DEFAULT_CHECKLISTS["conference"]) and result.kept == 0
    calendar = get_office_settings(db, admin).calendar
    for t in result.tasks:
        assert t.from_template and t.due_on == task_due_date(start, t.offset_days or 0, calendar)
        assert calendar.is_working_day(t.due_on)
    sound = next(t for t in result.tasks if t.title == "تست صدا و تصویر")
    assert sound.offset_label == "T−1" and sound.due_on == dt.date(2027, 1, 7)  # Thursday, not Friday
    again = tk.apply_template(db, people.clerk, event_id=event_id)
    assert again.added == 0 and again.kept == result.added
    assert len(tk.list_tasks(db, people.clerk, event_id=event_id)) == result.added
    # a renamed task still stands for its line; a removed one is made again
    first = result.tasks[0]
    tk.edit_task(db, people.clerk, task_id=first.id, title="رزرو سالن همایش‌ها", due_on=first.due_on, expected_version=first.version)
    assert tk.apply_template(db, people.clerk, event_id=event_id).added == 0
    tk.remove_task(db, people.clerk, task_id=result.tasks[1].id)
    assert tk.apply_template(db, people.clerk, event_id=event_id).added == 1


def test_a_type_without_checklist_says_so(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin, type_code="visit")
    with pytest.raises(UserError, match="فهرست وارسی ندارد"):
        tk.apply_template(db, people.clerk, event_id=event_id)


def test_shift_moves_open_template_tasks_only(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    ensure_types(db, admin)
    cl.ensure_default_checklists(db)
    start = dt.date(2027, 1, 9)
    event_id = make_event(db, admin, start_on=start)
    made = tk.apply_template(db, people.clerk, event_id=event_id).tasks
    done = made[0]
    tk.mark_done(db, people.clerk, task_id=done.id, done_on=dt.date(2026, 11, 1))
    by_hand = tk.add_task(db, people.clerk, event_id=event_id, title="هماهنگی با پلیس راهور", due_on=dt.date(2027, 1, 2))
    new_start = start + dt.timedelta(days=7)
    with write(db, admin) as s:
        from pr_desk.data.events.models import Event

        e = s.get(Event, event_id)
        e.start_on = e.end_on = new_start
    moved = tk.shift_tasks(db, people.clerk, event_id=event_id, days=7)
    calendar = get_office_settings(db, admin).calendar
    assert {t.id for t in moved} == {t.id for t in made[1:]}
    after = {t.id: t for t in tk.list_tasks(db, people.clerk, event_id=event_id)}
    for t in made[1:]:
        assert after[t.id].due_on == task_due_date(new_start, t.offset_days or 0, calendar)
    assert after[done.id].due_on == done.due_on and after[by_hand.id].due_on == by_hand.due_on
    assert tk.shift_tasks(db, people.clerk, event_id=event_id, days=0) == []
    with pytest.raises(UserError):
        tk.shift_tasks(db, people.clerk, event_id=event_id, days="a")  # type: ignore[arg-type]


def test_tasks_by_hand_done_not_needed_reopen(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin)
    today = tk.today()
    with pytest.raises(PermissionDenied):
        tk.add_task(db, people.inspector, event_id=event_id, title="x", due_on=today)
    before = _count(db, EventTask)
    with pytest.raises(UserError):
        tk.add_task(db, people.clerk, event_id=event_id, title="  ", due_on=today)
    with pytest.raises(UserError):
        tk.add_task(db, people.clerk, event_id=event_id, title="x", due_on=None)  # type: ignore[arg-type]
    assert _count(db, EventTask) == before
    t = tk.add_task(db, people.clerk, event_id=event_id, title="خرید گل", due_on=today + dt.timedelta(days=10),
                    owner_user_id=people.supervisor.user_id)
    assert not t.from_template and t.owner_name == "علی رضایی" and t.status is TaskStatus.OPEN
    with pytest.raises(UserError):
        tk.mark_done(db, people.clerk, task_id=t.id, done_on=today + dt.timedelta(days=1))
    with pytest.raises(UserError):
        tk.mark_not_needed(db, people.clerk, task_id=t.id, note="")
    done = tk.mark_done(db, people.clerk, task_id=t.id, expected_version=t.version)
    assert done.status is TaskStatus.DONE and done.done_on == today and not done.done_late
    with pytest.raises(StaleRecord):
        tk.reopen_task(db, people.clerk, task_id=t.id, expected_version=t.version)
    with pytest.raises(UserError):
        tk.mark_done(db, people.clerk, task_id=t.id)
    reopened = tk.reopen_task(db, people.clerk, task_id=t.id, expected_version=done.version)
    assert reopened.status is TaskStatus.OPEN and reopened.done_on is None
    dropped = tk.mark_not_needed(db, people.clerk, task_id=t.id, note="اهدای گل حذف شد")
    assert dropped.status is TaskStatus.DROPPED and dropped.note == "اهدای گل حذف شد"
    assert dropped.reminder is ReminderLevel.NONE
    late = tk.add_task(db, people.clerk, event_id=event_id, title="چاپ بنر", due_on=today - dt.timedelta(days=5))
    late_done = tk.mark_done(db, people.clerk, task_id=late.id)
    assert late_done.done_late and late_done.days_late == 5


def test_the_reminder_ladder_and_overdue_across_events(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    update_office_settings(db, admin, due_soon_days=2, escalate_after_days=5)
    today = dt.date(2026, 12, 5)  # a Saturday
    a = make_event(db, admin, title="جشن روز شهرداری", start_on=today + dt.timedelta(days=20))
    b = make_event(db, admin, title="افتتاح بوستان", type_code="opening", start_on=today + dt.timedelta(days=5))
    cancelled = make_event(db, admin, title="لغو شده", start_on=today + dt.timedelta(days=5), status="cancelled")
    soon = tk.add_task(db, people.clerk, event_id=a, title="نزدیک", due_on=today + dt.timedelta(days=1))
    ahead = tk.add_task(db, people.clerk, event_id=a, title="دور", due_on=today + dt.timedelta(days=15))
    late = tk.add_task(db, people.clerk, event_id=b, title="دیر", due_on=today - dt.timedelta(days=2))
    very = tk.add_task(db, people.clerk, event_id=b, title="خیلی دیر", due_on=today - dt.timedelta(days=10))
    tk.add_task(db, people.clerk, event_id=cancelled, title="مال لغو شده", due_on=today - dt.timedelta(days=10))
    shut = tk.add_task(db, people.clerk, event_id=a, title="انجام شده", due_on=today - dt.timedelta(days=10))
    tk.mark_done(db, people.clerk, task_id=shut.id, done_on=today - dt.timedelta(days=9))
    levels = {t.id: t.reminder for t in tk.list_tasks(db, people.clerk, event_id=a, on=today)}
    levels |= {t.id: t.reminder for t in tk.list_tasks(db, people.clerk, event_id=b, on=today)}
    assert levels[soon.id] is ReminderLevel.DUE_SOON and levels[ahead.id] is ReminderLevel.NONE
    assert levels[late.id] is ReminderLevel.OVERDUE and levels[very.id] is ReminderLevel.ESCALATED
    assert levels[shut.id] is ReminderLevel.NONE
    overdue = tk.overdue_tasks(db, people.clerk, today=today)
    assert [t.id for t in overdue] == [very.id, late.id]  # oldest first; the cancelled event's left out
    assert overdue[0].event_title == "افتتاح بوستان" and overdue[0].event_code
    with_soon = tk.overdue_tasks(db, people.clerk, today=today, include_due_soon=True)
    assert [t.id for t in with_soon] == [very.id, late.id, soon.id]
    summary = tk.task_summary(tk.list_tasks(db, people.clerk, event_id=b, on=today))
    assert summary.open == 2 and summary.overdue == 2
    with pytest.raises(PermissionDenied):
        tk.overdue_tasks(db, people.inspector, today=today)


def test_task_counts_for_the_event_list(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    today = dt.date(2026, 12, 5)
    a = make_event(db, admin, start_on=today + dt.timedelta(days=20))
    b = make_event(db, admin, start_on=today + dt.timedelta(days=20))
    empty = make_event(db, admin, start_on=today + dt.timedelta(days=20))
    tk.add_task(db, people.clerk, event_id=a, title="دیر", due_on=today - dt.timedelta(days=1))
    tk.add_task(db, people.clerk, event_id=a, title="امروز", due_on=today)
    done = tk.add_task(db, people.clerk, event_id=b, title="انجام", due_on=today - dt.timedelta(days=3))
    tk.mark_done(db, people.clerk, task_id=done.id, done_on=today - dt.timedelta(days=3))
    counts = tk.task_counts(db, people.clerk, event_ids=[a, b, empty], today=today)
    assert counts[a] == tk.TaskCounts(open=2, done=0, dropped=0, overdue=1)
    assert counts[b] == tk.TaskCounts(open=0, done=1, dropped=0, overdue=0)
    assert empty not in counts
