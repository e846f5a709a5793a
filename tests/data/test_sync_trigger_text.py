"""The field copy's return export respells the capture triggers' JSON (data/sync/trigger_text.py)
instead of decoding and encoding it again (issue 17 §2). It relies on SQLite's JSON escaping
a string exactly as Python's canonical encoder does, and must give, byte for byte, the text
of `codec.canonical_text_from_db` for every image: proven here with arbitrary values of
every kind, written by the real triggers through the columns' own types, and with images no
trigger writes (which must take Python's path and come out the same, or fail the same way)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, MetaData, Table, create_engine, delete, insert, update
from sqlalchemy.orm import Session

from pr_desk.data.sync import capture, codec, registry, trigger_text, triggers
from pr_desk.data.sync.models import SyncChange, SyncContext

# every code point but surrogates (SQLite holds UTF-8), with the troublesome ones often
_TRICKY = st.sampled_from(['"', "\\", "/", "\x00", "\x08", "\x0b", "\x1f", "\x7f", "\u2028", "\u2029", "\u200c",
                           "\ufeff", "😀", "🇮🇷", "ی", "ك", "\u064b", "\n", "\t", "\r", "'", "}", ",", ':', "\\u0041"])
TEXT = st.lists(st.one_of(st.characters(blacklist_categories=["Cs"]), _TRICKY), max_size=40).map("".join)
INT64 = st.one_of(st.sampled_from([0, 1, -1, 2**31, -(2**31), 2**53 + 1, 2**63 - 1, -(2**63)]),
                  st.integers(min_value=-(2**63), max_value=2**63 - 1))


def test_sqlite_in_use_spells_the_known_answers_alike() -> None:
    assert trigger_text.sqlite_spells_alike()


@settings(max_examples=500, deadline=None, derandomize=True)
@given(TEXT)
@example("".join(map(chr, range(0x80))))
@example("\u2028 \"quoted\" \\ back\\slash \x00 نقطه‌ویرگول 😀")
def test_sqlite_json_escapes_any_text_as_python_does(text: str) -> None:
    con = sqlite3.connect(":memory:")
    made = con.execute("SELECT json_object('a', ?), json_quote(?), json_object('a', ?) -> '$.a'", (text, text, text)).fetchone()
    con.close()
    assert made == ('{"a":' + codec.dumps(text) + "}", codec.dumps(text), codec.dumps(text))


def _value(kind: str) -> st.SearchStrategy[Any]:
    instants = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59, 999999))
    return {
        "uuid": st.one_of(st.uuids(), st.just(uuid.UUID(int=0)), st.just(uuid.UUID(int=(1 << 128) - 1))),
        "datetime": st.one_of(instants.map(lambda d: d.replace(tzinfo=dt.UTC)),
                              instants.map(lambda d: d.replace(microsecond=0, tzinfo=dt.UTC))),
        "date": st.dates(),
        "bool": st.booleans(),
        "int": INT64,
        "decimal": st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**12, max_value=10**12),
                             st.sampled_from([decimal.Decimal("0"), decimal.Decimal("15.25"), decimal.Decimal("0.1"),
                                              decimal.Decimal("100"), decimal.Decimal("-7.5"), decimal.Decimal("1e-7")])),
        "bytes": st.binary(max_size=20),
        "str": TEXT,
    }[kind]


@st.composite
def _rows(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A synced table, a row of it and a second version of that row (any value may be None)."""
    tbl = draw(st.sampled_from([spec.name for spec in registry.SYNCED]))
    kinds = codec.kinds(tbl)

    def row() -> dict[str, Any]:
        return {c: draw(st.one_of(st.none(), _value(k))) for c, k in kinds.items() if c != "id"}
    return tbl, row(), row()


