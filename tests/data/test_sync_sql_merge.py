"""The office stages a return package's usual new rows by SQL on SQLite (data/sync/sql_merge.py,
issue 17 §2) instead of decoding them in Python. Proven here, with arbitrary values of every
kind SQL converts (text with quotes, backslashes, control characters, Persian, emoji; UUIDs at
their edges; instants 0001-9999 with and without microseconds; days; booleans; 64-bit
integers; NULLs) and with texts no export writes (other spellings, extra, missing and
repeated keys, values of the wrong type, impossible days and instants): a row SQL takes is
staged with the very values and audit text the Python path stages for it, byte for byte; a
canonical row is taken; a row the Python path refuses is never taken."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from pr_desk.data import staging
from pr_desk.data.sync import codec, registry, sql_merge
from pr_desk.data.sync import office as office_side
from pr_desk.data.tables import Base
from tests.data.test_sync_trigger_text import INT64, TEXT, _value

TABLES = sorted(spec.name for spec in registry.SYNCED if sql_merge.eligible(spec.name))
# a value of a column, as a texts no export writes would hold it
ODD_VALUES = [1, -0, 1.5, True, False, [], ["a"], {"a": 1}, "", "x", "00000000-0000-0000-0000-00000000000G",
              "00000000000000000000000000000000", "0000000A-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}",
              "2026-02-30", "2026-13-01", "0000-01-01", "2026-1-01", "20260101", "2026-W01-1", "2026-01-01T00:00:00",
              "2026-01-01T24:00:00+00:00", "2026-01-01T23:59:60+00:00", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000000+00:00",
              "2026-01-01T00:00:00.5+00:00", "2026-01-01T00:00:00+03:30", "2026-01-01 00:00:00+00:00", "0000-01-01T00:00:00+00:00",
              "2026-02-29T00:00:00+00:00", "2024-02-29T12:00:00.000001+00:00", 2**63, -(2**63) - 1, 10**30, None]


@pytest.fixture(scope="module")
def office_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Every table of the schema, empty (no row, no tombstone, no approved form), in a SQLite file."""
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('office') / 'office.sqlite'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _package(folder: Path, tbl: str, pk: str, text: str) -> Any:
    """A package's data file holding one change: the insert of `text`."""
    path = folder / f"data-{uuid.uuid4().hex}.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE change (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, pk TEXT NOT NULL, op TEXT NOT NULL, "
                "old TEXT, new TEXT, chain TEXT NOT NULL)")
    con.execute("INSERT INTO change VALUES (7, ?, ?, 'I', NULL, ?, '')", (tbl, pk, text))
    con.commit()
    con.close()
    return SimpleNamespace(data_path=path)


