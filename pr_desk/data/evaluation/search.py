"""Unit evaluation's part of the one search index (data/search.py): the current form of
each unit and period, found by the unit's name or code, the period (year and number) and
the form's number; an inspector finds only the forms of their assigned units."""

from __future__ import annotations

from pr_desk.data.search import Kind, Source
from pr_desk.domain.roles import Permission

_PERIOD = "CAST(p.jalali_year AS VARCHAR(10)) || '/' || CAST(p.number AS VARCHAR(10))"

KINDS: tuple[Kind, ...] = (
    Kind(
        name="evaluation_form", number=20, title="Evaluation forms", workspace="evaluation", table="evaluation_form",
        permission=Permission.VIEW_EVALUATIONS, rank=20,
        columns=("number", "unit_id", "period_id", "is_current"),
        select=f"SELECT f.id, u.name || ' — ' || {_PERIOD}, f.number, "
               f"u.name || ' ' || u.code || ' ' || f.number || ' ' || CAST(p.jalali_year AS VARCHAR(10)) || ' ' "
               f"|| {_PERIOD}, f.unit_id "
               f"FROM evaluation_form f JOIN unit u ON u.id = f.unit_id JOIN evaluation_period p ON p.id = f.period_id "
               f"WHERE f.deleted_at IS NULL AND f.is_current = TRUE AND f.id IN :ids",
        sources=(Source("unit", "SELECT id FROM evaluation_form WHERE unit_id = {row}.id", ("name", "code")),
                 Source("evaluation_period", "SELECT id FROM evaluation_form WHERE period_id = {row}.id",
                        ("jalali_year", "number"))),
        inspector_scope="e.unit_id IN :unit_ids",
    ),
)
