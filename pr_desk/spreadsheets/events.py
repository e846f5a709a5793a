"""Event planning's import templates and readers: the year's events and an event's guest
list as spreadsheets, read back into plain rows of text for the import services to check.
Each template is a right-to-left sheet with a styled header, a help sheet that says what
each column takes, and drop-down lists (honorific, protocol rank, type, invitation state,
status) kept on a sheet of their own. Same safety as every import: size-limited, a real
.xlsx, headers found by name (Persian or English), every cell read as text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pr_desk.domain.event_imports import EventImportRow, GuestImportRow
from pr_desk.domain.events import (
    DEFAULT_EVENT_TYPES,
    EVENT_STATUS_LABELS,
    HONORIFIC_TEXTS,
    INVITATION_LABELS,
    EventStatus,
    Honorific,
    InvitationStatus,
)
from pr_desk.domain.jalali import JalaliDate
from pr_desk.i18n import N_, _
from pr_desk.spreadsheets.workbook import HEADER_COLOUR, read_table, save_workbook, template_sheet

EVENT_COLUMNS = [
    ("code", N_("Event code")),
    ("type", N_("Event type")),
    ("title", N_("Event title")),
    ("organiser", N_("Organiser unit")),
    ("start_on", N_("Start date")),
    ("start_time", N_("Start time")),
    ("end_on", N_("End date")),
    ("end_time", N_("End time")),
    ("venue", N_("Venue")),
    ("status", N_("Event status")),
    ("description", N_("Event description")),
]
EVENT_REQUIRED = ("type", "title", "start_on")

GUEST_COLUMNS = [
    ("honorific", N_("Honorific")),
    ("full_name", N_("Guest's name")),
    ("title", N_("Post")),
    ("organisation", N_("Organisation")),
    ("mobile", N_("Mobile")),
    ("rank", N_("Protocol rank")),
    ("invitation", N_("Invitation")),
    ("seat", N_("Seat")),
]
GUEST_REQUIRED = ("full_name",)

EVENT_HELP = {
    "code": N_("Optional: E1405-012 as the register numbers events; empty: the next number of the event's year."),
    "type": N_("One of the office's event types (the list in the cell)."),
    "title": N_("Required, up to 300 characters."),
    "organiser": N_("Optional: the organiser unit's code (D07) or its name."),
    "start_on": N_("Required: the Jalali date, 1405/01/25."),
    "start_time": N_("Optional: 09:30; empty: the whole day."),
    "end_on": N_("Optional: the Jalali date it ends; empty: the same day."),
    "end_time": N_("Optional: 12:00."),
    "venue": N_("Optional: a venue of the office's register, by its name."),
    "status": N_("Optional: idea (default), planned, approved, held or report filed."),
    "description": N_("Optional, free text."),
}
GUEST_HELP = {
    "honorific": N_("One of the listed forms (جناب آقای، سرکار خانم دکتر …); empty: none."),
    "full_name": N_("Required: first and last name."),
    "title": N_("Optional: the guest's post, e.g. deputy mayor."),
    "organisation": N_("Optional."),
    "mobile": N_("Optional: 09121234567."),
    "rank": N_("Optional: one of the office's protocol ranks (the list in the cell)."),
    "invitation": N_("Optional: to invite (default), invited, will attend or will not attend."),
    "seat": N_("Optional: R3-12 (row 3, seat 12) or T4-6 (table 4, seat 6); a seat holds one guest."),
}
MAX_VALIDATED_ROW = 5000


@dataclass(frozen=True)
class TemplateLists:
    """The choices a template offers in its drop-down lists (the office's own when known)."""

    types: Sequence[str] = field(default_factory=lambda: [t.name for t in DEFAULT_EVENT_TYPES])
    units: Sequence[str] = ()
    venues: Sequence[str] = ()
    ranks: Sequence[str] = ()


def _lists_sheet(wb: Any, lists: dict[str, Sequence[str]], headers: dict[str, str]) -> dict[str, str]:
    """A hidden sheet of the choices, one column each (headed by the column it serves); the
    range formula of each list by key."""
    ws = wb.create_sheet(_("Lists"))
    ws.sheet_view.rightToLeft = True
    ranges: dict[str, str] = {}
    for index, (key, values) in enumerate(lists.items()):
        letter = chr(ord("A") + index)
        ws.cell(row=1, column=index + 1, value=_(headers[key]))
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index + 1, value=value).data_type = "s"
        if values:
            ranges[key] = f"'{ws.title}'!${letter}$2:${letter}${len(values) + 1}"
        ws.column_dimensions[letter].width = 30
    ws.sheet_state = "hidden"
    return ranges


def _validate(ws: Any, formula: str, column: int, *, strict: bool, message: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict)
    validation.error = message
    ws.add_data_validation(validation)
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{MAX_VALIDATED_ROW}")


