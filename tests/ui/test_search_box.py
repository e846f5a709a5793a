"""The one search box of the main window (issue 15): Ctrl+K, typing, arrows, Enter, Esc,
a click on a result, and each result opening its workspace."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from pr_desk.services import meetings, units
from tests.services.meetings.factories import national_code


def _window(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_type_arrows_enter_and_esc(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    c = meetings.add_citizen(db, admin, national_code=national_code(801), first_name="علی", last_name="محمدی", district=3)
    meetings.register_request(db, admin, citizen_id=c.id, official_id=mayor.id, subject_category="other",
                              channel="in_person", description="تعمیر پیاده‌رو")
    units.add_unit(db, admin, name="سازمان زیباسازی محمدیه", kind="organisation", code="ZIBA")
    window = _window(qtbot, db, admin)
    box = window.search_box
    window.tabs.setFocus()  # Ctrl+F where no list takes it
    qtbot.keyClick(window.tabs, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is box
    window.tabs.setFocus()  # Ctrl+K anywhere (offscreen windows are never active: the shortcut is fired)
    (ctrl_k,) = [s for s in window.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+K")]
    ctrl_k.activated.emit()
    assert window.focusWidget() is box
    box.setText("محمد")  # (keyClicks with Persian text aborts: set it, then let the debounce run)
    box.textEdited.emit(box.text())
    with qtbot.waitSignal(box.answered, timeout=5000):  # the debounce, then the query on its thread
        pass
    assert box.results.isVisible()
    kinds = [g.kind for g in box.groups]
    assert kinds[:2] == ["request", "citizen"] and "unit" in kinds
    # the first record is chosen; arrows move through records only (headings are skipped)
    assert box.results.current()[1] == "request"
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.results.current()[1] == "citizen"
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.results.current()[1] == "unit"
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.results.current()[1] == "citizen"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.results.isVisible() and box.text() == "محمد"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    # Enter opens the unit's tab (once the answer is in: the query runs off the UI thread)
    box.setText("زیباسازی")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window._lazy["units"], timeout=5000)
    # a click on a result opens it too (the meeting queue's tab for a request)
    box.setText("تعمیر")
    with qtbot.waitSignal(box.answered, timeout=5000):
        box.run()
    tree = box.results.tree
    item = box.results.records()[0]
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window._lazy["meetings"]


def test_an_inspector_finds_no_citizen(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    from pr_desk.services import users
    from pr_desk.services.context import Actor

    meetings.add_citizen(db, admin, national_code=national_code(802), first_name="علی", last_name="محمدی", district=3)
    info = users.add_user(db, admin, username="insp", display_name="بازرس", role="inspector", password="insp-pass-1405")
    inspector = Actor(info.id, info.username, info.display_name, info.role)
    window = _window(qtbot, db, inspector)
    window.search_box.setText("محمدی")
    with qtbot.waitSignal(window.search_box.answered, timeout=5000):
        window.search_box.run()
    assert window.search_box.groups == []
    assert window.search_box.results.tree.topLevelItem(0).text(0)  # "nothing found"


def test_the_query_runs_off_the_ui_thread_and_a_stale_answer_is_dropped(qtbot, sqlite_office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While "محم" is still being searched (held on its thread) the window goes on: the
    field takes more text and shows "Searching…"; the answer for "محم" is then dropped
    and the one for "محمد" shown, and typing fast asks the database once."""
    import threading

    from pr_desk.services import search
    from pr_desk.ui import search_box

    db, admin = sqlite_office
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    for n, (first, last) in enumerate((("علی", "محمدی"), ("محمود", "رضایی"))):
        c = meetings.add_citizen(db, admin, national_code=national_code(810 + n), first_name=first, last_name=last,
                                 district=3)
        meetings.register_request(db, admin, citizen_id=c.id, official_id=mayor.id, subject_category="other",
                                  channel="in_person", description="درخواست")
    window = _window(qtbot, db, admin)
    box = window.search_box
    asked: list[str] = []
    release = threading.Event()
    real = search.search

    def held(office, actor, text, **kw):  # type: ignore[no-untyped-def]
        asked.append(text)
        if text == "محم":
            assert release.wait(10)
        return real(office, actor, text, **kw)

    monkeypatch.setattr(search_box.search, "search", held)
    box.setText("محم")
    box.run()
    assert box.results.isVisible() and box.results.tree.topLevelItem(0).text(0) == "در حال جستجو…"
    assert box.results.current() is None and box.searching()
    # the UI thread is free meanwhile: more typing, then its debounce, while "محم" is held
    box.setText("محمد")
    box.textEdited.emit(box.text())
    qtbot.waitUntil(lambda: not box.timer.isActive(), timeout=3000)
    assert asked == ["محم"] and box.results.tree.topLevelItem(0).text(0) == "در حال جستجو…"
    with qtbot.waitSignal(box.answered, timeout=10_000):
        release.set()
    assert asked == ["محم", "محمد"] and not box.searching()
    assert box.groups == real(db, admin, "محمد")
    labels = [box.results.tree.topLevelItem(i).text(0) for i in range(box.results.tree.topLevelItemCount())]
    assert any("محمدی" in label for label in labels) and not any("محمود" in label for label in labels)
    # typing fast asks once, for the last text
    asked.clear()
    with qtbot.waitSignal(box.answered, timeout=10_000):
        for text in ("ع", "عل", "علی"):
            box.setText(text)
            box.textEdited.emit(text)
    assert asked == ["علی"]
    # the mouse opens a result
    item = box.results.records()[0]
    rect = box.results.tree.visualItemRect(item)
    qtbot.mouseClick(box.results.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window._lazy["meetings"]


def test_the_box_leaves_every_tab_title_uncovered(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    """The tab widget reserved the line edit's size hint for its corner, narrower than the
    box, so in English the box covered "Dashboard" and half of "Meeting queue" (issue 18)."""
    from PySide6.QtCore import QPoint, QRect

    from pr_desk import i18n

    db, admin = sqlite_office
    before = i18n.current_language()
    try:
        for language in ("en", "fa"):
            i18n.set_language(language)
            window = _window(qtbot, db, admin)
            box, bar = window.search_box, window.tabs.tabBar()
            box_rect = QRect(box.mapTo(window, QPoint(0, 0)), box.size())
            for i in range(bar.count()):
                tab = bar.tabRect(i)
                tab_rect = QRect(bar.mapTo(window, tab.topLeft()), tab.size())
                assert not box_rect.intersects(tab_rect), (language, bar.tabText(i))
            window.close()
    finally:
        i18n.set_language(before)
