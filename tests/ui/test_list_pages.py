"""The list pages as a user meets them: a click on a column header sorts the list by it in
the database (a second click reverses), a column that does not sort leaves the order alone,
and an empty list says what it is and what to do; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from pr_desk.domain.units import UnitKind
from pr_desk.i18n import _
from pr_desk.services import units


def click_header(qtbot: Any, table: QTableView, key: str) -> None:
    """A real mouse click on the header section of column `key`."""
    header = table.horizontalHeader()
    section = table.model().column_index(key)  # type: ignore[attr-defined]
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def column_values(table: QTableView, key: str) -> list[Any]:
    return [getattr(row, key) for row in table.model().rows()]  # type: ignore[attr-defined]


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_units_sort_by_a_header_click_and_reverse_on_the_second(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitsPage

    db, admin = office
    units.add_unit(db, admin, name="سازمان آ", kind=UnitKind.ORGANISATION, code="AAA")
    units.add_unit(db, admin, name="شرکت ب", kind=UnitKind.COMPANY, code="ZZZ")
    page = shown(qtbot, UnitsPage(db, admin))
    assert column_values(page.table, "code")[0] == "D01"  # the list's own order first: districts
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1

    click_header(qtbot, page.table, "code")
    codes = column_values(page.table, "code")
    assert codes[0] == "AAA" and codes[-1] == "ZZZ" and codes == sorted(codes)
    assert page.model.sort_state() == ("code", False)
    assert header.sortIndicatorSection() == page.model.column_index("code")

    click_header(qtbot, page.table, "code")
    assert column_values(page.table, "code") == codes[::-1]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    assert page.select_where(lambda unit: unit.code == "ZZZ")
    click_header(qtbot, page.table, "district")  # another column starts ascending, empty ones last
    assert column_values(page.table, "district") == [*range(1, 23), None, None]
    assert page.current_unit().code == "ZZZ"  # the selected row stays selected through a sort
    assert page.edit_button.isEnabled()
    page.search.setText("D1")  # a filter keeps the chosen order
    page.reload()
    assert column_values(page.table, "district") == list(range(10, 20))


def test_a_column_that_does_not_sort_leaves_the_order_and_the_arrow_alone(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.audit_page import AuditPage

    db, admin = office
    units.add_unit(db, admin, name="سازمان آ", kind=UnitKind.ORGANISATION)
    page = shown(qtbot, AuditPage(db, admin))
    newest_first = column_values(page.table, "seq")
    assert newest_first == sorted(newest_first, reverse=True)
    click_header(qtbot, page.table, "seq")
    assert column_values(page.table, "seq") == newest_first[::-1]
    click_header(qtbot, page.table, "details")
    assert column_values(page.table, "seq") == newest_first[::-1]
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == page.model.column_index("seq")
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_every_sortable_column_of_the_admin_lists_sorts_in_the_query(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.audit_page import AuditPage
    from pr_desk.ui.units_page import UnitsPage
    from pr_desk.ui.users_page import UsersPage

    db, admin = sqlite_office
    for page in (UnitsPage(db, admin), UsersPage(db, admin), AuditPage(db, admin)):
        qtbot.addWidget(page)
        for column in page.model.columns:
            if column.sortable:
                for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                    page.model.set_sort(column.key, order)  # an unknown key would raise here
                    assert page.model.rowCount() > 0


def test_an_empty_list_says_what_it_is_and_what_to_do(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitsPage

    db, admin = sqlite_office
    page = shown(qtbot, UnitsPage(db, admin))
    assert not page.empty_state.isVisible()
    page.search.setText("هیچ‌چیز چنین نامی ندارد")
    page.reload()
    assert page.model.rowCount() == 0 and page.empty_state.isVisible()
    assert page.empty_state.text() == _("Nothing matches the search or the filters. Change or clear them to see more.")
    page.search.clear()
    page.reload()
    assert not page.empty_state.isVisible()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_empty_state_sentences_are_translated(language: str) -> None:
    from pr_desk.i18n import set_language

    set_language(language)
    text = _("Nothing matches the search or the filters. Change or clear them to see more.")
    assert ("هیچ" in text) == (language == "fa")


def test_the_register_sorted_by_number_shows_the_drafts_after_the_numbered(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.services import directives as dv
    from pr_desk.ui.directives.register_page import DirectivesPage
    from tests.ui.test_directives_workspace import Office, issued

    desk = Office(*office)
    kind = dv.ensure_default_kinds(desk.db, desk.clerk)[0]
    dv.create_directive(desk.db, desk.clerk, kind_id=kind.id, title="پیش‌نویس", body="متن")
    numbers = [issued(desk, f"دستور {n}").info.number for n in range(3)]
    page = shown(qtbot, DirectivesPage(desk.db, desk.clerk))
    click_header(qtbot, page.table, "number")
    assert column_values(page.table, "number") == [*numbers, None]
    click_header(qtbot, page.table, "number")
    assert column_values(page.table, "number") == [None, *numbers[::-1]]


def test_the_register_reads_the_stored_tag_texts_once_a_reload(qtbot, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A search reads every stored subject-tag text (to match the tags however they are
    typed): once for the list and its count of a reload, not once each; the same rows."""
    from pr_desk.data.directives import queries
    from pr_desk.services import directives as dv
    from pr_desk.ui.directives.register_page import DirectivesPage
    from tests.ui.test_directives_workspace import Office

    desk = Office(*office)
    kind = dv.ensure_default_kinds(desk.db, desk.clerk)[0]
    for title, tags in (("پوشش رویدادها", "آموزش، شبکه‌های اجتماعی"), ("گزارش سالانه", "رسانه"), ("دیگر", "")):
        dv.create_directive(desk.db, desk.clerk, kind_id=kind.id, title=title, tags=tags, body="متن")
    real = queries.tag_texts
    reads: list[int] = []
    monkeypatch.setattr(queries, "tag_texts", lambda session: reads.append(1) or real(session))
    page = shown(qtbot, DirectivesPage(desk.db, desk.clerk))
    assert reads == []  # no search: the tags are not read
    page.search.setText("اموزش")
    assert page.reload() and [r.title for r in page.model.rows()] == ["پوشش رویدادها"] and page.model.total_count() == 1
    assert len(reads) == 1
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)  # a refresh reads them again, once
    assert len(reads) == 2 and page.model.total_count() == 1
    page.search.setText("شبکه های")
    assert page.reload() and [r.title for r in page.model.rows()] == ["پوشش رویدادها"] and len(reads) == 3
    # the prepared search finds what the text does
    for text in ("رسانه", "اموزش", "سالانه", "هیچ"):
        prepared = dv.prepare_search(desk.db, desk.clerk, text)
        assert [d.id for d in dv.list_directives(desk.db, desk.clerk, search=prepared)] == \
            [d.id for d in dv.list_directives(desk.db, desk.clerk, search=text)], text
        assert dv.count_directives(desk.db, desk.clerk, search=prepared) == dv.count_directives(desk.db, desk.clerk, search=text)
