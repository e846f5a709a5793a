"""Evaluation periods (دوره‌های ارزیابی): the list with progress counts, opening a period
with its template and units, each unit's progress and inspector, assigning units to an
inspector, closing and reopening. An inspector sees only the units assigned to them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import PeriodKind, period_label
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Permission, Role
from pr_desk.domain.text import isolate, sort_key
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_, _
from pr_desk.services import evaluation as ev
from pr_desk.services import units as unit_service
from pr_desk.services import users as user_service
from pr_desk.services.context import Actor
from pr_desk.ui.evaluation.common import (
    PROGRESS_COLOURS,
    RowsModel,
    digits,
    find_data,
    heading,
    list_table,
    score_text,
    select_where,
    selected_row,
    selected_rows,
)
from pr_desk.ui.evaluation.progress_bars import (
    InspectorProgressPanel,
    ProgressBar,
    ProgressDelegate,
    legend_text,
)
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import screen_locale
from pr_desk.ui.kit.forms import FormDialog, attempt
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.panes import add_split, column_pane
from pr_desk.ui.kit.table_view import fit_columns_to_contents

if TYPE_CHECKING:
    from pr_desk.services.office import Office

EVALUATED_KINDS = (UnitKind.DISTRICT, UnitKind.ORGANISATION, UnitKind.COMPANY)


@dataclass(frozen=True)
class PeriodRow:
    """A period in the list with its progress counts."""

    period: ev.PeriodInfo
    summary: ev.ProgressSummary

    @property
    def id(self) -> uuid.UUID:
        return self.period.id

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def kind_label(self) -> str:
        return self.period.kind.label

    @property
    def status_label(self) -> str:
        return _("Period open") if self.period.is_open else _("Period closed")

    @property
    def unit_count(self) -> int:
        return self.summary.total

    @property
    def template_text(self) -> str:
        # the name isolated: a Persian name would turn an English line right to left ("(1 version) …")
        return _("{name} (version {version})").format(name=isolate(self.period.template_name),
                                                      version=digits(self.period.template_version))

    @property
    def progress_text(self) -> str:
        s = self.summary
        return _("{approved} approved, {submitted} submitted, {draft} draft, {returned} returned, {not_started} not started").format(
            approved=digits(s.approved), submitted=digits(s.submitted), draft=digits(s.draft),
            returned=digits(s.returned), not_started=digits(s.not_started))


PERIOD_COLUMNS = (
    Column("label", N_("Period"), sortable=True),
    Column("kind_label", N_("Kind"), sortable=True),
    Column("status_label", N_("Status"), sortable=True),
    Column("unit_count", N_("Units"), kind="int", sortable=True),
    Column("progress_text", N_("Progress")),
    Column("template_text", N_("Template"), sortable=True),
)

UNIT_COLUMNS = (
    Column("unit_code", N_("Code"), sortable=True),
    Column("unit_name", N_("Unit"), sortable=True),
    Column("kind_label", N_("Kind"), sortable=True),
    Column("inspector_name", N_("Inspector"), sortable=True),
    Column("progress_label", N_("Progress"), sortable=True),
    Column("form_number", N_("Form number"), sortable=True),
    Column("total", N_("Total score"), kind="number", sortable=True),
)


def _unit_text(row: Any, key: str) -> str | None:
    if key == "unit_name" and row.calibration:
        return _("{unit} (second form, calibration)").format(unit=row.unit_name)
    if key == "unit_name" and row.calibration_inspector_name:  # (the unit column has the room)
        return _("{unit} · second inspector: {second}").format(unit=row.unit_name, second=row.calibration_inspector_name)
    if key == "kind_label":
        return str(row.unit_kind.label)
    if key == "progress_label":
        return str(row.progress.label)
    if key == "inspector_name":
        return row.inspector_name or _("Not assigned")
    if key == "total":
        return score_text(row.total) if row.total is not None else ""
    if key == "form_number":
        return "\u2066" + row.form_number + "\u2069" if row.form_number else ""
    return None


def _unit_colour(row: Any, key: str) -> str | None:
    if key == "progress_label":
        return PROGRESS_COLOURS.get(row.progress.value)
    if key == "inspector_name" and not row.inspector_name:
        return "#9e9e9e"
    return None


def _period_colour(row: Any, key: str) -> str | None:
    if key == "status_label" and not row.period.is_open:
        return "#9e9e9e"
    return None


def inspectors(db: Office, actor: Actor) -> list[user_service.UserInfo]:
    """Active inspectors, by name (empty if the role cannot see users)."""
    if not actor.can(Permission.VIEW_USERS):
        return []
    return sorted((u for u in user_service.list_users(db, actor) if u.role is Role.INSPECTOR and u.active),
                  key=lambda u: sort_key(u.display_name))


class OpenPeriodDialog(FormDialog):
    """Kind, Jalali year and number, template, and the units (all evaluated units at first)."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Open an evaluation period"), ok_text=_("Open period"))
        self.db = db
        self.actor = actor
        self.opened: ev.PeriodInfo | None = None
        self.setMinimumWidth(560)
        self.set_intro(_("The units below take part in the period; the form of each is made with the chosen template."))
        self.kind = QComboBox(self)
        for kind in PeriodKind:
            self.kind.addItem(kind.label, kind)
        today = JalaliDate.today()
        self.year = QSpinBox(self)
        self.year.setLocale(screen_locale())
        self.year.setGroupSeparatorShown(False)
        self.year.setRange(1390, 1500)
        self.year.setValue(today.year)
        self.number = QSpinBox(self)
        self.number.setLocale(screen_locale())
        self.template = QComboBox(self)
        ok, templates = attempt(self, lambda: ev.list_templates(db, actor))
        for t in templates or []:
            self.template.addItem(_("{name} (version {version})").format(name=isolate(t.name), version=digits(t.template_version)), t.id)
        if not self.template.count():
            self.template.addItem(_("The default municipal PR template"), None)
        self.units_model = QStandardItemModel(self)
        ok, found = attempt(self, lambda: unit_service.list_units(db, actor, include_retired=False))
        for unit in found or []:
            if unit.kind not in EVALUATED_KINDS:
                continue
            item = QStandardItem(f"{unit.name} (\u2066{unit.code}\u2069)")
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            item.setData(unit.id, Qt.ItemDataRole.UserRole)
            self.units_model.appendRow(item)
        self.units = QListView(self)
        self.units.setModel(self.units_model)
        self.units.setMinimumHeight(220)
        units_box = QWidget(self)
        box = QVBoxLayout(units_box)
        box.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.all_button = QPushButton(_("All"), self)
        self.none_button = QPushButton(_("None"), self)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.units)
        self.add_field("kind", _("Kind of period"), self.kind)
        self.add_field("year", _("Year (Jalali)"), self.year)
        self.add_field("number", _("Number"), self.number)
        self.add_field("template", _("Evaluation template"), self.template)
        self.add_field("units", _("Units"), units_box)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.number.valueChanged.connect(lambda _v: self._show_label())
        self.year.valueChanged.connect(lambda _v: self._show_label())
        self.units_model.itemChanged.connect(lambda _i: self.refresh_validity())
        self.label = QLabel(self)
        self.form.addRow("", self.label)
        self._on_kind_changed()
        self.refresh_validity()

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.units_model.rowCount()):
            self.units_model.item(row).setCheckState(state)

    def _on_kind_changed(self, *_args: object) -> None:
        kind = PeriodKind(self.kind.currentData())
        self.number.setRange(1, kind.per_year)
        self.number.setEnabled(kind.per_year > 1)
        today = JalaliDate.today()
        if kind is PeriodKind.QUARTER:
            self.number.setValue((today.month - 1) // 3 + 1)
        elif kind is PeriodKind.HALF:
            self.number.setValue(1 if today.month <= 6 else 2)
        self._show_label()

    def _show_label(self) -> None:
        self.label.setText(period_label(PeriodKind(self.kind.currentData()), self.year.value(), self.number.value()))

    def chosen_units(self) -> list[uuid.UUID]:
        return [self.units_model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.units_model.rowCount())
                if self.units_model.item(r).checkState() == Qt.CheckState.Checked]

    def validate(self) -> dict[str, str]:
        if not self.chosen_units():
            self._touched.add("units")
            return {"units": _("Choose at least one unit.")}
        return {}

    def save(self) -> None:
        self.opened = ev.open_period(self.db, self.actor, kind=PeriodKind(self.kind.currentData()), year=self.year.value(),
                                     number=self.number.value(), template_id=self.template.currentData(),
                                     unit_ids=self.chosen_units())


