"""The meeting queue's lists sort by every column in the query, through their service's list
function: the order follows the column's value, the reverse is exactly backwards, pages
follow one another, the queue's turn stays the fair order whatever it is sorted by, and an
unknown key is refused; on the small demo office, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from pr_desk.data.queries.sorting import UnknownSortKey
from pr_desk.domain.meetings import (
    OrderStatus,
    PriorityGroup,
    ReminderLevel,
    RequestStatus,
    SessionStatus,
    SubjectCategory,
)
from pr_desk.domain.text import sort_key
from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo
from tests.services.meetings.factories import national_code


@pytest.fixture
def demo(office):  # type: ignore[no-untyped-def]
    db, admin = office
    build_meetings_demo(db, admin, size="small", rng=random.Random(12))
    return db, admin


def _rank(enum: Any) -> Callable[[Any], int]:
    order = list(enum)
    return lambda member: order.index(member)


def _non_decreasing(values: list[Any]) -> bool:
    present = [v for v in values if v is not None]
    empty_last = values[len(present):] == [None] * (len(values) - len(present))
    return empty_last and all(a <= b for a, b in zip(present, present[1:], strict=False))


def _check(fetch: Callable[..., list[Any]], key: str, value: Callable[[Any], Any] | None, page: int = 40) -> list[Any]:
    """The whole list sorted by `key` in pages; checks the order and its exact reverse."""
    rows: list[Any] = []
    while True:
        chunk = fetch(offset=len(rows), limit=page, sort_key=key)
        rows.extend(chunk)
        if len(chunk) < page:
            break
    assert len({r.id for r in rows}) == len(rows) > 0, key  # no row twice, none skipped
    if value is not None:
        assert _non_decreasing([value(r) for r in rows]), key
    backwards = fetch(offset=0, limit=len(rows) + 1, sort_key=key, descending=True)
    assert [r.id for r in backwards] == [r.id for r in rows][::-1], key
    return rows


def test_requests_sort_by_every_column(demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo

    def fetch(**k: Any) -> list[Any]:
        return meetings.find_requests(db, admin, **k)

    checks: dict[str, Callable[[Any], Any] | None] = {
        "tracking_code": lambda r: r.tracking_code, "district": lambda r: r.district,
        "national_code": lambda r: r.national_code, "mobile": lambda r: r.mobile or None,
        "citizen_name": None, "official_name": None,
        "subject_label": lambda r: _rank(SubjectCategory)(r.subject_category),
        "status_label": lambda r: _rank(RequestStatus)(r.status),
        "registered_on": lambda r: r.registered_at, "waiting_days": lambda r: r.waiting_days,
    }
    for key, value in checks.items():
        _check(fetch, key, value)


def test_the_queue_sorts_and_each_request_keeps_its_turn(demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    official = max(meetings.list_officials(db, admin),
                   key=lambda o: meetings.count_queue(db, admin, official_id=o.id))
    groups = ["none", "veteran_family", "elderly", "none", "disability"]
    for n in range(12):  # a longer queue, with priorities and a request moved by hand
        citizen = meetings.add_citizen(db, admin, national_code=national_code(900 + n), first_name="نام",
                                       last_name=f"خانواده {n}", district=1 + (n * 7) % 22, priority_group=groups[n % 5],
                                       priority_note="" if groups[n % 5] == "none" else "کارت")
        meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id,
                                  subject_category=list(SubjectCategory)[n % 4], channel="in_person", description="درخواست")
    last = meetings.list_queue(db, admin, official_id=official.id, limit=1000)[-1]
    meetings.move_request(db, admin, request_id=last.id, to_position=2, reason="آزمون", expected_version=last.version)
    fair = meetings.list_queue(db, admin, official_id=official.id, limit=1000)
    assert len(fair) > 12 and [r.queue_position for r in fair] == list(range(1, len(fair) + 1))
    turn_of = {r.id: r.queue_position for r in fair}

    def fetch(**k: Any) -> list[Any]:
        return meetings.list_queue(db, admin, official_id=official.id, **k)

    by_turn = _check(fetch, "queue_position", lambda r: r.queue_position, page=4)
    assert [r.id for r in by_turn] == [r.id for r in fair]  # the turn column is the fair order
    for key, value in {
        "tracking_code": lambda r: r.tracking_code, "district": lambda r: r.district, "citizen_name": None,
        "subject_label": lambda r: _rank(SubjectCategory)(r.subject_category),
        "priority_label": lambda r: _rank(PriorityGroup)(r.priority_group),
        "waiting_days": lambda r: r.waiting_days, "registered_on": lambda r: r.registered_at,
    }.items():
        rows = _check(fetch, key, value, page=4)
        assert {r.id: r.queue_position for r in rows} == turn_of, key


def test_sessions_orders_and_officials_sort_by_every_column(demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo

    def sessions(**k: Any) -> list[Any]:
        return meetings.list_sessions(db, admin, **k)

    for key, value in {
        "session_date": lambda s: (s.session_date, s.start_time), "time_text": lambda s: s.start_time,
        "official_text": None, "place": lambda s: sort_key(s.place), "capacity": lambda s: s.capacity,
        "entry_count": lambda s: s.entry_count, "status_label": lambda s: _rank(SessionStatus)(s.status),
    }.items():
        _check(sessions, key, value)

    def orders(**k: Any) -> list[Any]:
        return meetings.list_orders(db, admin, **k)

    for key, value in {
        "tracking_code": lambda o: o.tracking_code, "text": lambda o: sort_key(o.text), "unit_name": None,
        "given_on": lambda o: o.given_on, "due_date": lambda o: o.due_date, "done_on": lambda o: o.done_on,
        "status_label": lambda o: _rank(OrderStatus)(o.status), "reminder_label": lambda o: _rank(ReminderLevel)(o.reminder),
    }.items():
        _check(orders, key, value)

    def officials(offset: int = 0, limit: int = 1000, **k: Any) -> list[Any]:
        return meetings.list_officials(db, admin, include_inactive=True, **k)[offset:offset + limit]

    for key, value in {"title": lambda o: sort_key(o.title), "name": lambda o: sort_key(o.name),
                       "district_text": lambda o: o.district, "status_label": lambda o: not o.active}.items():
        _check(officials, key, value, page=1000)


def test_an_unknown_sort_key_is_refused_by_every_meetings_list(demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    official = meetings.list_officials(db, admin)[0]
    for call in (
        lambda: meetings.find_requests(db, admin, sort_key="description"),
        lambda: meetings.list_queue(db, admin, official_id=official.id, sort_key="queue_rank"),
        lambda: meetings.list_sessions(db, admin, sort_key="notes"),
        lambda: meetings.list_orders(db, admin, sort_key="1; DROP TABLE meeting_order"),
        lambda: meetings.list_officials(db, admin, sort_key="regular_slots"),
    ):
        with pytest.raises(UnknownSortKey):
            call()
