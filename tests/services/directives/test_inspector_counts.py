"""An inspector's register counts only the units assigned to them: "acknowledged of
recipients" in the list, a found number, a directive's window and the matrix agree with
what the inspector can open; the office still counts every unit. SQLite and PostgreSQL."""

from __future__ import annotations

from pr_desk.services import directives as dv
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import districts, staff


def test_the_inspector_counts_only_their_units(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title="دستورالعمل پوشش خبری", body="ماده ۱")
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    d = dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    chosen = districts(db, admin, 22)
    dv.distribute(db, people.clerk, d.info.id, all_districts=True)
    # three units acknowledged: one of the inspector's two, and two others
    for unit in (chosen[0], chosen[5], chosen[6]):
        dv.acknowledge(db, people.clerk, d.info.id, unit.id, by_name="رضا محمدی", by_post="مسئول روابط عمومی")
    period = ev.open_period(db, admin, kind="half", year=1405, number=1, unit_ids=[u.id for u in chosen])
    ev.assign_inspector(db, admin, period_id=period.id, unit_ids=[chosen[0].id, chosen[1].id],
                        inspector_id=people.inspector.user_id)

    office_row = dv.list_directives(db, people.clerk)[0]
    assert (office_row.acknowledged, office_row.recipients) == (3, 22)
    [row] = dv.list_directives(db, people.inspector)
    assert (row.acknowledged, row.recipients) == (1, 2)
    found = dv.find_by_number(db, people.inspector, d.info.number or "")
    assert (found.acknowledged, found.recipients) == (1, 2)
    detail = dv.get_directive(db, people.inspector, d.info.id)
    assert (detail.info.acknowledged, detail.info.recipients) == (1, 2)
    page = dv.matrix(db, people.inspector)
    assert len(page.units) == 2 and (page.directives[0].acknowledged, page.directives[0].recipients) == (1, 2)
    assert (dv.get_directive(db, people.supervisor, d.info.id).info.recipients) == 22
