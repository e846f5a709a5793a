"""Progress per inspector of a period (issue 18, item 18), on SQLite and PostgreSQL: each
inspector's units counted by where their forms stand, by name, the units given to nobody
last; an inspector sees their own line only."""

from __future__ import annotations

from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import districts, full_scores, small_template, staff


def test_progress_per_inspector(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    units = districts(db, admin, 5)
    period = ev.open_period(db, people.supervisor, kind="half", year=1404, number=1, template_id=template.id,
                            unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[units[0].id, units[1].id],
                        inspector_id=people.inspector.user_id)
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[units[2].id, units[3].id],
                        inspector_id=people.other_inspector.user_id)
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=units[0].id)
    ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, ["8", "4", "15"]))
    ev.submit_form(db, people.inspector, form.id)
    ev.approve_form(db, people.supervisor, form.id)
    ev.open_form(db, people.other_inspector, period_id=period.id, unit_id=units[2].id)

    lines = ev.inspector_progress(db, people.clerk, period_id=period.id)
    assert [(line.inspector_name, line.summary) for line in lines] == [
        ("حسین کریمی", ev.ProgressSummary(not_started=1, approved=1)),
        ("فاطمه مرادی", ev.ProgressSummary(not_started=1, draft=1)),
        ("", ev.ProgressSummary(not_started=1)),
    ]
    assert lines[-1].inspector_id is None
    mine = ev.inspector_progress(db, people.other_inspector, period_id=period.id)
    assert [(line.inspector_id, line.summary.total) for line in mine] == [(people.other_inspector.user_id, 2)]
