"""The objective measures of a form (سنجه‌های عینی): for each indicator bound to a measure,
the figure computed at the office for the unit and period, the suggested score, the score
now entered and what was decided; "Use suggested" sets the score, "Keep mine (reason…)"
keeps the inspector's own with a written reason. On a field copy: one sentence instead."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.evaluation import measures as em
from pr_desk.ui.evaluation.common import (
    ReasonDialog,
    RowsModel,
    list_table,
    score_text,
    select_where,
    selected_row,
)
from pr_desk.ui.kit.formatting import persian_on_screen
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.table_view import fit_columns_to_contents

if TYPE_CHECKING:
    from pr_desk.services import evaluation as ev
    from pr_desk.services.office import Office

COLUMNS = (
    Column("indicator_name", N_("Indicator")),
    Column("measure", N_("Objective measure")),
    Column("figure", N_("Figure"), kind="number"),
    Column("suggested_score", N_("Suggested score"), kind="number"),
    Column("score", N_("Score entered"), kind="number"),
    Column("decision", N_("Decision")),
)
KEPT_COLOUR = "#ef6c00"
ACCEPTED_COLOUR = "#2e7d32"


def percent_text(value: object) -> str:
    if not isinstance(value, Decimal):
        return "—"
    return score_text(value) + ("٪" if persian_on_screen() else "%")


def decision_text(line: em.MeasureLine) -> str:
    if line.accepted is None:
        return _("Not decided")
    text = _("Suggested score used") if line.accepted else _("Own score kept: {reason}").format(reason=line.reason)
    if line.changed_since_decided:
        text += " " + _("(changed since)")
    return text


class MeasuresPanel(QGroupBox):
    """Under the scores of a form. `decided` carries the MeasureDecided of a decision that
    reached the database; `before_decide()` (the editor's) saves pending edits first and
    says whether to go on."""

    decided = Signal(object)

    def __init__(self, db: Office, actor: Actor, before_decide: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(_("Objective measures"), parent)
        self.db = db
        self.actor = actor
        self.before_decide = before_decide
        self.detail: ev.FormDetail | None = None
        self.measures: em.FormMeasures | None = None
        self.can_edit = False
        self.reason_dialog: ReasonDialog | None = None  # the last one opened
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = RowsModel(COLUMNS, text=self._text, colour=self._colour, parent=self)
        self.table = list_table(self, self.model, remember="evaluation.measures")  # the last column, the decision, takes the spare width
        self.table.setMaximumHeight(120)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.use_button = QPushButton(_("Use suggested"), self)
        self.use_button.setToolTip(_("Set the inspector's score of the selected indicator to the suggested score"))
        self.keep_button = QPushButton(_("Keep mine (reason…)"), self)
        self.keep_button.setToolTip(_("Keep your own score of the selected indicator, with the reason"))
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.use_button.clicked.connect(self.use_suggested)
        self.keep_button.clicked.connect(self.keep_mine)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

    # -- showing ----------------------------------------------------------------------------

    def show_form(self, detail: ev.FormDetail, *, editable: bool) -> None:
        """Loads the figures of the form (a refusal is shown in the note, never raised)."""
        self.detail = detail
        self.can_edit = editable
        try:
            measures = em.form_measures(self.db, self.actor, detail.id)
        except Exception as exc:  # the form stays usable without its figures
            self.measures = None
            self.note.setText(str(exc))
            self.model.set_rows([])
            self.setVisible(True)
            self._update_buttons()
            return
        self.show_measures(measures)

    def show_measures(self, measures: em.FormMeasures) -> None:
        keep = selected_row(self.table)
        self.measures = measures
        self.model.set_rows(measures.lines)
        fit_columns_to_contents(self.table)  # the first time only: the last column takes the rest
        self.note.setText(measures.note or self._summary(measures))
        self.table.setVisible(bool(measures.lines))
        deciders = bool(measures.lines) and self.actor.can(Permission.EDIT_EVALUATIONS)  # others only read
        self.use_button.setVisible(deciders)
        self.keep_button.setVisible(deciders)
        self.setVisible(bool(measures.lines) or not measures.available)
        if keep is not None:
            select_where(self.table, lambda row: row.indicator_id == keep.indicator_id)
        self._update_buttons()

    @staticmethod
    def _summary(measures: em.FormMeasures) -> str:
        empty = [line.figure_text for line in measures.lines if line.figure is None]
        return "\n".join(dict.fromkeys(empty))

    def _text(self, row: em.MeasureLine, key: str) -> str | None:
        if key == "measure":
            return row.measure_label
        if key == "figure":
            return percent_text(row.figure)
        if key in ("suggested_score", "score"):
            return score_text(row.suggested_score if key == "suggested_score" else row.score)
        if key == "decision":
            return decision_text(row)
        return None

    def _colour(self, row: em.MeasureLine, key: str) -> str | None:
        if key != "decision" or row.accepted is None:
            return None
        return ACCEPTED_COLOUR if row.accepted else KEPT_COLOUR

    def current_line(self) -> em.MeasureLine | None:
        line: em.MeasureLine | None = selected_row(self.table)
        return line

    def _update_buttons(self) -> None:
        line = self.current_line()
        ready = self.can_edit and line is not None and line.suggested_score is not None
        self.use_button.setEnabled(ready)
        self.keep_button.setEnabled(ready)

    # -- deciding ---------------------------------------------------------------------------

    def use_suggested(self) -> bool:
        line = self.current_line()
        if line is None or not self.before_decide() or self.detail is None:
            return False
        detail = self.detail
        try:
            result = em.decide_measure(self.db, self.actor, detail.id, line.indicator_id, accept=True,
                                       expected_version=detail.version)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.decided.emit(result)
        return True

    def keep_dialog(self) -> ReasonDialog | None:
        """The reason dialog for the selected line (None: nothing to decide now)."""
        chosen = self.current_line()
        if chosen is None or not self.before_decide() or self.detail is None or self.measures is None:
            return None
        line = self.measures.line(chosen.indicator_id)  # as it is after the pending edits were saved
        if line is None:
            return None
        detail = self.detail
        return ReasonDialog(
            self, _("Keep your own score"),
            _("{indicator}: the suggested score is {suggested}, yours is {score}. Write why you keep yours.").format(
                indicator=line.indicator_name, suggested=score_text(line.suggested_score), score=score_text(line.score)),
            _("Reason"), lambda text: em.decide_measure(self.db, self.actor, detail.id, line.indicator_id, accept=False,
                                                        reason=text, expected_version=detail.version),
            ok_text=_("Keep my score"))

    def keep_mine(self) -> ReasonDialog | None:
        """Opens the reason dialog (window-modal, not blocking); its OK decides."""
        dialog = self.keep_dialog()
        if dialog is None:
            return None

        def kept() -> None:
            if isinstance(dialog.result_value, em.MeasureDecided):
                self.decided.emit(dialog.result_value)

        dialog.accepted.connect(kept)
        dialog.finished.connect(dialog.deleteLater)
        self.reason_dialog = dialog
        dialog.open()
        return dialog
