"""The requests list pages after a row (keyset paging, issue 17 §4): the page after a request
is exactly the page by offset, whatever filter, however many requests share a registration
time; and in the list's own order (newest first) and in a column's. Read backwards (from its
end, for the whole-list scroll bar's last pages) it is exactly the list reversed. SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select, update

from pr_desk.data.meetings.models import MeetingRequest
from pr_desk.domain.meetings import RequestStatus
from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo


@pytest.fixture
def demo(office):  # type: ignore[no-untyped-def]
    db, admin = office
    build_meetings_demo(db, admin, size="small", rng=random.Random(12))
    # Requests registered at the same moment (an import, a clock's resolution): groups of
    # five share a time, so the id alone orders them.
    with db.engine.begin() as conn:
        ids = list(conn.scalars(select(MeetingRequest.id).order_by(MeetingRequest.id)))
        at = dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.UTC)
        for n, start in enumerate(range(0, min(len(ids), 60), 5)):
            conn.execute(update(MeetingRequest).where(MeetingRequest.id.in_(ids[start:start + 5]))
                         .values(registered_at=at + dt.timedelta(minutes=n % 3)))
    return db, admin


def _by_offset(db, admin, search, page):  # type: ignore[no-untyped-def]
    rows: list[meetings.RequestInfo] = []
    while chunk := meetings.find_requests(db, admin, search=search, offset=len(rows), limit=page):
        rows.extend(chunk)
    return rows


def _by_after(db, admin, search, page):  # type: ignore[no-untyped-def]
    rows = meetings.find_requests(db, admin, search=search, offset=0, limit=page)
    while rows and (chunk := meetings.find_requests(db, admin, search=search, after=rows[-1], limit=page)):
        rows.extend(chunk)
    return rows


def assert_backwards_is_the_list_reversed(db, admin, search, expected, page, **sort) -> None:  # type: ignore[no-untyped-def]
    """The list read `backwards`, by offset from its end and page by page before a row, is
    `expected` (the list by offset) reversed; before any row: the rows above it, nearest first."""
    wanted = [r.id for r in reversed(expected)]
    by_offset: list[meetings.RequestInfo] = []
    while chunk := meetings.find_requests(db, admin, search=search, offset=len(by_offset), limit=page, backwards=True, **sort):
        by_offset.extend(chunk)
    assert [r.id for r in by_offset] == wanted, sort
    walked = meetings.find_requests(db, admin, search=search, offset=0, limit=page, backwards=True, **sort)
    while walked and len(walked) <= len(expected) and (chunk := meetings.find_requests(
            db, admin, search=search, after=walked[-1], limit=page, backwards=True, **sort)):
        walked.extend(chunk)
    assert [r.id for r in walked] == wanted, sort
    for i in (1, 2, len(expected) // 3, len(expected) // 2, len(expected) - 1):
        if 0 < i < len(expected):
            before = meetings.find_requests(db, admin, search=search, after=expected[i], limit=5, backwards=True, **sort)
            assert [r.id for r in before] == [r.id for r in reversed(expected[max(0, i - 5):i])], (sort, i)
    assert meetings.find_requests(db, admin, search=search, after=expected[0], limit=5, backwards=True, **sort) == []


@pytest.mark.parametrize("search", [
    meetings.RequestSearch(),
    meetings.RequestSearch(statuses=(RequestStatus.WAITING,)),
    meetings.RequestSearch(district=3),
], ids=["all", "waiting", "district"])
def test_pages_after_a_row_are_the_pages_by_offset(demo, search) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    expected = _by_offset(db, admin, search, 7)
    assert expected, "the demo has requests for this filter"
    assert [r.id for r in _by_after(db, admin, search, 7)] == [r.id for r in expected]
    times = [r.registered_at for r in expected]
    assert len(set(times)) < len(times) or search.district, "some requests share a registration time"
    # After any row, from anywhere in the list: the rows that follow it by offset.
    for i in (0, 3, len(expected) // 2, len(expected) - 2):
        if 0 <= i < len(expected) - 1:
            after = meetings.find_requests(db, admin, search=search, after=expected[i], limit=4)
            assert [r.id for r in after] == [r.id for r in expected[i + 1:i + 5]]
    assert meetings.find_requests(db, admin, search=search, after=expected[-1], limit=4) == []
    assert_backwards_is_the_list_reversed(db, admin, search, expected, 7)


def test_after_a_row_in_a_columns_order_follows_that_order(demo) -> None:  # type: ignore[no-untyped-def]
    """A column's order pages after a row too (tests/services/meetings/test_requests_after_sorted.py
    walks every column); the data layer takes the list's own anchor (registered_at, id) only
    in the list's own order, and a request's id only in a column's."""
    from pr_desk.data.meetings import queries as q

    db, admin = demo
    by_code = meetings.find_requests(db, admin, sort_key="tracking_code", limit=6)
    after = meetings.find_requests(db, admin, after=by_code[0], sort_key="tracking_code", limit=5)
    assert [r.id for r in after] == [r.id for r in by_code[1:]]
    first = by_code[0]
    with db.session() as session:
        with pytest.raises(ValueError):
            q.search_page(session, q.RequestFilter(), after=(first.registered_at, first.id), sort_key="tracking_code")
        with pytest.raises(ValueError):
            q.search_page(session, q.RequestFilter(), after=first.id)
