"""Pieces the directive register's screens share: how a directive number reads on screen,
a table model whose cells can carry their own text, colour and tooltip, the kind and year
choosers, and the report buttons of a report kind once it is registered."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from pr_desk.domain.directives import RecipientState, VersionStatus
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.text import ltr_isolate
from pr_desk.i18n import _, is_rtl
from pr_desk.services import directives as dv
from pr_desk.services.context import Actor
from pr_desk.ui.kit.formatting import digits, display_digits
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.widgets import find_data
from pr_desk.ui.report_actions import add_report_buttons, exporter_for

if TYPE_CHECKING:
    from pr_desk.services.office import Office

_Index = QModelIndex | QPersistentModelIndex

YEARS_BACK = 10
"""How many Jalali years before this one the year filters offer."""


def number_text(number: str | None) -> str:
    """A directive number as it reads on screen: د/۱۴۰۵/۰۱۲, prefix, year and serial in
    their written order inside Persian text ('' before it is issued)."""
    return ltr_isolate(display_digits(number)) if number else ""


def rtl_line(text: str) -> str:
    """A line that may start with a number: in Persian it still reads right to left (a
    left-to-right isolate at its start would otherwise make the whole line left to right)."""
    return "\u200f" + text if is_rtl() and text else text


def version_text(info: dv.DirectiveInfo) -> str:
    """The version in force, and the one being prepared when there is a newer one."""
    if info.latest_version > info.current_version and info.current_version:
        return _("{current} (version {latest}: {stage})").format(
            current=digits(info.current_version), latest=digits(info.latest_version), stage=info.latest_status.label)
    if not info.current_version:
        return _("{latest}: {stage}").format(latest=digits(info.latest_version), stage=info.latest_status.label)
    return digits(info.current_version)


def acknowledged_text(info: dv.DirectiveInfo) -> str:
    if not info.recipients:
        return ""
    return _("{acknowledged} of {recipients}").format(acknowledged=digits(info.acknowledged), recipients=digits(info.recipients))


def state_brush(state: RecipientState) -> QBrush:
    return QBrush(QColor(state.colour))


OVERDUE_TEXT = "#b71c1c"


class CellTableModel(PagedTableModel):
    """A paged model whose cells may have their own text (`texts`: column key -> row ->
    text), background colour (`colours`: column key -> row -> colour or None), ink (`inks`:
    the text's colour and a dot of it, as the reminder ladder shows a level) and tooltip
    (`tips`); everything else is PagedTableModel's."""

    def __init__(self, columns: Sequence[Column], fetch_page: Any, *, count: Callable[[], int | None] | None = None,
                 texts: Mapping[str, Callable[[Any], str]] | None = None,
                 colours: Mapping[str, Callable[[Any], str | None]] | None = None,
                 tips: Mapping[str, Callable[[Any], str]] | None = None,
                 inks: Mapping[str, Callable[[Any], str | None]] | None = None, parent: Any = None) -> None:
        self._texts = dict(texts or {})
        self._inks = dict(inks or {})
        self._colours = dict(colours or {})
        self._tips = dict(tips or {})
        super().__init__(columns, fetch_page, count=count, parent=parent)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.loaded_count() and index.column() < len(self.columns):
            key = self.columns[index.column()].key
            if role == Qt.ItemDataRole.DisplayRole and key in self._texts:
                return self._texts[key](self.row_at(index.row()))
            if role == Qt.ItemDataRole.BackgroundRole and key in self._colours:
                colour = self._colours[key](self.row_at(index.row()))
                return QBrush(QColor(colour)) if colour else None
            if role == Qt.ItemDataRole.ForegroundRole and key in self._colours:
                # the state colours are light: dark text stays readable in a dark theme too
                return QBrush(QColor("#000000")) if self._colours[key](self.row_at(index.row())) else None
            if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole) and key in self._inks:
                ink = self._inks[key](self.row_at(index.row()))
                if not ink:
                    return None
                return QBrush(QColor(ink)) if role == Qt.ItemDataRole.ForegroundRole else QColor(ink)
            if role == Qt.ItemDataRole.ToolTipRole and key in self._tips:
                return self._tips[key](self.row_at(index.row())) or None
        return super().data(index, role)


def fill_kind_combo(combo: QComboBox, kinds: Sequence[dv.KindInfo], *, all_text: str | None = None) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if all_text is not None:
        combo.addItem(all_text, None)
    for kind in kinds:
        combo.addItem(kind.name, kind.id)
    index = find_data(combo, current) if current is not None else -1
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def kinds_for(db: Office, actor: Actor) -> list[dv.KindInfo]:
    """The office's kinds (the five defaults are made the first time the register is used)."""
    kinds = dv.list_kinds(db, actor)
    return kinds or dv.ensure_default_kinds(db, actor)


def year_combo(parent: QWidget, *, all_text: str) -> QComboBox:
    """All years, then this Jalali year and the ones before it."""
    combo = QComboBox(parent)
    combo.addItem(all_text, None)
    this_year = JalaliDate.today().year
    for year in range(this_year, this_year - YEARS_BACK - 1, -1):
        combo.addItem(digits(year), year)
    return combo


def report_buttons(parent: QWidget, layout: QHBoxLayout, kind: str, db: Office, actor: Actor,
                   params: Callable[[], Mapping[str, Any]]) -> list[QPushButton]:
    """Export PDF / Excel / Print of report `kind` added to `layout`; none when the kind is
    not registered."""
    exporter = exporter_for(parent, kind, db, actor, params)
    return add_report_buttons(parent, layout, exporter) if exporter is not None else []


def stage_label(status: VersionStatus, number: int) -> str:
    return _("Version {number}: {stage}").format(number=digits(number), stage=status.label)


def unit_short_name(name: str) -> str:
    """A unit's name without the words every unit shares (روابط عمومی منطقه ۷ -> منطقه ۷)."""
    for prefix in ("روابط عمومی ", "روابط‌عمومی "):
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


def same_id(a: uuid.UUID | None) -> Callable[[Any], bool]:
    return lambda row: getattr(row, "id", None) == a
