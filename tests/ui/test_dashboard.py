"""The dashboard as people meet it: the first tab after login, tiles filled off the UI
thread, a click on a tile opening the list it summarises, an inspector's tiles without a
citizen's name. SQLite, data made through the services."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.databases import fresh_office
from tests.services.test_dashboard import CITIZEN, _world
from tests.ui.test_sync_wizard import _scene

ADMIN_PASSWORD = "admin-pass-1405"


def _window(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("dashboard")
    qtbot.waitUntil(page.loaded, timeout=20_000)
    if os.environ.get("PR_DESK_SHOTS"):  # a folder: the dashboard is saved there as PNG
        Path(os.environ["PR_DESK_SHOTS"]).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(os.environ["PR_DESK_SHOTS"]) / f"dashboard-{actor.role.value}.png"))
    return window, page


def test_the_clerk_opens_on_the_dashboard_and_a_tile_opens_its_list(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        people = _world(db, admin)
        window, page = _window(qtbot, db, people.clerk)
        assert window.tab_titles()[0] == "پیشخوان" and window.tabs.currentWidget() is window._lazy["dashboard"]
        orders = page.tile("meetings.orders")
        assert "دستورات گذشته از مهلت به تفکیک واحد" in orders.text() and orders.count_label.text() == "۱"
        assert CITIZEN in page.tile("meetings.today").text()  # who is next
        assert "رزرو سالن" in page.tile("events.tasks").text()
        qtbot.mouseClick(orders, Qt.MouseButton.LeftButton, pos=orders.rect().center())
        meetings = window.page("meetings")
        assert window.tabs.currentWidget() is window._lazy["meetings"]
        assert meetings.tabs.currentWidget() is meetings.orders_view and meetings.orders_view.overdue_only.isChecked()
        # Enter on a tile does the same; the directives tile opens the pending list by unit
        window.tabs.setCurrentWidget(window._lazy["dashboard"])
        tile = page.tile("directives.acknowledge")
        tile.setFocus()
        qtbot.keyClick(tile, Qt.Key.Key_Return)
        directives = window.page("directives")
        assert window.tabs.currentWidget() is window._lazy["directives"]
        assert directives.tabs.currentWidget() is directives.pending_view
        # a change anywhere loads the tiles again
        window.page("meetings").changed.emit()
        qtbot.waitUntil(page.loaded, timeout=20_000)
        window.close()
    finally:
        db.dispose()


def test_the_inspector_and_the_administrator_see_their_own_tiles(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        people = _world(db, admin)
        window, page = _window(qtbot, db, people.inspector)
        assert set(page.tiles) == {"evaluation.units", "evaluation.visits", "directives.evidence"}
        said = "\n".join(t.text() for t in page.tiles.values())
        assert "دهقان" not in said and "۲" in page.tile("evaluation.units").count_label.text()
        units = page.tile("evaluation.units")
        qtbot.mouseClick(units, Qt.MouseButton.LeftButton, pos=units.rect().center())
        assert window.tabs.currentWidget() is window._lazy["evaluation"]
        window.close()
        from pr_desk.domain.errors import UserError
        from pr_desk.services import auth

        for _attempt in range(5):  # the clerk's password mistyped until the login locks
            with pytest.raises(UserError):
                auth.login(db, people.clerk.username, "wrong-pass-1405")
        window, page = _window(qtbot, db, admin)
        assert {"office.backups", "office.locked", "sync.copies", "meetings.month"} <= set(page.tiles)
        # users locked out: the users list, locked-out users only
        assert page.tile("office.locked").data.count == 1
        _click(qtbot, window, page, "office.locked")
        users_page = window.page("users")
        assert window.tabs.currentWidget() is window._lazy["users"] and users_page.locked_only.isChecked()
        assert [r.username for r in users_page.model.rows()] == [people.clerk.username]
        window.tabs.setCurrentWidget(window._lazy["dashboard"])
        assert "پشتیبان" in page.tile("office.backups").text()
        assert page.tile("meetings.month").chart is not None and len(page.tile("meetings.month").chart.bars) == 30
        window.close()
    finally:
        db.dispose()


def test_the_occasions_of_the_week_show_above_the_tiles(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from pr_desk.ui.dashboard import DashboardPage

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        page = DashboardPage(db, admin, on=dt.date(2026, 3, 21))
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(page.loaded, timeout=20_000)
        assert page.occasions_label.isVisible() and "نوروز" in page.occasions_label.text()
        assert page.tile("office.backups").count_label.text() != "در حال بارگذاری…"  # every placeholder replaced
        page.stop()
    finally:
        db.dispose()


@pytest.fixture
def field_scene(sqlite_office, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The office and an inspector's laptop made from it (the sync wizard's scene)."""
    yield from _scene(sqlite_office, tmp_path)


