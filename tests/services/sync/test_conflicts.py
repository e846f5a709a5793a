"""The merge rules at the office (SYNC.md §6.8), each on SQLite and PostgreSQL: different
fields merge, the same field changed both ways is a conflict with its base, identical
edits are not, delete vs edit is, field groups conflict as one, approved forms are
locked; decisions and undo. Edits are made with plain SQL on purpose: the triggers
capture them like any other write."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from pr_desk.data.engine import Database
from pr_desk.data.sync import registry
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


def sql_update(db: Database, tbl: str, pk: uuid.UUID, **values: Any) -> None:
    t = registry.table(tbl)
    with db.engine.begin() as conn:
        assert conn.execute(update(t).where(t.c.id == pk).values(**values)).rowcount == 1


def sql_delete(db: Database, tbl: str, pk: uuid.UUID) -> None:
    t = registry.table(tbl)
    with db.engine.begin() as conn:
        conn.execute(delete(t).where(t.c.id == pk))


def value(db: Database, tbl: str, pk: uuid.UUID, col: str) -> Any:
    t = registry.table(tbl)
    with db.engine.connect() as conn:
        return conn.execute(select(t.c[col]).where(t.c.id == pk)).scalar()


def scores(db: Database, form_id: uuid.UUID) -> list[uuid.UUID]:
    t = registry.table("evaluation_score")
    with db.engine.connect() as conn:
        return list(conn.execute(select(t.c.id).where(t.c.form_id == form_id).order_by(t.c.id)).scalars())


@pytest.fixture
def scene(office, tmp_path: Path):  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    detail = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[0].id)
    detail = ev.save_scores(world.office, world.inspector, detail.form.id, lines=full_scores(detail, ["5", "2", "10"]))
    ev.save_field_visit(world.office, world.inspector, detail.form.id, visited_on="1404/04/01", findings="اول")
    laptop = checkout(world, "k")
    yield world, laptop, ev.get_form(world.office, world.supervisor, detail.form.id)
    laptop.db.dispose()


def _import(world, laptop, tmp: Path, **kw):  # type: ignore[no-untyped-def]
    return sync.apply_import(world.office, world.supervisor, path=laptop.export(tmp), **kw)


def test_same_field_both_sides_is_a_conflict_with_its_base(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    line = scores(world.office, form.form.id)[0]
    sql_update(laptop.db, "evaluation_score", line, inspector_score=Decimal("9"))
    sql_update(world.office, "evaluation_score", line, inspector_score=Decimal("2"))
    preview = sync.preview_import(world.office, world.supervisor, path=laptop.export(tmp_path))
    [c] = preview.conflicts
    assert (c.kind, c.fields) == ("update_update", ("inspector_score",))
    assert (c.base, c.office, c.field) == ({"inspector_score": "5"}, {"inspector_score": "2"}, {"inspector_score": "9"})
    receipt = _import(world, laptop, tmp_path)
    assert receipt.open_conflicts == 1
    assert value(world.office, "evaluation_score", line, "inspector_score") == Decimal("2")  # office value stands
    [queued] = sync.list_conflicts(world.office, world.supervisor)
    assert queued.field == {"inspector_score": "9"} and queued.base == {"inspector_score": "5"}
    sync.decide_conflict(world.office, world.supervisor, queued.conflict_id, choice="field")
    assert value(world.office, "evaluation_score", line, "inspector_score") == Decimal("9")
    assert sync.list_conflicts(world.office, world.supervisor) == []
    # the decision reaches the copy with the next field package
    refresh(world, laptop)
    assert value(laptop.db, "evaluation_score", line, "inspector_score") == Decimal("9")


def test_different_fields_of_one_row_merge_and_identical_edits_are_no_conflict(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    a, b = scores(world.office, form.form.id)[0], scores(world.office, form.form.id)[1]
    sql_update(laptop.db, "evaluation_score", a, evidence_note="از میدان")
    sql_update(world.office, "evaluation_score", a, inspector_score=Decimal("7"))
    sql_update(laptop.db, "evaluation_score", b, inspector_score=Decimal("3"))
    sql_update(world.office, "evaluation_score", b, inspector_score=Decimal("3.00"))
    receipt = _import(world, laptop, tmp_path)
    assert receipt.conflicts == 0 and receipt.changed == 1
    assert value(world.office, "evaluation_score", a, "evidence_note") == "از میدان"
    assert value(world.office, "evaluation_score", a, "inspector_score") == Decimal("7")


def test_delete_against_edit_is_a_conflict_both_ways(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    visit = form.visits[0].id
    sql_delete(laptop.db, "evaluation_field_visit", visit)
    sql_update(world.office, "evaluation_field_visit", visit, findings="اصلاح دفتر")
    a = scores(world.office, form.form.id)[2]
    sql_update(laptop.db, "evaluation_score", a, evidence_note="میدان")
    sql_delete(world.office, "evaluation_score", a)
    receipt = _import(world, laptop, tmp_path)
    kinds = sorted(c.kind for c in sync.list_conflicts(world.office, world.supervisor))
    assert kinds == ["delete_vs_update", "update_vs_delete"] and receipt.deleted == 0
    assert value(world.office, "evaluation_field_visit", visit, "findings") == "اصلاح دفتر"


def test_soft_delete_against_edit_is_a_conflict(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    visit = form.visits[0].id
    ev.remove_field_visit(laptop.db, laptop.actor, visit)
    sql_update(world.office, "evaluation_field_visit", visit, findings="اصلاح دفتر")
    _import(world, laptop, tmp_path)
    [c] = sync.list_conflicts(world.office, world.supervisor)
    assert c.kind == "delete_vs_update" and value(world.office, "evaluation_field_visit", visit, "deleted_at") is None


def test_field_group_conflicts_as_one(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    fid = form.form.id
    sql_update(laptop.db, "evaluation_form", fid, grade="عالی")
    sql_update(world.office, "evaluation_form", fid, total=Decimal("61.5"))
    _import(world, laptop, tmp_path)
    [c] = sync.list_conflicts(world.office, world.supervisor)
    assert c.fields == ("self_total", "total", "grade") and c.field["grade"] == "عالی" and c.office["total"] == "61.5"
    assert value(world.office, "evaluation_form", fid, "grade") != "عالی"  # no half-merged group


def test_approved_forms_cannot_be_changed_from_the_field(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    line = scores(world.office, form.form.id)[0]
    sql_update(world.office, "evaluation_form", form.form.id, status="approved")
    sql_update(laptop.db, "evaluation_score", line, inspector_score=Decimal("10"))
    receipt = _import(world, laptop, tmp_path)
    [c] = sync.list_conflicts(world.office, world.supervisor)
    assert c.kind == "approved" and receipt.changed == 0
    assert value(world.office, "evaluation_score", line, "inspector_score") == Decimal("5")


def test_decisions_given_at_import_and_typed_values(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    a, b = scores(world.office, form.form.id)[0], scores(world.office, form.form.id)[1]
    for pk, mine, theirs in ((a, "9", "2"), (b, "4", "1")):
        sql_update(laptop.db, "evaluation_score", pk, inspector_score=Decimal(mine))
        sql_update(world.office, "evaluation_score", pk, inspector_score=Decimal(theirs))
    package = laptop.export(tmp_path)
    keys = [c.key for c in sync.preview_import(world.office, world.supervisor, path=package).conflicts]
    receipt = sync.apply_import(world.office, world.supervisor, path=package,
                                decisions={keys[0]: {"inspector_score": Decimal("6")}})
    assert receipt.conflicts == 2 and receipt.decided == 1 and receipt.open_conflicts == 1
    assert {value(world.office, "evaluation_score", pk, "inspector_score") for pk in (a, b)} == {Decimal("6"), Decimal("1")}


def test_undo_last_import_while_nothing_changed_on_top(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, laptop, form = scene
    before = digest(world.office)
    sql_update(laptop.db, "evaluation_score", scores(world.office, form.form.id)[0], evidence_note="x")
    ev.save_field_visit(laptop.db, laptop.actor, form.form.id, visited_on="1404/04/20", findings="دوم")
    package = laptop.export(tmp_path)
    sync.apply_import(world.office, world.supervisor, path=package)
    assert len(ev.get_form(world.office, world.supervisor, form.form.id).visits) == 2
    sync.undo_last_import(world.office, world.supervisor)
    assert len(ev.get_form(world.office, world.supervisor, form.form.id).visits) == 1
    assert value(world.office, "evaluation_score", scores(world.office, form.form.id)[0], "evidence_note") != "x"
    assert digest(world.office) != before  # the undo is itself logged (audit, change log)
    # it can be imported again, and then not undone once something changed on top
    assert sync.apply_import(world.office, world.supervisor, path=package).status == "applied"
    ev.save_field_visit(world.office, world.inspector, form.form.id, visited_on="1404/04/21", findings="دفتر")
    with pytest.raises(sync.UserError):
        sync.undo_last_import(world.office, world.supervisor)


def test_an_undone_import_with_a_conflict_can_be_imported_again(scene, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Regression: the conflict of the undone import used to block the same change
    arriving again (one row per change and field), so the import failed."""
    world, laptop, form = scene
    line = scores(world.office, form.form.id)[0]
    sql_update(laptop.db, "evaluation_score", line, evidence_note="میدان")
    sql_update(world.office, "evaluation_score", line, evidence_note="دفتر")
    package = laptop.export(tmp_path)
    assert sync.apply_import(world.office, world.supervisor, path=package).conflicts == 1
    sync.undo_last_import(world.office, world.supervisor)
    assert sync.list_conflicts(world.office, world.supervisor) == []  # the undone import's conflict is no longer open
    again = sync.apply_import(world.office, world.supervisor, path=package)
    assert again.status == "applied" and again.conflicts == 1
    [conflict] = sync.list_conflicts(world.office, world.supervisor)
    assert conflict.office == {"evidence_note": "دفتر"} or conflict.office["evidence_note"] == "دفتر"
    sync.decide_conflict(world.office, world.supervisor, conflict.conflict_id, choice="field")
    assert value(world.office, "evaluation_score", line, "evidence_note") == "میدان"
