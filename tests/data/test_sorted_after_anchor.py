"""sorting.after_anchor_parts, the rows after a row in a sorted list's order: after every
row of a small table with ties, empty values and a reversed key, in both directions, the
parts asked one after another are exactly the rows that follow it in the ORDER BY of
`order_terms`; SQLite and PostgreSQL (their NULL and text ordering told apart by the ORDER BY
the list uses, asked explicitly)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from pr_desk.data.queries.sorting import Reversed, after_anchor_parts, alphabetical, order_terms
from pr_desk.domain.text import PERSIAN_ALPHABET, search_key, sort_key

metadata = MetaData()
things = Table("test_sorted_thing", metadata, Column("id", Integer, primary_key=True),
               Column("score", Integer, nullable=True), Column("name", String(20), nullable=False))
KEYS = {
    "score": (things.c.score,),
    "name": (things.c.name,),
    "name_then_score": (things.c.name, things.c.score),
    "late": (Reversed(things.c.score),),
    "alphabetical": (alphabetical(things.c.name), things.c.score),
}
ROWS = [(i, None if i % 4 == 0 else i % 3, ["ب", "آ", "پ", "ا", "آب", "ه", "و", "گل"][i % 8]) for i in range(1, 31)]


@pytest.fixture
def table(db_target):  # type: ignore[no-untyped-def]
    engine = create_engine(db_target if db_target.startswith("postgresql") else f"sqlite:///{db_target}")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(things), [{"id": i, "score": s, "name": n} for i, s, n in ROWS])
    yield engine
    metadata.drop_all(engine)
    engine.dispose()


@pytest.mark.parametrize("key", sorted(KEYS))
@pytest.mark.parametrize("descending", [False, True], ids=["up", "down"])
def test_the_rows_after_each_row_are_those_that_follow_it(table, key, descending) -> None:  # type: ignore[no-untyped-def]
    order = order_terms(KEYS, key, descending, default=(), tie_breaker=things.c.id)
    values = [getattr(e, "expression", e) for e in KEYS[key]]
    with table.connect() as conn:
        listed = [tuple(r) for r in conn.execute(select(things.c.id, *values).order_by(*order))]
        assert len({r[1:] for r in listed}) < len(listed), "ties on the key"
        for n, (row_id, *anchor) in enumerate(listed):
            got: list[int] = []
            parts = after_anchor_parts(KEYS, key, descending, tie_breaker=things.c.id, anchor=(*anchor, row_id))
            for part in parts:
                got += conn.scalars(select(things.c.id).where(part).order_by(*order)).all()
            assert got == [r[0] for r in listed[n + 1:]], (key, descending, row_id, anchor)


def _texts(seed: int, alphabet: str, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 7))) for _ in range(count)]


def test_the_databases_sort_key_is_the_domains(db_target) -> None:  # type: ignore[no-untyped-def]
    """alphabetical() over a search shadow gives exactly domain.text.sort_key, and the rows
    come back in Persian alphabetical order; over stored text (which keeps ZWNJ, spaces, آ and
    Latin capitals) in the same order as sort_key gives, on SQLite and PostgreSQL."""
    engine = create_engine(db_target if db_target.startswith("postgresql") else f"sqlite:///{db_target}")
    metadata.create_all(engine)
    try:
        shadows = _texts(1, PERSIAN_ALPHABET + "آ0123456789abc", 300)
        typed = _texts(2, PERSIAN_ALPHABET + "آ \u200c0123456789abcABC", 300)
        for texts, stored in ((shadows, [search_key(t) for t in shadows]), (typed, typed)):
            with engine.begin() as conn:
                conn.execute(things.delete())
                conn.execute(insert(things), [{"id": i, "score": None, "name": n} for i, n in enumerate(stored)])
                if texts is shadows:
                    keys = dict(conn.execute(select(things.c.id, alphabetical(things.c.name))).all())
                    assert [keys[i] for i in range(len(texts))] == [sort_key(t) for t in texts]
                listed = conn.scalars(select(things.c.id).order_by(alphabetical(things.c.name), things.c.id)).all()
            assert listed == sorted(range(len(texts)), key=lambda i: (sort_key(texts[i]), i))
    finally:
        metadata.drop_all(engine)
        engine.dispose()
