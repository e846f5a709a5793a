"""Rules of the unit evaluation (ارزیابی عملکرد): the one scoring function every screen and
report uses, grade bands, ranks, gaps and trends, evaluation periods of the Jalali year,
the form's status machine and its revision rules. Pure: Decimal arithmetic, no I/O.

Scoring, stated once:
- An indicator's share is weight × score / max_score; the total is the sum of shares
  divided by the sum of weights, times 100 — so a template's weights need not add to 100.
- The arithmetic is exact (fractions); the total and each axis score are rounded once, at
  the end, to 2 decimal places, half up (ROUND_HALF_UP): 84.125 → 84.13.
- An indicator with no score counts as ZERO (MissingScore.ZERO, the official rule: what a
  unit did not show, it did not earn). MissingScore.EXCLUDE leaves it out of both the
  shares and the weights (used for "so far" previews of unfinished forms). A form can only
  be submitted with every inspector score given, so an official total never has gaps.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Generic, TypeVar

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import JalaliDate, days_in_month
from pr_desk.domain.text import format_number, to_latin_digits, to_persian_digits
from pr_desk.i18n import N_, _

K = TypeVar("K", bound=Hashable)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
SCORE_DECIMALS = 2
MAX_WEIGHT = Decimal("1000")
MAX_MAX_SCORE = Decimal("1000")


# --- scores as people type them ------------------------------------------------------

MSG_SCORE_NOT_NUMBER = N_("“{value}” is not a number")
MSG_SCORE_NEGATIVE = N_("{value} is below zero")
MSG_SCORE_ABOVE_MAX = N_("{value} is above the maximum {maximum}")
MSG_SCORE_DECIMALS = N_("{value} has more than two decimal places")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text


def parse_decimal(value: object, *, field: str = "score") -> Decimal | None:
    """A number typed in Persian, Arabic-Indic or Latin digits ("۷٫۵", "7.5", "7/5"), or an
    int/Decimal; None for an empty cell. Floats are refused by type (scores are never float,
    except what a spreadsheet hands us, which goes through its shortest repr)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise UserError(MSG_SCORE_NOT_NUMBER, field=field, value=str(value))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = to_latin_digits(str(value)).strip().replace("\u066b", ".").replace("\u066c", "").replace("/", ".")
        text = text.replace("\u2212", "-").replace(",", "")
        if not text:
            return None
        if len(text) > 20:
            raise UserError(MSG_SCORE_NOT_NUMBER, field=field, value=str(value)[:20])
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise UserError(MSG_SCORE_NOT_NUMBER, field=field, value=str(value)[:20]) from None
    if not number.is_finite():
        raise UserError(MSG_SCORE_NOT_NUMBER, field=field, value=str(value)[:20])
    return number


def check_score(value: object, maximum: Decimal, *, field: str = "score") -> Decimal | None:
    """A score for an indicator whose range is 0..maximum, at most 2 decimals; None if empty.
    Messages name the value as written ("12 is above the maximum 10")."""
    number = parse_decimal(value, field=field)
    if number is None:
        return None
    shown = _plain(number)
    if number < 0:
        raise UserError(MSG_SCORE_NEGATIVE, field=field, value=shown)
    if number > maximum:
        raise UserError(MSG_SCORE_ABOVE_MAX, field=field, value=shown, maximum=_plain(maximum))
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SCORE_DECIMALS:
        raise UserError(MSG_SCORE_DECIMALS, field=field, value=shown)
    return number.quantize(CENT)


def _decimal_places(number: Decimal) -> int:
    """Digits after the point that count (7.50 has one); none for a whole or infinite number."""
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def check_weight(value: object, *, field: str = "weight") -> Decimal:
    number = parse_decimal(value, field=field)
    if number is None or number <= 0:
        raise UserError(N_("The weight must be a number above zero."), field=field)
    if number > MAX_WEIGHT or _decimal_places(number) > SCORE_DECIMALS:
        raise UserError(N_("The weight must be at most 1000, with at most two decimal places."), field=field)
    return number.quantize(CENT)