def test_the_inspector_on_a_field_copy_has_a_dashboard_too(qtbot, field_scene) -> None:  # type: ignore[no-untyped-def]
    """The laptop holds no meeting queue or events: the inspector's tiles still load there."""
    from pr_desk.ui.main_window import MainWindow

    _world_, laptop, _form_id = field_scene
    field = MainWindow(laptop.db, laptop.actor)
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    page = field.page("dashboard")
    qtbot.waitUntil(page.loaded, timeout=20_000)
    assert set(page.tiles) == {"evaluation.units", "evaluation.visits", "directives.evidence"}
    assert all(tile.data is not None for tile in page.tiles.values()), [k for k, t in page.tiles.items() if t.data is None]
    field.close()


def _click(qtbot, window, page, key):  # type: ignore[no-untyped-def]
    """The dashboard in front, a mouse click on the tile."""
    window.tabs.setCurrentWidget(window._lazy["dashboard"])
    tile = page.tile(key)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())


def test_each_tile_opens_the_filtered_list_it_summarises(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every tile of the supervisor's dashboard that leads to a list, clicked: the list
    opened shows what the tile counted, not the workspace's first view unfiltered."""
    import datetime as dt

    from pr_desk.services import dashboard as ds

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        people = _world(db, admin)
        today = ds.today()
        window, page = _window(qtbot, db, people.supervisor)
        meetings = window.page("meetings")
        # today's sessions: the meeting day of today's session
        _click(qtbot, window, page, "meetings.today")
        assert window.tabs.currentWidget() is window._lazy["meetings"]
        assert meetings.tabs.currentWidget() is meetings.docket_view
        chosen = meetings.docket_view.session_combo.currentData()
        assert chosen is not None and page.tile("meetings.today").data.filter == (("show", f"show_docket:{chosen}"),)
        # requests waiting: the queue of the official with the oldest wait (the mayor), its one request
        _click(qtbot, window, page, "meetings.waiting")
        assert meetings.tabs.currentWidget() is meetings.queue_view
        assert meetings.queue_view.official.currentText().startswith("شهردار تهران") or \
            "زاکانی" in meetings.queue_view.official.currentText()
        assert meetings.queue_view.model.rowCount() == page.tile("meetings.waiting").data.count == 1
        # overdue orders: the orders list, overdue only
        _click(qtbot, window, page, "meetings.orders")
        assert meetings.tabs.currentWidget() is meetings.orders_view and meetings.orders_view.overdue_only.isChecked()
        assert meetings.orders_view.model.rowCount() == page.tile("meetings.orders").data.count == 1
        # a month of requests: the requests registered in the chart's 30 days
        meetings.requests_view.search.setText("هیچ")  # a filter left from before is replaced
        _click(qtbot, window, page, "meetings.month")
        view = meetings.requests_view
        assert meetings.tabs.currentWidget() is view and view.search.text() == ""
        assert (view.date_from.date(), view.date_to.date()) == (today - dt.timedelta(days=29), today)
        assert view.model.total_count() == page.tile("meetings.month").data.count == 3
        # directives to acknowledge, units behind: the pending list of the unit the tile's list starts with
        directives = window.page("directives")
        for key in ("directives.acknowledge", "directives.behind"):
            directives.pending_view.unit.setCurrentIndex(directives.pending_view.unit.count() - 1)
            _click(qtbot, window, page, key)
            assert window.tabs.currentWidget() is window._lazy["directives"]
            assert directives.tabs.currentWidget() is directives.pending_view
            first_row = page.tile(key).data.rows[0].label
            assert directives.pending_view.unit.currentText() == first_row, key
            assert directives.pending_view.model.rowCount() >= 1
        # events in the next 14 days: the events list narrowed to them
        events = window.page("events")
        _click(qtbot, window, page, "events.coming")
        assert window.tabs.currentWidget() is window._lazy["events"]
        assert events.tabs.currentWidget() is events.events_page
        assert events.events_page.when_filter.currentData() == (today.isoformat(), (today + dt.timedelta(days=14)).isoformat())
        assert events.events_page.model.rowCount() == page.tile("events.coming").data.count == 1
        events.events_page.when_filter.setCurrentIndex(0)  # "any date" again: the list is whole
        # overdue tasks: the checklist of the event with the late task
        _click(qtbot, window, page, "events.tasks")
        qtbot.waitUntil(lambda: bool(events.windows), timeout=5000)
        (dialog,) = events.windows.values()
        assert type(dialog.tabs.currentWidget()).__name__ == "TasksPanel"
        dialog.close()
        # evaluation progress: the open period's units; forms waiting for approval: those selected
        evaluation = window.page("evaluation")
        for key in ("evaluation.progress", "evaluation.approve"):
            _click(qtbot, window, page, key)
            assert window.tabs.currentWidget() is window._lazy["evaluation"]
            assert evaluation.tabs.currentWidget() is evaluation.periods_view
            period = evaluation.periods_view.current_period()
            assert period is not None and period.is_open and evaluation.periods_view.units_model.rowCount() == 4
        assert page.tile("evaluation.approve").data.count == 0 and not evaluation.periods_view.units_table.selectionModel().selectedRows()
        window.close()
        # the inspector: their units of the open period, the units still to visit selected
        window, page = _window(qtbot, db, people.inspector)
        evaluation = window.page("evaluation")
        _click(qtbot, window, page, "evaluation.visits")
        assert window.tabs.currentWidget() is window._lazy["evaluation"]
        assert evaluation.tabs.currentWidget() is evaluation.periods_view
        assert evaluation.periods_view.units_model.rowCount() == 2
        selected = {r.unit_id for r in evaluation.periods_view.units_model.rows()
                    if evaluation.periods_view.units_table.selectionModel().isRowSelected(
                        evaluation.periods_view.units_model.rows().index(r), evaluation.periods_view.units_table.rootIndex())}
        assert len(selected) == page.tile("evaluation.visits").data.count == 2
        window.close()
    finally:
        db.dispose()


def test_a_long_name_in_a_tile_keeps_its_end() -> None:
    """The units of a tile differ at their end: a cut at the end showed five lines of
    'روابط عمومی منط…'; the middle gives way, at word breaks."""
    from pr_desk.ui.dashboard import _short

    rows = [_short(f"روابط عمومی منطقه {n}", 18) for n in ("۳", "۱۲", "۲۲")]
    assert rows == ["روابط…منطقه ۳", "روابط…منطقه ۱۲", "روابط…منطقه ۲۲"]
    assert _short("شهردار تهران — علیرضا زاکانی", 18) == "شهردار…زاکانی"
    assert _short("x" * 60, 18) == "x" * 8 + "…" + "x" * 9  # one long word: cut where the room ends
    assert _short("روابط عمومی منطقه ۳") == "روابط عمومی منطقه ۳"  # short enough: whole
    assert all(len(_short("ب " * n, 20)) <= 20 for n in range(5, 40))


def test_a_narrow_tile_fits_each_row_to_its_width(qtbot) -> None:  # type: ignore[no-untyped-def]
    """On a small window a row wider than its tile was cut at its start (right to left:
    the bullet and the name lost); each row now fits the tile, the name shortened in its
    middle first, and a wider tile shows it whole again."""
    import re

    from pr_desk.domain.roles import Permission, Role
    from pr_desk.services import dashboard as ds
    from pr_desk.ui.dashboard import TileWidget

    spec = ds.TileSpec("t", "Evaluation progress", Permission.VIEW_EVALUATIONS, frozenset({Role.ADMIN}), lambda *_a: ds.TileData())
    from pr_desk import i18n

    assert i18n.current_language() == "fa"
    tile = TileWidget(spec)
    qtbot.addWidget(tile)
    rows = tuple(ds.TileRow(f"روابط عمومی منطقه {n}", "۲ شروع‌نشده، ۰ پیش‌نویس، ۰ ارسال‌شده، ۰ تأییدشده") for n in (3, 12))
    tile.resize(260, 300)
    tile.show()
    qtbot.waitExposed(tile)
    tile.show_data(ds.TileData(count=2, rows=rows))

    def lines() -> list[str]:
        text = re.sub(r"<br>", "\n", tile.rows_label.text())
        return [re.sub(r"<[^>]+>", "", line).replace("&amp;", "&") for line in text.split("\n")]

    metrics = tile.rows_label.fontMetrics()
    narrow = lines()
    assert all(metrics.horizontalAdvance(line) <= tile.rows_label.width() for line in narrow), narrow
    assert narrow[0].endswith("…") or "…" in narrow[0]  # shortened ...
    assert "۳" in narrow[0] and "۱۲" in narrow[1]  # ... keeping what tells the rows apart
    tile.resize(900, 300)
    qtbot.waitUntil(lambda: "روابط عمومی منطقه ۱۲" in tile.rows_label.text())
    assert "…" not in tile.rows_label.text()
