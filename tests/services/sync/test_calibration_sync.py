"""Calibration across sync (issue 18, item 17): the second inspector's field copy carries the
unit they are asked to score; they fill their calibration form offline, the office merges
it beside the main inspector's form, and the supervisor compares and decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from pr_desk.domain.errors import PermissionDenied
from pr_desk.services import auth, sync
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import PASSWORD, full_scores
from tests.services.sync.support import (
    FieldCopy,
    checkout,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
    refresh,
)


def _checkout_second(world, username: str) -> FieldCopy:  # type: ignore[no-untyped-def]
    from pr_desk.services.setup import open_or_create

    second = next(u for u in ev.period_progress(world.office, world.supervisor, period_id=world.period.id)
                  if u.calibration_inspector_name)
    assert second is not None
    pkg = world.tmp / "checkout-second.prsync"
    inspector = auth.login(world.office, username, PASSWORD)
    sync.export_field_package(world.office, world.supervisor, inspector_id=inspector.user_id, out=pkg)
    joined = sync.join_field_package(pkg, str(world.tmp / "second.sqlite"))
    db = open_or_create(str(world.tmp / "second.sqlite"), create=False).db
    return FieldCopy(db, auth.login(db, username, PASSWORD), joined.replica_id)


def test_the_second_inspector_scores_offline_and_the_office_compares(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    unit = world.units[0]
    second_id = auth.login(world.office, "insp2", PASSWORD).user_id
    ev.request_calibration(world.office, world.supervisor, period_id=world.period.id, unit_id=unit.id, inspector_id=second_id)

    main_laptop = checkout(world, "karimi")
    main = ev.open_form(main_laptop.db, main_laptop.actor, period_id=world.period.id, unit_id=unit.id)
    ev.save_scores(main_laptop.db, main_laptop.actor, main.id, lines=full_scores(main, ["8", "4", "15"]))
    ev.submit_form(main_laptop.db, main_laptop.actor, main.id)
    assert sync.apply_import(world.office, world.supervisor, path=main_laptop.export(tmp_path)).status == "applied"

    laptop = _checkout_second(world, "insp2")
    rows = ev.period_progress(laptop.db, laptop.actor, period_id=world.period.id)
    assert [(r.unit_id, r.calibration) for r in rows] == [(unit.id, True)]
    with pytest.raises(PermissionDenied):  # the main form travelled with the unit, but stays out of reach
        ev.get_form(laptop.db, laptop.actor, main.id)
    mine = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=unit.id)
    assert mine.form.calibration and mine.id != main.id
    ev.save_scores(laptop.db, laptop.actor, mine.id, lines=full_scores(mine, ["3", "4", "16"]))
    ev.submit_form(laptop.db, laptop.actor, mine.id)
    assert sync.apply_import(world.office, world.supervisor, path=laptop.export(tmp_path)).status == "applied"

    seen = ev.get_calibration(world.office, world.supervisor, period_id=world.period.id, unit_id=unit.id)
    assert seen.main_form is not None and seen.main_form.id == main.id
    assert seen.second_form is not None and seen.second_form.id == mine.id and seen.ready
    assert [line.flagged for line in seen.lines] == [True, False, False]
    decided = ev.decide_calibration(world.office, world.supervisor, period_id=world.period.id, unit_id=unit.id,
                                    counted="calibration", reason="بازدید دوم")
    result = ev.unit_result(world.office, world.supervisor, period_id=world.period.id, unit_id=unit.id, include_unapproved=True)
    assert result.form_id == mine.id and result.calibration == "calibration" and decided.counted is not None

    # the decision travels back; the main inspector's copy still keeps out of the other form
    assert refresh(world, main_laptop).status == "applied"
    with pytest.raises(PermissionDenied):
        ev.get_form(main_laptop.db, main_laptop.actor, mine.id)
    main_laptop.db.dispose()
    laptop.db.dispose()
