"""The officials (مقام‌ها) who receive citizens: who they are, their district and their
regular meeting slots ("Mondays 9 to 11, the meeting hall"). Meeting managers add and edit
them; every other role reads the list."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import StaleRecord
from pr_desk.domain.roles import Permission
from pr_desk.domain.units import DISTRICT_COUNT
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import meetings
from pr_desk.services.context import Actor
from pr_desk.services.meetings import OfficialInfo, RegularSlot
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import display_digits, persian_on_screen, screen_locale
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error
from pr_desk.ui.kit.jalali_calendar import weekday_name
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.shortcuts import add_open_keys
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.kit.time_edit import time_edit
from pr_desk.ui.meetings.common import (
    digits,
    list_table,
    same_id,
    select_where,
    selected_row,
)

if TYPE_CHECKING:
    import uuid

    from pr_desk.services.office import Office

OFFICIAL_COLUMNS = (
    Column("title", N_("Title"), sortable=True),
    Column("name", N_("Name"), sortable=True),
    Column("district_text", N_("District"), align=Qt.AlignmentFlag.AlignCenter, sortable=True),
    Column("slots_text", N_("Regular sessions")),
    Column("status_label", N_("Status"), sortable=True),
)
MAX_SLOTS = 14


def slot_text(slot: RegularSlot) -> str:
    """"دوشنبه ۰۹:۰۰ تا ۱۱:۰۰، سالن جلسات"."""
    text = _("{day} {start} to {end}").format(day=weekday_name(slot.weekday), start=digits(f"{slot.start:%H:%M}"),
                                               end=digits(f"{slot.end:%H:%M}"))
    return _("{slot}, {place}").format(slot=text, place=display_digits(slot.place)) if slot.place else text


def slots_text(slots: tuple[RegularSlot, ...]) -> str:
    return ("؛ " if persian_on_screen() else "; ").join(slot_text(s) for s in slots)


class OfficialRow:
    """An official as one line of the list."""

    def __init__(self, info: OfficialInfo) -> None:
        self.info = info
        self.id = info.id
        self.name = info.name
        self.title = display_digits(info.title)
        self.district_text = digits(info.district) if info.district is not None else _("City-wide")
        self.slots_text = slots_text(info.regular_slots)
        self.status_label = _("Takes requests") if info.active else _("Inactive")


def _qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


def _pytime(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


class SlotsEditor(QWidget):
    """A small table of regular slots — weekday, start, end, place — with Add and Remove.
    `edited` after any change."""

    edited = Signal()
    WEEKDAY, START, END, PLACE = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_("Weekday"), _("Starts at"), _("Ends at"), _("Place")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.PLACE, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        layout.addWidget(self.table, 1)
        side = QVBoxLayout()
        self.add_button = QPushButton(_("Add slot"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        layout.addLayout(side)
        self.add_button.clicked.connect(lambda: self.add_slot())
        self.remove_button.clicked.connect(self.remove_current)
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.table.rowCount() < MAX_SLOTS)
        self.remove_button.setEnabled(self.table.currentRow() >= 0)

    def add_slot(self, slot: RegularSlot | None = None) -> int:
        if slot is None:  # a new line starts like the one above it, a day later
            last = self.slots()[-1] if self.table.rowCount() else None
            slot = (RegularSlot((last.weekday + 1) % 7, last.start, last.end, last.place) if last is not None
                    else RegularSlot(2, dt.time(9, 0), dt.time(11, 0), ""))
        row = self.table.rowCount()
        self.table.insertRow(row)
        day = QComboBox(self.table)
        for weekday in range(7):
            day.addItem(weekday_name(weekday), weekday)
        day.setCurrentIndex(slot.weekday)
        start, end = (time_edit(t, self.table) for t in (slot.start, slot.end))
        for edit in (start, end):
            edit.timeChanged.connect(lambda _t: self.edited.emit())
        place = QLineEdit(slot.place, self.table)
        place.setMaxLength(200)
        place.setPlaceholderText(_("e.g. the meeting hall"))
        place.setFrame(False)
        day.currentIndexChanged.connect(lambda _i: self.edited.emit())
        place.textChanged.connect(lambda _t: self.edited.emit())
        for column, widget in ((self.WEEKDAY, day), (self.START, start), (self.END, end), (self.PLACE, place)):
            self.table.setCellWidget(row, column, widget)
        self.table.setCurrentCell(row, self.WEEKDAY)
        self._update_buttons()
        self.edited.emit()
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self._update_buttons()
        self.edited.emit()

    def set_slots(self, slots: tuple[RegularSlot, ...]) -> None:
        self.blockSignals(True)
        self.table.setRowCount(0)
        for slot in slots:
            self.add_slot(slot)
        self.blockSignals(False)
        self._update_buttons()

    def widget(self, row: int, column: int) -> Any:
        return self.table.cellWidget(row, column)

    def slots(self) -> list[RegularSlot]:
        return [RegularSlot(int(self.widget(row, self.WEEKDAY).currentData()), _pytime(self.widget(row, self.START).time()),
                            _pytime(self.widget(row, self.END).time()), self.widget(row, self.PLACE).text().strip())
                for row in range(self.table.rowCount())]

    def problem(self) -> str | None:
        for number, slot in enumerate(self.slots(), start=1):
            if slot.end <= slot.start:
                return _("Slot {number}: a session must end after it starts.").format(number=digits(number))
        return None


class OfficialDialog(FormDialog):
    """Add an official (nothing loaded) or edit one after `load()`; `saved` after OK."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New official"))
        self.setMinimumWidth(640)
        self.db = db
        self.actor = actor
        self.official: OfficialInfo | None = None
        self.saved: OfficialInfo | None = None
        self.title = QLineEdit(self)
        self.title.setMaxLength(200)
        self.title.setPlaceholderText(_("e.g. Deputy mayor for urban services"))
        self.name = QLineEdit(self)
        self.name.setMaxLength(200)
        self.district = QSpinBox(self)
        self.district.setLocale(screen_locale())
        self.district.setRange(0, DISTRICT_COUNT)
        self.district.setSpecialValueText(_("City-wide"))
        self.district.setToolTip(_("The district the official serves; city-wide when none"))
        self.slots = SlotsEditor(self)
        self.active = QCheckBox(_("Takes meeting requests"), self)
        self.sort_order = QSpinBox(self)
        self.sort_order.setLocale(screen_locale())
        self.sort_order.setRange(0, 999)
        self.sort_order.setToolTip(_("Smaller numbers come first in the lists of officials"))
        self.add_field("title", _("Title"), self.title)
        self.add_field("name", _("Name"), self.name)
        self.add_field("district", _("District"), self.district)
        self.add_field("regular_slots", _("Regular sessions"), self.slots)
        self.add_field("active", _("Status"), self.active)
        self.add_field("sort_order", _("Order in lists"), self.sort_order)
        self.form.setRowVisible(self.fields["active"], False)  # a new official takes requests
        self.active.setChecked(True)
        self.slots.edited.connect(self._slots_edited)
        self.refresh_validity()

    def _slots_edited(self) -> None:
        self._touched.add("regular_slots")
        self.general_error.set_error(None)
        self.refresh_validity()

    def load(self, official: OfficialInfo) -> None:
        self.official = official
        self.setWindowTitle(_("Edit official"))
        self.title.setText(official.title)
        self.name.setText(official.name)
        self.district.setValue(official.district or 0)
        self.slots.set_slots(official.regular_slots)
        self.active.setChecked(official.active)
        self.form.setRowVisible(self.fields["active"], True)
        self.sort_order.setValue(official.sort_order)
        self._touched.clear()
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems = first_error([
            ("title", lambda: require_text(self.title.text(), _("Title"), 200, field="title")),
            ("name", lambda: require_text(self.name.text(), _("Name"), 200, field="name")),
        ])
        slot_problem = self.slots.problem()
        if slot_problem:
            problems["regular_slots"] = slot_problem
        return problems

    def save(self) -> None:
        values: dict[str, Any] = dict(name=self.name.text(), title=self.title.text(), district=self.district.value() or None,
                                      regular_slots=tuple(self.slots.slots()), sort_order=self.sort_order.value())
        if self.official is None:
            self.saved = meetings.add_official(self.db, self.actor, **values)
        else:
            self.saved = meetings.update_official(self.db, self.actor, official_id=self.official.id, active=self.active.isChecked(),
                                                  expected_version=self.official.version, **values)

    def show_user_error(self, exc: Any) -> None:
        super().show_user_error(exc)
        if isinstance(exc, StaleRecord):
            self.ok_button.setEnabled(False)  # saving again would be refused again: the list reloads on close


