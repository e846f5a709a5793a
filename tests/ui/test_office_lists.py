"""The administrator's backups and field-copies tiles each open their list: a page of its
own (a tab made the first time), reached by a mouse click on the tile, Enter on it, or the
File menu; the rows read through the services, in Persian, newest or most pressing first."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from pr_desk.services import evaluation as ev
from pr_desk.services import maintenance, sync
from pr_desk.ui.kit.paged_table_model import SORT_ROLE
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)

SHOTS = os.environ.get("PR_DESK_SHOTS")  # a folder: each list is saved there as PNG


def _shot(qtbot, widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        qtbot.wait(200)  # laid out and painted
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _cells(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    m = page.model
    return [[m.index(r, c).data() or "" for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_the_backups_and_field_copies_tiles_open_their_lists(qtbot, sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.paths import backup_dir
    from pr_desk.ui.backups_page import BackupsPage
    from pr_desk.ui.main_window import MainWindow
    from pr_desk.ui.sync.copies_page import FieldCopiesPage

    world = make_world(sqlite_office, tmp_path)
    db, admin = world.office, world.admin
    maintenance.backup(db, backup_dir() / "pr-desk-20261205-1000.sqlite", actor=admin)
    (backup_dir() / "office-before-upgrade-20261201-0900.sqlite").write_bytes(b"x" * 5000)
    first, second = checkout(world, "a"), checkout(world, "b")
    try:
        detail = ev.open_form(first.db, first.actor, period_id=world.period.id, unit_id=world.units[0].id)
        ev.save_scores(first.db, first.actor, detail.form.id, lines=full_scores(detail, ["5", "2", "10"]))
        sync.apply_import(db, admin, path=first.export(tmp_path))

        window = MainWindow(db, admin)
        qtbot.addWidget(window)
        window.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # as the app sets it in Persian
        window.resize(1100, 700)
        window.show()
        qtbot.waitExposed(window)
        titles = window.tab_titles()
        assert "نسخه‌های پشتیبان" not in titles and "نسخه‌های میدانی" not in titles  # no tab until asked for
        dashboard = window.page("dashboard")
        qtbot.waitUntil(dashboard.loaded, timeout=20_000)

        # backups: a mouse click on the tile opens the list, newest first
        tile = dashboard.tile("office.backups")
        assert tile.data is not None and tile.data.count == 0
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
        page = window.tabs.currentWidget().page
        assert isinstance(page, BackupsPage) and window.tab_titles()[-1] == "نسخه‌های پشتیبان"
        rows = _cells(page)
        # the one made by hand, the one kept before the sync import, one left by an upgrade
        assert len(rows) == 3 and rows[0][0].startswith("office-before-sync-")
        assert {r[0] for r in rows[1:]} == {"pr-desk-20261205-1000.sqlite", "office-before-upgrade-20261201-0900.sqlite"}
        assert {r[3] for r in rows} == {"تهیه‌شده به دست مدیر سامانه", "پیش از ارتقای نسخه", "پیش از ورود فایل همگام‌سازی"}
        assert "۴٫۹ کیلوبایت" in {r[2] for r in rows}  # sizes as people read them, Persian digits
        assert page.count_label.text() == "۳ نسخهٔ پشتیبان"
        assert page.model.headerData(1, Qt.Orientation.Horizontal) == "زمان"
        made = [page.model.index(r, 1).data(SORT_ROLE) for r in range(page.model.rowCount())]
        assert made == sorted(made, reverse=True)
        _shot(qtbot, window, "backups-list")

        # field copies: Enter on the tile opens the list, the copy with nothing back first
        window.tabs.setCurrentWidget(window._lazy["dashboard"])
        tile = dashboard.tile("sync.copies")
        tile.setFocus()
        qtbot.keyClick(tile, Qt.Key.Key_Return)
        page = window.tabs.currentWidget().page
        assert isinstance(page, FieldCopiesPage) and window.tab_titles()[-1] == "نسخه‌های میدانی"
        rows = _cells(page)
        assert [r[4] for r in rows] == ["هنوز چیزی برنگشته", "هم‌گام با دفتر"]
        assert all(r[0] == world.inspector.display_name and r[2] for r in rows) and rows[0][3] == "" and rows[1][3]
        _shot(qtbot, window, "field-copies-list")

        # a mouse click on the tile again comes back to the same tab, its rows read again
        sync.retire_field_copy(db, admin, second.replica_id)
        window.tabs.setCurrentWidget(window._lazy["dashboard"])
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
        assert window.tabs.currentWidget().page is page
        assert [r[4] for r in _cells(page)] == ["هم‌گام با دفتر", "غیرفعال"]
        assert window.tab_titles().count("نسخه‌های میدانی") == 1

        # and from the File menu
        window.tabs.setCurrentWidget(window._lazy["dashboard"])
        window.backups_action.trigger()
        assert isinstance(window.tabs.currentWidget().page, BackupsPage)
        window.field_copies_action.trigger()
        assert window.tabs.currentWidget().page is page
        window.close()
    finally:
        first.db.dispose()
        second.db.dispose()


def test_no_backups_or_field_copies_list_for_a_supervisor(qtbot, sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    world = make_world(sqlite_office, tmp_path)
    window = MainWindow(world.office, world.supervisor)
    qtbot.addWidget(window)
    assert not window.backups_action.isVisible() and window.open_list("backups") is None
    assert "نسخه‌های پشتیبان" not in window.tab_titles()
    window.close()


def test_a_whole_list_is_read_once_per_reload_and_searched_in_it(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.paths import backup_dir
    from pr_desk.ui.backups_page import BackupsPage

    db, admin = sqlite_office
    backup_dir().mkdir(parents=True, exist_ok=True)
    for name in ("office-before-upgrade-20261201-0900.sqlite", "pr-desk-20261205-1000.sqlite"):
        (backup_dir() / name).write_bytes(b"x" * 100)
    page = BackupsPage(db, admin)
    qtbot.addWidget(page)
    reads: list[dict[str, object]] = []
    real = page.read_all

    def counting(**sort: object):  # type: ignore[no-untyped-def]
        reads.append(sort)
        return real(**sort)

    page.read_all = counting  # type: ignore[method-assign]
    page.reload()
    assert len(reads) == 1 and page.model.rowCount() == 2  # its count and its page from one reading
    page.search.setText("UPGRADE")
    page.reload()
    assert len(reads) == 2 and [r[0] for r in _cells(page)] == ["office-before-upgrade-20261201-0900.sqlite"]
    page.model.sort(0, Qt.SortOrder.DescendingOrder)  # another order: read again, the search kept
    assert len(reads) == 3 and reads[-1].get("descending") is True and page.model.rowCount() == 1


def test_refresh_by_click_or_f5_reads_the_list_again(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence, QShortcut

    from pr_desk.paths import backup_dir
    from pr_desk.ui.backups_page import BackupsPage

    db, admin = sqlite_office
    backup_dir().mkdir(parents=True, exist_ok=True)
    (backup_dir() / "pr-desk-20261205-1000.sqlite").write_bytes(b"x" * 100)
    page = BackupsPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == 1
    assert page.refresh_button.toolTip() == "خواندن دوبارهٔ فهرست (F5)"
    (backup_dir() / "pr-desk-20261206-1000.sqlite").write_bytes(b"x" * 100)  # made by another program
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 2
    (backup_dir() / "pr-desk-20261207-1000.sqlite").write_bytes(b"x" * 100)
    # F5 while the focus is in the page (offscreen windows are never active: the shortcut is fired)
    (f5,) = [s for s in page.findChildren(QShortcut) if s.key() == QKeySequence("F5")]
    assert f5.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut and f5.parent() is page
    f5.activated.emit()
    assert page.model.rowCount() == 3
