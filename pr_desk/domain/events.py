"""Event planning (جشنواره‌ها، مناسبت‌ها، همایش‌ها، افتتاحیه‌ها): pure rules and words.

An event goes idea → planned → approved → held → reported, or is cancelled with a reason
at any step before it is reported. It has a type (an editable list), an organiser unit, a
Jalali start and end (multi-day, with optional times), a venue from the office's register
of venues, the officials taking part, a checklist of tasks made from its type's template
(deadlines relative to the event day, T−30 … T+3, moved onto working days), budget lines
in Rials, guests with their honorific, protocol rank, invitation status and seat, and a
programme (the running order). Event codes are issued per Jalali year: `E1405-012`.
Free text is checked with `domain/validation.py` (`require_text`, `optional_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import search_key, to_latin_digits
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import N_, _

MAX_TITLE = 300
MAX_TEXT = 20_000
MAX_NAME = 120
MAX_AMOUNT = 10**15  # Rials; a festival's budget is far below a thousand trillion
MAX_SEATS = 5000  # seats in one seating plan
MAX_OFFSET_DAYS = 365


# --- status ---------------------------------------------------------------------------

class EventStatus(StrEnum):
    IDEA = "idea"
    PLANNED = "planned"
    APPROVED = "approved"
    HELD = "held"
    REPORTED = "reported"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _(EVENT_STATUS_LABELS[self])


EVENT_STATUS_LABELS = {
    EventStatus.IDEA: N_("Idea"),
    EventStatus.PLANNED: N_("Planned"),
    EventStatus.APPROVED: N_("Approved"),
    EventStatus.HELD: N_("Held"),
    EventStatus.REPORTED: N_("Report filed"),
    EventStatus.CANCELLED: N_("Cancelled"),
}

# The next steps of each status (the service checks who may take them: approving needs
# the supervisor's permission; cancelling needs a reason).
EVENT_TRANSITIONS: dict[EventStatus, frozenset[EventStatus]] = {
    EventStatus.IDEA: frozenset({EventStatus.PLANNED, EventStatus.CANCELLED}),
    EventStatus.PLANNED: frozenset({EventStatus.APPROVED, EventStatus.IDEA, EventStatus.CANCELLED}),
    EventStatus.APPROVED: frozenset({EventStatus.HELD, EventStatus.PLANNED, EventStatus.CANCELLED}),
    EventStatus.HELD: frozenset({EventStatus.REPORTED}),
    EventStatus.REPORTED: frozenset(),
    EventStatus.CANCELLED: frozenset({EventStatus.IDEA}),  # revived as an idea
}
# An event in these states takes part in clash checks (a cancelled or reported one does not).
ACTIVE_STATUSES = frozenset({EventStatus.IDEA, EventStatus.PLANNED, EventStatus.APPROVED, EventStatus.HELD})


def check_event_transition(current: EventStatus, wanted: EventStatus) -> None:
    if wanted not in EVENT_TRANSITIONS[current]:
        raise UserError(N_("An event that is {current} cannot become {wanted}."),
                        current=current.label, wanted=wanted.label)


# --- types, honorifics, invitations, tasks ------------------------------------------------

@dataclass(frozen=True)
class DefaultEventType:
    code: str
    name: str  # Persian, as the office writes it


DEFAULT_EVENT_TYPES: tuple[DefaultEventType, ...] = (
    DefaultEventType("festival", "جشنواره"),
    DefaultEventType("celebration", "جشن"),
    DefaultEventType("occasion", "مناسبت"),
    DefaultEventType("conference", "همایش و نشست"),
    DefaultEventType("opening", "افتتاحیه"),
    DefaultEventType("visit", "بازدید"),
)


class Honorific(StrEnum):
    """How a guest is addressed on the card and the seat label (the office's usual forms)."""

    MR = "mr"  # جناب آقای
    MRS = "mrs"  # سرکار خانم
    DR_MR = "dr_mr"  # جناب آقای دکتر
    DR_MRS = "dr_mrs"  # سرکار خانم دکتر
    ENG_MR = "eng_mr"  # جناب آقای مهندس
    ENG_MRS = "eng_mrs"  # سرکار خانم مهندس
    HOJJAT = "hojjat"  # حجت‌الاسلام والمسلمین
    NONE = "none"  # no honorific (an organisation, a group)

    @property
    def text(self) -> str:
        """The Persian form printed before the name (not translated: it is how it is written)."""
        return HONORIFIC_TEXTS[self]


HONORIFIC_TEXTS = {
    Honorific.MR: "جناب آقای",
    Honorific.MRS: "سرکار خانم",
    Honorific.DR_MR: "جناب آقای دکتر",
    Honorific.DR_MRS: "سرکار خانم دکتر",
    Honorific.ENG_MR: "جناب آقای مهندس",
    Honorific.ENG_MRS: "سرکار خانم مهندس",
    Honorific.HOJJAT: "حجت‌الاسلام والمسلمین",
    Honorific.NONE: "",
}


def parse_honorific(value: str) -> Honorific:
    """An honorific as a person types it in a sheet: its Persian form or its code."""
    key = " ".join((value or "").replace("\u200c", " ").split())
    for honorific, text in HONORIFIC_TEXTS.items():
        if key in (honorific.value, " ".join(text.replace("\u200c", " ").split())):
            return honorific
    if key in ("", "-"):
        return Honorific.NONE
    raise UserError(N_("Unknown honorific: {value}."), field="honorific", value=value)


def guest_address(honorific: Honorific, full_name: str) -> str:
    """'جناب آقای دکتر علی رضایی': the honorific and the name as printed on a card."""
    return " ".join(p for p in (honorific.text, full_name.strip()) if p)


class InvitationStatus(StrEnum):
    TO_INVITE = "to_invite"
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return _(INVITATION_LABELS[self])


INVITATION_LABELS = {
    InvitationStatus.TO_INVITE: N_("To invite"),
    InvitationStatus.INVITED: N_("Invited"),
    InvitationStatus.ACCEPTED: N_("Will attend"),
    InvitationStatus.DECLINED: N_("Will not attend"),
}
INVITATION_TRANSITIONS: dict[InvitationStatus, frozenset[InvitationStatus]] = {
    InvitationStatus.TO_INVITE: frozenset({InvitationStatus.INVITED}),
    InvitationStatus.INVITED: frozenset({InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.TO_INVITE}),
    InvitationStatus.ACCEPTED: frozenset({InvitationStatus.DECLINED, InvitationStatus.INVITED}),
    InvitationStatus.DECLINED: frozenset({InvitationStatus.ACCEPTED, InvitationStatus.INVITED}),
}


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"  # not needed for this event (kept, with a note)

    @property
    def label(self) -> str:
        return _(TASK_STATUS_LABELS[self])


TASK_STATUS_LABELS = {
    TaskStatus.OPEN: N_("Not done yet"),
    TaskStatus.DONE: N_("Done"),
    TaskStatus.DROPPED: N_("Not needed"),
}


class SeatingMode(StrEnum):
    ROWS = "rows"  # rows of seats (a hall): label "R3-12"
    TABLES = "tables"  # round tables (a dinner): label "T4-6"

    @property
    def label(self) -> str:
        return _(SEATING_MODE_LABELS[self])


SEATING_MODE_LABELS = {
    SeatingMode.ROWS: N_("Rows of seats"),
    SeatingMode.TABLES: N_("Tables"),
}


def seat_labels(mode: SeatingMode, groups: int, seats_per_group: int) -> list[str]:
    """Every seat of a plan in the order a rank fill takes them: row (or table) 1 first."""
    if groups < 1 or seats_per_group < 1:
        raise UserError(N_("A seating plan needs at least one row and one seat."), field="seating")
    if groups * seats_per_group > MAX_SEATS:
        raise UserError(N_("A seating plan holds at most {limit} seats."), field="seating", limit=MAX_SEATS)
    letter = "R" if mode is SeatingMode.ROWS else "T"
    return [f"{letter}{g}-{s}" for g in range(1, groups + 1) for s in range(1, seats_per_group + 1)]


_SEAT = re.compile(r"^([RT])(\d{1,4})-(\d{1,4})$")


def parse_seat(label: str) -> tuple[SeatingMode, int, int]:
    m = _SEAT.match(to_latin_digits(label or "").strip().upper())
    if not m:
        raise UserError(N_("Not a seat label: {value}."), field="seat", value=label)
    mode = SeatingMode.ROWS if m.group(1) == "R" else SeatingMode.TABLES
    return mode, int(m.group(2)), int(m.group(3))


def seat_text(label: str) -> str:
    """'R3-12' as a person reads it: 'ردیف ۳، صندلی ۱۲' (or 'میز ۴، صندلی ۶')."""
    mode, group, seat = parse_seat(label)
    if mode is SeatingMode.ROWS:
        return _("Row {row}, seat {seat}").format(row=group, seat=seat)
    return _("Table {table}, seat {seat}").format(table=group, seat=seat)


# --- codes ----------------------------------------------------------------------------

def event_code(jalali_year: int, serial: int) -> str:
    """'E1405-012': the Jalali year and the year's serial (Latin in storage, as tracking codes)."""
    return f"E{jalali_year}-{serial:03d}"


_CODE = re.compile(r"^E(\d{4})-(\d{3,6})$")


def normalize_event_code(text: str) -> str:
    return to_latin_digits(text or "").strip().upper().replace(" ", "")


def looks_like_event_code(text: str) -> bool:
    return bool(_CODE.match(normalize_event_code(text)))


# --- dates, times, money -------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    """When an event runs: whole days when the times are missing."""

    start_on: dt.date
    end_on: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None

    @property
    def starts(self) -> dt.datetime:
        return dt.datetime.combine(self.start_on, self.start_time or dt.time.min)

    @property
    def ends(self) -> dt.datetime:
        if self.end_time is None:
            return dt.datetime.combine(self.end_on + dt.timedelta(days=1), dt.time.min)
        return dt.datetime.combine(self.end_on, self.end_time)

    def overlaps(self, other: Span) -> bool:
        return self.starts < other.ends and other.starts < self.ends

    def days(self) -> list[dt.date]:
        return [self.start_on + dt.timedelta(days=i) for i in range((self.end_on - self.start_on).days + 1)]


def check_span(span: Span) -> Span:
    if span.end_on < span.start_on or span.ends <= span.starts:
        raise UserError(N_("The event ends before it starts."), field="end")
    if (span.end_on - span.start_on).days > 366:
        raise UserError(N_("An event may last at most a year."), field="end")
    return span


def check_amount(value: object, *, field: str = "amount") -> int:
    """A sum in Rials: a whole number, not negative ('۱۲٬۵۰۰٬۰۰۰' and '12,500,000' read as such)."""
    if isinstance(value, bool):
        raise UserError(N_("An amount must be a whole number of Rials: {value}."), field=field, value=str(value))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float) and value.is_integer():
        amount = int(value)
    elif isinstance(value, str):
        text = to_latin_digits(value).strip().replace(",", "").replace("٬", "").replace("،", "").replace(" ", "")
        if text in ("", "-"):
            return 0
        if not re.fullmatch(r"-?\d+", text):
            raise UserError(N_("An amount must be a whole number of Rials: {value}."), field=field, value=value)
        amount = int(text)
    else:
        raise UserError(N_("An amount must be a whole number of Rials: {value}."), field=field, value=str(value))
    if amount < 0:
        raise UserError(N_("An amount cannot be negative: {value}."), field=field, value=str(value))
    if amount > MAX_AMOUNT:
        raise UserError(N_("The amount is too large: {value}."), field=field, value=str(value))
    return amount


