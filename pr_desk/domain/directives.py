"""The directive register (دستورالعمل‌ها و آئین‌نامه‌ها): pure rules and words.

A directive is drafted, reviewed, approved and issued; an issued text is never edited in
place: an amendment is a new version that goes the same way. Issuing gives the directive
its number, issued by the office per Jalali year and kind (د/۱۴۰۵/۰۱۲). Each recipient
unit is communicated the directive, acknowledges a version, implements it and sends
evidence, which an inspector or supervisor accepts or refuses with a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from pr_desk.domain.errors import UserError
from pr_desk.domain.followup import (
    DEFAULT_DUE_SOON_DAYS,
    DEFAULT_ESCALATE_AFTER_DAYS,
    ReminderLevel,
    reminder_level,
)
from pr_desk.domain.text import SEARCH_WORDS, search_key
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import N_, _

MAX_TITLE = 300
MAX_BODY = 200_000
MAX_NOTE = 2000
MAX_NAME = 120
DEFAULT_ACK_WORKING_DAYS = 5
DEFAULT_ATTACHMENT_CAP = 10 * 1024 * 1024  # bytes; the office may set another


class VersionStatus(StrEnum):
    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    ISSUED = "issued"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return _(VERSION_STATUS_LABELS[self])


VERSION_STATUS_LABELS = {
    VersionStatus.DRAFT: N_("Draft"),
    VersionStatus.REVIEW: N_("In review"),
    VersionStatus.APPROVED: N_("Approved"),
    VersionStatus.ISSUED: N_("Issued"),
    VersionStatus.RETURNED: N_("Returned"),
}

# Who may move a version from one status to the next (the service checks the permission).
TRANSITIONS: dict[VersionStatus, frozenset[VersionStatus]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.REVIEW}),
    VersionStatus.RETURNED: frozenset({VersionStatus.REVIEW}),
    VersionStatus.REVIEW: frozenset({VersionStatus.APPROVED, VersionStatus.RETURNED}),
    VersionStatus.APPROVED: frozenset({VersionStatus.ISSUED, VersionStatus.RETURNED}),
    VersionStatus.ISSUED: frozenset(),
}
EDITABLE = frozenset({VersionStatus.DRAFT, VersionStatus.RETURNED})


def check_transition(current: VersionStatus, wanted: VersionStatus) -> None:
    if wanted not in TRANSITIONS[current]:
        raise UserError(N_("A version that is {current} cannot become {wanted}."), current=current.label, wanted=wanted.label)


class DirectiveStatus(StrEnum):
    """Where the directive as a whole stands (its versions have their own status)."""

    DRAFT = "draft"  # no version issued yet
    IN_FORCE = "in_force"  # لازم‌الاجرا
    REPEALED = "repealed"  # منسوخ: repealed by another directive
    SUPERSEDED = "superseded"  # replaced by another directive

    @property
    def label(self) -> str:
        return _(DIRECTIVE_STATUS_LABELS[self])


DIRECTIVE_STATUS_LABELS = {
    DirectiveStatus.DRAFT: N_("Not yet issued"),
    DirectiveStatus.IN_FORCE: N_("In force"),
    DirectiveStatus.REPEALED: N_("Repealed"),
    DirectiveStatus.SUPERSEDED: N_("Superseded"),
}


class Relation(StrEnum):
    SUPERSEDES = "supersedes"
    AMENDS = "amends"
    REPEALS = "repeals"

    @property
    def label(self) -> str:
        return _(RELATION_LABELS[self])

    @property
    def inverse_label(self) -> str:
        return _(INVERSE_RELATION_LABELS[self])


RELATION_LABELS = {
    Relation.SUPERSEDES: N_("supersedes"),
    Relation.AMENDS: N_("amends"),
    Relation.REPEALS: N_("repeals"),
}
INVERSE_RELATION_LABELS = {
    Relation.SUPERSEDES: N_("superseded by"),
    Relation.AMENDS: N_("amended by"),
    Relation.REPEALS: N_("repealed by"),
}


@dataclass(frozen=True)
class DefaultKind:
    code: str
    name: str  # Persian, as the office writes it
    prefix: str  # the first part of the number


DEFAULT_KINDS: tuple[DefaultKind, ...] = (
    DefaultKind("directive", "دستورالعمل", "د"),
    DefaultKind("regulation", "آئین‌نامه اجرایی", "آ"),
    DefaultKind("circular", "بخشنامه", "ب"),
    DefaultKind("guideline", "شیوه‌نامه", "ش"),
    DefaultKind("notice", "ابلاغیه", "الف"),
)

_PREFIX = re.compile(r"^[\w\u0600-\u06FF‌-]{1,8}$")


def check_prefix(prefix: str) -> str:
    cleaned = (prefix or "").strip()
    if not _PREFIX.match(cleaned) or "/" in cleaned:
        raise UserError(N_("A number prefix is one to eight letters or digits, without a slash."), field="prefix")
    return cleaned


def directive_number(prefix: str, jalali_year: int, serial: int) -> str:
    """"د/1405/012": the kind's prefix, the Jalali year of issue, the serial in that year
    and kind (stored with Latin digits; shown with Persian ones)."""
    return f"{prefix}/{jalali_year}/{serial:0{SERIAL_DIGITS}d}"


SERIAL_DIGITS = 3
"""A serial's digits in the numbers `directive_number` gives (leading zeros: 012)."""
_TYPED_NUMBER = re.compile(rf"^((?:[^/]+/)?\d{{4}}/)(\d{{1,{SERIAL_DIGITS - 1}}})$")


