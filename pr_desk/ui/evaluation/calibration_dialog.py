"""Calibration side by side (سنجش هم‌خوانی): the main and the second inspector's scores of a
unit per indicator, the difference, the indicators beyond the margin highlighted, and the
supervisor's decision which form counts (with an optional reason)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.calibration import Counted
from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from pr_desk.ui.evaluation.common import (
    RowsModel,
    digits,
    heading,
    list_table,
    score_text,
    signed_text,
)
from pr_desk.ui.kit.formatting import format_jalali_date, persian_on_screen
from pr_desk.ui.kit.forms import attempt
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.table_view import fit_columns_to_contents

if TYPE_CHECKING:
    from pr_desk.services.office import Office

FLAGGED_BACKGROUND = "#ffe0b2"  # amber: look again, as the reminder ladder's "close to the deadline"
COUNTED_COLOUR = "#2e7d32"

COLUMNS = (
    Column("axis_name", N_("Axis")),
    Column("name", N_("Indicator")),
    Column("max_score", N_("Maximum"), kind="number"),
    Column("main_score", N_("Main inspector"), kind="number"),
    Column("second_score", N_("Second inspector"), kind="number"),
    Column("difference", N_("Difference"), kind="number"),
    Column("flag", N_("Beyond the margin")),
)


def _text(row: ev.CalibrationLine, key: str) -> str | None:
    if key in ("max_score", "main_score", "second_score"):
        return score_text(getattr(row, key))
    if key == "difference":
        return signed_text(row.difference)
    if key == "flag":
        if not row.flagged:
            return ""
        return _("Only one scored it") if row.main_score is None or row.second_score is None else _("Look again")
    return None


class CalibrationModel(RowsModel):
    """The lines; a flagged line is drawn on amber."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and index.row() < self.rowCount():
            row = self.row_at(index.row())
            return QColor(FLAGGED_BACKGROUND) if row is not None and row.flagged else None
        return super().data(index, role)


