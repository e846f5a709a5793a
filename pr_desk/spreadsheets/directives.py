"""The directive register's import template and its reader: the office's existing register
(number, kind, title, issuer, dates, tags, text, recipients) as a spreadsheet, read back
into plain rows of text for the import service to check. Same safety as every import:
size-limited, a real .xlsx, headers found by name (Persian or English), cells as text."""

from __future__ import annotations

from pathlib import Path

from pr_desk.domain.directives import DirectiveImportRow
from pr_desk.i18n import N_, _
from pr_desk.spreadsheets.workbook import read_table, save_workbook, template_sheet

DIRECTIVE_COLUMNS = [
    ("number", N_("Number")),
    ("kind", N_("Kind")),
    ("title", N_("Title")),
    ("issuer", N_("Issuer")),
    ("approved_on", N_("Approved on")),
    ("issued_on", N_("Issued on")),
    ("effective_on", N_("Effective from")),
    ("expires_on", N_("Expires on")),
    ("tags", N_("Subject tags")),
    ("body", N_("Text")),
    ("recipients", N_("Recipients")),
]
REQUIRED = ("number", "kind", "title", "issued_on")
ALL_DISTRICTS = N_("all districts")


def write_directives_template(out: Path) -> Path:
    from openpyxl.styles import Alignment, Font

    out, wb, ws = template_sheet(out, _("Directives"), DIRECTIVE_COLUMNS)
    ws.append(["د/1403/012", "دستورالعمل", "پوشش خبری رویدادهای شهری", "معاونت روابط عمومی", "1403/05/01", "1403/05/03",
               "1403/05/10", "", "خبر، رسانه", _("Example row: replace or delete it") + "\nماده ۱ - ...\nماده ۲ - ...",
               _(ALL_DISTRICTS)])
    ws.append(["ب/1403/004", "بخشنامه", "ساعات پاسخگویی تلفنی", "معاونت روابط عمومی", "", "1403/07/15", "", "1404/07/15", "",
               "", "D01, D02, ORG-003"])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Tahoma")
            cell.number_format = "@"  # text: numbers and Jalali dates stay as typed
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate((14, 16, 40, 24, 12, 12, 12, 12, 20, 60, 28)):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    return save_workbook(wb, out)


def read_directives_file(path: Path) -> list[DirectiveImportRow]:
    return [
        DirectiveImportRow(number, *(values.get(key, "") for key, _label in DIRECTIVE_COLUMNS))
        for number, values in read_table(path, DIRECTIVE_COLUMNS, REQUIRED)
    ]
