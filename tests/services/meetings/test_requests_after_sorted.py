"""The requests list sorted by a column pages after a row too (keyset paging, issue 17 §4):
for every sortable column, going up and down, with filters, the pages after a row are
exactly the pages by offset, where many requests share the column's value (names,
districts, statuses) and where it is empty (a citizen with no mobile); read backwards they
are the list reversed. SQLite and PostgreSQL."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import select, update

from pr_desk.data.meetings.models import Citizen, Official
from pr_desk.data.meetings.sort_keys import request_keys
from pr_desk.domain.jalali import office_today
from pr_desk.domain.meetings import RequestStatus
from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo
from tests.services.meetings.test_requests_after import assert_backwards_is_the_list_reversed

SORT_KEYS = sorted(request_keys("sqlite", office_today()))


@pytest.fixture
def demo(office):  # type: ignore[no-untyped-def]
    db, admin = office
    build_meetings_demo(db, admin, size="small", rng=random.Random(12))
    with db.engine.begin() as conn:
        citizens = list(conn.scalars(select(Citizen.id).order_by(Citizen.id)))
        # empty mobiles (a NULL sorts last going up, first going down) and shared names
        conn.execute(update(Citizen).where(Citizen.id.in_(citizens[::4])).values(mobile=None))
        conn.execute(update(Citizen).where(Citizen.id.in_(citizens[1::5])).values(name_search="زهرا محمدی"))
        # two officials of one name: their requests tie on the official's column and go by id across both
        officials = list(conn.scalars(select(Official.id).order_by(Official.id)))
        conn.execute(update(Official).where(Official.id.in_(officials[:2])).values(name="معاون شهردار"))
    return db, admin


def _by_offset(db, admin, search, page, **sort):  # type: ignore[no-untyped-def]
    rows: list[meetings.RequestInfo] = []
    while chunk := meetings.find_requests(db, admin, search=search, offset=len(rows), limit=page, **sort):
        rows.extend(chunk)
    return rows


def _by_after(db, admin, search, page, **sort):  # type: ignore[no-untyped-def]
    rows = meetings.find_requests(db, admin, search=search, offset=0, limit=page, **sort)
    while rows and (chunk := meetings.find_requests(db, admin, search=search, after=rows[-1], limit=page, **sort)):
        rows.extend(chunk)
    return rows


@pytest.mark.parametrize("search", [
    meetings.RequestSearch(),
    meetings.RequestSearch(statuses=(RequestStatus.WAITING, RequestStatus.SCHEDULED)),
    meetings.RequestSearch(district=3),
], ids=["all", "open", "district"])
def test_sorted_pages_after_a_row_are_the_pages_by_offset(demo, search) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    page = 23
    for key in SORT_KEYS:
        for descending in (False, True):
            sort = {"sort_key": key, "descending": descending}
            expected = _by_offset(db, admin, search, page, **sort)
            assert expected, "the demo has requests for this filter"
            got = _by_after(db, admin, search, page, **sort)
            assert [r.id for r in got] == [r.id for r in expected], (key, descending)
            # after any row, from anywhere in the list: the rows that follow it by offset
            for i in (0, 1, len(expected) // 3, len(expected) // 2, len(expected) - 2):
                if 0 <= i < len(expected) - 1:
                    after = meetings.find_requests(db, admin, search=search, after=expected[i], limit=5, **sort)
                    assert [r.id for r in after] == [r.id for r in expected[i + 1:i + 6]], (key, descending, i)
            assert meetings.find_requests(db, admin, search=search, after=expected[-1], limit=5, **sort) == []
            assert_backwards_is_the_list_reversed(db, admin, search, expected, page, **sort)


def test_the_sorted_list_has_ties_and_empty_values(demo) -> None:  # type: ignore[no-untyped-def]
    """What the test above walks through: the fixture's ties and NULLs are on the list, and
    an empty mobile comes last going up and first going down."""
    db, admin = demo
    up = _by_offset(db, admin, meetings.RequestSearch(), 500, sort_key="mobile")
    down = _by_offset(db, admin, meetings.RequestSearch(), 500, sort_key="mobile", descending=True)
    empty = [r for r in up if not r.mobile]
    assert empty and up[-len(empty):] == empty and {r.id for r in down[:len(empty)]} == {r.id for r in empty}
    names = _by_offset(db, admin, meetings.RequestSearch(), 500, sort_key="citizen_name")
    assert len({r.citizen_name for r in names}) < len(names) - 20, "many requests share a name"
    by_official = _by_offset(db, admin, meetings.RequestSearch(), 500, sort_key="official_name")
    shared = [r for r in by_official if r.official_name == "معاون شهردار"]
    assert len({r.official_id for r in shared}) == 2 and [r.id for r in shared] == sorted(r.id for r in shared)


def test_after_a_request_that_is_gone_is_a_lookup_error(office) -> None:  # type: ignore[no-untyped-def]
    """The list then pages by offset (RequestsView._fetch_after returns None to its model)."""
    from pr_desk.data.meetings import queries as q

    db, _admin = office
    with db.session() as session, pytest.raises(LookupError):
        q.search_page(session, q.RequestFilter(), sort_key="district", after=uuid.uuid4())


def test_by_official_within_one_official_or_a_code_prefix(demo) -> None:  # type: ignore[no-untyped-def]
    """The official's column is read a name at a time (one official's only, when the list is
    filtered to one), or in one statement when a code's prefix leaves a few requests: either
    way the list sorted whole, then filtered."""
    db, admin = demo
    first = meetings.find_requests(db, admin, limit=1)[0]
    for search, keep in ((meetings.RequestSearch(official_id=first.official_id), lambda r: r.official_id == first.official_id),
                         (meetings.RequestSearch(text=first.tracking_code[:-1]),
                          lambda r: r.tracking_code.startswith(first.tracking_code[:-1]))):
        for descending in (False, True):
            sort = {"sort_key": "official_name", "descending": descending}
            whole = [r.id for r in _by_offset(db, admin, meetings.RequestSearch(), 500, **sort) if keep(r)]
            assert whole and [r.id for r in _by_offset(db, admin, search, 7, **sort)] == whole, (search, descending)
            assert [r.id for r in _by_after(db, admin, search, 7, **sort)] == whole, (search, descending)


def test_after_a_request_moved_in_the_column_is_a_lookup_error(demo) -> None:  # type: ignore[no-untyped-def]
    """Another clerk changed the value the list is sorted by (the subject, the status) of the
    request a page follows: it is elsewhere in the order now, and the rows after its new
    place are not the rows after the ones the list showed; refused as a request gone is, so
    the list reads that page by offset. The same request still pages by the columns it did
    not change, and a request nobody changed still pages, both ways."""
    db, admin = demo
    by_subject = {"sort_key": "subject_label", "descending": False}
    listed = meetings.find_requests(db, admin, offset=0, limit=300, **by_subject)
    waiting = [r for r in listed[:-1] if r.status is RequestStatus.WAITING]
    moved, kept = waiting[0], waiting[1]
    assert moved.subject_category != listed[-1].subject_category
    meetings.update_request(db, admin, request_id=moved.id, subject_category=listed[-1].subject_category,
                            channel=moved.channel, description=moved.description, expected_version=moved.version)
    for backwards in (False, True):
        with pytest.raises(LookupError):
            meetings.find_requests(db, admin, after=moved, limit=5, backwards=backwards, **by_subject)
    by_status = {"sort_key": "status_label", "descending": True}
    assert meetings.find_requests(db, admin, after=moved, limit=5, **by_status)  # its status is the same
    meetings.cancel_request(db, admin, request_id=kept.id, reason="انصراف شهروند", expected_version=kept.version)
    with pytest.raises(LookupError):
        meetings.find_requests(db, admin, after=kept, limit=5, **by_status)
    still = listed[len(listed) // 2]
    assert still.id not in (moved.id, kept.id)
    fresh = meetings.find_requests(db, admin, offset=0, limit=300, **by_subject)
    at = [r.id for r in fresh].index(still.id)
    assert [r.id for r in meetings.find_requests(db, admin, after=still, limit=5, **by_subject)] == [r.id for r in fresh[at + 1:at + 6]]
    assert [r.id for r in meetings.find_requests(db, admin, after=still, limit=5, backwards=True, **by_subject)] == \
        [r.id for r in reversed(fresh[at - 5:at])]


def test_the_check_of_the_row_a_page_follows_reads_only_its_column(demo) -> None:  # type: ignore[no-untyped-def]
    """The request a page follows is checked to be still in its place by the one column the
    list is sorted by: its citizen and official are not read for it (they were, for a whole
    RequestInfo of it) unless the column is theirs. Every sortable column has its reader, and
    it gives what the list shows: each listed request passes the check."""
    from sqlalchemy import event

    from pr_desk.services.meetings.requests import _SORTED_FIELDS, _check_in_place

    db, admin = demo
    assert set(_SORTED_FIELDS) == set(SORT_KEYS)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement.lower())

    for key in SORT_KEYS:
        listed = meetings.find_requests(db, admin, offset=0, limit=40, sort_key=key)
        with db.session() as session:
            for row in listed:
                _check_in_place(session, row, key)  # as the list gave it: in place
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            statements.clear()
            page = meetings.find_requests(db, admin, after=listed[10], limit=5, sort_key=key)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        assert [r.id for r in page] == [r.id for r in listed[11:16]], key
        reads = [s for s in statements if s.lstrip().startswith("select")]
        check = reads[0]
        assert "meeting_request" in check and "limit" not in check, (key, check)  # the check: one row by id
        citizen = key in ("citizen_name", "national_code", "mobile")
        official = key == "official_name"
        assert ("join citizen" in check) == citizen, (key, check)
        assert ("join official" in check) == official, (key, check)
        # then the page and its rows' citizens and officials, read once each
        assert sum("from citizen" in s for s in reads) == 1, (key, reads)
        assert sum("from official" in s and "where official.id" in s for s in reads) == 1, (key, reads)