def number_forms(typed: str) -> tuple[str, ...]:
    """The other form a directive number typed without its serial's leading zeros takes
    as stored: "د/1405/8" (or "1405/8") is also "د/1405/008"; none for anything else.
    `typed` in its stored or search form (Latin digits: `search_key`, `normalise_number`).
    The stored numbers and their search shadows stay as they are: a search matches the
    typed text or this form."""
    found = _TYPED_NUMBER.match(typed)
    return (found[1] + found[2].zfill(SERIAL_DIGITS),) if found else ()


class RecipientState(StrEnum):
    """A directive at one unit, as the distribution matrix colours it."""

    TO_ACKNOWLEDGE = "to_acknowledge"
    ACK_OVERDUE = "ack_overdue"
    OLD_VERSION = "old_version"  # acknowledged an earlier version: asked again
    ACKNOWLEDGED = "acknowledged"
    IMPL_OVERDUE = "impl_overdue"
    IMPLEMENTED = "implemented"  # evidence sent, not yet checked
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"

    @property
    def label(self) -> str:
        return _(RECIPIENT_STATE_LABELS[self])

    @property
    def colour(self) -> str:
        return RECIPIENT_STATE_COLOURS[self]

    @property
    def overdue(self) -> bool:
        return self.value in _OVERDUE


_OVERDUE = frozenset({"ack_overdue", "impl_overdue"})

RECIPIENT_STATE_LABELS = {
    RecipientState.TO_ACKNOWLEDGE: N_("To acknowledge"),
    RecipientState.ACK_OVERDUE: N_("Acknowledgement overdue"),
    RecipientState.OLD_VERSION: N_("Acknowledged an earlier version"),
    RecipientState.ACKNOWLEDGED: N_("Acknowledged"),
    RecipientState.IMPL_OVERDUE: N_("Implementation overdue"),
    RecipientState.IMPLEMENTED: N_("Implemented, evidence to check"),
    RecipientState.ACCEPTED: N_("Evidence accepted"),
    RecipientState.NOT_ACCEPTED: N_("Evidence not accepted"),
}
RECIPIENT_STATE_COLOURS = {
    RecipientState.TO_ACKNOWLEDGE: "#fff8e1",
    RecipientState.ACK_OVERDUE: "#ef9a9a",
    RecipientState.OLD_VERSION: "#ffe0b2",
    RecipientState.ACKNOWLEDGED: "#e3f2fd",
    RecipientState.IMPL_OVERDUE: "#ef9a9a",
    RecipientState.IMPLEMENTED: "#e1f5fe",
    RecipientState.ACCEPTED: "#c8e6c9",
    RecipientState.NOT_ACCEPTED: "#ffcdd2",
}


def recipient_state(
    *,
    current_version: int,
    acknowledged_version: int | None,
    ack_due: dt.date | None,
    implemented_on: dt.date | None,
    impl_due: dt.date | None,
    verdict: str | None,
    today: dt.date,
) -> RecipientState:
    """One rule for the matrix, the pending lists, the reports and the CLI."""
    if verdict == "accepted":
        return RecipientState.ACCEPTED
    if verdict == "not_accepted":
        return RecipientState.NOT_ACCEPTED
    if implemented_on is not None:
        return RecipientState.IMPLEMENTED
    if acknowledged_version is None or acknowledged_version < current_version:
        if ack_due is not None and today > ack_due:
            return RecipientState.ACK_OVERDUE
        return RecipientState.OLD_VERSION if acknowledged_version is not None else RecipientState.TO_ACKNOWLEDGE
    if impl_due is not None and today > impl_due:
        return RecipientState.IMPL_OVERDUE
    return RecipientState.ACKNOWLEDGED