class CalibrationDialog(QDialog):
    """`decided` after the supervisor chose a form (or changed the margin)."""

    decided = Signal()

    def __init__(self, db: Office, actor: Actor, *, period_id: uuid.UUID, unit_id: uuid.UUID,
                 open_form: Callable[[uuid.UUID], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.period_id, self.unit_id = db, actor, period_id, unit_id
        self.open_form = open_form
        self.calibration: ev.Calibration | None = None
        self.setWindowTitle(_("Two inspectors' scores side by side"))
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if persian_on_screen() else Qt.LayoutDirection.LeftToRight)
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        self.title = heading("", self)
        self.inspectors_label = QLabel(self)
        self.inspectors_label.setWordWrap(True)
        self.decision_label = QLabel(self)
        self.decision_label.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.inspectors_label)

        margin_row = QHBoxLayout()
        self.margin_edit = QLineEdit(self)
        self.margin_edit.setMaximumWidth(90)
        self.margin_button = QPushButton(_("Apply margin"), self)
        self.margin_button.setToolTip(_("Indicators whose two scores differ by more than this percent of their "
                                        "maximum score are highlighted"))
        self.margin_error = QLabel(self)
        self.margin_error.setStyleSheet("color: #c62828")
        self.margin_error.setWordWrap(True)
        margin_row.addWidget(QLabel(_("Margin (percent of the indicator's maximum):"), self))
        margin_row.addWidget(self.margin_edit)
        margin_row.addWidget(self.margin_button)
        margin_row.addWidget(self.margin_error, 1)
        layout.addLayout(margin_row)

        self.model = CalibrationModel(COLUMNS, text=_text, parent=self)
        self.table = list_table(self, self.model, stretch="name")
        layout.addWidget(self.table, 1)
        self.totals_label = QLabel(self)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.decision_label)

        reason_row = QHBoxLayout()
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(_("Why (optional)"))
        self.reason_edit.setMaxLength(2000)
        reason_row.addWidget(QLabel(_("Reason:"), self))
        reason_row.addWidget(self.reason_edit, 1)
        layout.addLayout(reason_row)

        choose = QHBoxLayout()
        self.main_button = QPushButton(_("The main form counts"), self)
        self.second_button = QPushButton(_("The second form counts"), self)
        self.open_main_button = QPushButton(_("Open the main form…"), self)
        self.open_second_button = QPushButton(_("Open the second form…"), self)
        for b in (self.main_button, self.second_button):
            b.setToolTip(_("Only the form that counts enters the unit's result, its rank and every report"))
        choose.addWidget(self.main_button)
        choose.addWidget(self.second_button)
        choose.addStretch(1)
        choose.addWidget(self.open_main_button)
        choose.addWidget(self.open_second_button)
        layout.addLayout(choose)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self.main_button.clicked.connect(lambda: self.decide(Counted.MAIN))
        self.second_button.clicked.connect(lambda: self.decide(Counted.CALIBRATION))
        self.open_main_button.clicked.connect(lambda: self._open(main=True))
        self.open_second_button.clicked.connect(lambda: self._open(main=False))
        self.margin_button.clicked.connect(self.apply_margin)
        self.margin_edit.returnPressed.connect(self.apply_margin)
        self.reload()

    # -- data -------------------------------------------------------------------------------

    def reload(self) -> None:
        ok, found = attempt(self, lambda: ev.get_calibration(self.db, self.actor, period_id=self.period_id,
                                                              unit_id=self.unit_id))
        if not ok or found is None:
            return
        self.show_calibration(found)

    def show_calibration(self, c: ev.Calibration) -> None:
        self.calibration = c
        self.title.setText(_("{unit} — {period}").format(unit=c.unit_name, period=c.period_label))
        self.inspectors_label.setText(_("Main inspector: {main} · Second inspector: {second} · {flagged} of {count} "
                                        "indicators beyond the margin").format(
            main=c.main_inspector_name or _("Not assigned"), second=c.second_inspector_name,
            flagged=digits(c.flagged_count), count=digits(len(c.lines))))
        self.margin_edit.setText(digits(_plain(c.margin_percent)))
        self.margin_error.clear()
        self.model.set_rows(list(c.lines))
        fit_columns_to_contents(self.table)  # once: the axis and the scores whole, the indicator takes the rest
        self.totals_label.setText(_("Total — main form: {main} ({main_status}); second form: {second} ({second_status})").format(
            main=score_text(c.main_form.total if c.main_form else None), main_status=_status(c.main_form),
            second=score_text(c.second_form.total if c.second_form else None), second_status=_status(c.second_form)))
        if c.counted is None:
            text = _("Not decided yet: the main form counts until you decide.")
            if not c.ready:
                text += " " + _("Both inspectors must send their forms before you decide which one counts.")
        else:
            text = _("{form} counts — decided by {who} on {day}.").format(
                form=c.counted.label, who=c.decided_by_name,
                day=format_jalali_date(c.decided_at.astimezone().date()) if c.decided_at else "")
            if c.decision_reason:
                text += " " + _("Reason: {reason}").format(reason=c.decision_reason)
        self.decision_label.setText(text)
        self.decision_label.setStyleSheet(f"color: {COUNTED_COLOUR}" if c.counted is not None else "")
        self.main_button.setEnabled(c.ready and c.counted is not Counted.MAIN)
        self.second_button.setEnabled(c.ready and c.counted is not Counted.CALIBRATION)
        self.open_main_button.setEnabled(self.open_form is not None and c.main_form is not None)
        self.open_second_button.setEnabled(self.open_form is not None and c.second_form is not None)

    # -- actions ------------------------------------------------------------------------------

    def decide(self, counted: Counted) -> bool:
        c = self.calibration
        if c is None:
            return False
        ok, found = attempt(self, lambda: ev.decide_calibration(
            self.db, self.actor, period_id=self.period_id, unit_id=self.unit_id, counted=counted,
            reason=self.reason_edit.text(), expected_version=c.version))
        if ok and found is not None:
            self.show_calibration(found)
            self.decided.emit()
            return True
        self.reload()
        return False

    def apply_margin(self) -> bool:
        try:
            ev.set_calibration_margin(self.db, self.actor, percent=self.margin_edit.text())
        except UserError as exc:
            self.margin_error.setText(exc.translated())
            return False
        self.reload()
        self.decided.emit()
        return True

    def _open(self, *, main: bool) -> None:
        c = self.calibration
        form = (c.main_form if main else c.second_form) if c is not None else None
        if form is not None and self.open_form is not None:
            self.open_form(form.id)
            self.reload()


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _status(form: ev.FormInfo | None) -> str:
    return form.status.label if form is not None else _("not started")
