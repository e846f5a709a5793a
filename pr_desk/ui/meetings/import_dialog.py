"""Importing meeting requests from the office's spreadsheet through the kit's import flow:
the file read and every row checked without writing, the rows shown (the bad ones with
their reasons), all imported or none; and the blank template to fill."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from pr_desk.domain.meetings import MeetingImportRow
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.meetings.importing import (
    MeetingImportResult,
    import_meetings,
    preview_meetings_file,
    save_meetings_template,
)
from pr_desk.ui.kit import import_flow
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.import_flow import ImportSpec
from pr_desk.ui.kit.paged_table_model import Column

if TYPE_CHECKING:
    from pr_desk.services.office import Office

PREVIEW_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("national_code", N_("National code"), kind="number"),
    Column("citizen", N_("Citizen")),
    Column("official", N_("Official")),
    Column("subject", N_("Subject")),
    Column("registered_on", N_("Registered on"), kind="number", align=Qt.AlignmentFlag.AlignCenter),
    Column("description", N_("Description")),
)


class PreviewRow:
    """One spreadsheet row as the preview shows it."""

    def __init__(self, row: MeetingImportRow) -> None:
        self.row_number = row.row_number
        self.national_code = row.national_code
        self.citizen = f"{row.first_name} {row.last_name}".strip()
        self.official = row.official
        self.subject = row.subject
        self.registered_on = row.registered_on or _("Today")
        self.description = " ".join(row.description.split())[:200]


def meetings_import_spec(parent: QWidget, db: Office, actor: Actor) -> ImportSpec[MeetingImportResult]:
    """The meeting requests import as the kit's import flow runs it."""

    def done(result: MeetingImportResult) -> None:
        QMessageBox.information(
            parent, _("Import meeting requests from Excel"),
            _("Imported {requests} meeting requests into the officials' queues; {citizens} of their citizens were new.").format(
                requests=digits(result.requests_added), citizens=digits(result.citizens_added)))

    return ImportSpec(
        _("Import meeting requests from Excel"), db, actor, preview_meetings_file, import_meetings, done,
        columns=PREVIEW_COLUMNS, row_view=PreviewRow,
        ready_text=lambda file, preview: _(
            "{file} has {count} meeting requests. Import them all? Each row adds a request to its official's "
            "queue with a new tracking code; a national code already registered keeps its citizen."
        ).format(file=file, count=digits(preview.row_count)),
        refused_text=lambda file, preview: _(
            "{bad} of the {count} rows in {file} have problems; their reasons are in the Problem column. "
            "Nothing is imported while any row is wrong: correct these rows in the file and import it again."
        ).format(bad=digits(preview.bad_rows), count=digits(preview.row_count), file=file),
        applying_title=_("Importing meeting requests…"),
        progress_text=_("Importing meeting requests: {done} of {total}"),
        apply_cancellable=True,
        cancelled_text=_("The import was cancelled; no meeting request or citizen was added."),
    )


def import_meetings_file(parent: QWidget, db: Office, actor: Actor, path: Path) -> MeetingImportResult | None:
    """Read → check → preview → import all rows or none → summary. The result, or None
    when nothing was imported."""
    return import_flow.run_import(parent, meetings_import_spec(parent, db, actor), path)


def choose_and_import(parent: QWidget, db: Office, actor: Actor) -> MeetingImportResult | None:
    return import_flow.choose_and_import(parent, meetings_import_spec(parent, db, actor))


def save_template(parent: QWidget) -> Path | None:
    return import_flow.save_template(parent, "meeting-requests.xlsx", save_meetings_template)
