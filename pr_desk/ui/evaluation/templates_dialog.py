"""The evaluation templates (الگوی ارزیابی), for administrators: axes and their indicators
with weight, maximum score, scoring guide and whether evidence is required. Saving a
template that a period or form already uses makes a new version; forms keep theirs."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import check_max_score, check_weight
from pr_desk.domain.text import to_latin_digits
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from pr_desk.ui.evaluation.common import digits, score_text
from pr_desk.ui.forms import attempt
from pr_desk.ui.kit.messages import FieldError, show_error

if TYPE_CHECKING:
    from pr_desk.services.office import Office

NAME, WEIGHT, MAX_SCORE, EVIDENCE, GUIDE = range(5)
HEADERS = (N_("Axis / indicator"), N_("Weight"), N_("Maximum score"), N_("Evidence required"), N_("Scoring guide"))


class TemplatesDialog(QDialog):
    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.template: ev.TemplateInfo | None = None
        self.saved: ev.TemplateInfo | None = None
        self.bands_saved = False
        self._dirty = False
        self.setWindowTitle(_("Evaluation templates"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(1100, 700)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Template:"), self))
        self.choice = QComboBox(self)
        self.choice.setMinimumContentsLength(30)
        top.addWidget(self.choice, 1)
        top.addWidget(QLabel(_("Name:"), self))
        self.name = QLineEdit(self)
        top.addWidget(self.name, 2)
        layout.addLayout(top)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        layout.addWidget(self.tree, 1)
        self.total_label = QLabel(self)
        layout.addWidget(self.total_label)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.add_axis_button = QPushButton(_("Add an axis"), self)
        self.add_indicator_button = QPushButton(_("Add an indicator"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.bands_button = QPushButton(_("Grade bands…"), self)
        self.bands_button.setToolTip(_("Change the lowest total score of each grade"))
        self.save_button = QPushButton(_("Save template"), self)
        self.close_button = QPushButton(_("Close"), self)
        for b in (self.add_axis_button, self.add_indicator_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.bands_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.add_axis_button.clicked.connect(self.add_axis)
        self.add_indicator_button.clicked.connect(self.add_indicator)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.bands_button.clicked.connect(self.edit_grade_bands)
        self.close_button.clicked.connect(self.accept_if_clean)
        self.choice.currentIndexChanged.connect(lambda _i: self._on_choice())
        self.model.itemChanged.connect(self._on_item_changed)
        self.name.textEdited.connect(lambda _t: self._mark_dirty())
        self.fill()

    # -- loading ---------------------------------------------------------------------------

    def fill(self, select_id: object = None) -> None:
        ok, templates = attempt(self, lambda: ev.list_templates(self.db, self.actor))
        if ok and not templates:
            _ok, made = attempt(self, lambda: ev.ensure_default_template(self.db, self.actor))
            templates = [made] if made is not None else []
        self._templates = {t.id: t for t in templates or []}
        self.choice.blockSignals(True)
        self.choice.clear()
        for t in templates or []:
            self.choice.addItem(_("{name} (version {version})").format(name=t.name, version=digits(t.template_version)), t.id)
        index = next((i for i in range(self.choice.count()) if self.choice.itemData(i) == select_id), 0)
        self.choice.setCurrentIndex(index)
        self.choice.blockSignals(False)
        self._on_choice()

    def _on_choice(self) -> None:
        self.template = self._templates.get(self.choice.currentData())
        self.show_template(self.template)

    def show_template(self, template: ev.TemplateInfo | None) -> None:
        self.model.blockSignals(True)
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        if template is not None:
            self.name.setText(template.name)
            for axis in template.axes:
                row = self._axis_row(axis.name)
                for ind in axis.indicators:
                    row[0].appendRow(self._indicator_row(ind.name, ind.weight, ind.max_score, ind.evidence_required, ind.guide))
            self.info.setText(_("Version {version}. Double-click a cell to change it; saving a template that periods "
                                "already use makes a new version, and their forms keep the old one.").format(
                version=digits(template.template_version)))
        self.model.blockSignals(False)
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NAME, 380)
        for col in (WEIGHT, MAX_SCORE, EVIDENCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._dirty = False
        self._check()

    def _axis_row(self, name: str) -> list[QStandardItem]:
        item = QStandardItem(name)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        rest = [QStandardItem("") for _c in range(4)]
        for r in rest:
            r.setEditable(False)
        self.model.appendRow([item, *rest])
        return [item, *rest]

    @staticmethod
    def _indicator_row(name: str, weight: Decimal, max_score: Decimal, evidence: bool, guide: str) -> list[QStandardItem]:
        items = [QStandardItem(name), QStandardItem(score_text(weight)), QStandardItem(score_text(max_score)),
                 QStandardItem(""), QStandardItem(guide)]
        items[EVIDENCE].setCheckable(True)
        items[EVIDENCE].setEditable(False)
        items[EVIDENCE].setCheckState(Qt.CheckState.Checked if evidence else Qt.CheckState.Unchecked)
        for col in (WEIGHT, MAX_SCORE):
            items[col].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        items[GUIDE].setToolTip(guide)
        return items

    # -- editing ---------------------------------------------------------------------------

    def _mark_dirty(self) -> None:
        self._dirty = True
        self._check()

    def _on_item_changed(self, item: QStandardItem) -> None:
        if item.column() in (WEIGHT, MAX_SCORE) and item.parent() is not None:
            text = to_latin_digits(item.text()).replace("٫", ".")
            try:
                value = check_weight(text) if item.column() == WEIGHT else check_max_score(text)
            except UserError:
                value = None
            if value is not None and score_text(value) != item.text():
                self.model.blockSignals(True)
                item.setText(score_text(value))
                self.model.blockSignals(False)
                self.tree.viewport().update()
        self._mark_dirty()

    def _selected_axis(self) -> QStandardItem | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        return item.parent() or item

    def add_axis(self) -> None:
        row = self._axis_row(_("New axis"))
        row[0].appendRow(self._indicator_row(_("New indicator"), Decimal(1), Decimal(10), False, ""))
        self.tree.expand(row[0].index())
        self.tree.setCurrentIndex(row[0].index())
        self._mark_dirty()

    def add_indicator(self) -> None:
        axis = self._selected_axis()
        if axis is None:
            show_error(self, UserError(N_("Choose the axis the indicator belongs to.")))
            return
        items = self._indicator_row(_("New indicator"), Decimal(1), Decimal(10), False, "")
        axis.appendRow(items)
        self.tree.expand(axis.index())
        self.tree.setCurrentIndex(items[0].index())
        self._mark_dirty()

    def remove_selected(self) -> None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        parent = item.parent()
        if parent is None:
            self.model.removeRow(item.row())
        else:
            parent.removeRow(item.row())
        self._mark_dirty()

    def axes(self) -> list[ev.AxisInput]:
        """The tree as service input; raises UserError naming the first bad cell."""
        out = []
        for r in range(self.model.rowCount()):
            axis = self.model.item(r, 0)
            indicators = []
            for c in range(axis.rowCount()):
                name = axis.child(c, NAME).text()
                where = _("{axis} › {indicator}").format(axis=axis.text(), indicator=name)
                values = []
                for col, check, label in ((WEIGHT, check_weight, _("weight")), (MAX_SCORE, check_max_score, _("maximum score"))):
                    text = to_latin_digits(axis.child(c, col).text()).replace("٫", ".")
                    try:
                        values.append(check(text))
                    except UserError as exc:
                        raise UserError(N_("{where}, {what}: {problem}"), where=where, what=label, problem=str(exc)) from exc
                indicators.append(ev.IndicatorInput(name, values[0], values[1], axis.child(c, GUIDE).text(),
                                                    axis.child(c, EVIDENCE).checkState() == Qt.CheckState.Checked))
            out.append(ev.AxisInput(axis.text(), indicators))
        return out

    def _check(self) -> bool:
        try:
            axes = self.axes()
        except UserError as exc:
            self.error.set_error(str(exc))
            self.total_label.clear()  # a total over a bad weight would mislead
            self.save_button.setEnabled(False)
            return False
        total = sum((Decimal(i.weight) for a in axes for i in a.indicators), Decimal(0))
        count = sum(len(a.indicators) for a in axes)
        self.total_label.setText(_("{axes} axes, {indicators} indicators, total weight {weight}").format(
            axes=digits(len(axes)), indicators=digits(count), weight=score_text(total)))
        self.error.set_error(None)
        self.save_button.setEnabled(self._dirty and self.template is not None)
        return True

    def save(self) -> ev.TemplateInfo | None:
        template = self.template
        if template is None:
            return None
        try:
            axes = self.axes()
            saved = ev.update_template(self.db, self.actor, template.id, name=self.name.text(), axes=axes,
                                       description=template.description, expected_version=template.version)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.saved = saved
        if saved.id != template.id:
            QMessageBox.information(self, _("Evaluation templates"), _(
                "This template is already used by periods or forms, so your changes were saved as a new version "
                "({version}). Forms made with the old version keep it; new periods use the new one.").format(
                version=digits(saved.template_version)))
        else:
            QMessageBox.information(self, _("Evaluation templates"), _("The template was saved."))
        self.fill(select_id=saved.id)
        return saved

    def edit_grade_bands(self) -> bool:
        from pr_desk.ui.evaluation.grade_bands_dialog import GradeBandsDialog

        dialog = GradeBandsDialog(self.db, self.actor, self)
        if dialog.exec() and dialog.saved is not None:
            self.bands_saved = True
            return True
        return False

    def accept_if_clean(self) -> None:
        if self._dirty:
            answer = QMessageBox.question(self, _("Unsaved changes"), _("Close without saving your changes to the template?"),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.saved is not None or self.bands_saved:
            self.accept()
        else:
            self.reject()
