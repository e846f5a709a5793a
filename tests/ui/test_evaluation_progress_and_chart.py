"""Evaluation, what supervisors asked for (issue 18, item 18), on real widgets: each
period's progress as a bar in the periods list, the clicked period's bar and one bar per
inspector; the ranking chart readable with 46 units (a row each, every name whole, the
chart scrolling to the clicked unit); the form's Approve button greyed for whoever scored
it (item 16)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from pr_desk.domain.evaluation import PeriodKind
from pr_desk.services import evaluation as ev
from pr_desk.ui.evaluation.common import PROGRESS_COLOURS
from tests.databases import fresh_office
from tests.services.evaluation.factories import districts, full_scores, small_template, staff
from tests.ui.test_evaluation_mouse_selection import click_row, shown_workspace


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    people = staff(db, admin)
    template = small_template(db, admin)
    yield db, people, template
    db.dispose()


def _form(db, inspector, supervisor, period, unit, stage: str):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, inspector, period_id=period.id, unit_id=unit.id)
    if stage == "draft":
        return form
    ev.save_scores(db, inspector, form.id, lines=full_scores(form, ["8", "4", "15"]))
    ev.submit_form(db, inspector, form.id)
    if stage == "approved":
        ev.approve_form(db, supervisor, form.id)
    return form


def _periods(db, people, template):  # type: ignore[no-untyped-def]
    units = districts(db, people.admin, 6)
    old = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=1,
                         template_id=template.id, unit_ids=[u.id for u in units[:2]])
    new = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                         template_id=template.id, unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=new.id, unit_ids=[u.id for u in units[:3]],
                        inspector_id=people.inspector.user_id)
    ev.assign_inspector(db, people.supervisor, period_id=new.id, unit_ids=[u.id for u in units[3:5]],
                        inspector_id=people.other_inspector.user_id)
    _form(db, people.inspector, people.supervisor, new, units[0], "approved")
    _form(db, people.inspector, people.supervisor, new, units[1], "submitted")
    _form(db, people.other_inspector, people.supervisor, new, units[3], "draft")
    ev.assign_inspector(db, people.supervisor, period_id=old.id, unit_ids=[units[0].id], inspector_id=people.inspector.user_id)
    _form(db, people.inspector, people.supervisor, old, units[0], "approved")
    return old, new


def _colour_at(widget, x: int, y: int) -> str:  # type: ignore[no-untyped-def]
    return QColor(widget.grab().toImage().pixel(x, y)).name()


def test_each_period_and_each_inspector_has_a_progress_bar(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, people, template = office
    old, new = _periods(db, people, template)
    ws = shown_workspace(qtbot, db, people.supervisor)
    view = ws.periods_view
    table = view.periods_table
    rows = [view.periods_model.row_at(r).id for r in range(view.periods_model.rowCount())]
    for period in (old, new, old):
        click_row(qtbot, table, rows.index(period.id))
        assert view.current_period().id == period.id
        assert view.period_bar.summary == ev.progress_summary(db, people.supervisor, period_id=period.id)
    click_row(qtbot, table, rows.index(new.id))
    assert view.period_bar.summary == ev.ProgressSummary(not_started=3, draft=1, submitted=1, approved=1)
    assert "۱ تأییدشده" in view.period_bar.toolTip()
    bars = view.inspectors_panel.bars
    assert list(bars) == ["حسین کریمی", "فاطمه مرادی", "تعیین‌نشده"] or set(bars) >= {"حسین کریمی", "فاطمه مرادی"}
    assert bars["حسین کریمی"].summary == ev.ProgressSummary(not_started=1, submitted=1, approved=1)
    assert bars["فاطمه مرادی"].summary == ev.ProgressSummary(not_started=1, draft=1)
    assert sum(b.summary.total for b in bars.values()) == 6  # the unassigned unit has its line too

    # The bar in the periods list: in Persian the approved share starts at the right edge of the cell.
    column = view.periods_model.column_index("progress_text")
    cell = table.visualRect(view.periods_model.index(rows.index(new.id), column))
    viewport = table.viewport()
    right_inside = _colour_at(viewport, cell.right() - 8, cell.center().y())
    assert right_inside == PROGRESS_COLOURS["approved"]
    left_inside = _colour_at(viewport, cell.left() + 8, cell.center().y())
    assert left_inside == PROGRESS_COLOURS["not_started"]
    # The inspector's own bar: approved from the right, then submitted, then not started.
    mine = bars["حسین کریمی"]
    qtbot.waitUntil(lambda: mine.isVisible() and mine.width() > 100)  # laid out in the pane
    assert _colour_at(mine, mine.width() - 4, mine.height() // 2) == PROGRESS_COLOURS["approved"]
    assert _colour_at(mine, 4, mine.height() // 2) == PROGRESS_COLOURS["not_started"]


def test_an_inspector_sees_only_their_own_bar(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, people, template = office
    _old, new = _periods(db, people, template)
    ws = shown_workspace(qtbot, db, people.other_inspector)
    view = ws.periods_view
    click_row(qtbot, view.periods_table, 0)
    assert view.current_period().id == new.id
    assert list(view.inspectors_panel.bars) == ["فاطمه مرادی"]
    assert view.inspectors_panel.isHidden()  # the period's bar is theirs already
    assert view.period_bar.summary == ev.ProgressSummary(not_started=1, draft=1)


def test_the_ranking_chart_reads_with_46_units(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from pr_desk.ui.evaluation.charts import BarChart, scrolled

    names = [f"سازمان نوسازی و بهسازی شهر شماره {i}" for i in range(1, 47)]
    parent = QWidget()
    qtbot.addWidget(parent)
    chart = BarChart()
    area = scrolled(chart, parent)
    area.resize(520, 300)
    chart.set_items([(n, Decimal(90) - i) for i, n in enumerate(names)], title="امتیاز کل", selected=names[40])
    parent.show()
    qtbot.waitExposed(parent)
    metrics = chart.fontMetrics()
    assert chart.height() >= 46 * metrics.height()  # a readable row each: the chart grows, the area scrolls
    assert area.verticalScrollBar().maximum() > 0
    longest = max(metrics.horizontalAdvance(n) for n in names)
    assert chart._label_width() >= longest  # every name whole, never elided
    row = chart.row_rect(names[40])
    assert row is not None and row.height() >= metrics.height()
    # A bar row for each unit in order: the 41st row's bar is the selected colour.
    image = chart.grab().toImage()
    y = int(row.center().y())
    found = {QColor(image.pixel(x, y)).name() for x in range(0, chart.width(), 3)}
    assert "#ef6c00" in found


def test_the_results_chart_follows_a_clicked_unit(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.evaluation.results_view import short_name

    db, people, template = office
    units = districts(db, people.admin, 6)
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                            template_id=template.id, unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[u.id for u in units],
                        inspector_id=people.inspector.user_id)
    for unit in units:
        _form(db, people.inspector, people.supervisor, period, unit, "approved")
    ws = shown_workspace(qtbot, db, people.supervisor)
    view = ws.results_view
    ws.tabs.setCurrentWidget(view)
    view.bar_scroll.setFixedHeight(80)  # room for about two rows: the chart must scroll
    qtbot.wait(20)
    last = view.model.rowCount() - 1
    click_row(qtbot, view.table, last)
    name = short_name(view.model.row_at(last).unit_name)
    assert view.bar_chart.selected == name
    row = view.bar_chart.row_rect(name)
    top = view.bar_scroll.verticalScrollBar().value()
    assert top <= row.top() and row.bottom() <= top + view.bar_scroll.viewport().height() + 1


def test_the_form_of_ones_own_scoring_has_approve_greyed(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, people, template = office
    units = districts(db, people.admin, 2)
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                            template_id=template.id, unit_ids=[u.id for u in units])
    form = ev.open_form(db, people.admin, period_id=period.id, unit_id=units[0].id)
    ev.save_scores(db, people.admin, form.id, lines=full_scores(form, ["8", "4", "15"]))
    ev.submit_form(db, people.admin, form.id)
    ws = shown_workspace(qtbot, db, people.admin)
    own = ws.form_editor(period.id, units[0].id)
    assert own.approve_button.isVisible() is False or not own.approve_button.isEnabled()
    assert not own.approve_button.isEnabled() and "خودتان" in own.approve_button.toolTip()
    ws2 = shown_workspace(qtbot, db, people.supervisor)
    other = ws2.form_editor(period.id, units[0].id)
    assert other.approve_button.isEnabled()
    qtbot.mouseClick(other.approve_button, Qt.MouseButton.LeftButton)
    assert ev.get_form(db, people.admin, form.id).status is ev.FormStatus.APPROVED
