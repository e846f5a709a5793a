"""data/staging.py: values converted for the driver column by column as one conversion
per value would, and `rows_holding` finding exactly the staged rows that the table holds
as staged (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, select, text

from pr_desk.data import staging
from pr_desk.data.models import Meta
from pr_desk.services.context import read


def test_converted_matches_one_conversion_per_value() -> None:
    ids = [uuid.uuid4() for _ in range(2000)]  # a key: every value new (its memo is given up)
    recurring = [uuid.UUID(int=i % 3) for i in range(2000)]  # three values, converted once each
    rows = [(ids[i], recurring[i] if i % 7 else None, f"text {i}", i) for i in range(2000)]
    calls: list[Any] = []

    def hexed(value: uuid.UUID) -> str:
        calls.append(value)
        return value.hex

    out = staging._converted(rows, [(0, hexed), (1, hexed), (2, str.upper)], (uuid.UUID,))
    assert out == [(a.hex, b.hex if b is not None else None, c.upper(), d) for a, b, c, d in rows]
    assert len([c for c in calls if c in set(recurring)]) <= 3 + 2000 // 512  # the recurring ones, once each
    assert staging._converted([], [(0, hexed)], (uuid.UUID,)) == []


def test_rows_holding_finds_the_rows_held_as_staged(office) -> None:  # type: ignore[no-untyped-def]
    db, _admin = office
    table = cast(Table, Meta.__table__)
    with read(db) as session:
        held = list(session.execute(select(Meta.key, Meta.value)).all())
        assert held
        staged = []
        for key, value in held:
            staged.append((key, value))  # held as staged
            staged.append((key, value + "x"))  # another value
        staged.append(("no such key", held[0][1]))
        setting = "SELECT current_setting('enable_hashjoin')"
        before = session.execute(text(setting)).scalar() if session.get_bind().dialect.name == "postgresql" else None
        found = staging.rows_holding(session, table, ["value"], staged, key="key")
        assert sorted(found) == list(range(0, 2 * len(held), 2))
        if before is not None:  # (PostgreSQL: the planner's setting for that one statement only)
            assert session.execute(text(setting)).scalar() == before == "on"
        assert staging.rows_holding(session, table, ["value"], [], key="key") == []
