"""Migration 0010 (evaluation calibration) on SQLite and PostgreSQL: a database of 0009 with
evaluation data upgrades, its rows keep their meaning (every assignment and form is a main
one), the capture triggers carry the new columns, and the services work on it."""

from __future__ import annotations

from sqlalchemy import inspect, text

from pr_desk.data.schema import alembic_config
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import districts, full_scores, small_template, staff


def _columns(db, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def test_a_database_of_0009_with_forms_upgrades_to_calibration(office) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from pr_desk.data.sync import triggers

    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2 = districts(db, admin, 2)
    period = ev.open_period(db, people.supervisor, kind="half", year=1404, number=1, template_id=template.id,
                            unit_ids=[d1.id, d2.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id, d2.id], inspector_id=people.inspector.user_id)
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=d1.id)
    ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, ["8", "4", "15"]))
    # a calibration asked at 0010 goes with a downgrade (0009 has one assignment per unit)
    ev.request_calibration(db, people.supervisor, period_id=period.id, unit_id=d2.id, inspector_id=people.other_inspector.user_id)

    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0009")
    assert "calibration" not in _columns(db, "evaluation_assignment") and "calibration" not in _columns(db, "evaluation_form")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM evaluation_assignment")).scalar() == 2
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0009"

    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0010")
    assert {"calibration", "counted", "decided_by", "decided_at", "decision_reason"} <= _columns(db, "evaluation_assignment")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0010"
        rows = conn.execute(text("SELECT calibration, counted, decision_reason FROM evaluation_assignment")).all()
        assert sorted((bool(c), n, r) for c, n, r in rows) == [(False, None, ""), (False, None, "")]
        assert [bool(c) for (c,) in conn.execute(text("SELECT calibration FROM evaluation_form"))] == [False]
        if conn.dialect.name == "sqlite":  # the capture triggers were made again with the new columns
            assert triggers.installed(conn) == triggers.expected("sqlite")
        unique = {i["name"]: i for i in inspect(conn).get_indexes("evaluation_assignment")}["ix_evaluation_assignment_period_id"]
        assert unique["column_names"] == ["period_id", "unit_id", "calibration"] and unique["unique"]

    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    # the services work on the upgraded data: the old form is D1's main one; D2 can be calibrated
    assert ev.find_form(db, people.supervisor, period_id=period.id, unit_id=d1.id).id == form.id
    asked = ev.request_calibration(db, people.supervisor, period_id=period.id, unit_id=d1.id,
                                   inspector_id=people.other_inspector.user_id)
    assert asked.main_form is not None and asked.main_form.id == form.id and asked.second_form is None
