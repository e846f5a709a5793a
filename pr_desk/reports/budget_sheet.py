"""An event's budget sheet in Excel: one line per budget line with its amounts as plain
whole numbers (thousands separators by number format), and a totals row whose cells are
SUM formulas over the lines, so the office can change an amount in Excel and see the
totals follow. Right to left; text cells that look like a formula stay text. Lines above
their plan are tinted red."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from pr_desk.atomic_files import atomic_output
from pr_desk.reports.excel import FONT_NAME, RIALS_FORMAT, looks_like_formula

AMOUNT_COLUMNS = 3  # planned, committed, paid


@dataclass(frozen=True)
class SheetLine:
    category: str
    description: str
    planned: int
    committed: int
    paid: int
    over: bool  # committed or paid above the plan


@dataclass(frozen=True)
class BudgetSheet:
    title: str  # already translated
    subtitle: str
    headers: Sequence[str]  # category, description, planned, committed, paid
    total_label: str
    lines: Sequence[SheetLine]
    sheet_name: str = "Budget"
    rtl: bool = True


def write_budget_xlsx(sheet: BudgetSheet, path: str | Path) -> Path:
    target = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = (sheet.sheet_name or "Budget")[:31]
    ws.sheet_view.rightToLeft = sheet.rtl
    body = Font(name=FONT_NAME, size=10)
    bold = Font(name=FONT_NAME, size=10, bold=True)
    header_font = Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
    title_font = Font(name=FONT_NAME, size=14, bold=True, color="0B5C7A")
    header_fill = PatternFill("solid", fgColor="0B5C7A")
    totals_fill = PatternFill("solid", fgColor="DDE8EE")
    over_fill = PatternFill("solid", fgColor="EF9A9A")
    thin = Side(style="thin", color="9AA5B1")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)

    ws.cell(row=1, column=1, value=sheet.title).font = title_font
    ws.cell(row=2, column=1, value=sheet.subtitle).font = body
    header_row = 4
    for k, label in enumerate(sheet.headers, start=1):
        cell = ws.cell(row=header_row, column=k, value=label)
        cell.font, cell.fill, cell.border = header_font, header_fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first = header_row + 1
    row = first
    for line in sheet.lines:
        for k, text in enumerate((line.category, line.description), start=1):
            cell = ws.cell(row=row, column=k)
            cell.value = text
            cell.data_type = "s"  # never a formula, whatever the text starts with
            if looks_like_formula(text):
                cell.quotePrefix = True
            cell.font, cell.border = body, border
        for k, amount in enumerate((line.planned, line.committed, line.paid), start=3):
            cell = ws.cell(row=row, column=k, value=int(amount))
            cell.number_format = RIALS_FORMAT
            cell.font, cell.border = body, border
            if line.over and k > 3 and amount > line.planned:
                cell.fill = over_fill
        row += 1
    last = row - 1
    total = ws.cell(row=row, column=1, value=sheet.total_label)
    total.font, total.fill, total.border = bold, totals_fill, border
    ws.cell(row=row, column=2).fill = totals_fill
    ws.cell(row=row, column=2).border = border
    for k in range(3, 3 + AMOUNT_COLUMNS):
        letter = get_column_letter(k)
        cell = ws.cell(row=row, column=k, value=f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0)
        cell.number_format = RIALS_FORMAT
        cell.font, cell.fill, cell.border = bold, totals_fill, border
    for k, width in enumerate((22, 36, 18, 18, 18), start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.freeze_panes = ws.cell(row=first, column=1)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target