def task_due_date(event_day: dt.date, offset_days: int, calendar: WorkCalendar) -> dt.date:
    """A checklist deadline T±n (calendar days from the event day) moved onto a working day:
    a deadline before the event moves earlier (so it is still done in time), one after it later."""
    if abs(offset_days) > MAX_OFFSET_DAYS:
        raise UserError(N_("A checklist deadline must be within a year of the event."), field="offset")
    due = event_day + dt.timedelta(days=offset_days)
    step = dt.timedelta(days=-1 if offset_days < 0 else 1)
    if offset_days == 0:
        return due
    for _i in range(60):
        if calendar.is_working_day(due):
            return due
        due += step
    return due


def offset_text(offset_days: int) -> str:
    """'T−30', 'T', 'T+3' as the checklist templates show them."""
    if offset_days == 0:
        return "T"
    return f"T{'−' if offset_days < 0 else '+'}{abs(offset_days)}"


@dataclass(frozen=True)
class GuestIdentity:
    """Who a guest is, to tell the same guest listed twice: the name's search key (spelling,
    spaces and case folded), and the mobile and organisation that tell two guests of one
    name apart. A side left empty tells nothing apart."""

    name: str
    mobile: str
    organisation: str

    @classmethod
    def of(cls, full_name: str, mobile: str | None, organisation: str | None) -> GuestIdentity:
        return cls(search_key(full_name or ""), mobile or "", search_key(organisation or ""))

    def same_as(self, other: GuestIdentity) -> bool:
        return (self.name == other.name
                and not (self.mobile and other.mobile and self.mobile != other.mobile)
                and not (self.organisation and other.organisation and self.organisation != other.organisation))