_TO_ACKNOWLEDGE = frozenset({RecipientState.TO_ACKNOWLEDGE, RecipientState.ACK_OVERDUE, RecipientState.OLD_VERSION})
_TO_IMPLEMENT = frozenset({RecipientState.ACKNOWLEDGED, RecipientState.IMPL_OVERDUE, RecipientState.NOT_ACCEPTED})


def open_deadline(state: RecipientState, ack_due: dt.date | None, impl_due: dt.date | None) -> dt.date | None:
    """The deadline a unit is still held to: the acknowledgement's while the text in force
    is not acknowledged, then the implementation's until evidence is sent; none after."""
    if state in _TO_ACKNOWLEDGE:
        return ack_due
    if state in _TO_IMPLEMENT:
        return impl_due
    return None


def recipient_reminder(
    state: RecipientState,
    ack_due: dt.date | None,
    impl_due: dt.date | None,
    today: dt.date,
    calendar: WorkCalendar,
    *,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    escalate_after_days: int = DEFAULT_ESCALATE_AFTER_DAYS,
) -> ReminderLevel:
    """A unit's place on the reminder ladder of the meeting orders, for the deadline it is
    still held to (acknowledgement, then implementation)."""
    due = open_deadline(state, ack_due, impl_due)
    if due is None:
        return ReminderLevel.NONE
    return reminder_level(due, today, calendar, due_soon_days=due_soon_days, escalate_after_days=escalate_after_days)


def search_words(text: str) -> tuple[str, ...]:
    """The search keys of a query's words (split at spaces; a ZWNJ stays inside its word),
    each Persian-normalised as the stored shadows are: every one must match, in any order."""
    keys = (search_key(word) for word in (text or "").split())
    return tuple(dict.fromkeys(k for k in keys if k))[:SEARCH_WORDS]


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"

    @property
    def label(self) -> str:
        return _(VERDICT_LABELS[self])


VERDICT_LABELS = {Verdict.ACCEPTED: N_("Accepted"), Verdict.NOT_ACCEPTED: N_("Not accepted")}


def check_text(value: str, *, field: str, label: str, limit: int, required: bool = True) -> str:
    from pr_desk.domain.text import clean_user_text

    cleaned = clean_user_text(value or "").strip()
    if required and not cleaned:
        raise UserError(N_("{label} is required."), field=field, label=label)
    if len(cleaned) > limit:
        raise UserError(N_("{label} is too long (at most {limit} characters)."), field=field, label=label, limit=limit)
    return cleaned


def check_dates(*, approved_on: dt.date | None, issued_on: dt.date | None, effective_on: dt.date | None,
                expires_on: dt.date | None) -> None:
    if approved_on and issued_on and issued_on < approved_on:
        raise UserError(N_("The issue date cannot be before the approval date."), field="issued_on")
    if issued_on and effective_on and effective_on < issued_on:
        raise UserError(N_("The effective date cannot be before the issue date."), field="effective_on")
    if expires_on and effective_on and expires_on <= effective_on:
        raise UserError(N_("The expiry date must be after the effective date."), field="expires_on")


MAX_TAGS = 20
MAX_TAG = 60


def split_tags(text: str) -> tuple[str, ...]:
    """Subject tags as typed: separated by commas (Persian or Latin) or new lines. More
    than MAX_TAGS, or one longer than MAX_TAG, is refused (never cut without a word)."""
    parts = re.split(r"[,،;\n]+", text or "")
    seen: list[str] = []
    for part in parts:
        tag = " ".join(part.split())
        if len(tag) > MAX_TAG:
            raise UserError(N_("A subject is too long (at most {limit} characters): {tag}"), field="tags",
                            limit=MAX_TAG, tag=tag[:MAX_TAG] + "…")
        if tag and tag not in seen:
            seen.append(tag)
    if len(seen) > MAX_TAGS:
        raise UserError(N_("At most {limit} subjects, separated by commas; there are {count}."), field="tags",
                        limit=MAX_TAGS, count=len(seen))
    return tuple(seen)


@dataclass(frozen=True)
class DirectiveImportRow:
    """One row of the office's existing register, as text, with its row number."""

    row_number: int
    number: str
    kind: str
    title: str
    issuer: str
    approved_on: str
    issued_on: str
    effective_on: str
    expires_on: str
    tags: str
    body: str
    recipients: str  # unit codes separated by commas, or "all districts"
