"""Office -> field copy -> offline edits -> return file -> office, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pr_desk.services import evaluation as ev
from pr_desk.services import sync
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    digest,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
    refresh,
)


def test_round_trip_office_field_office(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    laptop = checkout(world, "karimi")
    # the field copy holds the inspector's units, and no meeting-queue data
    assert laptop.db.engine.dialect.name == "sqlite"
    form = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[0].id)
    assert form.form.number.startswith("EVB-")  # the copy's own prefix
    ev.save_scores(laptop.db, laptop.actor, form.form.id, lines=full_scores(form, ["8", "4", "15"]))
    ev.save_field_visit(laptop.db, laptop.actor, form.form.id, visited_on="1404/04/10", findings="تابلو اعلانات به‌روز است")
    # the office works meanwhile and numbers its own form
    office_form = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[1].id)
    assert office_form.form.number.startswith("EVA-")

    package = laptop.export(tmp_path)
    preview = sync.preview_import(world.office, world.supervisor, path=package)
    assert preview.status == "apply" and preview.new >= 5 and preview.conflicts == ()
    receipt = sync.apply_import(world.office, world.supervisor, path=package)
    assert receipt.status == "applied" and receipt.new == preview.new and receipt.open_conflicts == 0
    at_office = ev.get_form(world.office, world.supervisor, form.form.id)
    assert at_office.form.number == form.form.number and at_office.form.total is not None
    assert [v.findings for v in at_office.visits] == ["تابلو اعلانات به‌روز است"]
    assert Decimal(at_office.form.total) == Decimal(ev.get_form(laptop.db, laptop.actor, form.form.id).form.total)

    # the same package again changes nothing
    before = digest(world.office)
    again = sync.apply_import(world.office, world.supervisor, path=package)
    assert again.status == "already_imported" and digest(world.office) == before

    # going out again: the copy receives the office's form, keeps its own
    r = refresh(world, laptop)
    assert r.status == "applied"
    assert ev.get_form(laptop.db, laptop.actor, office_form.form.id).form.number == office_form.form.number
    laptop.db.dispose()
