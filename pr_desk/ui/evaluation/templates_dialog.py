"""The evaluation templates (الگوی ارزیابی), for administrators: axes and their indicators
with weight, maximum score, scoring guide, whether evidence is required and the objective
measure that feeds it (a figure from the directive register or the meeting orders). Saving a
template that a period or form already uses makes a new version; forms keep theirs. Only
measures changed: saved on the template as it is (a binding changes no score or weight)."""

from __future__ import annotations

import uuid
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
from pr_desk.domain.text import isolate, to_latin_digits
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from pr_desk.services.evaluation import measures as em
from pr_desk.ui.evaluation.common import digits, find_data, score_text
from pr_desk.ui.kit.forms import attempt
from pr_desk.ui.kit.messages import FieldError, show_error

if TYPE_CHECKING:
    from pr_desk.services.office import Office

NAME, WEIGHT, MAX_SCORE, EVIDENCE, MEASURE, GUIDE = range(6)
HEADERS = (N_("Axis / indicator"), N_("Weight"), N_("Maximum score"), N_("Evidence required"), N_("Objective measure"),
           N_("Scoring guide"))
ID_ROLE = Qt.ItemDataRole.UserRole + 11  # on an indicator's name: its id (None for a new one)
MEASURE_ROLE = Qt.ItemDataRole.UserRole + 12  # on its measure cell: the measure's code, or None


def _measure(code: object) -> em.Measure | None:
    """A code kept in a Qt role or combo (Qt keeps it as plain text) back as a Measure."""
    return em.Measure(str(code)) if code else None


class TemplatesDialog(QDialog):
    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.template: ev.TemplateInfo | None = None
        self.saved: ev.TemplateInfo | None = None
        self.bands_saved = False
        self._dirty = False
        self._structure_dirty = False  # more than the objective measures changed
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
        measure_row = QHBoxLayout()
        measure_row.addWidget(QLabel(_("Objective measure:"), self))
        self.measure_choice = QComboBox(self)
        self.measure_choice.addItem(_("None"), None)
        for measure, label in em.measure_choices():
            self.measure_choice.addItem(label, measure.value)
        self.measure_choice.setToolTip(_("Forms show this figure of the unit and period beside the selected indicator, with a "
                                         "suggested score; the inspector uses it or keeps their own score with a reason"))
        measure_row.addWidget(self.measure_choice, 1)
        layout.addLayout(measure_row)
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
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self._show_measure_choice())
        self.measure_choice.currentIndexChanged.connect(lambda _i: self._on_measure_chosen())
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
            self.choice.addItem(_("{name} (version {version})").format(name=isolate(t.name), version=digits(t.template_version)), t.id)
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
            ok, found = attempt(self, lambda: em.template_measures(self.db, self.actor, template.id))
            bound = found if ok and found is not None else {}
            for axis in template.axes:
                row = self._axis_row(axis.name)
                for ind in axis.indicators:
                    items = self._indicator_row(ind.name, ind.weight, ind.max_score, ind.evidence_required, ind.guide,
                                                bound.get(ind.id))
                    items[NAME].setData(ind.id, ID_ROLE)
                    row[0].appendRow(items)
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
        header.setSectionResizeMode(MEASURE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(MEASURE, 300)
        header.setStretchLastSection(True)
        self._dirty = self._structure_dirty = False
        self._show_measure_choice()
        self._check()

    def _axis_row(self, name: str) -> list[QStandardItem]:
        item = QStandardItem(name)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        rest = [QStandardItem("") for _c in range(len(HEADERS) - 1)]
        for r in rest:
            r.setEditable(False)
        self.model.appendRow([item, *rest])
        return [item, *rest]

    @staticmethod
    def _indicator_row(name: str, weight: Decimal, max_score: Decimal, evidence: bool, guide: str,
                       measure: em.Measure | None = None) -> list[QStandardItem]:
        items = [QStandardItem(name), QStandardItem(score_text(weight)), QStandardItem(score_text(max_score)),
                 QStandardItem(""), QStandardItem(measure.label if measure else ""), QStandardItem(guide)]
        items[EVIDENCE].setCheckable(True)
        items[EVIDENCE].setEditable(False)
        items[MEASURE].setEditable(False)
        items[MEASURE].setData(measure.value if measure else None, MEASURE_ROLE)
        items[MEASURE].setToolTip(measure.label if measure else "")
        items[EVIDENCE].setCheckState(Qt.CheckState.Checked if evidence else Qt.CheckState.Unchecked)
        for col in (WEIGHT, MAX_SCORE):
            items[col].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        items[GUIDE].setToolTip(guide)
        return items

    # -- editing ---------------------------------------------------------------------------

    def _mark_dirty(self, *, structure: bool = True) -> None:
        self._dirty = True
        self._structure_dirty = self._structure_dirty or structure
        self._check()

    def _current_indicator(self) -> QStandardItem | None:
        """The measure cell of the current row, when it is an indicator's."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        parent = item.parent() if item is not None else None
        return parent.child(item.row(), MEASURE) if parent is not None else None

    def _show_measure_choice(self) -> None:
        cell = self._current_indicator()
        self.measure_choice.blockSignals(True)
        self.measure_choice.setCurrentIndex(find_data(self.measure_choice, cell.data(MEASURE_ROLE)) if cell else 0)
        self.measure_choice.blockSignals(False)
        self.measure_choice.setEnabled(cell is not None)

    def _on_measure_chosen(self) -> None:
        cell = self._current_indicator()
        if cell is None:
            return
        measure = _measure(self.measure_choice.currentData())
        if measure == _measure(cell.data(MEASURE_ROLE)):
            return
        self.model.blockSignals(True)
        cell.setData(measure.value if measure else None, MEASURE_ROLE)
        cell.setText(measure.label if measure else "")
        cell.setToolTip(measure.label if measure else "")
        self.model.blockSignals(False)
        self.tree.viewport().update()
        self._mark_dirty(structure=False)

    def measures(self) -> list[em.Measure | None]:
        """Each indicator's measure, in the tree's order."""
        return [_measure(axis.child(c, MEASURE).data(MEASURE_ROLE))
                for axis in (self.model.item(r, 0) for r in range(self.model.rowCount())) for c in range(axis.rowCount())]

    def _measures_by_id(self) -> dict[uuid.UUID, em.Measure | None]:
        """Each indicator's measure by its id (the tree as loaded: no indicator added)."""
        return {axis.child(c, NAME).data(ID_ROLE): _measure(axis.child(c, MEASURE).data(MEASURE_ROLE))
                for axis in (self.model.item(r, 0) for r in range(self.model.rowCount())) for c in range(axis.rowCount())}

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
            if not self._structure_dirty:
                em.set_template_measures(self.db, self.actor, template.id, self._measures_by_id())
                saved = ev.get_template(self.db, self.actor, template.id)
            else:
                axes = self.axes()
                saved = ev.update_template(self.db, self.actor, template.id, name=self.name.text(), axes=axes,
                                           description=template.description, expected_version=template.version,
                                           measures=self.measures())
        except Exception as exc:
            show_error(self, exc)
            return None
        self.saved = saved
        if not self._structure_dirty:
            QMessageBox.information(self, _("Evaluation templates"), _(
                "The objective measures were saved; the forms of this template show their figures from now on."))
        elif saved.id != template.id:
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
