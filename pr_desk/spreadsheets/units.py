"""The units import template and its reader: a spreadsheet of units (code, name, kind,
district, notes) read back into plain rows for the units service to check."""

from __future__ import annotations

from pathlib import Path

from pr_desk.domain.units import UNIT_KIND_LABELS, UnitImportRow, UnitKind
from pr_desk.i18n import N_, _
from pr_desk.spreadsheets.workbook import read_table, save_workbook, template_sheet

UNIT_COLUMNS = [
    ("code", N_("Code")),
    ("name", N_("Unit name")),
    ("kind", N_("Kind")),
    ("district", N_("District")),
    ("notes", N_("Notes")),
]


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


def read_units_file(path: Path) -> list[UnitImportRow]:
    return [
        UnitImportRow(number, v.get("code", ""), v.get("name", ""), v.get("kind", ""), v.get("district", ""), v.get("notes", ""))
        for number, v in read_table(path, UNIT_COLUMNS, ("name", "kind"))
    ]
