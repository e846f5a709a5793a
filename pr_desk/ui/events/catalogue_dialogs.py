"""The lists event planning keeps: event types and venues (a supervisor edits them) and the
office's own occasions (a clerk adds, edits and removes them; one-off or every year on a
Jalali month and day; a correction of an estimated official date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.events import catalogue as cat
from pr_desk.ui.kit.formatting import digits, format_jalali_date, screen_locale
from pr_desk.ui.kit.forms import FormDialog, first_error
from pr_desk.ui.kit.jalali_calendar import month_name
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.table_view import select_row

if TYPE_CHECKING:
    from pr_desk.services.office import Office


class _ListDialog(QDialog):
    """A table of the list with Add / Edit / (Retire or Remove) buttons."""

    headers: Sequence[str] = ()

    def __init__(self, db: Office, actor: Actor, title: str, can_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.changed = False
        self.rows: list[Any] = []
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.headers), self)
        self.table.setHorizontalHeaderLabels([_(h) for h in self.headers])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.add_button = QPushButton(_("Add…"), self)
        self.add_button.setShortcut("Ctrl+N")
        self.edit_button = QPushButton(_("Edit…"), self)
        self.third_button = QPushButton(self.third_text(), self)
        self.close_button = QPushButton(_("Close"), self)
        for b in (self.add_button, self.edit_button, self.third_button):
            b.setVisible(can_edit)
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.current()))
        self.third_button.clicked.connect(self.third)
        self.close_button.clicked.connect(self.accept)
        if can_edit:
            self.table.doubleClicked.connect(lambda _i: self.edit(self.current()))
        self.reload()

    def third_text(self) -> str:
        return _("Retire / restore")

    def fetch(self) -> list[Any]:
        raise NotImplementedError

    def cells(self, row: Any) -> Sequence[str]:
        raise NotImplementedError

    def edit(self, row: Any) -> object:
        raise NotImplementedError

    def third(self) -> None:
        raise NotImplementedError

    def current(self) -> Any:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def reload(self, select: Any = None) -> None:
        try:
            self.rows = self.fetch()
        except Exception as exc:
            show_error(self, exc)
            return
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate(self.cells(row)):
                self.table.setItem(r, c, QTableWidgetItem(text))
            if select is not None and getattr(row, "id", None) == select:
                select_row(self.table, r)
        self.table.resizeColumnsToContents()

    def _done(self, saved: Any) -> None:
        self.changed = True
        self.reload(getattr(saved, "id", None))


class _NameForm(FormDialog):
    """A small form whose `save` runs `action(self)`."""

    def __init__(self, parent: QWidget | None, title: str, action: Callable[[Any], Any]) -> None:
        super().__init__(parent, title)
        self.action = action
        self.result_value: Any = None
        self.name_edit = QLineEdit(self)
        self.add_field("name", _("Name:"), self.name_edit)

    def validate(self) -> dict[str, str]:
        return first_error([("name", lambda: require_text(self.name_edit.text(), N_("Name"), 200, field="name"))])

    def save(self) -> None:
        self.result_value = self.action(self)


# --- event types ----------------------------------------------------------------------------------

class EventTypesDialog(_ListDialog):
    headers = (N_("Event type"), N_("In use or retired"))

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Event types"), actor.can(Permission.APPROVE_EVENTS), parent)

    def fetch(self) -> list[Any]:
        return cat.list_event_types(self.db, self.actor, include_retired=True)

    def cells(self, row: cat.EventTypeInfo) -> Sequence[str]:
        return (row.name, _("Retired") if row.retired else _("In use"))

    def edit(self, row: cat.EventTypeInfo | None) -> None:
        def action(form: _NameForm) -> Any:
            if row is None:
                return cat.save_event_type(self.db, self.actor, name=form.name_edit.text())
            return cat.save_event_type(self.db, self.actor, type_id=row.id, name=form.name_edit.text(), retired=row.retired,
                                       expected_version=row.version)

        form = _NameForm(self, _("New event type") if row is None else _("Rename event type"), action)
        if row is not None:
            form.name_edit.setText(row.name)
        form.refresh_validity()
        if form.exec() == QDialog.DialogCode.Accepted:
            self._done(form.result_value)

    def third(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            saved = cat.save_event_type(self.db, self.actor, type_id=row.id, name=row.name, retired=not row.retired,
                                        expected_version=row.version)
        except Exception as exc:
            show_error(self, exc)
            return
        self._done(saved)


# --- venues ------------------------------------------------------------------------------------------

class VenueForm(_NameForm):
    def __init__(self, parent: QWidget | None, title: str, action: Callable[[Any], Any]) -> None:
        super().__init__(parent, title, action)
        self.capacity = QSpinBox(self)
        self.capacity.setRange(0, 1_000_000)
        self.capacity.setLocale(screen_locale())
        self.capacity.setSpecialValueText(_("not known"))
        self.address = QLineEdit(self)
        self.add_field("capacity", _("Capacity (seats):"), self.capacity)
        self.add_field("address", _("Address:"), self.address)


class VenuesDialog(_ListDialog):
    headers = (N_("Venue"), N_("Capacity"), N_("Address"), N_("In use or retired"))

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Venues"), actor.can(Permission.APPROVE_EVENTS), parent)

    def fetch(self) -> list[Any]:
        return cat.list_venues(self.db, self.actor, include_retired=True)

    def cells(self, row: cat.VenueInfo) -> Sequence[str]:
        return (row.name, digits(row.capacity) if row.capacity else "—", row.address,
                _("Retired") if row.retired else _("In use"))

    def edit(self, row: cat.VenueInfo | None) -> None:
        def action(form: VenueForm) -> Any:
            return cat.save_venue(self.db, self.actor, venue_id=row.id if row else None, name=form.name_edit.text(),
                                  capacity=form.capacity.value(), address=form.address.text(),
                                  retired=row.retired if row else False, expected_version=row.version if row else None)

        form = VenueForm(self, _("New venue") if row is None else _("Edit venue"), action)
        if row is not None:
            form.name_edit.setText(row.name)
            form.capacity.setValue(row.capacity)
            form.address.setText(row.address)
        form.refresh_validity()
        if form.exec() == QDialog.DialogCode.Accepted:
            self._done(form.result_value)

    def third(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            saved = cat.save_venue(self.db, self.actor, venue_id=row.id, name=row.name, capacity=row.capacity,
                                   address=row.address, note=row.note, retired=not row.retired, expected_version=row.version)
        except Exception as exc:
            show_error(self, exc)
            return
        self._done(saved)


# --- the office's occasions -------------------------------------------------------------------------------

def occasion_when(o: cat.OccasionInfo) -> str:
    if o.on_date is not None:
        return format_jalali_date(o.on_date)
    return _("every year, {day} {month}").format(day=digits(o.jalali_day), month=month_name(o.jalali_month or 1))


class OccasionForm(_NameForm):
    def __init__(self, parent: QWidget | None, title: str, action: Callable[[Any], Any]) -> None:
        super().__init__(parent, title, action)
        self.yearly = QCheckBox(_("Every year on the same Jalali day"), self)
        self.on_date = JalaliDateEdit(self)
        self.month = QComboBox(self)
        for number in range(1, 13):
            self.month.addItem(month_name(number), number)
        self.day = QSpinBox(self)
        self.day.setRange(1, 31)
        self.day.setLocale(screen_locale())
        self.lasts = QSpinBox(self)
        self.lasts.setRange(1, 31)
        self.lasts.setLocale(screen_locale())
        self.holiday = QCheckBox(_("A holiday for the office"), self)
        self.corrects = QCheckBox(_("Corrects the estimated date of an official occasion"), self)
        self.corrects_on = JalaliDateEdit(self)
        self.add_field("yearly", "", self.yearly)
        self.add_field("on_date", _("Date:"), self.on_date)
        self.add_field("jalali_month", _("Month:"), self.month)
        self.add_field("jalali_day", _("Day:"), self.day)
        self.add_field("lasts_days", _("Lasts (days):"), self.lasts)
        self.add_field("holiday", "", self.holiday)
        self.add_field("corrects", "", self.corrects)
        self.add_field("corrects_on", _("Estimated date it replaces:"), self.corrects_on)
        self.yearly.toggled.connect(self._mode)
        self.corrects.toggled.connect(self._mode)
        self._mode()

    def _mode(self, *_args: object) -> None:
        yearly = self.yearly.isChecked()
        self.on_date.setEnabled(not yearly)
        self.month.setEnabled(yearly)
        self.day.setEnabled(yearly)
        self.corrects.setEnabled(not yearly)
        self.corrects_on.setEnabled(not yearly and self.corrects.isChecked())

    def values(self) -> dict[str, Any]:
        if self.yearly.isChecked():
            when: dict[str, Any] = {"jalali_month": self.month.currentData(), "jalali_day": self.day.value()}
        else:
            when = {"on_date": self.on_date.date()}
        corrects = self.corrects_on.date() if self.corrects.isChecked() and not self.yearly.isChecked() else None
        return {"name": self.name_edit.text(), **when, "lasts_days": self.lasts.value(), "holiday": self.holiday.isChecked(),
                "corrects_on": corrects}


class OccasionsDialog(_ListDialog):
    headers = (N_("Occasion"), N_("When"), N_("Days"), N_("Holiday"))

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("The office's occasions"), actor.can(Permission.MANAGE_EVENTS), parent)

    def third_text(self) -> str:
        return _("Remove")

    def fetch(self) -> list[Any]:
        return cat.list_occasions(self.db, self.actor)

    def cells(self, row: cat.OccasionInfo) -> Sequence[str]:
        when = occasion_when(row)
        if row.corrects_on is not None:
            when += " " + _("(instead of {date})").format(date=format_jalali_date(row.corrects_on))
        return (row.name, when, digits(row.lasts_days), _("Yes") if row.holiday else "")

    def edit(self, row: cat.OccasionInfo | None, *, on: dt.date | None = None) -> OccasionForm:
        def action(form: OccasionForm) -> Any:
            return cat.save_occasion(self.db, self.actor, occasion_id=row.id if row else None,
                                     expected_version=row.version if row else None, **form.values())

        form = OccasionForm(self, _("New occasion") if row is None else _("Edit occasion"), action)
        if row is not None:
            form.name_edit.setText(row.name)
            form.yearly.setChecked(row.on_date is None)
            if row.on_date is not None:
                form.on_date.setDate(row.on_date)
            else:
                form.month.setCurrentIndex((row.jalali_month or 1) - 1)
                form.day.setValue(row.jalali_day or 1)
            form.lasts.setValue(row.lasts_days)
            form.holiday.setChecked(row.holiday)
            if row.corrects_on is not None:
                form.corrects.setChecked(True)
                form.corrects_on.setDate(row.corrects_on)
        elif on is not None:
            form.on_date.setDate(on)
        form.refresh_validity()
        self.last_form = form
        if form.exec() == QDialog.DialogCode.Accepted:
            self._done(form.result_value)
        return form

    def third(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            cat.remove_occasion(self.db, self.actor, row.id, expected_version=row.version)
        except Exception as exc:
            show_error(self, exc)
            return
        self._done(None)
