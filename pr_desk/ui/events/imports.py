"""Event planning's imports from Excel as the app runs them: the year's events and an
event's guest list through the kit's import flow (read and check off the UI thread, a
preview that names every bad row, then all rows or none), and their empty templates with
the office's own drop-down lists. A page adds a button or menu action that calls
`import_events`, `import_guests(event_code=...)`, `save_events_template` or
`save_guests_template`; `events_import_spec` / `guests_import_spec` are the flows' specs
(tests drive them with `run_import`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import importing as imp
from pr_desk.ui.kit.formatting import display_digits
from pr_desk.ui.kit.import_flow import ImportSpec, choose_and_import, save_template
from pr_desk.ui.kit.paged_table_model import Column

EVENT_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("code", N_("Event code")),
    Column("title", N_("Event title")),
    Column("type_name", N_("Event type")),
    Column("start_on", N_("Start date"), kind="date"),
    Column("end_on", N_("End date"), kind="date"),
    Column("status", N_("Event status")),
)
GUEST_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("honorific", N_("Honorific")),
    Column("full_name", N_("Guest's name")),
    Column("rank", N_("Protocol rank")),
    Column("invitation", N_("Invitation")),
    Column("seat", N_("Seat")),
)


@dataclass(frozen=True)
class _EventLine:
    row_number: int
    code: str
    title: str
    type_name: str
    start_on: Any
    end_on: Any
    status: str


@dataclass(frozen=True)
class _GuestLine:
    row_number: int
    honorific: str
    full_name: str
    rank: str
    invitation: str
    seat: str


def _event_line(row: imp.EventPreviewRow) -> _EventLine:
    return _EventLine(row.row_number, row.code or _("(new number)"), row.title, row.type_name, row.start_on, row.end_on,
                      row.status)


def _guest_line(row: imp.GuestPreviewRow) -> _GuestLine:
    return _GuestLine(row.row_number, row.honorific, row.full_name, row.rank, row.invitation, row.seat)


def _count(n: int) -> str:
    return display_digits(str(n))


def events_import_spec(parent: QWidget, office: Any, actor: Actor,
                       done: Callable[[imp.EventImportResult], None] | None = None) -> ImportSpec[imp.EventImportResult]:
    def finished(result: imp.EventImportResult) -> None:
        if done is not None:
            done(result)
        QMessageBox.information(parent, _("Import events from Excel"), ngettext(
            "Imported: {count} event ({first} to {last}).", "Imported: {count} events ({first} to {last}).",
            result.events_added).format(
            count=_count(result.events_added), first=min(result.codes), last=max(result.codes)))

    return ImportSpec(
        _("Import events from Excel"), office, actor, imp.preview_events_file, imp.import_events, finished,
        columns=EVENT_COLUMNS, row_view=_event_line, left_to_right=("code",),
        ready_text=lambda file, preview: ngettext(
            "{file} has {count} event. Import it? A row without a code gets the next number of its year.",
            "{file} has {count} events. Import them all? A row without a code gets the next number of its year.",
            preview.row_count).format(file=file, count=_count(preview.row_count)),
        refused_text=lambda file, preview: ngettext(
            "Nothing can be imported from {file}: {count} row has a problem. Correct this row in the file and try again.",
            "Nothing can be imported from {file}: {count} rows have problems. Correct these rows in the file and try again.",
            preview.bad_rows).format(file=file, count=_count(preview.bad_rows)),
        applying_title=_("Importing events…"),
        progress_text=_("Importing events: {done} of {total}"),
        apply_cancellable=True,
        cancelled_text=_("The import was cancelled; no event was added."),
    )


def guests_import_spec(parent: QWidget, office: Any, actor: Actor, event_code: str,
                       done: Callable[[imp.GuestImportResult], None] | None = None) -> ImportSpec[imp.GuestImportResult]:
    def finished(result: imp.GuestImportResult) -> None:
        if done is not None:
            done(result)
        QMessageBox.information(parent, _("Import guests from Excel"), ngettext(
            "Imported: {count} guest of {code}, {seated} of them seated.",
            "Imported: {count} guests of {code}, {seated} of them seated.", result.guests_added).format(
            count=_count(result.guests_added), code=result.event_code, seated=_count(result.seated)))

    return ImportSpec(
        _("Import guests from Excel"), office, actor, functools.partial(imp.preview_guests_file, event_code=event_code),
        functools.partial(imp.import_guests, event_code=event_code), finished,
        columns=GUEST_COLUMNS, row_view=_guest_line, left_to_right=("seat",),
        ready_text=lambda file, preview: ngettext(
            "{file} has {count} guest of {code}. Import the guest?", "{file} has {count} guests of {code}. Import them all?",
            preview.row_count).format(
            file=file, count=_count(preview.row_count), code=event_code),
        refused_text=lambda file, preview: ngettext(
            "Nothing can be imported from {file}: {count} row has a problem. Correct this row in the file and try again.",
            "Nothing can be imported from {file}: {count} rows have problems. Correct these rows in the file and try again.",
            preview.bad_rows).format(file=file, count=_count(preview.bad_rows)),
        applying_title=_("Importing guests…"),
        progress_text=_("Importing guests: {done} of {total}"),
        apply_cancellable=True,
        cancelled_text=_("The import was cancelled; no guest was added."),
    )


def import_events(parent: QWidget, office: Any, actor: Actor, done: Callable[[imp.EventImportResult], None] | None = None
                  ) -> imp.EventImportResult | None:
    return choose_and_import(parent, events_import_spec(parent, office, actor, done))


def import_guests(parent: QWidget, office: Any, actor: Actor, event_code: str,
                  done: Callable[[imp.GuestImportResult], None] | None = None) -> imp.GuestImportResult | None:
    return choose_and_import(parent, guests_import_spec(parent, office, actor, event_code, done))


def save_events_template(parent: QWidget, office: Any, actor: Actor) -> Path | None:
    return save_template(parent, "events.xlsx", lambda path: imp.save_events_template(path, imp.template_lists(office, actor)))


def save_guests_template(parent: QWidget, office: Any, actor: Actor) -> Path | None:
    return save_template(parent, "guests.xlsx", lambda path: imp.save_guests_template(path, imp.template_lists(office, actor)))