class OfficialsView(QWidget):
    """`changed` after any write (the workspace refreshes the other views' official lists)."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_MEETINGS)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.show_inactive = QCheckBox(_("Show officials who no longer take requests"), self)
        self.count_label = QLabel(self)
        top.addWidget(self.show_inactive)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout.addLayout(top)

        self.model = PagedTableModel(OFFICIAL_COLUMNS, self._fetch, parent=self)
        self.table = list_table(self, self.model, stretch="slots_text", sortable=True, remember="meetings.officials")
        self.empty = empty_state(
            self.table, _("No official is registered. Add the mayor, the deputies and the district mayors citizens "
                          "may ask to meet with “Add official…”."),
            filtered=lambda: not self.show_inactive.isChecked(),
            when_filtered=_("No official takes meeting requests now. Add one with “Add official…”, or tick "
                            "“Show officials who no longer take requests”."))
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add official…"), self)
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setToolTip(_("Edit the selected official (Enter or double-click)"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        self.read_only_note = QLabel(_("Your role can view the officials but not change them."), self)
        buttons.addWidget(self.read_only_note)
        layout.addLayout(buttons)
        for b in (self.add_button, self.edit_button):
            b.setVisible(self.can_manage)
        self.read_only_note.setVisible(not self.can_manage)

        self.show_inactive.toggled.connect(lambda _c: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.edit_official())
        self.add_button.clicked.connect(self.add_official)
        self.edit_button.clicked.connect(self.edit_official)
        add_open_keys(self.table, self.edit_official, _("Officials: edit the selected official"))
        self.reload()

    # -- data -----------------------------------------------------------------------------

    def _fetch(self, offset: int, limit: int, /, **sort: Any) -> list[OfficialRow]:
        # A few dozen officials: the service gives them all, sorted by the database.
        found = meetings.list_officials(self.db, self.actor, include_inactive=self.show_inactive.isChecked(), **sort)
        return [OfficialRow(o) for o in found[offset:offset + limit]]

    def reload(self, select_id: uuid.UUID | None = None) -> None:
        current = self.current()
        ok, _r = attempt(self, self.model.reload)
        wanted = select_id or (current.id if current else None)
        if ok and wanted is not None:
            select_where(self.table, same_id(wanted))
        self.count_label.setText(ngettext("{count} official", "{count} officials", self.model.rowCount()).format(
            count=digits(self.model.rowCount())))
        fit_columns_to_contents(self.table)
        self._update_buttons()

    def current(self) -> OfficialInfo | None:
        row = selected_row(self.table)
        return row.info if row is not None else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.can_manage and self.current() is not None)

    # -- actions --------------------------------------------------------------------------

    def official_dialog(self, official: OfficialInfo | None = None) -> OfficialDialog:
        dialog = OfficialDialog(self.db, self.actor, self)
        if official is not None:
            dialog.load(official)
        return dialog

    def _after_write(self, saved: OfficialInfo) -> None:
        if not saved.active and not self.show_inactive.isChecked():
            self.show_inactive.setChecked(True)  # reloads
        self.reload(select_id=saved.id)
        self.changed.emit()

    def add_official(self) -> None:
        if not self.can_manage:
            return
        dialog = self.official_dialog()
        if dialog.exec() and dialog.saved is not None:
            self._after_write(dialog.saved)

    def edit_official(self) -> None:
        official = self.current()
        if official is None or not self.can_manage:
            return
        dialog = self.official_dialog(official)
        if dialog.exec() and dialog.saved is not None:
            self._after_write(dialog.saved)
        elif not dialog.ok_button.isEnabled() and dialog.general_error.error():
            self.reload(select_id=official.id)  # stale: show what is there now
