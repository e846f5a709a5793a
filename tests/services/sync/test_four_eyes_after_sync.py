"""Four eyes across sync (issue 18, item 16): a form scored on an inspector's laptop keeps
its scorer when the supervisor imports the return file, so the supervisor who imported it
may still approve it, and the inspector's scoring still counts as theirs. Also a second
round trip where the form is returned, corrected offline and approved."""

from __future__ import annotations

from pathlib import Path

from pr_desk.services import evaluation as ev
from pr_desk.services import sync
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
    refresh,
)


def test_the_importing_supervisor_is_not_a_scorer(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    laptop = checkout(world, "karimi")
    form = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(laptop.db, laptop.actor, form.form.id, lines=full_scores(form, ["8", "4", "15"]))
    ev.submit_form(laptop.db, laptop.actor, form.form.id)
    receipt = sync.apply_import(world.office, world.supervisor, path=laptop.export(tmp_path))
    assert receipt.status == "applied"

    at_office = ev.get_form(world.office, world.supervisor, form.form.id)
    assert at_office.scored_by == frozenset({world.inspector.user_id})
    returned = ev.return_form(world.office, world.supervisor, form.form.id, comments="مستندات کامل شود")
    assert returned.status is ev.FormStatus.RETURNED

    # back to the field: corrected and sent again, then approved by the same supervisor
    assert refresh(world, laptop).status == "applied"
    again = ev.get_form(laptop.db, laptop.actor, form.form.id)
    ev.save_scores(laptop.db, laptop.actor, again.id, lines=[ev.ScoreInput(again.lines[1].indicator_id, "5", "5", "پیوست")])
    ev.submit_form(laptop.db, laptop.actor, again.id)
    assert sync.apply_import(world.office, world.supervisor, path=laptop.export(tmp_path)).status == "applied"
    approved = ev.approve_form(world.office, world.supervisor, form.form.id)
    assert approved.status is ev.FormStatus.APPROVED and approved.scored_by == frozenset({world.inspector.user_id})
