"""The one search box of the main window (issue 15): Ctrl+K (and Ctrl+F where no list
takes it) puts the cursor in it; while typing it asks services/search.py (debounced) for
every workspace's records at once and lists them grouped by kind, best first. Arrows move
through the results, Enter opens one in its workspace, Esc closes the list (a second Esc
empties the field). The keyboard stays in the field all along.

The query runs on a worker thread of the box's own (the window never waits on the
database), one at a time: text typed while one runs is searched when it ends (only the
latest text), and an answer for text that is no longer in the field is dropped, so the
result for "محم" never replaces the one for "محمد". "Searching…" shows meanwhile."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.text import localized_number
from pr_desk.i18n import _
from pr_desk.services import search
from pr_desk.services.context import Actor
from pr_desk.services.office import Office
from pr_desk.ui.kit.background import BackgroundRunner
from pr_desk.ui.kit.shortcuts import add_shortcut

DEBOUNCE_MS = 180
_ROLE = Qt.ItemDataRole.UserRole


class SearchResults(QFrame):
    """The list under the field: a heading row per kind, then its records."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def show_groups(self, groups: list[search.FoundGroup]) -> None:
        self.tree.clear()
        for group in groups:
            more = "+" if group.total > search.COUNT_CAP else ""
            heading = QTreeWidgetItem([f"{_(group.title)} ({localized_number(min(group.total, search.COUNT_CAP))}{more})", ""])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            self.tree.addTopLevelItem(heading)
            for hit in group.hits:
                item = QTreeWidgetItem([hit.label, hit.detail])
                item.setData(0, _ROLE, (group.workspace, hit.kind, hit.record_id))
                self.tree.addTopLevelItem(item)
        if not groups:
            empty = QTreeWidgetItem([_("Nothing found."), ""])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)
        self.tree.resizeColumnToContents(0)
        self.move_selection(1, start=True)

    def show_searching(self) -> None:
        """The placeholder while a query runs (the last results stay chosen-free under it)."""
        self.tree.clear()
        waiting = QTreeWidgetItem([_("Searching…"), ""])
        waiting.setFlags(Qt.ItemFlag.NoItemFlags)
        self.tree.addTopLevelItem(waiting)

    def records(self) -> list[QTreeWidgetItem]:
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [item for item in items if item is not None and item.data(0, _ROLE) is not None]

    def move_selection(self, step: int, *, start: bool = False) -> None:
        records = self.records()
        if not records:
            return
        current = self.tree.currentItem()
        index = records.index(current) if current in records and not start else (-1 if step > 0 else len(records))
        index = max(0, min(len(records) - 1, index + step))
        self.tree.setCurrentItem(records[index])
        self.tree.scrollToItem(records[index])

    def current(self) -> tuple[str, str, uuid.UUID] | None:
        item = self.tree.currentItem()
        value = item.data(0, _ROLE) if item is not None else None
        return tuple(value) if value else None


MIN_WIDTH = 260


