"""Excel template and reader for importing meeting requests (and their citizens) from the
office's existing spreadsheets. Same safety as xlsx_import: size-limited, a real .xlsx,
headers found by name (Persian or English), every cell read as text."""

from __future__ import annotations

from pathlib import Path

from pr_desk.domain.meetings import (
    CHANNEL_LABELS,
    SUBJECT_LABELS,
    Channel,
    MeetingImportRow,
    SubjectCategory,
)
from pr_desk.i18n import N_, _
from pr_desk.spreadsheets.workbook import iter_table, save_workbook, template_sheet

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


def write_meetings_template(out: Path) -> Path:
    from openpyxl.styles import Font

    out, wb, ws = template_sheet(out, _("Meeting requests"), MEETING_COLUMNS)
    ws.append(["0012345679", "علی", "رضایی", "09121234567", "5", "شهردار تهران", _(SUBJECT_LABELS[SubjectCategory.URBAN_SERVICES]),
               _(CHANNEL_LABELS[Channel.IN_PERSON]), _("Example row: replace or delete it"), "1405/09/01", "", ""])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Tahoma")
            cell.number_format = "@"  # text: national codes keep their leading zeros
    for index, width in enumerate((14, 14, 18, 14, 8, 28, 22, 12, 50, 14, 20, 24)):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    return save_workbook(wb, out)


def read_meetings_file(path: Path) -> list[MeetingImportRow]:
    return [
        MeetingImportRow(number, *(values.get(key, "") for key, _label in MEETING_COLUMNS))
        for number, values in iter_table(path, MEETING_COLUMNS, REQUIRED)
    ]
