"""Checking the rows of an imported file, one way for every import (units, users, meeting
requests, evaluation forms): each bad row is named by its row, column, the cell's text and
what is wrong, and a refused import is one error that carries them all.

Pure: the readers (pr_desk.spreadsheets) give plain rows of text, the services check them
with these helpers and then write all the rows or none."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass
from typing import Any, TypeVar

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import localized_number
from pr_desk.i18n import N_, _

T = TypeVar("T")
R = TypeVar("R")

# How much of a cell a problem repeats: a cell may hold 32,767 characters.
ECHO_LIMIT = 40
# How many problems a refusal lists one by one; the rest are counted.
SHOWN_PROBLEMS = 200
NOTHING_IMPORTED = N_("Nothing was imported: {count} rows have problems.")


def clip(text: object, limit: int = ECHO_LIMIT) -> str:
    """A cell's text as a problem repeats it: on one line, and no longer than `limit`."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[:limit] + "…"


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row of an imported file.

    `row_number` is the row as the spreadsheet numbers it (0: the file as a whole, such as
    a row of a form that is missing); `column` the column's header as the file shows it,
    translated; `value` the cell's text, clipped; `message` what is wrong, translated;
    `cell` the cell's address where the file's layout is fixed (an evaluation form)."""

    row_number: int
    message: str
    column: str = ""
    value: str = ""
    cell: str = ""

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}" if self.cell else f"{self.row_number}: {self.message}"


class ImportRejected(UserError):
    """Some rows of the file are wrong, so nothing was written: `problems` names each one.
    The one refusal of every import; `message` says it in the import's words."""

    def __init__(self, problems: Iterable[RowProblem], *, message: str = NOTHING_IMPORTED, count: int | None = None) -> None:
        found = list(problems)
        super().__init__(message, count=len({p.row_number for p in found}) if count is None else count)
        self.problems = found


class CellErrors(UserError):
    """Several cells of one row are wrong at once (raised by `each_cell`)."""

    def __init__(self, errors: Sequence[UserError]) -> None:
        super().__init__(errors[0].message, field=errors[0].field, **errors[0].params)
        self.errors = list(errors)


def each_cell(*checks: Callable[[], Any]) -> tuple[Any, ...]:
    """Runs the checks of one row's cells, each on its own, and returns their results; if
    any failed, raises CellErrors with every failure, so a row with two bad cells names both."""
    results: list[Any] = []
    errors: list[UserError] = []
    for check in checks:
        try:
            results.append(check())
        except UserError as exc:
            errors.append(exc)
            results.append(None)
    if errors:
        raise CellErrors(errors)
    return tuple(results)


def check_row_count(rows: Sized, limit: int) -> None:
    """A file with no rows, or more than an import takes at once, is refused whole."""
    if not len(rows):
        raise UserError(N_("The file has no rows to import."))
    if len(rows) > limit:
        raise UserError(N_("The file has {count} rows; at most {limit} can be imported at once."), count=len(rows), limit=limit)


def check_rows(
    rows: Iterable[R],
    check: Callable[[R], T],
    columns: Sequence[tuple[str, str]],
    *,
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[T], list[RowProblem]]:
    """Every row through `check`: (what it returned for the good rows, a problem for each
    UserError of the bad ones). A problem's column comes from the error's `field`, looked up
    in `columns` ((key, header msgid) pairs, the key also the row's attribute) after
    `aliases` (a field name the checks use -> the column key); its value from that cell."""
    labels = dict(columns)
    checked: list[T] = []
    problems: list[RowProblem] = []
    for row in rows:
        try:
            checked.append(check(row))
        except UserError as exc:
            errors = exc.errors if isinstance(exc, CellErrors) else [exc]
            problems.extend(row_problem(row, error, labels, aliases or {}) for error in errors)
    return checked, problems


def row_problem(row: Any, error: UserError, labels: Mapping[str, str], aliases: Mapping[str, str]) -> RowProblem:
    """The problem `error` makes of `row` (an import row: `row_number` and a text per column)."""
    key = aliases.get(error.field or "", error.field or "")
    label = labels.get(key)
    if label is None:
        return RowProblem(row.row_number, error.translated())
    return RowProblem(row.row_number, error.translated(), _(label), clip(getattr(row, key, "") or ""))


def describe(problem: RowProblem) -> str:
    """One line for `problem`: where it is (the cell of a form; else the row, the column
    and the cell's text unless the message already quotes it) and what is wrong."""
    if problem.cell:  # a form's cell: its address names the row and the column
        return f"{problem.cell}: {problem.message}"
    row = localized_number(problem.row_number)
    if not problem.column:
        return _("Row {row}: {message}").format(row=row, message=problem.message)
    if problem.value and problem.value not in problem.message:
        return _("Row {row}, column {column}, “{value}”: {message}").format(row=row, column=problem.column, value=problem.value,
                                                                          message=problem.message)
    if not problem.value:
        return _("Row {row}, column {column} (empty): {message}").format(row=row, column=problem.column, message=problem.message)
    return _("Row {row}, column {column}: {message}").format(row=row, column=problem.column, message=problem.message)


def problem_lines(problems: Sequence[RowProblem], limit: int = SHOWN_PROBLEMS) -> list[str]:
    """A line for each of the first `limit` problems, and one counting the rest."""
    lines = [describe(problem) for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(_("…and {count} more problems, not listed: correct these and check the file again.").format(
            count=localized_number(len(problems) - limit)))
    return lines
