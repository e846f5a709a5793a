"""Importing the office's existing register of directives from Excel through the kit's
import flow: the file read and every row checked without writing, the rows shown (the
bad ones with their reasons), all imported or none, with progress and Cancel; and the
blank template to fill."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.directives import importing as imp
from pr_desk.ui.kit import import_flow
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.import_flow import ImportSpec
from pr_desk.ui.kit.paged_table_model import Column

PREVIEW_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("number", N_("Number")),
    Column("kind", N_("Kind")),
    Column("title", N_("Title")),
    Column("issued_on", N_("Issued on"), kind="number", align=Qt.AlignmentFlag.AlignCenter),
    Column("recipients", N_("Recipients")),
)


def directives_import_spec(parent: QWidget, office: Any, actor: Actor,
                           done: Callable[[imp.DirectiveImportResult], None] | None = None
                           ) -> ImportSpec[imp.DirectiveImportResult]:
    """The register's import as the kit's import flow runs it."""

    def finished(result: imp.DirectiveImportResult) -> None:
        if done is not None:
            done(result)
        QMessageBox.information(parent, _("Import directives from Excel"), _(
            "Imported: {directives} directives, sent to {recipients} units in all.").format(
                directives=digits(result.directives_added), recipients=digits(result.recipients_added)))

    return ImportSpec(
        _("Import directives from Excel"), office, actor, imp.preview_directives_file, imp.import_directives, finished,
        columns=PREVIEW_COLUMNS, left_to_right=("number",),
        ready_text=lambda file, preview: _(
            "{file} has {count} directives. Import them all? Each becomes an issued directive with its own number, "
            "sent to its units on its issue date.").format(file=file, count=digits(preview.row_count)),
        refused_text=lambda file, preview: _(
            "Nothing can be imported from {file}: {count} rows have problems. Correct these rows in the file and try again."
        ).format(file=file, count=digits(preview.bad_rows)),
        applying_title=_("Importing directives…"),
        progress_text=_("Importing directives: {done} of {total}"),
        apply_cancellable=True,
        cancelled_text=_("The import was cancelled; no directive was added."),
    )


def choose_and_import(parent: QWidget, office: Any, actor: Actor,
                      done: Callable[[imp.DirectiveImportResult], None] | None = None) -> imp.DirectiveImportResult | None:
    return import_flow.choose_and_import(parent, directives_import_spec(parent, office, actor, done))


def import_file(parent: QWidget, office: Any, actor: Actor, path: Path,
                done: Callable[[imp.DirectiveImportResult], None] | None = None) -> imp.DirectiveImportResult | None:
    """Read → check → preview → import all rows or none → summary (also the tests' entry)."""
    return import_flow.run_import(parent, directives_import_spec(parent, office, actor, done), path)


def save_template(parent: QWidget) -> Path | None:
    return import_flow.save_template(parent, "directives.xlsx", imp.save_directives_template)
