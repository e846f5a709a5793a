"""The unit evaluation workspace (ارزیابی عملکرد): one tab of the main window holding the
periods and their units, the results with charts and reports, and for administrators
the template editor. A unit's form opens in its own window."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QMessageBox,
    QPushButton,
    QWidget,
)

from pr_desk.domain.roles import Permission
from pr_desk.i18n import _
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from pr_desk.ui.evaluation.calibration_dialog import CalibrationDialog
from pr_desk.ui.evaluation.form_editor import FormEditor
from pr_desk.ui.evaluation.periods_view import PeriodsView
from pr_desk.ui.evaluation.results_view import ResultsView
from pr_desk.ui.kit.forms import attempt
from pr_desk.ui.kit.list_page import refresh_button
from pr_desk.ui.kit.workspace_tab import WorkspaceTab

if TYPE_CHECKING:
    from pr_desk.services.office import Office


class EvaluationWorkspace(WorkspaceTab):
    """`changed` after any write."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.last_editor: FormEditor | None = None
        self.bar.addStretch(1)
        self.templates_button = QPushButton(_("Evaluation templates…"), self)
        self.templates_button.setToolTip(_("Axes, indicators, weights and maximum scores of the templates; grade bands"))
        self.templates_button.setVisible(actor.can(Permission.MANAGE_EVALUATION_TEMPLATES))
        self.bar.addWidget(self.templates_button)
        self.refresh_button = refresh_button(self, self.reload_all)  # what an inspector or supervisor did on another PC
        self.bar.addWidget(self.refresh_button)
        self.periods_view = PeriodsView(db, actor, self)
        self.results_view = ResultsView(db, actor, self)
        self.add_view(self.periods_view, _("Periods and forms"))
        self.add_view(self.results_view, _("Results"))
        self.periods_view.form_requested.connect(self.open_form)
        self.results_view.form_requested.connect(self.open_form)
        self.periods_view.period_changed.connect(self._on_period_changed)
        self.periods_view.calibration_requested.connect(self.compare_forms)
        self.templates_button.clicked.connect(self.edit_templates)
        self._on_period_changed(self.periods_view.current_period())

    def _on_period_changed(self, period: ev.PeriodInfo | None) -> None:
        if period is not None:
            self.results_view.set_period(period.id)

    # -- the form ---------------------------------------------------------------------

    def form_editor(self, period_id: uuid.UUID, unit_id: uuid.UUID) -> FormEditor | None:
        """The unit's form: started as a draft by those who fill forms, else only read."""
        if self.actor.can(Permission.EDIT_EVALUATIONS):
            ok, detail = attempt(self, lambda: ev.open_form(self.db, self.actor, period_id=period_id, unit_id=unit_id))
        else:
            ok, detail = attempt(self, lambda: ev.find_form(self.db, self.actor, period_id=period_id, unit_id=unit_id))
            if ok and detail is None:
                QMessageBox.information(self, _("Evaluation form"), _("No form has been started for this unit in this period yet."))
                return None
        if not ok or detail is None:
            return None
        editor = FormEditor(self.db, self.actor, detail, self)
        editor.changed.connect(self.reload_all)
        editor.changed.connect(self.changed.emit)
        self.last_editor = editor
        return editor

    def open_form(self, period_id: uuid.UUID, unit_id: uuid.UUID) -> None:
        editor = self.form_editor(period_id, unit_id)
        if editor is not None:
            editor.exec()
            self.reload_all()

    def open_form_by_id(self, form_id: uuid.UUID) -> None:
        """A form by its id (the calibration dialog opens either of a unit's two forms)."""
        ok, detail = attempt(self, lambda: ev.get_form(self.db, self.actor, form_id))
        if not ok or detail is None:
            return
        editor = FormEditor(self.db, self.actor, detail, self)
        editor.changed.connect(self.reload_all)
        editor.changed.connect(self.changed.emit)
        self.last_editor = editor
        editor.exec()

    def calibration_dialog(self, period_id: uuid.UUID, unit_id: uuid.UUID) -> CalibrationDialog:
        dialog = CalibrationDialog(self.db, self.actor, period_id=period_id, unit_id=unit_id,
                                   open_form=self.open_form_by_id, parent=self)
        dialog.decided.connect(self.changed.emit)
        return dialog

    def compare_forms(self, period_id: uuid.UUID, unit_id: uuid.UUID) -> None:
        """Calibration: the unit's two forms side by side, and the decision which counts."""
        self.calibration_dialog(period_id, unit_id).exec()
        self.reload_all()

    def show_period_units(self, chosen: str) -> None:
        """A period's units with some of them selected ("period id/unit id,unit id,…"):
        what the dashboard's evaluation tiles open (the open period; the forms waiting for
        approval, or the units still to visit, selected)."""
        period_id, _slash, units = chosen.partition("/")
        self.tabs.setCurrentWidget(self.periods_view)
        self.periods_view.reload(select_id=uuid.UUID(period_id))
        self.periods_view.select_units([uuid.UUID(u) for u in units.split(",") if u])

    def edit_templates(self) -> None:
        from pr_desk.ui.evaluation.templates_dialog import TemplatesDialog

        dialog = TemplatesDialog(self.db, self.actor, self)
        if dialog.exec():
            self.reload_all()
            self.changed.emit()
