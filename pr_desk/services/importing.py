"""What every import from Excel shares at the service layer. The UI never opens a workbook:
it asks an import's service for a preview (the file read and checked, every bad row named,
nothing written) and, for a clean file the user accepted, for the apply of that preview
(all rows or none, checked again inside the write)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pr_desk.domain.importing import RowProblem
from pr_desk.domain.text import localized_number, ltr_isolate
from pr_desk.i18n import _

T = TypeVar("T")
R = TypeVar("R")

Step = Callable[[str], None]
"""step(message): told (translated) as each stage of a preview begins. An exception it
raises stops the preview there; nothing has been written yet (how a cancel gets in)."""


@dataclass(frozen=True)
class ImportPreview(Generic[T]):
    """A file read and checked: `content` is what was read (handed back to the apply),
    `rows` what the import would bring, one a line for the preview to list, `row_count`
    the rows the file has, `problems` every bad row (the apply refuses the file while any)."""

    file_name: str
    content: T
    rows: tuple[Any, ...]
    row_count: int
    problems: tuple[RowProblem, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> int:
        return len({p.row_number for p in self.problems})


def read_import_file(path: Path, read: Callable[[Path], T], step: Step | None) -> T:
    """`read(path)` after telling `step` which file is being read."""
    path = Path(path)
    if step is not None:
        step(_("Reading {file}…").format(file=ltr_isolate(path.name)))
    return read(path)


def checking(step: Step | None, count: int) -> None:
    """Tells `step` that `count` rows read are being checked."""
    if step is not None:
        step(_("Checking {count} rows…").format(count=localized_number(count)))


def preview_rows(
    path: Path,
    read: Callable[[Path], list[R]],
    check: Callable[[list[R]], tuple[Sequence[Any], Sequence[RowProblem]]],
    step: Step | None,
    *,
    checked: bool = True,
) -> ImportPreview[list[R]]:
    """A spreadsheet of rows read (`read`) and checked (`check` gives the rows the import
    would bring and every problem), telling `step` as each stage begins. `checked=False`
    only reads (for a caller that hands the rows straight to the import, which checks them
    inside its write: the command line, which shows no preview, so checks the file once)."""
    rows = read_import_file(path, read, step)
    if not checked:
        return ImportPreview(Path(path).name, rows, (), len(rows))
    checking(step, len(rows))
    shown, problems = check(rows)
    return ImportPreview(Path(path).name, rows, tuple(shown), len(rows), tuple(problems))
