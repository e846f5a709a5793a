"""Help: the short user guide (docs/guide/<lang>/<page>.md, one page per workspace, with
pictures from tools/screens.py) opened by F1 on the page the person is on, and the list of
keyboard shortcuts made from the actions and shortcuts the windows define."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.text import ltr_isolate
from pr_desk.i18n import _, current_language
from pr_desk.paths import REPO_ROOT

GUIDE = REPO_ROOT / "docs" / "guide"
FIRST_PAGE = "index"
# tabs that share a page of the guide
PAGE_OF_TAB = {"units": "admin", "users": "admin", "audit": "admin"}


def guide_page(name: str, language: str | None = None) -> Path:
    """The guide's page for tab `name` (its workspace or shared page) in `language`; the
    guide's first page when that one is not written; Persian when the language has none."""
    language = language or current_language()
    name = PAGE_OF_TAB.get(name, name)
    for lang in (language, "fa"):
        for page in (name, FIRST_PAGE):
            path = GUIDE / lang / f"{page}.md"
            if path.is_file():
                return path
    return GUIDE / "fa" / f"{FIRST_PAGE}.md"


class HelpDialog(QDialog):
    """One page of the guide in a text browser (its links to other pages work)."""

    def __init__(self, parent: QWidget | None, page: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("PR Desk guide"))
        self.resize(820, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setSearchPaths([str(page.parent), str(page.parent.parent)])
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_page(page)

    def show_page(self, page: Path) -> None:
        self.page = page
        self.browser.setMarkdown(page.read_text(encoding="utf-8") if page.is_file() else
                                 _("This page of the guide is not written yet."))


def shortcuts_of(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action with a shortcut in `window` and its pages (those built
    so far), and every shortcut that says what it does; in menu order, no repeats."""
    out: dict[tuple[str, str], None] = {}
    for action in window.findChildren(QAction):
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        what = action.text().replace("&", "").rstrip("…").strip() or action.toolTip().strip()
        if keys and what:
            out[(what, "، ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys))] = None
    for shortcut in window.findChildren(QShortcut):
        what = shortcut.whatsThis().strip()
        if what and shortcut.isEnabled() and not shortcut.key().isEmpty():
            out[(what, shortcut.key().toString(QKeySequence.SequenceFormat.NativeText))] = None
    return list(out)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget, rows: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.resize(560, 600)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        lines = [f"<tr><td>{what}</td><td style='padding:2px 16px'><b>{ltr_isolate(keys)}</b></td></tr>"
                 for what, keys in rows]
        self.browser.setHtml("<table>" + "".join(lines) + "</table>" if lines else _("No shortcuts."))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)


def current_tab_name(window: QWidget) -> str:
    """The name of the main window's tab in front ("meetings", "units", …)."""
    tabs = getattr(window, "tabs", None)
    lazy = getattr(window, "_lazy", {})
    if isinstance(tabs, QTabWidget):
        for name, page in lazy.items():
            if page is tabs.currentWidget():
                return str(name)
    return FIRST_PAGE


def open_guide(window: QWidget, *, show: bool = True) -> HelpDialog:
    dialog = HelpDialog(window, guide_page(current_tab_name(window)))
    if show:
        dialog.exec()
    return dialog


def open_shortcuts(window: QWidget, *, show: bool = True) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window, shortcuts_of(window))
    if show:
        dialog.exec()
    return dialog


def install_help(window: QWidget, menu: QMenu) -> tuple[QAction, QAction]:
    """Help → User guide (F1, on the page in front) and Keyboard shortcuts."""
    guide = QAction(_("User guide"), window)
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)
    guide.triggered.connect(lambda: open_guide(window))
    keys = QAction(_("Keyboard shortcuts"), window)
    keys.setShortcut(QKeySequence("Ctrl+/"))
    keys.triggered.connect(lambda: open_shortcuts(window))
    first = menu.actions()[0] if menu.actions() else None
    menu.insertActions(first, [guide, keys])  # type: ignore[arg-type]
    return guide, keys
