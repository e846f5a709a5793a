"""F1 opens the user guide on the page in front; Help → Keyboard shortcuts lists the
shortcuts the windows define (issue 18, item 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pr_desk.ui import help as help_ui
from tests.databases import fresh_office


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر", admin_password="admin-pass-1405")
    w = MainWindow(db, admin)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    db.dispose()


def test_every_workspace_has_a_persian_guide_page_with_its_pictures() -> None:
    from pr_desk.workspaces import WORKSPACES

    for name in [*(w.name for w in WORKSPACES if w.tab), "dashboard", "units"]:
        page = help_ui.guide_page(name, "fa")
        assert page.stem != help_ui.FIRST_PAGE, name
        text = page.read_text(encoding="utf-8")
        for picture in (line.split("](")[1].rstrip(")") for line in text.splitlines() if line.startswith("![")):
            assert (page.parent / picture).is_file(), (name, picture)


def test_f1_opens_the_guide_of_the_tab_in_front(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[Path] = []
    monkeypatch.setattr(help_ui.HelpDialog, "exec", lambda self: opened.append(self.page) or 0)
    units = [window.tabs.tabText(i) for i in range(window.tabs.count())].index("واحدها")
    window.tabs.setCurrentIndex(units)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F1)
    assert opened and opened[-1].name == "admin.md"
    window.tabs.setCurrentIndex(0)
    window.guide_action.trigger()
    assert opened[-1].name == "dashboard.md"
    dialog = help_ui.open_guide(window, show=False)
    qtbot.addWidget(dialog)
    assert "پیشخوان" in dialog.browser.toPlainText()


def test_the_shortcuts_list_is_made_from_the_windows_actions(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rows = help_ui.shortcuts_of(window)
    keys = [k.strip("\u202a\u202c\u2066\u2069") for _what, k in rows]  # Qt's Persian names Ctrl in Persian
    assert "F1" in keys
    assert any(k.endswith("+O") for k in keys)
    dialog = help_ui.open_shortcuts(window, show=False)
    qtbot.addWidget(dialog)
    assert "F1" in dialog.browser.toPlainText()


def test_every_shortcut_of_every_page_says_what_it_does(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A shortcut nobody can find is no shortcut: each one the pages define is in the list
    (made with ui/kit/shortcuts.add_shortcut), with its sentence in Persian."""
    from PySide6.QtGui import QShortcut

    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)  # builds each page
        qtbot.wait(1)
    silent = [(s.key().toString(), type(s.parent()).__name__) for s in window.findChildren(QShortcut)
              if not s.whatsThis().strip() and not s.key().isEmpty()]
    assert silent == []
    rows = dict((what, keys.strip("\u202a\u202c\u2066\u2069")) for what, keys in help_ui.shortcuts_of(window))
    assert rows["ملاقات‌ها: ثبت درخواست"].endswith("+N")
    assert rows["روز ملاقات: دعوت نفر بعد"].endswith("+L")
    assert rows["دستورالعمل‌ها: پیش‌نویس دستورالعمل جدید"].endswith("+N")
