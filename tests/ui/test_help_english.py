"""The English user guide (docs/guide/en): every page the Persian guide has, with its
pictures (docs/guide/img/en), and F1 in English opens it (issue 18, item 13). The twin of
tests/ui/test_help.py's Persian checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest

from pr_desk import i18n
from pr_desk.ui import help as help_ui
from tests.databases import fresh_office

PICTURE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)]+\.md)\)")


@pytest.fixture
def english() -> Iterator[None]:
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture
def window(qtbot, english, tmp_path: Path):  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="Admin", admin_password="admin-pass-1405")
    w = MainWindow(db, admin)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    db.dispose()


def test_every_workspace_has_an_english_guide_page_with_its_pictures() -> None:
    from pr_desk.workspaces import WORKSPACES

    for name in [*(w.name for w in WORKSPACES if w.tab), "dashboard", "units"]:
        page = help_ui.guide_page(name, "en")
        assert page.parent.name == "en", name  # not the Persian page it falls back to
        assert page.stem != help_ui.FIRST_PAGE, name
        text = page.read_text(encoding="utf-8")
        persian = help_ui.guide_page(name, "fa").read_text(encoding="utf-8")
        assert len(PICTURE.findall(text)) == len(PICTURE.findall(persian)), name
        for picture in PICTURE.findall(text):
            assert picture.startswith("../img/en/"), (name, picture)  # English pictures
            assert (page.parent / picture).is_file(), (name, picture)


def test_the_english_guide_has_every_persian_page_and_its_links_lead_somewhere() -> None:
    persian = sorted(p.name for p in (help_ui.GUIDE / "fa").glob("*.md"))
    english = sorted(p.name for p in (help_ui.GUIDE / "en").glob("*.md"))
    assert english == persian
    for page in (help_ui.GUIDE / "en").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not re.search("[\u0600-\u06ff]", text), page.name  # English through and through
        for link in LINK.findall(text):
            assert (page.parent / link).is_file(), (page.name, link)


def test_f1_in_english_opens_the_english_guide_of_the_tab_in_front(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[Path] = []
    monkeypatch.setattr(help_ui.HelpDialog, "exec", lambda self: opened.append(self.page) or 0)
    units = window.tab_titles().index("Units")
    window.tabs.setCurrentIndex(units)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F1)
    assert opened and opened[-1] == help_ui.GUIDE / "en" / "admin.md"
    window.tabs.setCurrentIndex(0)
    window.guide_action.trigger()
    assert opened[-1] == help_ui.GUIDE / "en" / "dashboard.md"
    dialog = help_ui.open_guide(window, show=False)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "PR Desk guide"
    assert "sums up today's work" in dialog.browser.toPlainText()
    picture = PICTURE.search(dialog.page.read_text(encoding="utf-8"))
    assert picture is not None
    image = dialog.browser.loadResource(int(QTextDocument.ResourceType.ImageResource.value), QUrl(picture.group(1)))
    assert image is not None and not image.isNull()  # the dialog finds the English picture
