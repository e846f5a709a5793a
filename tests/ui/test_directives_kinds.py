"""The kinds dialog from the register page, driven by mouse clicks: a supervisor lists the
kinds with their prefixes, adds one, renames one, retires and restores it; a kind already
used keeps its prefix and the services' refusal shows beside the prefix field; a clerk and
an inspector have no "Kinds…" button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.text import to_persian_digits
from pr_desk.i18n import _
from pr_desk.services import directives as dv
from pr_desk.ui.directives.kinds_dialog import KindDialog, KindsDialog
from tests.ui import test_directives_workspace as tdw
from tests.ui.test_directives_workspace import Office, click, issued, type_text, workspace

office = tdw.office  # the same fixtures as the workspace's tests
boxes = tdw.boxes


def row_of(dialog: KindsDialog, name: str) -> int:
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    return names.index(name)


def click_row(qtbot: Any, dialog: KindsDialog, name: str) -> None:
    table = dialog.table
    rect = table.visualItemRect(table.item(row_of(dialog, name), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.current() is not None and dialog.current().name == name  # type: ignore[union-attr]


@pytest.fixture
def kind_form(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> list[Callable[[KindDialog], None]]:
    """Each KindDialog opened runs the next queued step (typing and clicks) instead of blocking."""
    steps: list[Callable[[KindDialog], None]] = []

    def run(self: KindDialog) -> int:
        self.show()
        qtbot.waitExposed(self)
        steps.pop(0)(self)
        return int(self.result())

    monkeypatch.setattr(KindDialog, "exec", run)
    return steps


def open_kinds(qtbot: Any, office: Office, monkeypatch: pytest.MonkeyPatch, steps: Callable[[KindsDialog], None]) -> Any:
    """Clicks "Kinds…" on a supervisor's register page; `steps` drive the dialog while it is open."""
    ws = workspace(qtbot, office, office.supervisor)
    page = ws.register_page

    def run(self: KindsDialog) -> int:
        self.show()
        qtbot.waitExposed(self)
        steps(self)
        self.close()
        return 0

    monkeypatch.setattr(KindsDialog, "exec", run)
    click(qtbot, page.kinds_button)
    return page


def test_a_supervisor_adds_renames_retires_and_restores_a_kind(qtbot, office, boxes, kind_form, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dv.ensure_default_kinds(office.db, office.supervisor)
    page = open_kinds(qtbot, office, monkeypatch, lambda dialog: steps(qtbot, office, kind_form, dialog))
    kinds = [page.kind_filter.itemText(i) for i in range(page.kind_filter.count())]
    assert "دستور داخلی" in kinds


def steps(qtbot: Any, office: Office, kind_form: list[Callable[[KindDialog], None]], dialog: KindsDialog) -> None:
    assert dialog.table.rowCount() == 5
    assert dialog.table.item(row_of(dialog, "بخشنامه"), 1).text() == "ب"

    def add(form: KindDialog) -> None:
        type_text(qtbot, form.name_edit, "دستور اداری")
        type_text(qtbot, form.prefix_edit, "ب")  # taken by بخشنامه
        click(qtbot, form.ok_button)
        assert form.isVisible()
        assert form.fields["prefix"].error() == _("Another kind already uses the prefix {prefix}.").format(prefix="ب")
        form.prefix_edit.clear()
        type_text(qtbot, form.prefix_edit, "دا")
        click(qtbot, form.ok_button)
        assert not form.isVisible()

    kind_form.append(add)
    click(qtbot, dialog.add_button)
    assert dialog.changed
    assert dialog.table.item(row_of(dialog, "دستور اداری"), 1).text() == "دا"
    assert dialog.current() is not None and dialog.current().name == "دستور اداری"  # type: ignore[union-attr]

    def rename(form: KindDialog) -> None:
        assert form.name_edit.text() == "دستور اداری"
        form.name_edit.clear()
        type_text(qtbot, form.name_edit, "دستور داخلی")
        click(qtbot, form.ok_button)

    kind_form.append(rename)
    click(qtbot, dialog.rename_button)
    assert [k.prefix for k in dv.list_kinds(office.db, office.supervisor) if k.name == "دستور داخلی"] == ["دا"]

    click_row(qtbot, dialog, "دستور داخلی")
    assert dialog.retire_button.text() == _("Retire kind")
    click(qtbot, dialog.retire_button)
    assert "دستور داخلی" not in [k.name for k in dv.list_kinds(office.db, office.supervisor)]
    assert dialog.table.item(row_of(dialog, "دستور داخلی"), 2).text() == _("Retired")
    assert dialog.retire_button.text() == _("Restore kind")
    click(qtbot, dialog.retire_button)
    assert "دستور داخلی" in [k.name for k in dv.list_kinds(office.db, office.supervisor)]


def test_a_kind_already_used_keeps_its_prefix(qtbot, office, boxes, kind_form, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = issued(office, "دستورالعمل صادرشده")
    refused: list[str | None] = []
    seen: list[KindsDialog] = []

    def change_prefix(form: KindDialog) -> None:
        form.prefix_edit.clear()
        type_text(qtbot, form.prefix_edit, "دس")
        click(qtbot, form.ok_button)
        refused.append(form.fields["prefix"].error())
        assert form.isVisible()
        click(qtbot, form.buttons.button(form.buttons.StandardButton.Cancel))

    def rename(dialog: KindsDialog) -> None:
        seen.append(dialog)
        click_row(qtbot, dialog, "دستورالعمل")
        kind_form.append(change_prefix)
        click(qtbot, dialog.rename_button)
        assert dialog.table.item(row_of(dialog, "دستورالعمل"), 1).text() == to_persian_digits("د")

    open_kinds(qtbot, office, monkeypatch, rename)
    dialog = seen[0]
    assert refused == [_("This kind is used by directives, so its prefix stays {prefix}.").format(prefix="د")]
    assert not dialog.changed
    assert dv.get_directive(office.db, office.supervisor, d.info.id).info.number.startswith("د/")


def test_only_those_who_approve_see_the_kinds_button(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    for actor, visible in ((office.clerk, False), (office.inspector, False), (office.supervisor, True), (office.admin, True)):
        ws = workspace(qtbot, office, actor)
        assert ws.register_page.kinds_button.isVisible() is visible
