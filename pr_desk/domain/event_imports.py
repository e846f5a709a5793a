"""Event planning's imports from Excel, the pure part: the rows as read (every cell as
text), and the checks of one cell that need no database (times, statuses, the invitation
state, text that would run as a formula or hides control characters). The services look
the rest up (types, units, venues, ranks, codes and seats taken) once per kind."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from pr_desk.domain.errors import UserError
from pr_desk.domain.events import (
    EVENT_STATUS_LABELS,
    INVITATION_LABELS,
    EventStatus,
    InvitationStatus,
)
from pr_desk.domain.jalali import parse_jalali
from pr_desk.domain.text import search_key, to_latin_digits
from pr_desk.i18n import N_, _

E = TypeVar("E", bound=Enum)
_FORMULA = ("=", "+", "@")  # "-" starts many a line of a description; a code never starts with it
_TIME = re.compile(r"^(\d{1,2})[:٫.](\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class EventImportRow:
    """A row of the events sheet as typed (row_number as the sheet numbers it)."""

    row_number: int
    code: str = ""
    type: str = ""
    title: str = ""
    organiser: str = ""
    start_on: str = ""
    start_time: str = ""
    end_on: str = ""
    end_time: str = ""
    venue: str = ""
    status: str = ""
    description: str = ""


@dataclass(frozen=True)
class GuestImportRow:
    """A row of a guest list as typed."""

    row_number: int
    honorific: str = ""
    full_name: str = ""
    title: str = ""
    organisation: str = ""
    mobile: str = ""
    rank: str = ""
    invitation: str = ""
    seat: str = ""


def parse_choice(enum_type: type[E], value: str, labels: dict[E, str], field: str) -> E:
    """A member from its code, English label or translated label, spelling folded: 'دعوت شده'
    finds 'دعوت‌شده' (a space for the ZWNJ), 'will attend' finds 'Will attend'."""
    key = search_key(value)
    for member in enum_type:
        if key in {search_key(member.value), search_key(labels[member]), search_key(_(labels[member]))}:
            return member
    raise UserError(N_("“{text}” is not one of the choices."), field=field, text=str(value)[:40])


def plain_cell(value: str, *, field: str, multiline: bool = False) -> str:
    """The cell as typed, refused when it hides control characters or starts like a formula."""
    text = value or ""
    allowed = "\n\t\r" if multiline else "\t"
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise UserError(N_("The cell holds invisible control characters; type it again as plain text."), field=field)
    stripped = text.lstrip()
    if stripped.startswith(_FORMULA):
        raise UserError(N_("The cell starts with {sign}, which a spreadsheet would run as a formula."), field=field,
                        sign=stripped[0])
    return text


def cell_date(value: str, *, field: str, required: bool = False) -> dt.date | None:
    """A Jalali date typed in a cell ('1405/01/31' that does not exist is refused)."""
    text = plain_cell(value, field=field).strip()
    if not text:
        if required:
            raise UserError(N_("A date is required here."), field=field)
        return None
    try:
        return parse_jalali(text).to_gregorian()
    except UserError as exc:
        raise UserError(exc.message, field=field, **exc.params) from None


def cell_time(value: str, *, field: str) -> dt.time | None:
    """'9:30', '۰۹:۳۰' or a time cell read as '09:30:00'; empty: no time."""
    text = to_latin_digits(plain_cell(value, field=field)).strip()
    if not text:
        return None
    m = _TIME.match(text)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60 and int(m.group(3) or 0) < 60:
        return dt.time(int(m.group(1)), int(m.group(2)))
    raise UserError(N_("“{text}” is not a time of day such as 09:30."), field=field, text=text[:20])


def cell_status(value: str) -> EventStatus:
    """The status of an imported event (its label or code); empty: an idea. A cancelled
    event needs its reason, which the sheet has no column for: it is refused."""
    text = plain_cell(value, field="status").strip()
    if not text:
        return EventStatus.IDEA
    status = parse_choice(EventStatus, text, EVENT_STATUS_LABELS, "status")
    if status is EventStatus.CANCELLED:
        raise UserError(N_("A cancelled event is not imported (its reason has no column): leave the row out."), field="status")
    return status


def cell_invitation(value: str) -> InvitationStatus:
    text = plain_cell(value, field="invitation").strip()
    if not text:
        return InvitationStatus.TO_INVITE
    return parse_choice(InvitationStatus, text, INVITATION_LABELS, "invitation")
