"""The one-time passwords of imported users as an Excel sheet, for the administrator to
hand each one to its owner (plain logical text, right to left, no cell ever a formula)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_, _
from pr_desk.spreadsheets.workbook import HEADER_COLOUR, save_workbook

COLUMNS = (N_("Username"), N_("Full name"), N_("Role"), N_("One-time password"))
WIDTHS = (20, 36, 16, 22)


def write_one_time_passwords(out: Path, rows: Sequence[tuple[str, str, str, str]]) -> Path:
    """(username, full name, role, one-time password) rows, under a header and above a
    note on keeping the file safe; written through a temporary file (never half a file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(N_("The file must be an .xlsx workbook."))
    if not out.parent.is_dir():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    wb = Workbook()
    ws = wb.active
    ws.title = _("One-time passwords")[:31]
    ws.sheet_view.rightToLeft = True
    ws.append([_(label) for label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(name="Tahoma", bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_COLOUR)
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "A2"
    body = Font(name="Tahoma")
    fixed = Font(name="Consolas")
    for values in rows:
        ws.append(list(values))
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # text as typed, even if it looked like a formula
            cell.font = body
        ws.cell(ws.max_row, 4).font = fixed
    ws.append([])
    ws.append([_("Each user logs in once with this password and then chooses their own. "
                 "Keep this file locked away and delete it once every user has logged in.")])
    ws.cell(ws.max_row, 1).font = Font(name="Tahoma", bold=True)
    for letter, width in zip("ABCD", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    return save_workbook(wb, out)
