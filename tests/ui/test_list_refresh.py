"""Refresh (the button, F5) on the lists: the list read again for what another clerk or
program did since, the screen kept and the record that was selected selected again where it
now is; a record gone from the list leaves nothing selected (never the one that took its
row: Enter would open the wrong one). The shared ListPage Refresh (audit, backups, the
directive register) and the directive pending list; on SQLite and PostgreSQL where the rows
come from the database."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTableView

from pr_desk.domain.directives import RecipientState
from pr_desk.domain.units import UnitKind
from pr_desk.services import directives as dv
from pr_desk.services import units
from pr_desk.ui.kit.list_page import ListPage
from tests.ui.test_directives_workspace import Office, issued


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_row(qtbot: Any, table: QTableView, row: int) -> None:
    """A real mouse click on row `row` (on screen) of `table`."""
    rect = table.visualRect(table.model().index(row, 0))
    assert table.viewport().rect().contains(rect.center()), "the row is not on screen"
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center().x(), rect.center().y()))


def f5(page: Any) -> None:
    """F5 while the focus is in the page (offscreen windows are never active: the shortcut is fired)."""
    (shortcut,) = [s for s in page.findChildren(QShortcut) if s.key() == QKeySequence("F5")]
    shortcut.activated.emit()


def selected_row_number(table: QTableView) -> int:
    index = table.currentIndex()
    return index.row() if index.isValid() and table.selectionModel().isSelected(index) else -1


def test_the_audit_refresh_keeps_the_screen_and_the_selected_entry(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.audit_page import AuditPage

    db, admin = office
    for n in range(45):
        units.add_unit(db, admin, name=f"سازمان {n}", kind=UnitKind.ORGANISATION, code=f"O{n:02d}")
    page = shown(qtbot, AuditPage(db, admin))
    table, bar = page.table, page.table.verticalScrollBar()
    assert bar.maximum() > 0  # more entries than the screen shows
    bar.setValue(bar.maximum() // 2)  # the clerk has scrolled down the list
    scrolled = bar.value()
    middle = table.rowAt(table.viewport().height() // 2)
    click_row(qtbot, table, middle)
    chosen = page.current()
    assert chosen is not None and bar.value() == scrolled

    units.add_unit(db, admin, name="سازمان تازه", kind=UnitKind.ORGANISATION, code="NEW")  # newest first: above it
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.current() == chosen  # the same entry, now lower down by the ones written since
    assert selected_row_number(table) > middle and page.model.rows()[selected_row_number(table)] == chosen
    assert bar.value() == scrolled  # the screen kept, not the top of the list

    f5(page)  # F5 does the same
    assert page.current() == chosen and bar.value() == scrolled


def test_a_backup_gone_since_leaves_nothing_selected_and_a_new_one_shifts_the_chosen(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.paths import backup_dir
    from pr_desk.ui.backups_page import BackupsPage

    db, admin = sqlite_office
    backup_dir().mkdir(parents=True, exist_ok=True)
    for day in (1, 2, 3):
        (backup_dir() / f"pr-desk-2026120{day}-1000.sqlite").write_bytes(b"x" * 100)
    page = shown(qtbot, BackupsPage(db, admin))
    names = [r.name for r in page.model.rows()]
    assert len(names) == 3
    click_row(qtbot, page.table, 1)
    chosen = page.current().name
    assert chosen == names[1]

    (backup_dir() / "pr-desk-20261209-1000.sqlite").write_bytes(b"x" * 100)  # made by another program
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    rows = [r.name for r in page.model.rows()]
    assert len(rows) == 4 and page.current() is not None and page.current().name == chosen
    assert selected_row_number(page.table) == rows.index(chosen)

    (backup_dir() / chosen).unlink()  # another program removed the chosen one
    f5(page)
    assert len(page.model.rows()) == 3
    assert page.current() is None and selected_row_number(page.table) == -1  # not the one that took its row
    assert not page.table.currentIndex().isValid()


def test_the_register_uses_the_shared_refresh(qtbot, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.directives.register_page import DirectivesPage

    assert DirectivesPage.refresh is ListPage.refresh  # no second way of refreshing
    desk = Office(*office)
    issued(desk, "ب: پوشش خبری")
    second = issued(desk, "د: روابط رسانه‌ای")
    page = shown(qtbot, DirectivesPage(desk.db, desk.clerk))
    page.model.set_sort("title")
    titles = [r.title for r in page.model.rows()]
    assert titles == ["ب: پوشش خبری", "د: روابط رسانه‌ای"]
    click_row(qtbot, page.table, 1)
    assert page.current().id == second.info.id

    issued(desk, "آ: اطلاع‌رسانی")  # another clerk's, sorted above the chosen one
    f5(page)
    assert [r.title for r in page.model.rows()][0] == "آ: اطلاع‌رسانی"
    assert page.current().id == second.info.id and selected_row_number(page.table) == 2

    kind = dv.ensure_default_kinds(desk.db, desk.clerk)[0]
    drafts = [dv.create_directive(desk.db, desk.clerk, kind_id=kind.id, title=t, body="ماده ۱") for t in ("و: پیش‌نویس", "ه: پیش‌نویس")]
    page.status_filter.setCurrentIndex(page.status_filter.findData(dv.DirectiveStatus.DRAFT))
    assert [r.title for r in page.model.rows()] == ["و: پیش‌نویس", "ه: پیش‌نویس"]  # the alphabet: و before ه
    click_row(qtbot, page.table, 0)
    first = drafts[0]
    assert page.current().id == first.info.id
    d = dv.submit(desk.db, desk.clerk, first.info.id, expected_version=first.latest.version)  # other PCs issue it
    d = dv.approve(desk.db, desk.supervisor, first.info.id, expected_version=d.latest.version)
    dv.issue(desk.db, desk.supervisor, first.info.id, expected_version=d.latest.version)
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert first.info.id not in [r.id for r in page.model.rows()]
    assert page.current() is None and not page.open_button.isEnabled()  # Enter opens nothing


@pytest.mark.parametrize("how", ["button", "f5"])
def test_the_pending_list_keeps_the_chosen_directive(qtbot, office, how: str) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.directives import DirectivesWorkspace

    desk = Office(*office)
    district = units.list_units(desk.db, desk.admin, search="منطقه ۷")[0]
    made = [issued(desk, title, days_ago=days) for title, days in (("الف", 3), ("ب", 2), ("ج", 1))]
    for d in made:
        dv.distribute(desk.db, desk.clerk, d.info.id, unit_ids=[district.id])
    ws = DirectivesWorkspace(desk.db, desk.clerk)
    shown(qtbot, ws)
    pending = ws.pending_view
    ws.tabs.setCurrentWidget(pending)
    pending.choose_unit(district.id)
    assert len(pending.rows.rows) == 3
    click_row(qtbot, pending.table, 1)
    chosen = pending.table.model().data(pending.table.currentIndex(), Qt.ItemDataRole.UserRole + 1)
    assert chosen is not None

    dv.acknowledge(desk.db, desk.clerk2, chosen.directive_id, district.id, by_name="نرگس امینی")  # another PC
    if how == "button":
        qtbot.mouseClick(pending.refresh_button, Qt.MouseButton.LeftButton)
    else:
        f5(pending)
    rows = pending.rows.rows
    number = selected_row_number(pending.table)
    assert number >= 0 and rows[number].id == chosen.id and rows[number].state is RecipientState.ACKNOWLEDGED
    assert pending.open_button.isEnabled()