class PeriodsView(QWidget):
    """`changed` after a write; `form_requested(period_id, unit_id)` to open a unit's form."""

    changed = Signal()
    form_requested = Signal(object, object)
    period_changed = Signal(object)  # PeriodInfo | None
    calibration_requested = Signal(object, object)  # (period id, unit id): compare its two forms

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_EVALUATION_PERIODS)
        self._reloading = False
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.open_button = QPushButton(_("Open a period…"), self)
        self.open_button.setToolTip(_("Open a quarter, half or year with its template and units"))
        self.status_button = QPushButton(_("Close period"), self)
        self.status_button.setToolTip(_("A closed period's forms can no longer change; it can be opened again"))
        bar.addWidget(self.open_button)
        bar.addWidget(self.status_button)
        bar.addStretch(1)
        self.open_button.setVisible(self.can_manage)
        self.status_button.setVisible(self.can_manage)
        layout.addLayout(bar)

        self.periods_model = RowsModel(PERIOD_COLUMNS, fetch=self._fetch_periods, colour=_period_colour, parent=self)
        self.periods_table = list_table(self, self.periods_model, stretch="progress_text", sortable=True,
                                        remember="evaluation.periods")
        self.periods_empty = empty_state(self.periods_table, (
            _("No evaluation period is open. Open one with “Open a period…”: a quarter, a half or a year, with its "
              "template and its units.") if self.can_manage
            else _("No unit is assigned to you yet. The supervisor assigns the units of each period to the "
                   "inspectors; the periods where you have units show here, with the forms you fill.")
            if actor.role is Role.INSPECTOR
            else _("No evaluation period is open yet. The supervisor opens the periods; they show here.")))
        self.progress_delegate = ProgressDelegate(self.periods_table)  # each period's progress as a bar
        self.periods_table.setItemDelegateForColumn(self.periods_model.column_index("progress_text"), self.progress_delegate)

        self.units_heading = heading("", self)
        self.summary_label = QLabel(self)
        self.period_bar = ProgressBar(self)
        self.legend_label = QLabel(legend_text(), self)
        self.inspectors_panel = InspectorProgressPanel(self)
        self.units_model = RowsModel(UNIT_COLUMNS, fetch=self._fetch_units, colour=_unit_colour, text=_unit_text, parent=self)
        self.units_table = list_table(self, self.units_model, stretch="unit_name", multi=True, sortable=True,
                                      remember="evaluation.periods.units")
        self.units_empty = empty_state(self.units_table, self._units_empty_text)
        actions = QHBoxLayout()
        self.form_button = QPushButton(_("Open form…"), self)
        self.form_button.setToolTip(_("Open the evaluation form of the selected unit (or double-click it)"))
        actions.addWidget(self.form_button)
        actions.addStretch(1)
        self.inspector_combo = QComboBox(self)
        self.inspector_combo.setMinimumContentsLength(18)
        self.assign_button = QPushButton(_("Assign selected units"), self)
        self.assign_button.setToolTip(_("Give the selected units of this period to the chosen inspector"))
        self.inspector_label = QLabel(_("Inspector:"), self)
        actions.addWidget(self.inspector_label)
        actions.addWidget(self.inspector_combo)
        actions.addWidget(self.assign_button)
        # calibration: the chosen inspector scores the selected unit a second time; the
        # supervisor compares the two forms and decides which counts
        self.second_button = QPushButton(_("Ask for a second form"), self)
        self.second_button.setToolTip(_("The chosen inspector also scores the selected unit (calibration); you then "
                                        "compare the two forms and decide which one counts"))
        self.compare_button = QPushButton(_("Compare the two forms…"), self)
        self.compare_button.setToolTip(_("Both inspectors' scores side by side, the differences beyond the margin "
                                         "highlighted; choose the form that counts"))
        actions.addWidget(self.second_button)
        actions.addWidget(self.compare_button)
        self.can_compare = actor.can(Permission.APPROVE_EVALUATIONS)
        self.second_button.setVisible(self.can_manage)
        self.compare_button.setVisible(self.can_compare)
        for w in (self.inspector_label, self.inspector_combo, self.assign_button):
            w.setVisible(self.can_manage)
        add_split(layout, self, self.periods_table, column_pane(
            self, self.units_heading, self.summary_label, self.period_bar, self.legend_label, self.inspectors_panel,
            self.units_table, actions, grow=self.units_table), stretch=(2, 3))

        self.open_button.clicked.connect(self.open_period)
        self.status_button.clicked.connect(self.toggle_status)
        self.assign_button.clicked.connect(self.assign_selected)
        self.second_button.clicked.connect(self.ask_second_inspector)
        self.compare_button.clicked.connect(self.compare_selected)
        self.form_button.clicked.connect(self.open_selected_form)
        self.units_table.doubleClicked.connect(lambda _i: self.open_selected_form())
        # the selection, not the current row: a click moves the current row before it selects
        self.periods_table.selectionModel().selectionChanged.connect(lambda *_a: self._on_period_selected())
        self.units_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.fill_inspectors()
        self.reload()

    # -- data -------------------------------------------------------------------------

    def fill_inspectors(self) -> None:
        self.inspector_combo.clear()
        self.inspector_combo.addItem(_("— nobody (take back) —"), None)
        if not self.can_manage:
            return
        try:
            found = inspectors(self.db, self.actor)
        except Exception as exc:
            show_error(self, exc)
            found = []
        for user in found:
            self.inspector_combo.addItem(user.display_name, user.id)
        if len(found):
            self.inspector_combo.setCurrentIndex(1)

    def current_period(self) -> ev.PeriodInfo | None:
        row = selected_row(self.periods_table)
        return row.period if row is not None else None

    def _fetch_periods(self, offset: int, limit: int, /, **sort: Any) -> list[PeriodRow]:
        return [PeriodRow(p, ev.progress_summary(self.db, self.actor, period_id=p.id))
                for p in ev.list_periods(self.db, self.actor, offset=offset, limit=limit, **sort)]

    def _fetch_units(self, offset: int, limit: int, /, **sort: Any) -> list[ev.UnitProgress]:
        period = self.current_period()
        if period is None:
            return []
        return ev.period_progress(self.db, self.actor, period_id=period.id, offset=offset, limit=limit, **sort)

    def _units_empty_text(self) -> str:
        if self.current_period() is None:  # (no period at all: the list above says why)
            return _("Choose a period above to see its units.") if self.periods_model.rowCount() else ""
        if self.actor.role is Role.INSPECTOR:
            return _("No unit of this period is assigned to you yet. The supervisor assigns the units to "
                     "inspectors; yours show here, and the forms you fill open from this list.")
        return _("This period has no units to evaluate.")

    def reload(self, select_id: uuid.UUID | None = None) -> None:
        current = self.current_period()
        wanted = select_id or (current.id if current else None)
        self._reloading = True  # the units are loaded once below, not on each selection step
        try:
            attempt(self, self.periods_model.reload)
            fit_columns_to_contents(self.periods_table)
            if not (wanted and select_where(self.periods_table, lambda r: r.id == wanted)):
                select_where(self.periods_table, lambda r: True)
        finally:
            self._reloading = False
        self._on_period_changed()

    def _on_period_selected(self) -> None:
        if not self._reloading:
            self._on_period_changed()

    def _on_period_changed(self) -> None:
        period = self.current_period()
        self.reload_units()
        self.period_changed.emit(period)

    def reload_units(self) -> None:
        period = self.current_period()
        selected = {r.unit_id for r in selected_rows(self.units_table)}
        if period is None:
            self.units_heading.setText(_("No evaluation period yet."))
            self.summary_label.clear()
            self.period_bar.set_summary(ev.ProgressSummary())
            self.inspectors_panel.set_items([])
            self.units_model.set_rows([])
            self._update_buttons()
            return
        attempt(self, self.units_model.reload)
        fit_columns_to_contents(self.units_table)
        row = selected_row(self.periods_table)
        self.units_heading.setText(_("Units of {period} — {status}").format(period=period.label, status=row.status_label))
        self.summary_label.setText(row.progress_text)
        self.period_bar.set_summary(row.summary)
        ok, per_inspector = attempt(self, lambda: ev.inspector_progress(self.db, self.actor, period_id=period.id))
        self.inspectors_panel.set_items(per_inspector or [])
        for index, unit in enumerate(self.units_model.rows()):
            if unit.unit_id in selected:
                from pr_desk.ui.evaluation.common import select_row

                select_row(self.units_table, index, add=True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        period = self.current_period()
        self.status_button.setEnabled(period is not None)
        self.status_button.setText(_("Reopen period") if period is not None and not period.is_open else _("Close period"))
        units = selected_rows(self.units_table)
        self.assign_button.setEnabled(bool(units) and period is not None)
        self.form_button.setEnabled(len(units) == 1)
        one = units[0] if len(units) == 1 else None
        self.second_button.setEnabled(one is not None and period is not None and period.is_open
                                      and not one.calibration_inspector_name and not one.calibration)
        self.compare_button.setEnabled(one is not None and bool(one.calibration_inspector_name))

    def select_units(self, unit_ids: list[uuid.UUID]) -> None:
        from pr_desk.ui.evaluation.common import select_row

        self.units_table.clearSelection()
        for index, unit in enumerate(self.units_model.rows()):
            if unit.unit_id in unit_ids:
                select_row(self.units_table, index, add=True)

    # -- actions ------------------------------------------------------------------------

    def open_period_dialog(self) -> OpenPeriodDialog:
        return OpenPeriodDialog(self.db, self.actor, self)

    def open_period(self) -> None:
        dialog = self.open_period_dialog()
        if dialog.exec() and dialog.opened is not None:
            self.reload(select_id=dialog.opened.id)
            self.changed.emit()

    def toggle_status(self) -> None:
        period = self.current_period()
        if period is None:
            return
        ok, _r = attempt(self, lambda: ev.set_period_status(self.db, self.actor, period.id, open=not period.is_open,
                                                            expected_version=period.version))
        if ok:
            self.reload(select_id=period.id)
            self.changed.emit()
        elif not ok:
            self.reload(select_id=period.id)

    def assign_selected(self) -> None:
        period = self.current_period()
        units = selected_rows(self.units_table)
        if period is None or not units:
            return
        ids = [u.unit_id for u in units]
        inspector = self.inspector_combo.currentData()
        ok, _r = attempt(self, lambda: ev.assign_inspector(self.db, self.actor, period_id=period.id, unit_ids=ids,
                                                           inspector_id=inspector))
        if ok:
            self.reload(select_id=period.id)
            self.select_units(ids)
            self.changed.emit()

    def ask_second_inspector(self) -> None:
        period = self.current_period()
        unit = selected_row(self.units_table)
        inspector = self.inspector_combo.currentData()
        if period is None or unit is None:
            return
        if inspector is None:
            show_error(self, UserError(N_("Choose the second inspector in the list of inspectors first.")))
            return
        ok, _r = attempt(self, lambda: ev.request_calibration(self.db, self.actor, period_id=period.id,
                                                              unit_id=unit.unit_id, inspector_id=inspector))
        if ok:
            self.reload(select_id=period.id)
            self.select_units([unit.unit_id])
            self.changed.emit()

    def compare_selected(self) -> None:
        period = self.current_period()
        unit = selected_row(self.units_table)
        if period is not None and unit is not None:
            self.calibration_requested.emit(period.id, unit.unit_id)

    def open_selected_form(self) -> None:
        period = self.current_period()
        unit = selected_row(self.units_table)
        if period is None or unit is None:
            return
        self.form_requested.emit(period.id, unit.unit_id)

    def set_inspector(self, inspector_id: uuid.UUID | None) -> None:
        index = find_data(self.inspector_combo, inspector_id)
        if index >= 0:
            self.inspector_combo.setCurrentIndex(index)

