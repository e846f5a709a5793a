"""Rules of the meeting queue (ملاقات مردمی): statuses, channels, subjects, priority groups,
the fair-queue ordering, the reminder ladder of orders and the masking of personal data.

Pure: no database, no Qt. Services and the data layer apply these rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from pr_desk.domain.errors import UserError

# re-exported: the meeting orders' imports keep working
from pr_desk.domain.followup import DEFAULT_DUE_SOON_DAYS as DEFAULT_DUE_SOON_DAYS
from pr_desk.domain.followup import DEFAULT_ESCALATE_AFTER_DAYS as DEFAULT_ESCALATE_AFTER_DAYS
from pr_desk.domain.followup import REMINDER_COLOURS as REMINDER_COLOURS
from pr_desk.domain.followup import REMINDER_LABELS as REMINDER_LABELS
from pr_desk.domain.followup import ReminderLevel as ReminderLevel
from pr_desk.domain.followup import escalation_cutoff as escalation_cutoff
from pr_desk.domain.followup import reminder_level as reminder_level
from pr_desk.domain.mobile import mask_mobile
from pr_desk.domain.national_code import mask_national_code
from pr_desk.domain.text import to_latin_digits
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import N_, _

DISTRICT_COUNT = 22
MAX_DESCRIPTION = 4000
MAX_REASON = 1000
MAX_ORDER_TEXT = 2000
MAX_NOTE = 2000
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS_PER_REQUEST = 20
DEFAULT_ORDER_DEADLINE_DAYS = 10
# Room between two neighbours of the queue: keys are microseconds of registration time,
# so a manual move can fall between any two requests registered a moment apart.
QUEUE_GAP = 1_000


# --- enumerations ---------------------------------------------------------------------

class RequestStatus(StrEnum):
    WAITING = "waiting"  # in the official's queue
    SCHEDULED = "scheduled"  # placed in a session
    HELD = "held"  # met the official; orders are being followed up
    CLOSED = "closed"  # مختومه
    NOT_ATTENDED = "not_attended"  # closed after a second no-show
    CANCELLED = "cancelled"  # withdrawn by the citizen

    @property
    def label(self) -> str:
        return _(REQUEST_STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


REQUEST_STATUS_LABELS = {
    RequestStatus.WAITING: N_("Waiting in the queue"),
    RequestStatus.SCHEDULED: N_("Scheduled"),
    RequestStatus.HELD: N_("Met, following up"),
    RequestStatus.CLOSED: N_("Closed"),
    RequestStatus.NOT_ATTENDED: N_("Closed, did not attend"),
    RequestStatus.CANCELLED: N_("Cancelled"),
}
OPEN_STATUSES = frozenset({RequestStatus.WAITING, RequestStatus.SCHEDULED, RequestStatus.HELD})
CLOSED_STATUSES = frozenset({RequestStatus.CLOSED, RequestStatus.NOT_ATTENDED, RequestStatus.CANCELLED})


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    PORTAL = "portal"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return _(CHANNEL_LABELS[self])


CHANNEL_LABELS = {
    Channel.IN_PERSON: N_("In person"),
    Channel.PHONE: N_("Phone"),
    Channel.PORTAL: N_("Portal"),
    Channel.LETTER: N_("Letter"),
}


class SubjectCategory(StrEnum):
    URBAN_SERVICES = "urban_services"
    BUILDING_PERMITS = "building_permits"
    TRAFFIC = "traffic"
    GREEN_SPACE = "green_space"
    PROPERTY = "property"
    SOCIAL = "social"
    STAFF_COMPLAINT = "staff_complaint"
    EMPLOYMENT = "employment"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(SUBJECT_LABELS[self])


SUBJECT_LABELS = {
    SubjectCategory.URBAN_SERVICES: N_("Urban services"),
    SubjectCategory.BUILDING_PERMITS: N_("Building permits"),
    SubjectCategory.TRAFFIC: N_("Traffic and transport"),
    SubjectCategory.GREEN_SPACE: N_("Parks and green space"),
    SubjectCategory.PROPERTY: N_("Property and compensation"),
    SubjectCategory.SOCIAL: N_("Social and cultural"),
    SubjectCategory.STAFF_COMPLAINT: N_("Complaint about staff"),
    SubjectCategory.EMPLOYMENT: N_("Employment"),
    SubjectCategory.OTHER: N_("Other"),
}


class PriorityGroup(StrEnum):
    NONE = "none"
    VETERAN_FAMILY = "veteran_family"  # ایثارگران و خانواده شهدا
    DISABILITY = "disability"
    ELDERLY = "elderly"
    URGENT = "urgent"  # a stated urgent need (illness, eviction...)

    @property
    def label(self) -> str:
        return _(PRIORITY_LABELS[self])


PRIORITY_LABELS = {
    PriorityGroup.NONE: N_("No priority"),
    PriorityGroup.VETERAN_FAMILY: N_("Veterans and martyrs' families"),
    PriorityGroup.DISABILITY: N_("People with disabilities"),
    PriorityGroup.ELDERLY: N_("Elderly"),
    PriorityGroup.URGENT: N_("Urgent need"),
}
DEFAULT_PRIORITY_ORDER: tuple[PriorityGroup, ...] = (
    PriorityGroup.VETERAN_FAMILY, PriorityGroup.DISABILITY, PriorityGroup.ELDERLY, PriorityGroup.URGENT,
)


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _(SESSION_STATUS_LABELS[self])


SESSION_STATUS_LABELS = {
    SessionStatus.PLANNED: N_("Planned"),
    SessionStatus.HELD: N_("Held"),
    SessionStatus.CANCELLED: N_("Cancelled"),
}


class EntryOutcome(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return _(OUTCOME_LABELS[self])


OUTCOME_LABELS = {EntryOutcome.ATTENDED: N_("Attended"), EntryOutcome.NO_SHOW: N_("Did not attend")}


class EntryState(StrEnum):
    """Where a citizen is on the meeting day (derived from the entry's timestamps)."""

    EXPECTED = "expected"
    CHECKED_IN = "checked_in"
    IN_MEETING = "in_meeting"
    DONE = "done"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return _(ENTRY_STATE_LABELS[self])


ENTRY_STATE_LABELS = {
    EntryState.EXPECTED: N_("Expected"),
    EntryState.CHECKED_IN: N_("Checked in"),
    EntryState.IN_MEETING: N_("In the meeting"),
    EntryState.DONE: N_("Done"),
    EntryState.NO_SHOW: N_("Did not attend"),
}


def entry_state(*, checked_in: bool, called: bool, finished: bool, outcome: str | None) -> EntryState:
    if outcome == EntryOutcome.NO_SHOW:
        return EntryState.NO_SHOW
    if finished:
        return EntryState.DONE
    if called:
        return EntryState.IN_MEETING
    if checked_in:
        return EntryState.CHECKED_IN
    return EntryState.EXPECTED


class OrderStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return _(ORDER_STATUS_LABELS[self])


ORDER_STATUS_LABELS = {
    OrderStatus.OPEN: N_("In progress"),
    OrderStatus.DONE: N_("Done"),
    OrderStatus.REJECTED: N_("Rejected"),
}


class QueueMoveKind(StrEnum):
    MOVE = "move"  # a clerk's manual reorder, with a reason
    NO_SHOW_RETURN = "no_show_return"  # back to the queue after a first no-show
    REMOVED_FROM_SESSION = "removed_from_session"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        return _(MOVE_KIND_LABELS[self])


MOVE_KIND_LABELS = {
    QueueMoveKind.MOVE: N_("Moved by a clerk"),
    QueueMoveKind.NO_SHOW_RETURN: N_("Back to the queue after a no-show"),
    QueueMoveKind.REMOVED_FROM_SESSION: N_("Taken out of a session"),
    QueueMoveKind.REOPENED: N_("Reopened"),
}

E = TypeVar("E", bound=StrEnum)


def parse_choice(enum_type: type[E], value: str | E, labels: dict[E, str], field: str) -> E:
    """An enum member from its code value, English label or Persian label (forms, imports)."""
    if isinstance(value, enum_type):
        return value
    cleaned = " ".join(str(value or "").split()).casefold()
    for member in enum_type:
        if cleaned in {member.value, labels[member].casefold(), _(labels[member]).casefold()}:
            return member
    raise UserError(N_("“{text}” is not one of the choices."), field=field, text=str(value)[:40])


# --- the fair queue -------------------------------------------------------------------

def priority_rank(group: PriorityGroup | str, order: Sequence[PriorityGroup | str]) -> int:
    """0 for the first group of the office's rule, 1 for the next…; everyone else after."""
    order_values = [str(g) for g in order if str(g) != PriorityGroup.NONE]
    value = str(group)
    return order_values.index(value) if value in order_values else len(order_values)


def queue_key_for(registered_at: dt.datetime) -> int:
    """First come, first served: the key is the registration time in microseconds (UTC)."""
    if registered_at.tzinfo is None:
        raise ValueError("naive datetime")
    delta = registered_at.astimezone(dt.UTC) - dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@dataclass(frozen=True)
class QueueItem:
    """What the ordering rule needs of one waiting request."""

    rank: int
    key: int
    tie: str = ""  # the id, so equal keys still have one order


def queue_order(items: Iterable[QueueItem]) -> list[QueueItem]:
    """The fair queue: lower priority rank first, then first registered (key), then id."""
    return sorted(items, key=lambda i: (i.rank, i.key, i.tie))


def place_between(before: QueueItem | None, after: QueueItem | None) -> tuple[int, int] | None:
    """(rank, key) that puts a moved request between `before` and `after` (either may be
    None: the head or the tail of the queue). None when the two neighbours have no room
    between their keys: the caller spreads the keys and asks again."""
    if before is None and after is None:
        return (0, 0)
    if before is None:
        assert after is not None
        return (after.rank, after.key - QUEUE_GAP)
    if after is None or after.rank != before.rank:
        return (before.rank, before.key + QUEUE_GAP if after is None else before.key + 1)
    if after.key - before.key < 2:
        return None
    return (before.rank, (before.key + after.key) // 2)


def waiting_days(registered_on: dt.date, today: dt.date) -> int:
    return max(0, (today - registered_on).days)


# --- reminder ladder (shared with the directive register: domain/followup.py) ---------

def due_date_for(given_on: dt.date, working_days: int, calendar: WorkCalendar) -> dt.date:
    if working_days < 1:
        raise UserError(N_("The deadline must be at least one working day."), field="deadline")
    return calendar.add_working_days(given_on, working_days)


# --- tracking codes and masking -------------------------------------------------------

def tracking_code(prefix: str, jalali_year: int, number: int) -> str:
    """"A05-000123": the replica's prefix, the Jalali year's last two digits, the number."""
    return f"{prefix}{jalali_year % 100:02d}-{number:06d}"


def normalize_tracking_query(text: str) -> str:
    """What a person typed as a tracking code, in the stored form (Latin, upper case)."""
    return to_latin_digits(text or "").strip().upper().replace(" ", "").replace("_", "-")


def looks_like_tracking_code(text: str) -> bool:
    q = normalize_tracking_query(text)
    return "-" in q and len(q) <= 20 and q[:1].isalpha() and q.replace("-", "").isalnum() and q.isascii()


def search_number(text: str) -> str:
    """A number typed in a search box as the digits it is made of, when it is one: Persian
    digits made Latin, spaces and dashes dropped, and the + of a mobile written the
    international way ("+98 912 …", as a phone's contacts show it); else the text so
    cleaned, which is then not all digits."""
    plain = to_latin_digits(text or "").replace(" ", "").replace("-", "")
    return plain[1:] if plain.startswith("+98") else plain


def masked_national_code(code: str, *, full: bool) -> str:
    return code if full else mask_national_code(code)


def masked_mobile(mobile: str | None, *, full: bool) -> str:
    if not mobile:
        return ""
    return mobile if full else mask_mobile(mobile)


def check_satisfaction(value: int | str | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(to_latin_digits(str(value)).strip())
    except ValueError:
        raise UserError(N_("Satisfaction must be a whole number from 1 to 5."), field="satisfaction") from None
    if not 1 <= number <= 5:
        raise UserError(N_("Satisfaction must be a whole number from 1 to 5."), field="satisfaction")
    return number


def check_district(value: int | str | None) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise UserError(N_("The district must be a number from 1 to 22."), field="district")
    try:
        number = int(to_latin_digits(str(value)).strip())
    except ValueError:
        raise UserError(N_("The district must be a number from 1 to 22."), field="district") from None
    if not 1 <= number <= DISTRICT_COUNT:
        raise UserError(N_("The district must be a number from 1 to 22."), field="district")
    return number


# --- attachments ----------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
)


def sniff_attachment(content: bytes) -> tuple[str, str]:
    """(mime type, extension) of a scanned letter from its first bytes: PDF or an image.

    The name's extension is never trusted."""
    for magic, mime, ext in _MAGIC:
        if content.startswith(magic):
            return mime, ext
    raise UserError(N_("Only PDF files and scanned images (JPEG, PNG, TIFF) can be attached."), field="attachment")


def clean_file_name(name: str, extension: str) -> str:
    """A safe display name: no folders, no control or bidi characters, at most 120
    characters, ending in the extension that matches the content."""
    from pr_desk.domain.text import clean_user_text

    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = clean_user_text(base).replace("\n", " ").replace("\t", " ")
    base = "".join(ch for ch in base if ch not in '<>:"|?*').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[:100] or "attachment"
    return stem + extension


# --- import rows ----------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingImportRow:
    """One row of the office's meetings spreadsheet, as text, with its row number."""

    row_number: int
    national_code: str
    first_name: str
    last_name: str
    mobile: str
    district: str
    official: str  # the official's name or "title — name"
    subject: str
    channel: str
    description: str
    registered_on: str = ""  # Jalali date; empty = today
    priority: str = ""
    priority_note: str = ""
