"""Names on screen in Persian alphabetical order, not by code point (پ چ ژ ک گ came after و,
ه before و): the units list sorted by a click on its name header (SQLite and PostgreSQL),
the meeting day's unit combo (the database's order), and the inspectors' combos of the
periods view and the field-package dialog (sorted in Python)."""

from __future__ import annotations

from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitKind
from pr_desk.services import units, users
from tests.ui.events.test_calendar_workspace import shot
from tests.ui.test_list_pages import click_header, column_values, shown

NAMES = ("بهرام", "پرویز", "تقی", "جواد", "چنگیز", "حسن", "زهرا", "ژاله", "سارا", "کامران", "گلاره", "لیلا",
         "وحید", "هادی", "یاسر")  # in alphabet order
SHUFFLED = ("هادی", "گلاره", "تقی", "وحید", "پرویز", "ژاله", "یاسر", "کامران", "بهرام", "چنگیز", "لیلا", "سارا",
            "حسن", "جواد", "زهرا")


def _add_units(db, admin) -> None:  # type: ignore[no-untyped-def]
    for i, name in enumerate(SHUFFLED):
        units.add_unit(db, admin, name=f"شرکت {name}", kind=UnitKind.COMPANY, code=f"C{i:02d}")


def test_a_click_on_the_name_header_lists_the_units_in_alphabet_order(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitsPage

    db, admin = office
    _add_units(db, admin)
    page = shown(qtbot, UnitsPage(db, admin))
    page.search.setText("شرکت")
    page.reload()
    click_header(qtbot, page.table, "name")
    assert page.model.sort_state() == ("name", False)
    names = column_values(page.table, "name")
    assert names.index("شرکت پرویز") < names.index("شرکت تقی")  # پ before ت, not after ی
    assert names == [f"شرکت {n}" for n in NAMES]
    shot(page, f"units-by-name-{db.engine.dialect.name}")
    click_header(qtbot, page.table, "name")
    assert column_values(page.table, "name") == [f"شرکت {n}" for n in reversed(NAMES)]


def test_the_meeting_days_unit_combo_lists_the_units_in_alphabet_order(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.docket_view import DocketView

    db, admin = sqlite_office
    _add_units(db, admin)
    view = shown(qtbot, DocketView(db, admin))
    listed = [view.unit.itemText(i) for i in range(view.unit.count())]
    ours = [n for n in listed if n.startswith("شرکت ")]
    assert ours == [f"شرکت {n}" for n in NAMES]  # the companies, after the districts and organisations


def _add_inspectors(db, admin) -> None:  # type: ignore[no-untyped-def]
    for i, name in enumerate(SHUFFLED):
        users.add_user(db, admin, username=f"insp{i}", display_name=f"{name} نوری", role=Role.INSPECTOR, password="insp-pass-1405")


def test_the_inspector_combos_list_people_in_alphabet_order(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.evaluation.periods_view import PeriodsView
    from pr_desk.ui.sync.export_dialog import ExportDialog

    db, admin = sqlite_office
    _add_inspectors(db, admin)
    expected = [f"{n} نوری" for n in NAMES]
    view = shown(qtbot, PeriodsView(db, admin))
    combo = view.inspector_combo
    assert [combo.itemText(i) for i in range(1, combo.count())] == expected  # after "nobody"
    dialog = ExportDialog(db, admin)
    qtbot.addWidget(dialog)
    assert [dialog.inspector.itemData(i).display_name for i in range(dialog.inspector.count())] == expected
