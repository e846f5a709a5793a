"""The reminder ladder of the meeting orders on the directives sent to units: each
recipient's level for the deadline it is still held to (acknowledgement, then
implementation), with the office's thresholds; shown in the pending list, the recipients
and the directive-pending report (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pr_desk.domain import meetings
from pr_desk.domain.directives import RecipientState, open_deadline, recipient_reminder
from pr_desk.domain.followup import ReminderLevel, reminder_level
from pr_desk.domain.workweek import FRIDAY, WorkCalendar
from pr_desk.services import directives as dv
from pr_desk.services import report_catalog
from pr_desk.services.directives import overview
from pr_desk.services.directives.reports import FILTERS
from pr_desk.services.office_settings import get_office_settings, update_office_settings
from tests.reports.helpers import in_order, pdftotext_pages
from tests.services.directives.test_reports import (
    TODAY,
    build,
    build_register,
    fa,
    pdf_text,
    plain,
    printed,
    sheet_values,
    visual,
)

CALENDAR = WorkCalendar(weekend=frozenset({FRIDAY}), holidays=frozenset())
SATURDAY = dt.date(2026, 11, 28)


def test_the_ladder_is_shared_and_the_meeting_imports_still_work() -> None:
    assert meetings.ReminderLevel is ReminderLevel and meetings.reminder_level is reminder_level
    assert meetings.DEFAULT_DUE_SOON_DAYS == 2 and meetings.DEFAULT_ESCALATE_AFTER_DAYS == 5


def test_a_recipient_is_held_to_its_acknowledgement_then_its_implementation() -> None:
    ack, impl = SATURDAY, SATURDAY + dt.timedelta(days=30)
    assert open_deadline(RecipientState.TO_ACKNOWLEDGE, ack, impl) == ack
    assert open_deadline(RecipientState.OLD_VERSION, ack, impl) == ack
    assert open_deadline(RecipientState.IMPL_OVERDUE, ack, impl) == impl
    assert open_deadline(RecipientState.NOT_ACCEPTED, ack, impl) == impl
    assert open_deadline(RecipientState.IMPLEMENTED, ack, impl) is None
    assert open_deadline(RecipientState.ACKNOWLEDGED, ack, None) is None

    def level(state: RecipientState, today: dt.date) -> ReminderLevel:
        return recipient_reminder(state, ack, impl, today, CALENDAR, due_soon_days=2, escalate_after_days=5)

    assert level(RecipientState.TO_ACKNOWLEDGE, SATURDAY - dt.timedelta(days=7)) is ReminderLevel.NONE
    assert level(RecipientState.TO_ACKNOWLEDGE, SATURDAY - dt.timedelta(days=2)) is ReminderLevel.DUE_SOON
    assert level(RecipientState.ACK_OVERDUE, SATURDAY + dt.timedelta(days=2)) is ReminderLevel.OVERDUE
    assert level(RecipientState.ACK_OVERDUE, SATURDAY + dt.timedelta(days=4)) is ReminderLevel.OVERDUE
    assert level(RecipientState.ACK_OVERDUE, SATURDAY + dt.timedelta(days=5)) is ReminderLevel.ESCALATED  # five working days
    # from a Monday, the Saturday after is four working days late (Friday does not count)
    monday = SATURDAY + dt.timedelta(days=2)
    assert recipient_reminder(RecipientState.ACK_OVERDUE, monday, impl, monday + dt.timedelta(days=5), CALENDAR,
                              due_soon_days=2, escalate_after_days=5) is ReminderLevel.OVERDUE
    assert level(RecipientState.ACKNOWLEDGED, SATURDAY + dt.timedelta(days=7)) is ReminderLevel.NONE  # impl_due is far
    assert level(RecipientState.ACCEPTED, SATURDAY + dt.timedelta(days=90)) is ReminderLevel.NONE


def test_recipients_and_pending_lists_carry_the_level_with_the_office_thresholds(office: Any, tmp_path: Path) -> None:
    db, admin = office
    reg = build_register(db, admin)
    clerk = reg.people.clerk
    settings = get_office_settings(db, admin)
    every = dv.list_recipients(db, clerk, reg.a.id) + dv.list_recipients(db, clerk, reg.b.id)
    for r in every:
        assert r.reminder is recipient_reminder(r.state, r.ack_due, r.impl_due, TODAY, settings.calendar,
                                                due_soon_days=settings.due_soon_days,
                                                escalate_after_days=settings.escalate_after_days), r.unit_code
    by_code = {r.unit_code: r for r in dv.list_recipients(db, clerk, reg.a.id)}
    assert by_code["D03"].reminder is ReminderLevel.OVERDUE  # asked again after the amendment ten days ago
    assert by_code["D01"].reminder is ReminderLevel.NONE  # evidence accepted: nothing is open
    org = next(r for r in dv.list_recipients(db, clerk, reg.b.id) if r.unit_code != "D07")
    assert org.reminder is ReminderLevel.ESCALATED  # never acknowledged, 19 days ago

    # a directive sent today with one working day to acknowledge: due soon at every unit
    kinds = {k.code: k for k in dv.list_kinds(db, admin)}
    d = dv.create_directive(db, clerk, kind_id=kinds["directive"].id, title="ثبت عکس‌های رویدادها", body="متن")
    d = dv.submit(db, clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, reg.people.supervisor, d.info.id, expected_version=d.latest.version, approved_on=TODAY)
    d = dv.issue(db, reg.people.supervisor, d.info.id, expected_version=d.latest.version, issued_on=TODAY)
    dv.distribute(db, clerk, d.info.id, unit_ids=[reg.unit["D05"].id], communicated_on=TODAY, ack_working_days=1)
    pending = {r.directive_id: r for r in dv.pending_for_unit(db, clerk, reg.unit["D05"].id)}
    assert pending[d.info.id].reminder is ReminderLevel.DUE_SOON
    assert pending[reg.a.id].reminder is ReminderLevel.OVERDUE

    # the office's thresholds decide: escalate only after a year of working days
    update_office_settings(db, admin, escalate_after_days=365, due_soon_days=0)
    org = next(r for r in dv.list_recipients(db, clerk, reg.b.id) if r.unit_code != "D07")
    assert org.reminder is ReminderLevel.OVERDUE

    # and the report prints the level beside each line and counts the escalated ones
    update_office_settings(db, admin, escalate_after_days=5, due_soon_days=2)
    pdf, xlsx = build("directive-pending", db, reg.people.supervisor, tmp_path, unit=org.unit_code)
    text = plain(pdf_text(pdf))
    assert plain("ارجاع به سرپرست") in text or plain("Escalated to the supervisor") in text
    values = [v for sheet in sheet_values(xlsx).values() for v in sheet]
    assert any(isinstance(v, str) and "سرپرست" in v for v in values)


# --- directive-reminder --------------------------------------------------------------------------

def test_a_reminder_letter_to_one_unit_and_one_per_unit_with_something_overdue(sqlite_office: Any, tmp_path: Path) -> None:
    import pdfplumber

    db, admin = sqlite_office
    reg = build_register(db, admin)
    sup = reg.people.supervisor
    assert "directive-reminder" in {k.name for k in report_catalog.report_kinds()}
    assert set(FILTERS["directive-reminder"]) >= {"unit", "on"}

    pdf, xlsx = build("directive-reminder", db, sup, tmp_path, unit="D04", signer="مریم احمدی")
    text = plain(pdf_text(pdf))
    assert in_order(text, plain("بسمه تعالی"), plain("مدیر محترم روابط عمومی منطقه ۴"), plain("یادآوری"),
                    plain("پوشش خبری رویدادهای شهری"), plain("مریم احمدی"))
    assert visual(fa(reg.a.number)) in printed(pdf)
    assert plain("۱ مورد، ۱ مورد از آن‌ها پس از مهلت") in text  # refused evidence, its deadline 20 days ago
    assert plain("(۲۰ روز تأخیر)") in text and plain("سرپرست روابط عمومی، جهت پیگیری") in text  # escalated: a copy
    assert plain("مستندات جدید") in text  # its evidence was refused: new evidence is owed
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
    assert sheet_values(xlsx)

    # no unit: a letter to each unit with something overdue, each on its own page, in the units' order
    pdf, _xlsx = build("directive-reminder", db, sup, tmp_path, name="all")
    pages = pdftotext_pages(pdf)
    overdue_units = [s.unit for s in overview.units_with_pending(db, sup) if any(r.reminder in (ReminderLevel.OVERDUE, ReminderLevel.ESCALATED) for r in s.items)]
    assert len(pages) == len(overdue_units) > 1
    for page, unit in zip(pages, overdue_units, strict=True):
        assert plain(unit.name) in plain(page.replace("\u200c", ""))
    assert plain("روابط عمومی منطقه ۱") not in plain(pages[0])  # D01 has nothing pending

    # a unit with nothing pending: one sentence, no letter
    pdf, _xlsx = build("directive-reminder", db, sup, tmp_path, name="none", unit="D01")
    assert plain("یادآوری‌ای برای فرستادن نیست") in plain(pdf_text(pdf))
