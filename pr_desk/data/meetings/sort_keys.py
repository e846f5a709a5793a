"""What each list of the meeting queue sorts by when the user clicks a column: the key is
the field of the listed dataclass that the column shows, the value the SQL that orders it.
A name from another table is read by a correlated subquery on its primary key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from pr_desk.data.meetings.models import (
    Citizen,
    MeetingOrder,
    MeetingRequest,
    MeetingSession,
    Official,
    SessionEntry,
)
from pr_desk.data.models import Unit
from pr_desk.data.queries.sorting import Reversed, SortKeys, alphabetical, in_order_of
from pr_desk.domain.meetings import (
    OrderStatus,
    PriorityGroup,
    RequestStatus,
    SessionStatus,
    SubjectCategory,
)


def _citizen(column: Any) -> Any:
    return select(column).where(Citizen.id == MeetingRequest.citizen_id).scalar_subquery()


def _official(column: Any, owner: Any) -> Any:
    return select(column).where(Official.id == owner).scalar_subquery()


def _days_between(first: Any, last: Any, dialect: str) -> Any:
    if dialect == "sqlite":
        return func.julianday(last) - func.julianday(first)
    return last - first  # PostgreSQL: date - date is a number of days


SORT_CITIZEN = aliased(Citizen, name="sort_citizen")
SORT_OFFICIAL = aliased(Official, name="sort_official")
REQUEST_JOINS: dict[str, tuple[Any, Any]] = {
    "citizen_name": (SORT_CITIZEN, SORT_CITIZEN.id == MeetingRequest.citizen_id),
    "national_code": (SORT_CITIZEN, SORT_CITIZEN.id == MeetingRequest.citizen_id),
    "mobile": (SORT_CITIZEN, SORT_CITIZEN.id == MeetingRequest.citizen_id),
    "official_name": (SORT_OFFICIAL, SORT_OFFICIAL.id == MeetingRequest.official_id),
}
"""The requests list's keys read from another table: the table (aliased, so a filter's own
subquery on it stays its own) joined on the request's foreign key (never empty), so the
database can walk that table's index in order instead of sorting every request by a
correlated subquery (1,000,000 requests by name: 6.3 s a page)."""


def request_keys(dialect: str, today: dt.date) -> SortKeys:
    """The requests list (find_requests): its waiting days are counted as RequestInfo counts
    them (to the meeting, the closing or today; none for a cancelled request). The keys of
    REQUEST_JOINS need their join in the query."""
    end = func.coalesce(MeetingRequest.met_on, MeetingRequest.closed_on, today)
    waited = case((MeetingRequest.status == RequestStatus.CANCELLED.value, 0),
                  else_=_days_between(MeetingRequest.registered_on, end, dialect))
    return {
        "tracking_code": (MeetingRequest.tracking_code,),
        "citizen_name": (alphabetical(SORT_CITIZEN.name_search),),
        "national_code": (SORT_CITIZEN.national_code,),
        "mobile": (SORT_CITIZEN.mobile,),
        "district": (MeetingRequest.district,),
        "official_name": (alphabetical(SORT_OFFICIAL.name),),
        "subject_label": (in_order_of(MeetingRequest.subject_category, SubjectCategory),),
        "status_label": (in_order_of(MeetingRequest.status, RequestStatus),),
        "priority_label": (in_order_of(MeetingRequest.priority_group, PriorityGroup),),
        "registered_on": (MeetingRequest.registered_at,),
        "waiting_days": (case((waited < 0, 0), else_=waited),),
    }


def queue_keys(position: Any) -> SortKeys:
    """An official's queue: the turn is the fair order itself (`position` counts it); every
    request in it waits, so its waiting days go up as its registration goes back."""
    return {
        "queue_position": (position,),
        "tracking_code": (MeetingRequest.tracking_code,),
        "citizen_name": (_citizen(alphabetical(Citizen.name_search)),),
        "district": (MeetingRequest.district,),
        "subject_label": (in_order_of(MeetingRequest.subject_category, SubjectCategory),),
        "priority_label": (in_order_of(MeetingRequest.priority_group, PriorityGroup),),
        "waiting_days": (Reversed(MeetingRequest.registered_on),),
        "registered_on": (MeetingRequest.registered_at,),
    }


SESSION_KEYS: SortKeys = {
    "session_date": (MeetingSession.session_date, MeetingSession.start_time),
    "time_text": (MeetingSession.start_time, MeetingSession.end_time),
    "official_text": (_official(alphabetical(Official.name_search), MeetingSession.official_id),),
    "place": (alphabetical(MeetingSession.place),),
    "capacity": (MeetingSession.capacity,),
    "entry_count": (select(func.count()).where(SessionEntry.session_id == MeetingSession.id,
                                               SessionEntry.deleted_at.is_(None)).scalar_subquery(),),
    "status_label": (in_order_of(MeetingSession.status, SessionStatus),),
}

ORDER_KEYS: SortKeys = {
    # The reminder ladder climbs as an open order's deadline passes; a closed order has none.
    "reminder_label": (case((MeetingOrder.status == OrderStatus.OPEN.value, 1), else_=0), Reversed(MeetingOrder.due_date)),
    "tracking_code": (select(MeetingRequest.tracking_code).where(MeetingRequest.id == MeetingOrder.request_id).scalar_subquery(),),
    "text": (alphabetical(MeetingOrder.text),),
    "unit_name": (select(alphabetical(Unit.name_search)).where(Unit.id == MeetingOrder.unit_id).scalar_subquery(),),
    "given_on": (MeetingOrder.given_on,),
    "due_date": (MeetingOrder.due_date,),
    "status_label": (in_order_of(MeetingOrder.status, OrderStatus),),
    "done_on": (MeetingOrder.done_on,),
}

OFFICIAL_KEYS: SortKeys = {
    "title": (alphabetical(Official.title),),
    "name": (alphabetical(Official.name),),
    "district_text": (Official.district,),
    "status_label": (Official.active.is_(False),),  # active first
}
