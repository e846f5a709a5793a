"""Excel template and reader for importing meeting requests (and their citizens) from the
office's existing spreadsheets. Same safety as xlsx_import: size-limited, a real .xlsx,
headers found by name (Persian or English), every cell read as text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from pr_desk.domain.errors import UserError
from pr_desk.domain.meetings import CHANNEL_LABELS, SUBJECT_LABELS, Channel, MeetingImportRow, SubjectCategory
from pr_desk.i18n import N_, _
from pr_desk.reports.xlsx_import import read_table

MEETING_COLUMNS = [
    ("national_code", N_("National code")),
    ("first_name", N_("First name")),
    ("last_name", N_("Last name")),
    ("mobile", N_("Mobile")),
    ("district", N_("District")),
    ("official", N_("Official")),
    ("subject", N_("Subject")),
    ("channel", N_("Channel")),
    ("description", N_("Description")),
    ("registered_on", N_("Registered on")),
    ("priority", N_("Priority")),
    ("priority_note", N_("Priority reason")),
]
REQUIRED = ("national_code", "first_name", "last_name", "official", "description")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def write_meetings_template(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(N_("The template must be an .xlsx file."))
    if not out.parent.exists():
        raise UserError(N_("The folder {folder} does not exist."), folder=str(out.parent))
    wb = Workbook()
    ws = wb.active
    ws.title = _("Meeting requests")
    ws.sheet_view.rightToLeft = True
    ws.append([_(label) for _key, label in MEETING_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(name="Tahoma", bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    ws.append(["0012345679", "علی", "رضایی", "09121234567", "5", "شهردار تهران", _(SUBJECT_LABELS[SubjectCategory.URBAN_SERVICES]),
               _(CHANNEL_LABELS[Channel.IN_PERSON]), _("Example row: replace or delete it"), "1405/09/01", "", ""])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Tahoma")
            cell.number_format = "@"  # text: national codes keep their leading zeros
    for index, width in enumerate((14, 14, 18, 14, 8, 28, 22, 12, 50, 14, 20, 24)):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    return out


def read_meetings_file(path: Path) -> list[MeetingImportRow]:
    return [
        MeetingImportRow(number, *(values.get(key, "") for key, _label in MEETING_COLUMNS))
        for number, values in read_table(path, MEETING_COLUMNS, REQUIRED)
    ]