class SearchBox(QLineEdit):
    """`opened(workspace, kind, record_id)` when a result is chosen; `answered` when the
    results of the field's current text are shown."""

    opened = Signal(str, str, object)
    answered = Signal()

    def __init__(self, office: Office, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self.office, self.actor = office, actor
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(_("Search everything (Ctrl+K)"))
        self.setMinimumWidth(MIN_WIDTH)
        self.results = SearchResults(self)
        self.results.tree.itemClicked.connect(lambda _item, _col: self.open_current())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run)
        self.textEdited.connect(lambda _text: self.timer.start())
        self.groups: list[search.FoundGroup] = []
        # the box's own thread (one: queries never overtake each other); an answer that
        # ends after the box is gone is dropped
        self._runner = BackgroundRunner(self, pool="search", threads=1, what="search")
        self._runner.finished.connect(self._on_runner_finished)
        self._number = 0  # of the latest query asked for
        self._running: int | None = None  # the number of the query on the thread
        self._waiting = False  # text changed while one ran: ask again when it ends
        self._asked_text = ""  # the text of the latest query asked for
        self._open_when_answered = False  # Enter came before the answer

    def sizeHint(self) -> QSize:
        """As wide as the box is allowed to be small: the tab widget reserves a corner widget's
        size hint, and a narrower hint let the box cover the first tabs (issue 18)."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), MIN_WIDTH), hint.height())

    def searching(self) -> bool:
        """A query for the field's text is still to come (debouncing, or on the thread)."""
        return self.timer.isActive() or self._running is not None or self._waiting

    def run(self) -> None:
        """Search for what the field holds, off the UI thread (the debounce timer calls it)."""
        self.timer.stop()
        text = self.text()
        self._number += 1
        if not text.strip():
            self.groups = []
            self._asked_text = ""
            self._open_when_answered = False
            self.results.tree.clear()
            self.results.hide()
            return
        self._asked_text = text
        self.results.show_searching()
        self._place_results()
        if self._running is not None:  # one at a time: the latest text goes next
            self._waiting = True
            return
        self._start()

    def _start(self) -> None:
        self._waiting = False
        self._running = self._number
        office, actor, text = self.office, self.actor, self._asked_text
        self._runner.start(self._number, lambda: search.search(office, actor, text))

    def _on_runner_finished(self, number: int, groups: list[search.FoundGroup] | None) -> None:
        self._running = None
        if self._waiting:
            self._start()
            return
        if number != self._number or self._asked_text != self.text():  # a stale answer
            return
        if groups is None:
            self.groups = []
            self.results.tree.clear()
            failed = QTreeWidgetItem([_("The search failed; details are in the log."), ""])
            failed.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.tree.addTopLevelItem(failed)
        else:
            self.groups = groups
            self.results.show_groups(groups)
        self._place_results()
        self.answered.emit()
        if self._open_when_answered:
            self._open_when_answered = False
            self.open_current()

    def _place_results(self) -> None:
        width = max(self.width(), 480)
        below = self.mapToGlobal(self.rect().bottomRight())
        self.results.setGeometry(below.x() - width, below.y(), width, 360)
        self.results.show()

    def open_current(self) -> None:
        chosen = self.results.current()
        if chosen is None:
            return
        self.results.hide()
        self.opened.emit(*chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.isVisible():
            self.results.move_selection(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.timer.isActive() or self._asked_text != self.text() or not self.results.isVisible():
                self.run()
            if self.searching():  # opens the first result when its answer comes
                self._open_when_answered = bool(self.text().strip())
                return
            self.open_current()
            return
        if key == Qt.Key.Key_Escape:
            self._open_when_answered = False
            if self.results.isVisible():
                self.results.hide()
            else:
                self.clear()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        if not self.results.underMouse():
            self.results.hide()


class _CtrlF(QObject):
    """Ctrl+F that reached the window unused (no list or page took it) focuses the box."""

    def __init__(self, box: SearchBox) -> None:
        super().__init__(box)
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Find)
                and not isinstance(QApplication.focusWidget(), QAbstractItemView)):
            focus_box(self.box)
            return True
        return False


def focus_box(box: SearchBox) -> None:
    box.setFocus(Qt.FocusReason.ShortcutFocusReason)
    box.selectAll()


def install(window: QWidget, corner_of: QWidget, office: Office, actor: Actor,
            open_record: Callable[[str, str, uuid.UUID], None]) -> SearchBox:
    """The box in the tab bar's corner of `window`, with its shortcuts."""
    box = SearchBox(office, actor, window)
    corner_of.setCornerWidget(box, Qt.Corner.TopLeftCorner)  # type: ignore[attr-defined]
    box.opened.connect(open_record)
    add_shortcut(window, "Ctrl+K", lambda: focus_box(box), _("Search everything: records of every workspace"))
    window.installEventFilter(_CtrlF(box))
    return box
