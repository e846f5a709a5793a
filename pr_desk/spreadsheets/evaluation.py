"""The evaluation form as an Excel workbook, for units and inspectors without the app:
written right to left with the template's indicators, their ranges (validated in Excel
too) and a hidden key of what the form is; read back cell by cell, trusting nothing.

Plain data in and out: the services decide what the cells mean and whether they are right."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_, _
from pr_desk.spreadsheets.workbook import cell_text, open_workbook, reading, save_workbook

LAYOUT = "pr-desk-evaluation-form/1"
META_SHEET = "pr_desk_meta"
MAX_FILE_BYTES = 10 * 1024 * 1024
HEADER_ROW = 7
# Columns of an indicator row (right to left on screen: A is the rightmost).
COL_INDEX, COL_NAME, COL_SELF, COL_INSPECTOR, COL_MAX, COL_WEIGHT, COL_NOTE, COL_EVIDENCE, COL_GUIDE, COL_KEY = "ABCDEFGHIJ"
HEADER_COLOUR = "1F4E79"
AXIS_COLOUR = "D9E2F3"
INPUT_COLOUR = "FFF9E5"
# The headers of the columns a returned form is checked in (msgids), for naming a bad cell.
COLUMN_LABELS = {
    COL_SELF: N_("Self-assessment"),
    COL_INSPECTOR: N_("Inspector's score"),
    COL_MAX: N_("Maximum score"),
    COL_NOTE: N_("Evidence and notes"),
    COL_KEY: N_("Indicator"),
}
VISIT_KEYS = ("visited_on", "people_met", "findings", "recommendations")
VISIT_LABELS = {
    "visited_on": N_("Visit date (Jalali, e.g. 1404/07/12)"),
    "people_met": N_("People met"),
    "findings": N_("Findings"),
    "recommendations": N_("Recommendations"),
}


@dataclass(frozen=True)
class SheetRow:
    indicator_id: str
    axis: str
    name: str
    guide: str
    weight: Decimal
    max_score: Decimal
    evidence_required: bool
    self_score: Decimal | None = None
    inspector_score: Decimal | None = None
    evidence_note: str = ""


@dataclass(frozen=True)
class FormSheet:
    """What the written form shows and the hidden key that identifies it."""

    unit_code: str
    unit_name: str
    period_code: str
    period_label: str
    template_id: str
    template_name: str
    template_version: int
    form_number: str
    inspector_name: str
    rows: Sequence[SheetRow]
    organisation: str = "معاونت روابط عمومی شهرداری تهران"


@dataclass(frozen=True)
class FilledRow:
    """One indicator row as found in a returned file: raw cell values and their addresses."""

    row: int
    indicator_id: str
    self_value: Any
    inspector_value: Any
    max_value: Any
    note: str

    def ref(self, column: str) -> str:
        return f"{column}{self.row}"


@dataclass(frozen=True)
class FilledSheet:
    meta: dict[str, str]
    rows: list[FilledRow]
    visit: dict[str, tuple[str, Any]] = field(default_factory=dict)  # key -> (cell, value)


def _plain(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def write_form_sheet(sheet: FormSheet, out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(N_("The form must be an .xlsx file."))
    if not out.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    wb = Workbook()
    ws = wb.active
    ws.title = _("Evaluation form")
    ws.sheet_view.rightToLeft = True
    font = Font(name="Tahoma", size=10)
    bold = Font(name="Tahoma", size=10, bold=True)
    thin = Side(style="thin", color="A6A6A6")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)

    ws.merge_cells("A1:I1")
    ws["A1"] = _("Evaluation form of PR unit performance")
    ws["A1"].font = Font(name="Tahoma", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    info = [
        (_("Organisation"), sheet.organisation),
        (_("Unit"), f"{sheet.unit_name} ({sheet.unit_code})"),
        (_("Period"), f"{sheet.period_label} ({sheet.period_code})"),
        (_("Template"), _("{name}, version {version}").format(name=sheet.template_name, version=sheet.template_version)),
        (_("Form number"), sheet.form_number or "—"),
    ]
    for offset, (label, value) in enumerate(info, start=2):
        ws.cell(offset, 1, label).font = bold
        ws.merge_cells(start_row=offset, start_column=2, end_row=offset, end_column=9)
        cell = ws.cell(offset, 2, value)
        cell.font = font
        cell.data_type = "s"
    ws.cell(6, 1, _("Inspector")).font = bold
    ws.merge_cells(start_row=6, start_column=2, end_row=6, end_column=9)
    ws.cell(6, 2, sheet.inspector_name or "").font = font

    headers = [_("Row"), _("Indicator"), _("Self-assessment"), _("Inspector's score"), _("Maximum score"),
               _("Weight"), _("Evidence and notes"), _("Evidence required"), _("Scoring guide"), "key"]
    for index, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, index, text)
        cell.font = Font(name="Tahoma", size=10, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_COLOUR)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
    row = HEADER_ROW
    axis = None
    number = 0
    validations: dict[Decimal, Any] = {}
    for item in sheet.rows:
        if item.axis != axis:
            axis = item.axis
            row += 1
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
            cell = ws.cell(row, 1, _("Axis: {name}").format(name=axis))
            cell.font = bold
            cell.fill = PatternFill("solid", fgColor=AXIS_COLOUR)
        row += 1
        number += 1
        values = [number, item.name, _plain(item.self_score), _plain(item.inspector_score), _plain(item.max_score),
                  _plain(item.weight), item.evidence_note or None, _("Yes") if item.evidence_required else _("No"),
                  item.guide, item.indicator_id]
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row, index, value)
            cell.font = font
            cell.border = box
            cell.alignment = wrap
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with = or + stays text
        for column in (COL_SELF, COL_INSPECTOR, COL_NOTE):
            cell = ws[f"{column}{row}"]
            cell.protection = unlocked
            cell.fill = PatternFill("solid", fgColor=INPUT_COLOUR)
        if item.max_score not in validations:
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(_plain(item.max_score)), allow_blank=True)
            dv.error = _("A score from 0 to {maximum}, with at most two decimal places.").format(maximum=_plain(item.max_score))
            dv.errorTitle = _("Score out of range")
            ws.add_data_validation(dv)
            validations[item.max_score] = dv
        validations[item.max_score].add(f"{COL_SELF}{row}:{COL_INSPECTOR}{row}")
    row += 2
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
    ws.cell(row, 1, _("Field visit")).font = Font(name="Tahoma", size=12, bold=True)
    for key in VISIT_KEYS:
        row += 1
        ws.cell(row, 2, _(VISIT_LABELS[key])).font = bold
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=9)
        cell = ws.cell(row, 3)
        cell.protection = unlocked
        cell.fill = PatternFill("solid", fgColor=INPUT_COLOUR)
        cell.alignment = wrap
        cell.number_format = "@"
        ws.cell(row, 10, f"visit:{key}")
        if key != "visited_on":
            ws.row_dimensions[row].height = 48
    row += 2
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
    ws.cell(row, 1, _("Fill only the yellow cells. Scores are numbers from 0 to the maximum of their row, with at most two decimal places; leave a cell empty for no score.")).font = font

    for letter, width in zip("ABCDEFGHIJ", (6, 46, 13, 13, 11, 8, 34, 11, 46, 4), strict=False):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions[COL_KEY].hidden = True
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.protection.sheet = True  # guidance, not security: the reader checks everything anyway
    ws.protection.formatColumns = False

    meta = wb.create_sheet(META_SHEET)
    for key, value in (("layout", LAYOUT), ("template_id", sheet.template_id), ("template_version", str(sheet.template_version)),
                       ("period", sheet.period_code), ("unit", sheet.unit_code), ("form_number", sheet.form_number),
                       ("indicators", str(len(sheet.rows)))):
        meta.append([key, value])
        meta.cell(meta.max_row, 2).data_type = "s"
    meta.sheet_state = "hidden"
    return save_workbook(wb, out)


def read_form_sheet(path: Path) -> FilledSheet:
    """The filled form: the hidden key, each indicator row's raw cells and the visit."""
    path = Path(path)
    wb = open_workbook(path, MAX_FILE_BYTES)
    try:
        with reading(path):
            if META_SHEET not in wb.sheetnames:
                raise UserError(N_("{path} is not an evaluation form written by PR Desk; write the unit's form with the app first."), path=path.name)
            meta = {cell_text(r[0]): cell_text(r[1]) for r in wb[META_SHEET].iter_rows(min_row=1, max_row=50, max_col=2, values_only=True) if r and r[0]}
            if meta.get("layout") != LAYOUT:
                raise UserError(N_("{path} is not an evaluation form written by PR Desk; write the unit's form with the app first."), path=path.name)
            ws = wb.worksheets[0]
            rows: list[FilledRow] = []
            visit: dict[str, tuple[str, Any]] = {}
            for number, cells in enumerate(ws.iter_rows(min_row=1, max_row=2000, max_col=10, values_only=True), start=1):
                if number <= HEADER_ROW:
                    continue
                cells = tuple(cells) + (None,) * (10 - len(cells))
                key = cell_text(cells[9])
                if not key:
                    continue
                if key.startswith("visit:"):
                    visit[key[6:]] = (f"C{number}", cells[2])
                    continue
                rows.append(FilledRow(number, key, cells[2], cells[3], cells[4], cell_text(cells[6])))
            return FilledSheet(meta, rows, visit)
    finally:
        wb.close()
