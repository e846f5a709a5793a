"""The units a person follows in the directive register: all active units for the office,
only the assigned ones for an inspector; on SQLite and PostgreSQL."""

from __future__ import annotations

from pr_desk.domain.units import UnitKind
from pr_desk.services import evaluation as ev
from pr_desk.services.directives.follow_up import units_to_follow
from tests.services.evaluation.factories import districts, staff


def test_the_office_follows_every_unit_and_an_inspector_their_own(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    every = units_to_follow(db, people.clerk)
    assert len([u for u in every if u.kind is UnitKind.DISTRICT]) == 22
    assert every[0].code == "D01" and every[0].district == 1  # districts first, in order
    only_districts = units_to_follow(db, people.supervisor, unit_kind=UnitKind.DISTRICT)
    assert {u.kind for u in only_districts} == {UnitKind.DISTRICT} and len(only_districts) == 22

    assert units_to_follow(db, people.inspector) == []  # nothing assigned yet
    chosen = districts(db, admin, 2)
    period = ev.open_period(db, admin, kind="half", year=1405, number=1, unit_ids=[u.id for u in chosen])
    ev.assign_inspector(db, admin, period_id=period.id, unit_ids=[chosen[0].id], inspector_id=people.inspector.user_id)
    assert [u.id for u in units_to_follow(db, people.inspector)] == [chosen[0].id]
