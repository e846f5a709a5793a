"""Office settings of the meeting queue (administrators): the working week, holidays,
the default deadline of an order, the order of the priority groups, the reminder ladder,
and the largest file a directive may carry (attachments and evidence, also in field copies)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import StaleRecord
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.meetings import PriorityGroup
from pr_desk.i18n import N_, _
from pr_desk.services import office_settings
from pr_desk.services.context import Actor
from pr_desk.services.office_settings import OfficeSettings
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import format_jalali_date, screen_locale
from pr_desk.ui.kit.forms import FormDialog
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit

if TYPE_CHECKING:
    from pr_desk.services.office import Office

WEEKDAYS = (N_("Saturday"), N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"))
DATA_ROLE = 0x0100  # Qt.UserRole


class OfficeSettingsDialog(FormDialog):
    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Office settings of the meeting queue"))
        self.setMinimumWidth(560)
        self.db = db
        self.actor = actor
        self.saved: OfficeSettings | None = None
        self.current = office_settings.get_office_settings(db, actor)

        week = QWidget(self)
        grid = QGridLayout(week)
        grid.setContentsMargins(0, 0, 0, 0)
        self.weekend: list[QCheckBox] = []
        for day, name in enumerate(WEEKDAYS):
            box = QCheckBox(_(name), self)
            grid.addWidget(box, day // 4, day % 4)
            self.weekend.append(box)
            box.toggled.connect(lambda _c: self._changed("weekend"))
        self.add_field("weekend", _("Weekend days"), week)

        holidays = QWidget(self)
        h_layout = QHBoxLayout(holidays)
        h_layout.setContentsMargins(0, 0, 0, 0)
        self.holidays = QListWidget(self)
        self.holidays.setMaximumHeight(130)
        self.holidays_empty = empty_state(self.holidays, lambda: (
            _("No day off of the office's own: official holidays come from the official calendar. To add "
              "one, choose its date and press “Add holiday”.") if getattr(getattr(self, "current", None), "official_calendar", False) else
            _("No holiday yet. Choose a date beside this list and press “Add holiday”: holidays are not counted "
              "as working days in deadlines.")))
        self.holidays_empty.setContentsMargins(6, 6, 6, 6)  # a short list: the sentence needs its room
        side = QVBoxLayout()
        self.holiday_date = JalaliDateEdit(self)
        self.add_holiday_button = QPushButton(_("Add holiday"), self)
        self.remove_holiday_button = QPushButton(_("Remove"), self)
        side.addWidget(self.holiday_date)
        side.addWidget(self.add_holiday_button)
        side.addWidget(self.remove_holiday_button)
        side.addStretch(1)
        h_layout.addWidget(self.holidays, 1)
        h_layout.addLayout(side)
        self.add_field("holidays", _("Holidays"), holidays)
        self.official_calendar = QCheckBox(_("Also count Iran's official holidays (from the events calendar)"), self)
        self.official_calendar.setToolTip(_("Deadlines skip the official holidays of every year, the lunar ones "
                                            "included, and the office occasions marked as days off; the list above "
                                            "adds days of the office's own."))
        self.official_calendar.toggled.connect(lambda _c: self._changed("official_calendar"))
        self.add_field("official_calendar", "", self.official_calendar)

        self.deadline = self._days(1, 365, _("working days"))
        self.due_soon = self._days(0, 60, _("working days before the deadline"))
        self.escalate = self._days(1, 365, _("working days after the deadline"))
        self.add_field("order_deadline_days", _("Default deadline of an order"), self.deadline)
        self.add_field("due_soon_days", _("Due soon (amber)"), self.due_soon)
        self.add_field("escalate_after_days", _("Escalate to the supervisor (red)"), self.escalate)

        order = QWidget(self)
        o_layout = QHBoxLayout(order)
        o_layout.setContentsMargins(0, 0, 0, 0)
        self.priority = QListWidget(self)
        self.priority.setMaximumHeight(110)
        o_side = QVBoxLayout()
        self.up_button = QPushButton(_("Up"), self)
        self.down_button = QPushButton(_("Down"), self)
        o_side.addWidget(self.up_button)
        o_side.addWidget(self.down_button)
        o_side.addStretch(1)
        o_layout.addWidget(self.priority, 1)
        o_layout.addLayout(o_side)
        self.add_field("priority_order", _("Priority groups, first served first"), order)

        low, high = office_settings.ATTACHMENT_CAP_RANGE
        self.attachment_cap = self._days(low, high, _("MB"))
        self.attachment_cap.setToolTip(_("Larger files are refused when attached to a directive or sent as evidence"))
        self.add_field("attachment_cap_mb", _("Largest directive attachment"), self.attachment_cap)

        self.add_holiday_button.clicked.connect(self.add_holiday)
        self.remove_holiday_button.clicked.connect(self.remove_holiday)
        self.up_button.clicked.connect(lambda: self.move_priority(-1))
        self.down_button.clicked.connect(lambda: self.move_priority(1))
        self.load(self.current)

    def _days(self, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setLocale(screen_locale())
        spin.setRange(low, high)
        spin.setSuffix(" " + suffix)
        return spin

    def _changed(self, name: str) -> None:
        self._touched.add(name)
        self.general_error.set_error(None)
        self.refresh_validity()

    def load(self, s: OfficeSettings) -> None:
        self.current = s
        for day, box in enumerate(self.weekend):
            box.blockSignals(True)
            box.setChecked(day in s.weekend)
            box.blockSignals(False)
        self.holidays.clear()
        for d in s.holidays:
            self._add_holiday_item(d)
        self.official_calendar.blockSignals(True)
        self.official_calendar.setChecked(s.official_calendar)
        self.official_calendar.blockSignals(False)
        self.deadline.setValue(s.order_deadline_days)
        self.due_soon.setValue(s.due_soon_days)
        self.escalate.setValue(s.escalate_after_days)
        self.attachment_cap.setValue(s.attachment_cap_mb)
        self.priority.clear()
        groups = [g for g in s.priority_order if g is not PriorityGroup.NONE]
        groups += [g for g in PriorityGroup if g is not PriorityGroup.NONE and g not in groups]
        for g in groups:
            item = QListWidgetItem(g.label, self.priority)
            item.setData(DATA_ROLE, g.value)
        self._touched.clear()
        self.refresh_validity()

    def _add_holiday_item(self, day: dt.date) -> None:
        text = f"{format_jalali_date(day)} — {_(WEEKDAYS[JalaliDate.from_gregorian(day).weekday()])}"
        item = QListWidgetItem(text)
        item.setData(DATA_ROLE, day.isoformat())
        self.holidays.insertItem(sum(1 for r in self.holiday_dates() if r < day), item)

    def holiday_dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(self.holidays.item(i).data(DATA_ROLE)) for i in range(self.holidays.count())]

    def add_holiday(self) -> None:
        day = self.holiday_date.date()
        if day is None or day in self.holiday_dates():
            return
        self._add_holiday_item(day)
        self._changed("holidays")

    def remove_holiday(self) -> None:
        row = self.holidays.currentRow()
        if row >= 0:
            self.holidays.takeItem(row)
            self._changed("holidays")

    def move_priority(self, step: int) -> None:
        row = self.priority.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.priority.count():
            return
        item = self.priority.takeItem(row)
        self.priority.insertItem(target, item)
        self.priority.setCurrentRow(target)
        self._changed("priority_order")

    def validate(self) -> dict[str, str]:
        if all(box.isChecked() for box in self.weekend):
            return {"weekend": _("The weekend must leave at least one working day in the week.")}
        return {}

    def save(self) -> None:
        self.saved = office_settings.update_office_settings(
            self.db, self.actor,
            weekend=[d for d, box in enumerate(self.weekend) if box.isChecked()],
            holidays=self.holiday_dates(),
            official_calendar=self.official_calendar.isChecked(),
            order_deadline_days=self.deadline.value(),
            due_soon_days=self.due_soon.value(),
            escalate_after_days=self.escalate.value(),
            attachment_cap_mb=self.attachment_cap.value(),
            priority_order=[self.priority.item(i).data(DATA_ROLE) for i in range(self.priority.count())],
            expected_stamp=self.current.stamp,
        )

    def show_user_error(self, exc: Any) -> None:
        super().show_user_error(exc)
        if isinstance(exc, StaleRecord):
            self.ok_button.setEnabled(False)