@pytest.fixture(scope="module")
def log_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Every synced table with its own column types but no constraints, and the capture
    triggers the models generate, in a SQLite file."""
    md = MetaData()
    for spec in registry.SYNCED:
        Table(spec.name, md, *[Column(c.name, c.type, primary_key=c.name == "id") for c in registry.table(spec.name).columns])
    for model in (SyncChange, SyncContext):
        cast(Table, model.__table__).to_metadata(md)
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('log') / 'log.sqlite'}")
    md.create_all(engine)
    with engine.begin() as conn:
        for spec in registry.SYNCED:
            for ddl in triggers.sqlite_ddl(spec.name, triggers.model_columns(spec.name)):
                conn.exec_driver_sql(ddl)
    yield engine
    engine.dispose()


def _python_rows(session: Session, after: int) -> list[tuple[Any, ...]]:
    """The change log through Python's own path (decode, typed kinds, encode)."""
    rows = session.execute(SyncChange.__table__.select().where(SyncChange.id > after).order_by(SyncChange.id))
    return [(r.id, r.tbl, codec.uuid_text(r.pk), r.op, codec.canonical_text_from_db(r.tbl, r.old_row),
             codec.canonical_text_from_db(r.tbl, r.new_row)) for r in rows]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_rows())
def test_respelled_trigger_json_is_pythons_canonical_text_byte_for_byte(log_db: Engine, drawn: tuple[str, dict[str, Any], dict[str, Any]]) -> None:
    tbl, first, second = drawn
    table = registry.table(tbl)
    key = uuid.uuid4()
    with log_db.begin() as conn:
        after = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM sync_change").scalar_one())
        conn.execute(insert(log_db_table(tbl, table)), [dict(first, id=key)])
        conn.execute(update(log_db_table(tbl, table)).where(log_db_table(tbl, table).c.id == key).values(**second))
        conn.execute(delete(log_db_table(tbl, table)).where(log_db_table(tbl, table).c.id == key))
    with Session(log_db) as session:
        assert [r[:6] for r in capture.read_canonical_rows(session, after)] == _python_rows(session, after)
        raw = session.execute(SyncChange.__table__.select().where(SyncChange.id > after)).all()
    assert [r.op for r in raw] == ["I", "U", "D"]
    for r in raw:
        for image in (r.old_row, r.new_row):
            assert trigger_text.canonical_text(r.tbl, image) == codec.canonical_text_from_db(r.tbl, image)


def log_db_table(tbl: str, model: Table) -> Table:
    """The constraint-free copy of `model` in the log database's metadata (same name)."""
    return _COPIES.setdefault(tbl, Table(tbl, MetaData(), *[Column(c.name, c.type, primary_key=c.name == "id") for c in model.columns]))


_COPIES: dict[str, Table] = {}


def test_plain_images_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Images as the triggers write them are respelled without Python's path."""
    slow: list[str] = []
    real = codec.canonical_text_from_db

    def counted(tbl: str, text: str | None) -> str | None:
        slow.append(text or "")
        return real(tbl, text)
    monkeypatch.setattr(codec, "canonical_text_from_db", counted)
    monkeypatch.setattr(trigger_text, "_SPELLINGS", {})
    image = ('{"created_at":"2026-11-28 09:00:00.000000","created_by":"01a24b3acc407ba2a49b29d094f6579d","deleted_at":null,'
             '"findings":"تابلو \\"اعلانات\\"\\n\\u001f","form_id":"01a24b3ad2677c19b408e08dec2c5119",'
             '"id":"b0000000000000000000000000000000","people_met":"مدیر","recommendations":"",'
             '"updated_at":"2026-11-28 10:00:00.123456","updated_by":"01a24b3acc407ba2a49b29d094f6579d","version":2,'
             '"visited_on":"2026-11-01"}')
    for _ in range(3):
        assert trigger_text.canonical_text("evaluation_field_visit", image) == real("evaluation_field_visit", image)
    assert slow == []
    assert json.loads(trigger_text.canonical_text("evaluation_field_visit", image) or "")["updated_at"] == "2026-11-28T10:00:00.123456+00:00"


_VISIT = ('{"created_at":"2026-11-28 09:00:00.000000","created_by":"01a24b3acc407ba2a49b29d094f6579d","deleted_at":null,'
          '"findings":F,"form_id":"01a24b3ad2677c19b408e08dec2c5119","id":ID,"people_met":"مدیر","recommendations":"",'
          '"updated_at":AT,"updated_by":"01a24b3acc407ba2a49b29d094f6579d","version":V,"visited_on":ON}')
