"""The declarative report model both writers (PDF and Excel) share.

A report is plain data: a title, some columns, rows (any iterable of mappings or tuples,
possibly a generator for big exports), optional totals and extra blocks. Services build a
`ReportSpec`; `write_pdf` and `write_xlsx` turn it into a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

ColumnKind: TypeAlias = Literal["text", "int", "rials", "score", "date", "datetime", "percent"]
Orientation: TypeAlias = Literal["portrait", "landscape"]
Row: TypeAlias = Mapping[str, Any] | Sequence[Any]
Progress: TypeAlias = Callable[[int, int | None], None]
Cancel: TypeAlias = Callable[[], bool]

DEFAULT_ORGANISATION = "معاونت روابط عمومی شهرداری تهران"
NUMERIC_KINDS = frozenset({"int", "rials", "score", "percent"})


class ReportCancelled(Exception):
    """The user cancelled an export; no file was left behind."""


@dataclass(frozen=True)
class Column:
    """One column: `key` into each row (or its index for tuple rows), a label msgid or text,
    what kind of value it holds, and a relative width (PDF) / minimum width (Excel)."""

    key: str
    label: str
    kind: ColumnKind = "text"
    width: float = 1.0

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


# --- extra blocks a report may carry before or after its main table ------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class LabelValues:
    """A block of "label: value" pairs (e.g. the details of one request)."""

    items: Sequence[tuple[str, Any]]
    title: str | None = None


@dataclass(frozen=True)
class Table:
    """A further table with its own columns (the spec's own table is the main one)."""

    columns: Sequence[Column]
    rows: Iterable[Row]
    title: str | None = None
    totals: Row | None = None
    compact: bool = False  # PDF: smaller type for a matrix of many narrow columns


@dataclass(frozen=True)
class BarChart:
    """Bars with Persian category labels; one series, or several with `series_names`."""

    categories: Sequence[str]
    values: Sequence[float] | Sequence[Sequence[float]]
    title: str | None = None
    series_names: Sequence[str] = ()
    value_kind: ColumnKind = "int"


@dataclass(frozen=True)
class RadarChart:
    """A spider chart: one axis per category, one polygon per series."""

    categories: Sequence[str]
    series: Sequence[Sequence[float]]
    series_names: Sequence[str] = ()
    title: str | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Signatures:
    """Signature boxes: (role, name) pairs, printed side by side."""

    signers: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Letter:
    """An official letter (نامه اداری): the reference box (number, date, attachments) on
    the end side, addressee, sender and subject, the salutation, the body's paragraphs,
    the closing, the signature on the end side and the copies. Text arrives translated;
    the writers add only the fixed labels (Number, Date, To, Subject ...)."""

    number: str
    date: str  # as printed (a Jalali date in the letter's digits)
    recipient: str
    subject: str
    paragraphs: Sequence[str]
    sender: str = ""
    attachments: str = ""
    opening: str = ""  # the line above everything (بسمه تعالی)
    salutation: str = ""
    closing: str = ""
    signer_name: str = ""
    signer_post: str = ""
    copies: Sequence[str] = ()


@dataclass(frozen=True)
class Tinted:
    """A table cell's value on a background colour (a state in a matrix): `value` is
    formatted as its column says, `colour` is "#rrggbb"."""

    value: Any
    colour: str


Block: TypeAlias = Heading | Paragraph | LabelValues | Table | BarChart | RadarChart | Signatures | PageBreak | Letter


@dataclass(frozen=True)
class ReportSpec:
    """Everything a report says. Labels and titles arrive already translated."""

    title: str
    columns: Sequence[Column] = ()
    rows: Iterable[Row] = ()
    totals: Row | None = None
    subtitle: str | None = None
    filters_text: str | None = None
    printed_by: str | None = None
    printed_at: dt.datetime | None = None  # None: now
    organisation: str = DEFAULT_ORGANISATION
    orientation: Orientation = "portrait"
    before: Sequence[Block] = ()  # blocks printed above the main table
    after: Sequence[Block] = ()  # blocks printed below it (signatures, charts...)
    logo: Path | None = None
    empty_message: str | None = None  # None: the standard "nothing to show"
    sheet_name: str | None = None
    # A report whose Excel file is its own sheet (the event budget, with SUM formulas for
    # its totals): writes that file to the path given, in place of the generic table.
    xlsx_writer: Callable[[Path], Path] | None = None

    @property
    def has_main_table(self) -> bool:
        return bool(self.columns)


# --- values -> display text ------------------------------------------------------------


def cell_value(row: Row, column: Column, index: int) -> Any:
    """The raw value of `column` in `row` (mapping by key, sequence by position)."""
    if isinstance(row, Mapping):
        return row.get(column.key)
    return row[index] if index < len(row) else None


def untinted(value: Any) -> tuple[Any, str | None]:
    """(the value, its background colour or None) of a cell that may be `Tinted`."""
    if isinstance(value, Tinted):
        return value.value, value.colour
    return value, None


def jalali_date_text(value: dt.date, *, persian: bool = True) -> str:
    from pr_desk.domain.jalali import format_jalali

    return str(format_jalali(value, persian_digits=persian))


def jalali_datetime_text(value: dt.datetime, *, persian: bool = True) -> str:
    from pr_desk.domain.jalali import format_jalali_datetime

    return str(format_jalali_datetime(value, persian_digits=persian))


@dataclass
class Ticker:
    """Progress and cancellation bookkeeping shared by the writers."""

    progress: Progress | None = None
    cancel: Cancel | None = None
    total: int | None = None
    done: int = 0
    every: int = 500
    _since: int = field(default=0, repr=False)

    def step(self, n: int = 1) -> None:
        self.done += n
        self._since += n
        if self._since >= self.every:
            self._since = 0
            self.check()
            if self.progress is not None:
                self.progress(self.done, self.total)

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise ReportCancelled()

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total if self.total is not None else self.done)


def count_rows(rows: Iterable[Row]) -> int | None:
    try:
        return len(rows)  # type: ignore[arg-type]
    except TypeError:
        return None
