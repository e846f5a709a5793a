"""Objective measures on screen, driven with the mouse: the administrator binds an indicator
to a measure in the template editor (a template in use keeps its version); the inspector
sees the figure and the suggested score on the form, clicks "Use suggested", then keeps
their own score with a reason typed into the reason dialog; a field copy says in one
sentence that the figures are computed at the office."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from pr_desk.domain.evaluation import PeriodKind
from pr_desk.domain.measures import OFFICE_ONLY, Measure
from pr_desk.i18n import _
from pr_desk.services import directives as dv
from pr_desk.services import evaluation as ev
from pr_desk.services.evaluation import measures as em
from pr_desk.ui.evaluation.common import find_data
from pr_desk.ui.evaluation.score_model import INSPECTOR
from pr_desk.ui.evaluation.templates_dialog import MEASURE, WEIGHT, TemplatesDialog
from tests.databases import fresh_office
from tests.services.evaluation.factories import districts, small_template, staff
from tests.services.evaluation.test_measures import _issued


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    people = staff(db, admin)
    template = small_template(db, admin)
    yield db, people, template
    db.dispose()


def shown(qtbot, widget, *, own: bool = True):  # type: ignore[no-untyped-def]
    if own:  # not a child of a widget the test already holds
        qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key by key, as a Persian keyboard sends them (QTest.keyClicks knows only ASCII)."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def click_index(qtbot, view, index) -> None:  # type: ignore[no-untyped-def]
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def period_with_directives(db, people, template):  # type: ignore[no-untyped-def]
    """1405 Q2 with one district assigned to the inspector; two directives communicated to
    it in the period, one acknowledged in time, one never: 50 %."""
    unit = districts(db, people.admin, 1)[0]
    for n, acked in enumerate((True, False)):
        d = _issued(db, people, f"دستورالعمل {n}", dt.date(2026, 6, 1))
        dv.distribute(db, people.clerk, d.info.id, unit_ids=[unit.id], communicated_on=dt.date(2026, 7, 1))
        if acked:
            dv.acknowledge(db, people.clerk, d.info.id, unit.id, by_name="زهرا کاظمی", on=dt.date(2026, 7, 2))
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1405, number=2, template_id=template.id,
                            unit_ids=[unit.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[unit.id], inspector_id=people.inspector.user_id)
    return period, unit


def test_the_template_editor_binds_a_measure_without_a_new_version(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period_with_directives(db, people, template)  # the template is in use
    dialog = shown(qtbot, TemplatesDialog(db, people.admin))
    dialog.fill(select_id=template.id)
    assert not dialog.measure_choice.isEnabled()  # no indicator chosen yet
    second = dialog.model.item(0, 0).child(1, 0)  # "پایش رسانه", maximum 5
    click_index(qtbot, dialog.tree, second.index())
    assert dialog.measure_choice.isEnabled() and dialog.measure_choice.currentData() is None
    dialog.measure_choice.setCurrentIndex(find_data(dialog.measure_choice, Measure.DIRECTIVES_ACKNOWLEDGED.value))
    assert dialog.model.item(0, 0).child(1, MEASURE).text() == "دستورالعمل‌های وصول‌شده در مهلت (٪)"
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.save_button)
    assert no_modal_boxes[-1] == _("The objective measures were saved; the forms of this template show their figures from now on.")
    assert [t.id for t in ev.list_templates(db, people.admin)] == [template.id]  # same version
    assert em.template_measures(db, people.admin, template.id) == {template.axes[0].indicators[1].id: Measure.DIRECTIVES_ACKNOWLEDGED}
    assert not dialog.save_button.isEnabled()
    # a weight changed too: a new version, and the measure goes with its indicator
    click_index(qtbot, dialog.tree, dialog.model.item(1, 0).child(0, 0).index())
    dialog.measure_choice.setCurrentIndex(find_data(dialog.measure_choice, Measure.ORDERS_CLOSED.value))
    dialog.model.item(0, 0).child(0, WEIGHT).setText("۷")
    click(qtbot, dialog.save_button)
    newer = ev.list_templates(db, people.admin)[0]
    assert newer.id != template.id
    bound = em.template_measures(db, people.admin, newer.id)
    assert [bound.get(i.id) for i in newer.indicators] == [None, Measure.DIRECTIVES_ACKNOWLEDGED, Measure.ORDERS_CLOSED]
    # loaded again: the combo follows the selected indicator
    click_index(qtbot, dialog.tree, dialog.model.item(0, 0).child(1, 0).index())
    assert dialog.measure_choice.currentData() == Measure.DIRECTIVES_ACKNOWLEDGED.value


def test_the_inspector_uses_the_suggestion_then_keeps_their_own_with_a_reason(qtbot, office, no_modal_boxes) -> None:
    db, people, template = office
    period, unit = period_with_directives(db, people, template)
    media = template.axes[0].indicators[1]  # maximum 5
    em.bind_measure(db, people.admin, media.id, Measure.DIRECTIVES_ACKNOWLEDGED)
    from pr_desk.ui.evaluation import EvaluationWorkspace

    ws = EvaluationWorkspace(db, people.inspector)
    qtbot.addWidget(ws)
    editor = ws.form_editor(period.id, unit.id)
    assert editor is not None
    shown(qtbot, editor, own=False)
    panel = editor.measures_panel
    assert panel.isVisible() and panel.model.rowCount() == 1
    cells = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    assert cells[:5] == ["پایش رسانه", "دستورالعمل‌های وصول‌شده در مهلت (٪)", "۵۰٫۰۰٪", "۲٫۵۰", "—"]
    assert cells[5] == _("Not decided")
    assert not panel.use_button.isEnabled()  # no row chosen
    click_index(qtbot, panel.table, panel.model.index(0, 0))
    assert panel.use_button.isEnabled() and panel.keep_button.isEnabled()
    with qtbot.waitSignal(editor.changed):
        click(qtbot, panel.use_button)
    row = next(r for r in range(editor.model.rowCount()) if editor.model.indicator_at(r) and editor.model.indicator_at(r).indicator_id == media.id)
    assert editor.model.index(row, INSPECTOR).data() == "۲٫۵۰"
    stored = ev.get_form(db, people.inspector, editor.detail.id)
    assert next(x for x in stored.lines if x.indicator_id == media.id).inspector_score == Decimal("2.50")
    assert panel.model.index(0, 5).data() == _("Suggested score used")

    # The inspector types their own score (not yet saved) and keeps it with a reason.
    editor.set_score(row, INSPECTOR, "۴")
    click_index(qtbot, panel.table, panel.model.index(0, 0))
    click(qtbot, panel.keep_button)  # pending edits are saved first, then the reason is asked
    dialog = panel.reason_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no reason yet
    assert "۲٫۵۰" in dialog.intro.text() and "۴٫۰۰" in dialog.intro.text()
    type_text(qtbot, dialog.text, "نامه وصول دستورالعمل دوم در دبیرخانه منطقه موجود است")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(editor.changed):
        click(qtbot, dialog.ok_button)
    stored = ev.get_form(db, people.inspector, editor.detail.id)
    assert next(x for x in stored.lines if x.indicator_id == media.id).inspector_score == Decimal("4.00")
    line = em.form_measures(db, people.inspector, stored.id).lines[0]
    assert line.accepted is False and line.decided_score == Decimal("4.00")
    assert line.reason == "نامه وصول دستورالعمل دوم در دبیرخانه منطقه موجود است"
    assert panel.model.index(0, 5).data() == _("Own score kept: {reason}").format(reason=line.reason)
    assert not editor.is_dirty()


def test_a_form_on_a_field_copy_says_the_figures_are_computed_at_the_office(qtbot, tmp_path: Path, no_modal_boxes) -> None:
    from pr_desk.ui.evaluation.form_editor import FormEditor
    from tests.services.sync.support import checkout, make_world

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    try:
        w = make_world((db, admin), tmp_path)
        template = ev.get_template(db, admin, w.period.template_id)
        em.bind_measure(db, admin, template.indicators[0].id, Measure.ORDERS_CLOSED)
        form = ev.open_form(db, w.inspector, period_id=w.period.id, unit_id=w.units[0].id)
        copy = checkout(w, "laptop")
        try:
            editor = shown(qtbot, FormEditor(copy.db, copy.actor, ev.get_form(copy.db, copy.actor, form.id)))
            panel = editor.measures_panel
            assert panel.isVisible() and panel.note.text() == _(OFFICE_ONLY)
            assert not panel.table.isVisible() and not panel.use_button.isVisible()
            editor.set_score(0, INSPECTOR, "۶")
            assert editor.save() is True  # the form itself works as before
            editor.close()
        finally:
            copy.db.dispose()
    finally:
        db.dispose()
