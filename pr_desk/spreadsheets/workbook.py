"""Excel templates for imports and reading them back into plain rows (units for now).

Reading never trusts the file: size-limited, must be a real .xlsx (zip) workbook, headers
found by name (Persian or English), every cell read as text."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pr_desk.atomic_files import atomic_output
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import ROLE_LABELS, Role, UserImportRow
from pr_desk.domain.units import UNIT_KIND_LABELS, UnitImportRow, UnitKind
from pr_desk.i18n import N_, _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
UNIT_COLUMNS = [
    ("code", N_("Code")),
    ("name", N_("Unit name")),
    ("kind", N_("Kind")),
    ("district", N_("District")),
    ("notes", N_("Notes")),
]
HEADER_COLOUR = "1F4E79"
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


def write_units_template(out: Path) -> Path:
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    out, wb, ws = template_sheet(out, _("Units"), UNIT_COLUMNS)
    examples = [
        ("ORG-101", "سازمان نمونه", _(UNIT_KIND_LABELS[UnitKind.ORGANISATION]), None, _("Example row: replace or delete it")),
        ("CO-101", "شرکت نمونه", _(UNIT_KIND_LABELS[UnitKind.COMPANY]), None, ""),
    ]
    for row in examples:
        ws.append(list(row))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Tahoma")
            cell.data_type = "s" if cell.value is not None and not isinstance(cell.value, int) else cell.data_type
    kinds = ",".join(_(UNIT_KIND_LABELS[k]) for k in UnitKind)
    validation = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=False)
    validation.error = _("Choose one of the listed kinds.")
    ws.add_data_validation(validation)
    validation.add("C2:C5000")
    for letter, width in zip("ABCDE", (14, 40, 24, 10, 40), strict=False):
        ws.column_dimensions[letter].width = width
    return save_workbook(wb, out)


def cell_text(value: Any) -> str:
    """A cell's value as the text a person typed (12.0 -> "12", spaces trimmed)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    path = Path(path)
    if not path.is_file():
        raise UserError(N_("The file {path} does not exist."), path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(N_("The file is larger than {mb} MB."), mb=MAX_FILE_BYTES // (1024 * 1024))
    if not zipfile.is_zipfile(path):
        raise UserError(N_("{path} is not an Excel (.xlsx) workbook."), path=path.name)
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
        if total > 20 * MAX_FILE_BYTES:
            raise UserError(N_("The workbook expands to too much data to be a real import file."))
        wb = load_workbook(path, read_only=True, data_only=True)
    except UserError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise UserError(N_("{path} could not be read as an Excel workbook: {reason}"), path=path.name, reason=str(exc)[:200]) from exc
    try:
        ws = wb.worksheets[0]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 10:
                raise UserError(N_("The file has more than {limit} rows."), limit=MAX_ROWS)
            yield number, [cell_text(v) for v in row]
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
    found by name in the first five rows; a missing header is one clear UserError."""
    rows: list[tuple[int, dict[str, str]]] = []
    header: dict[str, int] | None = None
    for number, cells in _open_rows(path):
        if header is None:
            found = _header_map(cells, columns)
            if set(required) <= found.keys():
                header = found
            elif number >= 5:
                break
            continue
        if any(cells):
            rows.append((number, {key: cells[i] if i < len(cells) else "" for key, i in header.items()}))
    if header is None:
        raise UserError(N_("The header row was not found: the file needs at least the columns {columns}."),
                        columns="، ".join(_(label) for key, label in columns if key in required))
    return rows


def read_units_file(path: Path) -> list[UnitImportRow]:
    return [
        UnitImportRow(number, v.get("code", ""), v.get("name", ""), v.get("kind", ""), v.get("district", ""), v.get("notes", ""))
        for number, v in read_table(path, UNIT_COLUMNS, ("name", "kind"))
    ]


USER_COLUMNS = [
    ("username", N_("Username")),
    ("display_name", N_("Full name")),
    ("role", N_("Role")),
]


def write_users_template(out: Path) -> Path:
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    out, wb, ws = template_sheet(out, _("Users"), USER_COLUMNS)
    ws.append(["s.rahimi", "سارا رحیمی", _(ROLE_LABELS[Role.CLERK])])
    for cell in ws[2]:
        cell.font = Font(name="Tahoma")
    roles = ",".join(_(ROLE_LABELS[r]) for r in Role)
    validation = DataValidation(type="list", formula1=f'"{roles}"', allow_blank=False)
    ws.add_data_validation(validation)
    validation.add("C2:C5000")
    for letter, width in zip("ABC", (18, 36, 18), strict=False):
        ws.column_dimensions[letter].width = width
    return save_workbook(wb, out)


def read_users_file(path: Path) -> list[UserImportRow]:
    return [
        UserImportRow(number, v.get("username", ""), v.get("display_name", ""), v.get("role", ""))
        for number, v in read_table(path, USER_COLUMNS, ("username", "role"))
    ]
