"""The evaluation lists (periods, and the units of a period) sort by every column in the
query: the order follows the column, the reverse is exactly backwards, a missing inspector
or form sorts as empty, and an unknown key is refused; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pr_desk.data.queries.sorting import UnknownSortKey
from pr_desk.domain.evaluation import PeriodKind, Progress
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import districts, full_scores, small_template, staff


def periods_with_units(db, admin):  # type: ignore[no-untyped-def]
    """Three periods; in the newest quarter five units, two with an inspector and a draft form."""
    people = staff(db, admin)
    template = small_template(db, admin)
    units = districts(db, admin, 5)
    for number in (1, 2):
        ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=number, template_id=template.id,
                       unit_ids=[u.id for u in units[:3 + number]])
    ev.open_period(db, people.supervisor, kind=PeriodKind.YEAR, year=1403, template_id=template.id, unit_ids=[units[0].id])
    period = ev.list_periods(db, admin, kind=PeriodKind.QUARTER)[0]  # 1404 Q2, five units
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[units[1].id, units[3].id],
                        inspector_id=people.inspector.user_id)
    for unit, scores in ((units[1], ["8", "5", "15"]), (units[3], ["2", "1", "4"])):
        form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
        ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, scores), expected_version=form.version)
    return period, units


@pytest.fixture
def period_office(office):  # type: ignore[no-untyped-def]
    db, admin = office
    return (db, admin, *periods_with_units(db, admin))


def test_the_units_of_a_period_sort_by_every_column(period_office) -> None:  # type: ignore[no-untyped-def]
    db, admin, period, units = period_office

    def rows(key: str, descending: bool = False) -> list[ev.UnitProgress]:
        return ev.period_progress(db, admin, period_id=period.id, sort_key=key, descending=descending)

    for key in ("unit_code", "unit_name", "kind_label", "inspector_name", "progress_label", "form_number", "total"):
        up = rows(key)
        assert len(up) == 5
        assert [r.unit_id for r in rows(key, True)] == [r.unit_id for r in up][::-1], key
    assert [r.unit_code for r in rows("unit_code")] == sorted(u.code for u in units)
    totals = [r.total for r in rows("total")]
    assert totals[0] is not None and totals[0] < totals[1] and totals[2:] == [None, None, None]  # no form: last
    assert [r.inspector_name for r in rows("inspector_name")][:3] == ["", "", ""]  # nobody assigned: first
    progress = [r.progress for r in rows("progress_label")]
    assert progress == [Progress.NOT_STARTED] * 3 + [Progress.DRAFT] * 2


def test_periods_sort_by_every_column_and_refuse_an_unknown_key(period_office) -> None:  # type: ignore[no-untyped-def]
    db, admin, _period, _units = period_office
    for key in ("label", "kind_label", "status_label", "unit_count", "template_text"):
        up = ev.list_periods(db, admin, sort_key=key)
        assert [p.id for p in ev.list_periods(db, admin, sort_key=key, descending=True)] == [p.id for p in up][::-1], key
    assert [(p.jalali_year, p.number) for p in ev.list_periods(db, admin, sort_key="label")] == [(1403, 1), (1404, 1), (1404, 2)]
    assert [p.kind for p in ev.list_periods(db, admin, sort_key="kind_label")][-1] is PeriodKind.YEAR
    counts = [ev.count_period_units(db, admin, period_id=p.id) for p in ev.list_periods(db, admin, sort_key="unit_count")]
    assert counts == [1, 4, 5]
    with pytest.raises(UnknownSortKey):
        ev.list_periods(db, admin, sort_key="notes")
    with pytest.raises(UnknownSortKey):
        ev.period_progress(db, admin, period_id=_period.id, sort_key="password_hash")
