"""What every Excel import shares: a template's styled header sheet, saving it whole, and
reading a workbook's first sheet back into plain rows of text under a header found by name.

Reading never trusts the file: size-limited, must be a real .xlsx (zip) workbook, headers
found by name (Persian or English), every cell read as text."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pr_desk.atomic_files import atomic_output
from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_, _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000  # an office's whole history of meeting requests, streamed row by row
HEADER_COLOUR = "1F4E79"
DAMAGED = N_("{path} is damaged and could not be read (part of it is not valid Excel content, such as a control "
             "character in a cell). Open it in Excel, save it as a new .xlsx and import that copy; nothing was imported.")
log = logging.getLogger(__name__)
# openpyxl is imported inside the functions: screens that offer an import open faster.


def template_sheet(out: Path, title: str, columns: Sequence[tuple[str, str]]) -> tuple[Path, Any, Any]:
    """(path, workbook, sheet) for a new import template: the target checked, the sheet
    right to left with the columns' labels as a styled, frozen header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(N_("The template must be an .xlsx file."))
    if not out.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.sheet_view.rightToLeft = True
    ws.append([_(label) for _key, label in columns])
    for cell in ws[1]:
        cell.font = Font(name="Tahoma", bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_COLOUR)
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "A2"
    return out, wb, ws


def save_workbook(wb: Any, out: Path) -> Path:
    """Saves through a temporary file beside `out`: never a half-written workbook."""
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return Path(out)


def cell_text(value: Any) -> str:
    """A cell's value as the text a person typed (12.0 -> "12", spaces trimmed)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def open_workbook(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """A workbook opened read-only for its values, after the checks every import file
    passes: it exists, is no larger than `max_bytes`, is a real .xlsx (zip) and does not
    expand to far more than its size; anything openpyxl cannot read is one UserError.
    Read its cells inside `reading(path)`: a read-only workbook parses its sheets only then."""
    path = Path(path)
    if not path.is_file():
        raise UserError(N_("The file {path} does not exist."), path=str(path))
    if path.stat().st_size > max_bytes:
        raise UserError(N_("The file is larger than {mb} MB."), mb=max_bytes // (1024 * 1024))
    if not zipfile.is_zipfile(path):
        raise UserError(N_("{path} is not an Excel (.xlsx) workbook."), path=path.name)
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
            names = set(z.namelist())
        if total > 20 * max_bytes:
            raise UserError(N_("The workbook expands to too much data to be a real import file."))
        if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
            raise UserError(N_("{path} is not an Excel (.xlsx) workbook."), path=path.name)
        with reading(path):
            wb = load_workbook(path, read_only=True, data_only=True)
    except UserError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise UserError(N_("{path} could not be read as an Excel workbook: {reason}"), path=path.name, reason=str(exc)[:200]) from exc
    if not wb.worksheets:
        wb.close()
        raise UserError(N_("{path} is not an Excel (.xlsx) workbook."), path=path.name)
    return wb


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Whatever breaks while a workbook's parts are parsed (a NUL or other control character
    in a sheet's XML, a tag cut short, a member of the zip that does not inflate) becomes
    one sentence naming the file; the details go to the log."""
    try:
        yield
    except UserError:
        raise
    except Exception as exc:  # XML, zip and zlib errors, openpyxl's own: the file's fault
        log.warning("import file %s could not be read: %r", path, exc)
        raise UserError(DAMAGED, path=Path(path).name) from exc


def _open_rows(path: Path) -> Iterator[tuple[str, int, list[str]]]:
    """(the first sheet's title, row number, the row's cells as text), row by row."""
    wb = open_workbook(path)
    try:
        with reading(path):
            ws = wb.worksheets[0]
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS + 10:
                    raise UserError(N_("The file has more than {limit} rows."), limit=MAX_ROWS)
                cells = [cell_text(v) for v in row]
                yield ws.title, number, cells
    finally:
        wb.close()


def _header_map(cells: list[str], columns: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Column positions by header text: the key, the English label or its translation."""
    wanted = {}
    for key, label in columns:
        names = {key.casefold(), label.casefold(), _(label).casefold()}
        for index, cell in enumerate(cells):
            if cell.casefold() in names:
                wanted[key] = index
    return wanted


def read_table(path: Path, columns: Sequence[tuple[str, str]], required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """(row number, {key: text}) for every non-empty row under the header row, which is
    found by name in the first five rows; a missing header is one clear UserError that
    names the sheet and each column it lacks."""
    return list(iter_table(path, columns, required))


def iter_table(path: Path, columns: Sequence[tuple[str, str]], required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """`read_table`'s rows one at a time, as the read-only workbook streams them: a reader
    that turns each into its own row keeps the file's rows in memory once, not twice."""
    header: dict[str, int] | None = None
    best: dict[str, int] = {}  # the header-like row nearest to complete, for naming what it lacks
    sheet = ""
    for title, number, cells in _open_rows(path):
        sheet = title
        if header is None:
            found = _header_map(cells, columns)
            if set(required) <= found.keys():
                header = found
                continue
            if len(found) > len(best):
                best = found
            if number >= 5:
                break
            continue
        if any(cells):
            yield number, {key: cells[i] if i < len(cells) else "" for key, i in header.items()}
    if header is None:
        missing = "، ".join(f"«{_(label)}»" for key, label in columns if key in required and key not in best)
        if best:
            raise UserError(N_("The sheet {sheet} has no column named {columns} in its header row (within the first five rows): "
                               "add it and import again."), sheet=sheet, columns=missing)
        raise UserError(N_("The header row was not found in the sheet {sheet}: the first five rows need the columns {columns}."),
                        sheet=sheet, columns=missing)