def _by_sql(engine: Engine, pkg: Any, tbl: str) -> tuple[int, list[tuple[Any, ...]]]:
    """What the SQL path does with the package's one change: the count the preview takes,
    and the rows the import stages (values as staged, the change's sequence, audit text)."""
    with Session(engine) as session:
        assert sql_merge.attach(session, pkg)
        preview = sql_merge.SqlPass(session, 0, None)
        preview.rest(tbl, 10)
        counted = preview.done.get(tbl, 0)
    with Session(engine) as session:
        assert sql_merge.attach(session, pkg)
        conn = session.connection()
        stages = office_side._Stages()

        def stage_for(t: str) -> tuple[str, list[str]]:
            name, cols, _n = office_side._insert_stage(conn, stages, t)
            return name, cols

        sql_merge.SqlPass(session, 0, stage_for).rest(tbl, 10)
        name = f"pr_desk_sync_i{registry.ORDER[tbl]}"
        staged = [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM temp.{name} ORDER BY pr_desk_n")]
        conn.exec_driver_sql(f"DROP TABLE temp.{name}")
    return counted, staged


def _by_python(engine: Engine, tbl: str, text: str) -> tuple[Any, ...] | None:
    """What the Python path stages for the same change (None: it refuses the row)."""
    try:
        row = codec.row_from_canonical(tbl, json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError, json.JSONDecodeError):
        return None  # (AttributeError: not an object; the import fails on it, as it did before SQL)
    if row is None or len(row) != len(codec.kinds(tbl)):
        return None  # (incomplete: refused)
    cols = list(codec.kinds(tbl))
    with Session(engine) as session:
        conn = session.connection()
        values = staging.driver_rows(conn, registry.table(tbl), cols, [[row[c] for c in cols]])[0]
    return (*values, 7, codec.dumps(office_side._audit_values(tbl, row)))


def _typed(values: tuple[Any, ...]) -> list[tuple[str, Any]]:
    return [(type(v).__name__, v) for v in values]


@st.composite
def _changes(draw: st.DrawFn) -> tuple[str, str, str, bool]:
    """A table, the change's key, its row's text, and whether that text is the canonical
    text of a typed row (the key its id): any value may be None, and the text may be made
    odd in one of many ways."""
    tbl = draw(st.sampled_from(TABLES))
    kinds = codec.kinds(tbl)
    row = {c: draw(st.one_of(st.none(), _value(k))) for c, k in kinds.items()}
    row["id"] = draw(_value("uuid"))
    canon = codec.row_to_canonical(tbl, row)
    assert canon is not None
    pk = str(row["id"])
    text = codec.dumps(canon)
    odd = draw(st.integers(min_value=0, max_value=9))
    col = draw(st.sampled_from(sorted(kinds)))
    if odd == 1:  # a value of another type or spelling
        canon[col] = draw(st.sampled_from(ODD_VALUES))
        text = json.dumps(canon, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    elif odd == 2:  # a column missing, or one too many
        if draw(st.booleans()):
            del canon[col]
        else:
            canon[draw(st.sampled_from(["zz", "ID", "id ", col + "_x"]))] = draw(st.one_of(st.none(), TEXT, INT64))
        text = codec.dumps(canon)
    elif odd == 3:  # a key twice (Python takes the last, SQLite the first)
        text = text[:-1] + "," + json.dumps(col) + ":" + json.dumps(draw(st.one_of(st.none(), TEXT)), ensure_ascii=False) + "}"
    elif odd == 4:  # escapes Python does not write, spaces, another order
        text = draw(st.sampled_from([text.replace("/", "\\/"), text.replace(":", ": ", 1), text.replace(",", ", ", 1),
                                     json.dumps(canon, ensure_ascii=True, sort_keys=True, separators=(",", ":")),
                                     json.dumps(canon, ensure_ascii=False, separators=(",", ":")),
                                     text.replace('":"', '":"\\u0041', 1), text.replace('":"', '":"\\ud800', 1),
                                     text.replace("+00:00", "Z", 1), text.replace("-", "-", 1).upper()]))
    elif odd == 5:  # another key than the row's id
        pk = draw(st.sampled_from([str(uuid.uuid4()), pk.upper(), pk.replace("-", ""), "not a key"]))
    elif odd == 6:  # not JSON, or not an object
        text = draw(st.sampled_from([text[:-1], text + " ", "[" + text + "]", "null", "", text.replace("null", "nul", 1)]))
    return tbl, pk, text, odd == 0


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_changes())
@example(("evaluation_field_visit", "b0000000-0000-0000-0000-000000000000",
          '{"created_at":"2026-11-28T09:00:00+00:00","created_by":null,"deleted_at":null,"findings":"a \\"q\\" \\\\ \\n\\t '
          'نقطه‌ویرگول 😀 \u2028","form_id":null,"id":"b0000000-0000-0000-0000-000000000000","people_met":"","recommendations":null,'
          '"updated_at":"2026-11-28T09:00:00.000001+00:00","updated_by":null,"version":1,"visited_on":"2026-11-01"}', True))
@example(("evaluation_field_visit", "b0000000-0000-0000-0000-000000000000",
          '{"created_at":"2026-11-28T09:00:00+00:00","created_by":null,"deleted_at":null,"findings":"\\u0000 \\u001f \\b",'
          '"form_id":null,"id":"b0000000-0000-0000-0000-000000000000","people_met":"","recommendations":null,'
          '"updated_at":null,"updated_by":null,"version":1,"visited_on":null}', True))
def test_sql_stages_what_python_stages_byte_for_byte(office_db: Engine, tmp_path: Path, change: tuple[str, str, str, bool]) -> None:
    tbl, pk, text, canonical = change
    counted, staged = _by_sql(office_db, _package(tmp_path, tbl, pk, text), tbl)
    expected = _by_python(office_db, tbl, text)
    assert counted == len(staged) and len(staged) <= 1
    if staged:
        assert expected is not None, text  # SQL never takes what Python refuses ...
        position, *values = staged[0]
        assert position == 1
        assert _typed(tuple(values)) == _typed(expected), text  # ... and stages the same bytes
        json.loads(text)  # (a row SQL took reads as JSON)
    elif canonical and "\\u" not in text:
        pytest.fail(f"a canonical row was left to Python: {text}")  # the SQL path is not vacuous


def test_an_instant_is_stored_as_the_column_type_stores_it(office_db: Engine, tmp_path: Path) -> None:
    tbl = "evaluation_field_visit"
    for moment in (dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
                   dt.datetime(2024, 2, 29, 12, 0, 0, 1, tzinfo=dt.UTC)):
        row = {c: None for c in codec.kinds(tbl)}
        row.update(id=uuid.uuid4(), created_at=moment, version=3)
        text = codec.dumps(codec.row_to_canonical(tbl, row))
        _counted, staged = _by_sql(office_db, _package(tmp_path, tbl, str(row["id"]), text), tbl)
        assert len(staged) == 1 and _typed(tuple(staged[0][1:])) == _typed(_by_python(office_db, tbl, text) or ())