def check_max_score(value: object, *, field: str = "max_score") -> Decimal:
    number = parse_decimal(value, field=field)
    if number is None or number <= 0:
        raise UserError(N_("The maximum score must be a number above zero."), field=field)
    if number > MAX_MAX_SCORE or _decimal_places(number) > SCORE_DECIMALS:
        raise UserError(N_("The maximum score must be at most 1000, with at most two decimal places."), field=field)
    return number.quantize(CENT)


def format_score(value: Decimal | None, *, persian: bool = True) -> str:
    return "" if value is None else format_number(value, decimals=2, persian=persian)


# --- the scoring function ------------------------------------------------------------


class MissingScore(enum.Enum):
    ZERO = "zero"  # the official rule
    EXCLUDE = "exclude"  # previews of unfinished forms


@dataclass(frozen=True)
class IndicatorWeight(Generic[K]):
    """What scoring needs of an indicator: its key, its axis, weight and maximum score."""

    key: K
    axis: Hashable
    weight: Decimal
    max_score: Decimal


@dataclass(frozen=True)
class ScoreResult:
    total: Decimal | None  # out of 100, 2 places; None when nothing counts (all excluded)
    axes: Mapping[Hashable, Decimal | None]  # each axis out of 100, same rule
    scored: int  # indicators with a score
    missing: int  # indicators without one


def round_half_up(value: Fraction | Decimal, places: int = 2) -> Decimal:
    """Exact half-up rounding of a non-negative or negative rational to `places` decimals."""
    q = Fraction(value) * 10**places
    sign = -1 if q < 0 else 1
    n = (abs(q) + Fraction(1, 2)).__floor__()
    return (Decimal(sign * n) / Decimal(10**places)).quantize(Decimal(1).scaleb(-places))


def _percent(shares: Fraction, weights: Fraction) -> Decimal | None:
    if weights == 0:
        return None
    return round_half_up(shares / weights * 100)


def score(
    indicators: Sequence[IndicatorWeight[K]],
    scores: Mapping[K, Decimal | None],
    *,
    missing: MissingScore = MissingScore.ZERO,
) -> ScoreResult:
    """THE scoring function: weighted total out of 100 and per-axis scores (see module doc)."""
    shares: dict[Hashable, Fraction] = {}
    weights: dict[Hashable, Fraction] = {}
    scored = absent = 0
    for ind in indicators:
        if ind.weight <= 0 or ind.max_score <= 0:
            raise ValueError(f"indicator {ind.key!r} needs a positive weight and maximum")
        value = scores.get(ind.key)
        shares.setdefault(ind.axis, Fraction(0))
        weights.setdefault(ind.axis, Fraction(0))
        if value is None:
            absent += 1
            if missing is MissingScore.EXCLUDE:
                continue
            value = Decimal(0)
        else:
            scored += 1
            if value < 0 or value > ind.max_score:
                raise ValueError(f"score {value} of {ind.key!r} is outside 0..{ind.max_score}")
        shares[ind.axis] += Fraction(ind.weight) * Fraction(value) / Fraction(ind.max_score)
        weights[ind.axis] += Fraction(ind.weight)
    total = _percent(sum(shares.values(), Fraction(0)), sum(weights.values(), Fraction(0)))
    axes = {axis: _percent(shares[axis], weights[axis]) for axis in shares}
    return ScoreResult(total, axes, scored, absent)


# --- grades --------------------------------------------------------------------------