_PLAIN = {"F": '"x"', "ID": '"b0000000000000000000000000000000"', "AT": '"2026-11-28 10:00:00.000000"', "V": "2", "ON": '"2026-11-01"'}


def _visit(**values: str) -> str:
    text = _VISIT
    for k, v in dict(_PLAIN, **values).items():
        text = text.replace(k + ",", v + ",", 1) if k != "ON" else text.replace(":ON}", ":" + v + "}")
    return text


@pytest.mark.parametrize("image", [
    _visit(),
    _visit(F='"a\\/b"'), _visit(F='"\\u00e9"'), _visit(F='"\\u001F"'), _visit(F='"\\u0008"'), _visit(F='"\\\\/"'),
    _visit(F="12"), _visit(F="true"), _visit(F="null"), _visit(F='"a,\\"b\\":1"'),
    _visit(ID='"B0000000000000000000000000000000"'), _visit(ID='"b0000000-0000-0000-0000-000000000000"'),
    _visit(ID='"{b0000000-0000-0000-0000-000000000000}"'), _visit(ID="null"),
    _visit(AT='"2026-11-28 10:00:00"'), _visit(AT='"2026-11-28T10:00:00.000000"'), _visit(AT='"2026-11-28 10:00:00.000+03"'),
    _visit(AT='"2026-W48-6 10:00:00.000000"'), _visit(AT='"2026-11-28 10:00:00.500000Z"'), _visit(AT='"2026-11-28 10:00:00.999999"'),
    _visit(AT='"0001-01-01 00:00:00.000001"'),
    _visit(V="2.0"), _visit(V='"2"'), _visit(V="-0"), _visit(V="9223372036854775807"),
    _visit(ON='"2026-11-01 00:00:00"'), _visit(ON="null"),
    _visit().replace('"version":2,', ""), _visit().replace('"version":2,', '"version":2,"extra":1,'),
    _visit().replace('"people_met"', '"people_seen"'), _visit()[:-1] + ',"zz":null}', _visit() + " ",
])
def test_images_no_trigger_writes_come_out_as_pythons(image: str) -> None:
    def outcome(fn: Any) -> Any:
        try:
            return fn("evaluation_field_visit", image)
        except (ValueError, TypeError) as exc:
            return type(exc)
    assert outcome(trigger_text.canonical_text) == outcome(codec.canonical_text_from_db)


@pytest.mark.parametrize("image", [
    _visit(AT='"2026-02-30 10:00:00.000000"'), _visit(AT='"2026-13-01 10:00:00.000000"'), _visit(AT='"0000-01-01 10:00:00.000000"'),
    _visit(AT='"2026-11-28 24:00:00.000000"'), _visit(AT='"2026-11-28 23:59:60.000000"'), _visit(ID='"xyz"'), _visit(V='"two"'),
    _visit(ON='"2026-02-30"'), '{"created_at":', "not json}",
])
def test_invalid_values_fail_as_pythons_path_fails(image: str) -> None:
    with pytest.raises(ValueError) as python:
        codec.canonical_text_from_db("evaluation_field_visit", image)
    with pytest.raises(type(python.value)):
        trigger_text.canonical_text("evaluation_field_visit", image)


def test_the_change_logs_key_is_spelled_as_python_does(log_db: Engine) -> None:
    keys = (uuid.uuid4().hex, uuid.UUID(int=0).hex, str(uuid.uuid4()), uuid.uuid4().hex.upper(), "{" + str(uuid.uuid4()) + "}")
    with log_db.begin() as conn:
        after = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM sync_change").scalar_one())
        for n, pk in enumerate(keys, start=after + 1):
            conn.exec_driver_sql("INSERT INTO sync_change (id, tbl, pk, op, old_row, new_row, version) VALUES (?, 'unit', ?, 'D', NULL, NULL, 1)",
                                 (n, pk))
    with Session(log_db) as session:
        rows = list(capture.read_canonical_rows(session, after))
        assert rows == _python_rows(session, after)
    assert [r[2] for r in rows] == [str(uuid.UUID(pk)) for pk in keys]