def _help_sheet(wb: Any, columns: Sequence[tuple[str, str]], help_texts: dict[str, str], intro: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(_("Help"))
    ws.sheet_view.rightToLeft = True
    ws.append([_(intro)])
    ws.append([])
    ws.append([_("Column"), _("What it takes")])
    for cell in ws[3]:
        cell.font = Font(name="Tahoma", bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_COLOUR)
    for key, label in columns:
        ws.append([_(label), _(help_texts[key])])
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.row != 3:
                cell.font = Font(name="Tahoma", bold=cell.row == 1)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80


def _text_cells(ws: Any, widths: Sequence[int]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Tahoma")
            cell.number_format = "@"  # text: codes, dates and times stay as typed
            cell.alignment = Alignment(vertical="top")
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def write_events_template(out: Path, lists: TemplateLists | None = None) -> Path:
    lists = lists or TemplateLists()
    out, wb, ws = template_sheet(out, _("Events"), EVENT_COLUMNS)
    example_type = lists.types[0] if lists.types else DEFAULT_EVENT_TYPES[0].name
    year = JalaliDate.today().year
    ws.append(["", example_type, "جشنواره مطبوعات شهر تهران",
               lists.units[0] if lists.units else "", f"{year}/05/16", "09:00", f"{year}/05/18", "13:00",
               lists.venues[0] if lists.venues else "", _(EVENT_STATUS_LABELS[EventStatus.PLANNED]),
               _("Example row: replace or delete it")])
    _text_cells(ws, (14, 18, 40, 28, 12, 10, 12, 10, 28, 14, 50))
    statuses = [_(EVENT_STATUS_LABELS[s]) for s in EventStatus if s is not EventStatus.CANCELLED]
    _help_sheet(wb, EVENT_COLUMNS, EVENT_HELP, N_("The year's events: one row per event. All rows are imported or none; "
                                                  "every problem is named with its row and column."))
    ranges = _lists_sheet(wb, {"types": list(lists.types), "units": list(lists.units), "venues": list(lists.venues),
                               "statuses": statuses}, {"types": N_("Event type"), "units": N_("Organiser unit"),
                                                       "venues": N_("Venue"), "statuses": N_("Event status")})
    columns = [key for key, _label in EVENT_COLUMNS]
    for key, list_key, strict in (("type", "types", False), ("organiser", "units", False), ("venue", "venues", False),
                                  ("status", "statuses", True)):
        if list_key in ranges:
            _validate(ws, ranges[list_key], columns.index(key) + 1, strict=strict, message=_("Choose one of the listed values."))
    return save_workbook(wb, out)


def write_guests_template(out: Path, lists: TemplateLists | None = None) -> Path:
    lists = lists or TemplateLists()
    out, wb, ws = template_sheet(out, _("Guests"), GUEST_COLUMNS)
    ws.append([HONORIFIC_TEXTS[Honorific.DR_MR], "علی رضایی", "معاون شهردار", "شهرداری تهران", "09121234567",
               lists.ranks[0] if lists.ranks else "", _(INVITATION_LABELS[InvitationStatus.TO_INVITE]), ""])
    _text_cells(ws, (22, 28, 30, 30, 14, 22, 16, 10))
    honorifics = [text for h, text in HONORIFIC_TEXTS.items() if h is not Honorific.NONE]
    invitations = [_(INVITATION_LABELS[s]) for s in InvitationStatus]
    _help_sheet(wb, GUEST_COLUMNS, GUEST_HELP, N_("An event's guest list: one row per guest. All rows are imported or none; "
                                                  "every problem is named with its row and column."))
    ranges = _lists_sheet(wb, {"honorifics": honorifics, "ranks": list(lists.ranks), "invitations": invitations},
                          {"honorifics": N_("Honorific"), "ranks": N_("Protocol rank"), "invitations": N_("Invitation")})
    columns = [key for key, _label in GUEST_COLUMNS]
    for key, list_key in (("honorific", "honorifics"), ("rank", "ranks"), ("invitation", "invitations")):
        if list_key in ranges:
            _validate(ws, ranges[list_key], columns.index(key) + 1, strict=True, message=_("Choose one of the listed values."))
    return save_workbook(wb, out)


def read_events_file(path: Path) -> list[EventImportRow]:
    return [
        EventImportRow(number, *(values.get(key, "") for key, _label in EVENT_COLUMNS))
        for number, values in read_table(path, EVENT_COLUMNS, EVENT_REQUIRED)
    ]


def read_guests_file(path: Path) -> list[GuestImportRow]:
    return [
        GuestImportRow(number, *(values.get(key, "") for key, _label in GUEST_COLUMNS))
        for number, values in read_table(path, GUEST_COLUMNS, GUEST_REQUIRED)
    ]