class Grade(enum.StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"

    @property
    def label(self) -> str:
        return _(GRADE_LABELS[self])


GRADE_LABELS = {
    Grade.EXCELLENT: N_("Excellent"),
    Grade.GOOD: N_("Good"),
    Grade.FAIR: N_("Fair"),
    Grade.POOR: N_("Poor"),
}


@dataclass(frozen=True)
class GradeBands:
    """Lowest total of each grade; below `fair` is poor. Configurable by the office."""

    excellent: Decimal = Decimal(90)
    good: Decimal = Decimal(75)
    fair: Decimal = Decimal(50)

    def __post_init__(self) -> None:
        if not (HUNDRED >= self.excellent > self.good > self.fair > 0):
            raise UserError(N_("Grade thresholds must fall: 100 ≥ excellent > good > fair > 0."), field="grade_bands")

    def grade(self, total: Decimal | None) -> Grade | None:
        if total is None:
            return None
        if total >= self.excellent:
            return Grade.EXCELLENT
        if total >= self.good:
            return Grade.GOOD
        if total >= self.fair:
            return Grade.FAIR
        return Grade.POOR

    def to_text(self) -> str:
        return f"{self.excellent}/{self.good}/{self.fair}"

    @classmethod
    def from_text(cls, text: str) -> GradeBands:
        try:
            e, g, f = (Decimal(p) for p in text.split("/"))
        except (ValueError, InvalidOperation):
            return cls()
        return cls(e, g, f)


DEFAULT_BANDS = GradeBands()


# --- rank, gap, trend ----------------------------------------------------------------


def rank(totals: Mapping[K, Decimal | None]) -> dict[K, int]:
    """Competition ranking ("1, 2, 2, 4"): equal totals share a rank; None is not ranked."""
    ordered = sorted((v for v in totals.values() if v is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {k: first[v] for k, v in totals.items() if v is not None}


def provisional_rank(approved: Mapping[K, Decimal | None], key: K, total: Decimal | None) -> tuple[int | None, int]:
    """Where a total not yet approved would stand among the approved totals of its kind
    (`approved` without `key`'s own): its rank and how many it is ranked among. The
    approved ranks do not move for it."""
    others = {k: v for k, v in approved.items() if k != key and v is not None}
    if total is None:
        return None, len(others)
    return rank({**others, key: total})[key], len(others) + 1


def rank_text(position: int | None, among: int, *, provisional: bool = False, persian: bool = True) -> str:
    """A rank as the screen, the reports and the command line all write it: "3 of 7", a
    rank that stands on a form not yet approved marked provisional, no rank "—"."""
    if position is None:
        return "—"
    text = _("{rank} of {count}").format(rank=format_number(position, persian=persian), count=format_number(among, persian=persian))
    return _("{rank} (provisional)").format(rank=text) if provisional else text


def gap(self_total: Decimal | None, inspector_total: Decimal | None) -> Decimal | None:
    """Self-assessment minus the inspector's total: positive when a unit rates itself higher."""
    if self_total is None or inspector_total is None:
        return None
    return self_total - inspector_total


class Trend(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    STEADY = "steady"
    NEW = "new"  # no earlier result to compare with

    @property
    def label(self) -> str:
        return _(TREND_LABELS[self])

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼", "steady": "=", "new": "—"}[self.value]


TREND_LABELS = {Trend.UP: N_("Rising"), Trend.DOWN: N_("Falling"), Trend.STEADY: N_("Steady"), Trend.NEW: N_("No earlier result")}
STEADY_WITHIN = Decimal("1.00")


def trend(current: Decimal | None, previous: Decimal | None, *, steady_within: Decimal = STEADY_WITHIN) -> tuple[Trend, Decimal | None]:
    """Against the previous result: the direction and the change (None if either is missing).
    A change smaller than `steady_within` points is steady."""
    if current is None or previous is None:
        return Trend.NEW, None
    delta = current - previous
    if abs(delta) < steady_within:
        return Trend.STEADY, delta
    return (Trend.UP if delta > 0 else Trend.DOWN), delta


# --- periods of the Jalali year ------------------------------------------------------


class PeriodKind(enum.StrEnum):
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def label(self) -> str:
        return _(PERIOD_KIND_LABELS[self])

    @property
    def per_year(self) -> int:
        # not `count`: that would hide str.count of the StrEnum
        return {"quarter": 4, "half": 2, "year": 1}[self.value]

    @property
    def months(self) -> int:
        return 12 // self.per_year


PERIOD_KIND_LABELS = {PeriodKind.QUARTER: N_("Quarterly"), PeriodKind.HALF: N_("Half-yearly"), PeriodKind.YEAR: N_("Yearly")}
_ORDINALS = ("اول", "دوم", "سوم", "چهارم")
_CODE_LETTER = {PeriodKind.QUARTER: "Q", PeriodKind.HALF: "H", PeriodKind.YEAR: "Y"}


def check_period(kind: PeriodKind | str, year: int | str, number: int | str = 1) -> tuple[PeriodKind, int, int]:
    try:
        kind = PeriodKind(str(kind))
    except ValueError:
        raise UserError(N_("The period kind must be quarter, half or year."), field="kind") from None
    try:
        year_n = int(to_latin_digits(str(year)).strip())
        number_n = int(to_latin_digits(str(number)).strip())
    except ValueError:
        raise UserError(N_("The year and the period number must be whole numbers."), field="year") from None
    if not 1300 <= year_n <= 1500:
        raise UserError(N_("The year must be a Jalali year between 1300 and 1500."), field="year")
    if not 1 <= number_n <= kind.per_year:
        raise UserError(N_("A {kind} period is numbered 1 to {count}."), field="number", kind=kind.label, count=kind.per_year)
    return kind, year_n, number_n


def period_range(kind: PeriodKind | str, year: int, number: int = 1) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last day (both inclusive) of a Jalali quarter, half or year:
    quarter 1 is Farvardin–Khordad, half 2 is Mehr–Esfand (29 or 30 days in Esfand)."""
    kind, year, number = check_period(kind, year, number)
    first_month = (number - 1) * kind.months + 1
    last_month = first_month + kind.months - 1
    start = JalaliDate(year, first_month, 1)
    end = JalaliDate(year, last_month, days_in_month(year, last_month))
    return start.to_gregorian(), end.to_gregorian()


def period_label(kind: PeriodKind | str, year: int, number: int = 1) -> str:
    """"سه‌ماهه دوم ۱۴۰۴", "نیمه اول ۱۴۰۴", "سال ۱۴۰۴" (English: "Quarter 2 of 1404")."""
    kind = PeriodKind(str(kind))
    from pr_desk.i18n import current_language

    if current_language() == "fa":
        head = {PeriodKind.QUARTER: "سه‌ماهه", PeriodKind.HALF: "شش‌ماهه", PeriodKind.YEAR: "سال"}[kind]
        if kind is PeriodKind.YEAR:
            return f"{head} {to_persian_digits(year)}"
        return f"{head} {_ORDINALS[number - 1]} {to_persian_digits(year)}"
    if kind is PeriodKind.YEAR:
        return f"Year {year}"
    return f"{'Quarter' if kind is PeriodKind.QUARTER else 'Half'} {number} of {year}"


def period_code(kind: PeriodKind | str, year: int, number: int = 1) -> str:
    """"1404-Q2", "1404-H1", "1404-Y": how the command line and spreadsheets name a period."""
    kind = PeriodKind(str(kind))
    return f"{year}-{_CODE_LETTER[kind]}" + ("" if kind is PeriodKind.YEAR else str(number))


def parse_period_code(text: str) -> tuple[PeriodKind, int, int]:
    cleaned = to_latin_digits(text or "").strip().upper().replace(" ", "").replace("/", "-")
    try:
        year_text, rest = cleaned.split("-", 1)
        letter, digits = rest[:1], rest[1:]
        kind = {v: k for k, v in _CODE_LETTER.items()}[letter]
        return check_period(kind, int(year_text), int(digits) if digits else 1)
    except (ValueError, KeyError):
        raise UserError(N_("“{text}” is not a period: write it like 1404-Q2, 1404-H1 or 1404-Y."), field="period", text=(text or "")[:30]) from None


# --- the form's life -----------------------------------------------------------------


class FormStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return _(FORM_STATUS_LABELS[self])


FORM_STATUS_LABELS = {
    FormStatus.DRAFT: N_("Draft"),
    FormStatus.SUBMITTED: N_("Submitted"),
    FormStatus.APPROVED: N_("Approved"),
    FormStatus.RETURNED: N_("Returned"),
}

# draft → submitted → approved | returned (with comments) → draft. An approved form is
# locked: a correction is a new revision (draft) of it, the approved one kept as it was.
TRANSITIONS: dict[FormStatus, frozenset[FormStatus]] = {
    FormStatus.DRAFT: frozenset({FormStatus.SUBMITTED}),
    FormStatus.SUBMITTED: frozenset({FormStatus.APPROVED, FormStatus.RETURNED}),
    FormStatus.RETURNED: frozenset({FormStatus.DRAFT, FormStatus.SUBMITTED}),
    FormStatus.APPROVED: frozenset(),
}


def check_transition(current: FormStatus | str, target: FormStatus | str) -> FormStatus:
    current, target = FormStatus(str(current)), FormStatus(str(target))
    if target not in TRANSITIONS[current]:
        raise UserError(
            N_("A form that is {current} cannot become {target}."), field="status",
            current=current.label, target=target.label,
        )
    return target


def editable(status: FormStatus | str) -> bool:
    """Scores, evidence and visits change only in a draft or a returned form."""
    return FormStatus(str(status)) in (FormStatus.DRAFT, FormStatus.RETURNED)


def check_editable(status: FormStatus | str) -> None:
    status = FormStatus(str(status))
    if status is FormStatus.APPROVED:
        raise UserError(N_("This form is approved and locked; to correct it, make a new revision with its reason."), field="status")
    if status is FormStatus.SUBMITTED:
        raise UserError(N_("This form is submitted; it can be changed only after a supervisor returns it."), field="status")


def check_revisable(status: FormStatus | str, is_current: bool, reason: str) -> None:
    """Only the current, approved revision is corrected, and only with a stated reason."""
    if FormStatus(str(status)) is not FormStatus.APPROVED or not is_current:
        raise UserError(N_("Only the current approved form can be revised; change a draft directly."), field="status")
    if not reason.strip():
        raise UserError(N_("Say why the approved form is being revised."), field="reason")


def form_number(replica_prefix: str, jalali_year: int, n: int) -> str:
    """"EVA-1404-0012": evaluation form n of the period's year, issued by replica A."""
    return f"EV{replica_prefix}-{jalali_year}-{n:04d}"


def revision_number(base_number: str, revision: int) -> str:
    """The human number of a revision: the first keeps the form's number, later ones add -2, -3."""
    return base_number if revision <= 1 else f"{base_number}-{revision}"


class Progress(enum.StrEnum):
    """Where a unit stands in a period (the supervisor's progress view)."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    RETURNED = "returned"
    SUBMITTED = "submitted"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return _(PROGRESS_LABELS[self])


PROGRESS_LABELS = {
    Progress.NOT_STARTED: N_("Not started"),
    Progress.DRAFT: N_("Draft"),
    Progress.RETURNED: N_("Returned"),
    Progress.SUBMITTED: N_("Submitted"),
    Progress.APPROVED: N_("Approved"),
}


def progress_of(status: FormStatus | str | None) -> Progress:
    return Progress.NOT_STARTED if status is None else Progress(str(status))


def evidence_missing(evidence_required: bool, inspector_score: Decimal | None, note: str, attachments: int) -> bool:
    """Required evidence: an indicator that asks for it and earned more than zero needs a
    note or an attached file (a zero needs no proof)."""
    if not evidence_required or inspector_score is None or inspector_score == 0:
        return False
    return not (note.strip() or attachments > 0)


# --- attachments ---------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS_PER_FORM = 40
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
    (b"PK\x03\x04", "application/zip", ".zip"),
)
_OFFICE = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def sniff_evidence(content: bytes, file_name: str) -> tuple[str, str]:
    """(mime type, extension) from the first bytes: photos (JPEG, PNG, TIFF), PDF, or a
    Word/Excel document (a zip whose name says .docx/.xlsx). Names alone are never trusted."""
    for magic, mime, ext in _MAGIC:
        if content.startswith(magic):
            if mime == "application/zip":
                suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
                if suffix in _OFFICE:
                    return _OFFICE[suffix], suffix
                break
            return mime, ext
    raise UserError(N_("Only photos (JPEG, PNG, TIFF), PDF files and Word or Excel documents can be attached."), field="attachment")


def total_weight(weights: Iterable[Decimal]) -> Decimal:
    return sum(weights, Decimal(0))
