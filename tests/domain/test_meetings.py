"""Pure rules of the meeting queue: fair ordering, placing between neighbours, the
reminder ladder, tracking codes, masking, attachments."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.domain.meetings import (
    QueueItem,
    ReminderLevel,
    clean_file_name,
    looks_like_tracking_code,
    masked_mobile,
    masked_national_code,
    place_between,
    priority_rank,
    queue_key_for,
    queue_order,
    reminder_level,
    sniff_attachment,
    tracking_code,
)
from pr_desk.domain.workweek import WorkCalendar


def test_priority_groups_first_then_first_come_first_served() -> None:
    order = ["veteran_family", "elderly"]
    assert priority_rank("veteran_family", order) == 0 and priority_rank("elderly", order) == 1
    assert priority_rank("none", order) == 2 == priority_rank("disability", order)
    items = [QueueItem(2, 10, "a"), QueueItem(0, 30, "b"), QueueItem(2, 5, "c"), QueueItem(1, 1, "d")]
    assert [i.tie for i in queue_order(items)] == ["b", "d", "c", "a"]
    t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert queue_key_for(t) < queue_key_for(t + dt.timedelta(microseconds=1))


def test_place_between_neighbours() -> None:
    a, b = QueueItem(1, 100), QueueItem(1, 200)
    assert place_between(a, b) == (1, 150)
    assert place_between(None, a)[1] < 100 and place_between(b, None)[1] > 200
    assert place_between(QueueItem(1, 100), QueueItem(1, 101)) is None  # no room: spread first
    assert place_between(QueueItem(0, 500), QueueItem(2, 1)) == (0, 501)


def test_reminder_ladder_in_working_days() -> None:
    cal = WorkCalendar(holidays=frozenset({dt.date(2026, 12, 2)}))
    due = dt.date(2026, 12, 5)  # Saturday
    assert reminder_level(due, dt.date(2026, 11, 20), cal) is ReminderLevel.NONE
    assert reminder_level(due, dt.date(2026, 12, 3), cal) is ReminderLevel.DUE_SOON
    assert reminder_level(due, dt.date(2026, 12, 6), cal) is ReminderLevel.OVERDUE
    assert reminder_level(due, dt.date(2026, 12, 12), cal) is ReminderLevel.ESCALATED
    assert reminder_level(due, dt.date(2026, 12, 12), cal, open_=False) is ReminderLevel.NONE
    assert ReminderLevel.ESCALATED.colour == "#c62828"
    # close to the deadline is a warning: amber, never green (issue 18, item 15)
    assert ReminderLevel.DUE_SOON.colour == "#f9a825" and ReminderLevel.OVERDUE.colour != ReminderLevel.DUE_SOON.colour


def test_tracking_codes_and_masks() -> None:
    assert tracking_code("A", 1405, 123) == "A05-000123"
    assert looks_like_tracking_code("a05-000123") and looks_like_tracking_code("B05-1")
    assert not looks_like_tracking_code("0912") and not looks_like_tracking_code("علی")
    assert masked_national_code("0012345678", full=False) == "0012****78"
    assert masked_national_code("0012345678", full=True) == "0012345678"
    assert masked_mobile("09121234567", full=False) == "0912***4567" and masked_mobile(None, full=False) == ""


def test_attachments_are_known_by_their_content() -> None:
    assert sniff_attachment(b"%PDF-1.7") == ("application/pdf", ".pdf")
    assert sniff_attachment(b"\xff\xd8\xff\xe0") == ("image/jpeg", ".jpg")
    with pytest.raises(UserError):
        sniff_attachment(b"MZ\x90\x00")
    assert clean_file_name("C:\\x\\..\\نامه\u202eفدپ.exe", ".pdf") == "نامهفدپ.pdf"
    assert clean_file_name("", ".png") == "attachment.png"
    assert len(clean_file_name("ب" * 500 + ".pdf", ".pdf")) == 104
