"""The office decodes each change of a return package through `codec.row_decoder` (a
function written out once per table) instead of `codec.row_from_canonical`, scans its JSON
without `json.loads`' wrapper (`office._parsed`), writes a staged update's audit texts
with `office._audit_text` and canonical JSON with one C encoder made once (issue 17 §2).
Each must give exactly what the function it stands for gives: the same values of the same
types with the keys in the same order, the same text, or the same error. Proven here with
arbitrary rows of every synced table, canonical and made odd in many ways."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pr_desk.data.sync import codec, office, registry

TABLES = sorted(registry.BY_NAME)
_ODD_TEXT = st.sampled_from(["", "x", "2026-11-28T09:00:00+00:00", "2026-11-28T09:00:00.000000+00:00", "2026-11-28T09:00:00Z",
                             "2026-11-28 09:00:00", "2026-02-30T09:00:00+00:00", "2026-11-28", "2026-13-01", "0000-01-01",
                             "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
                             "ffffffffffffffffffffffffffffffff", "{12345678-1234-5678-1234-567812345678}", "not-a-uuid",
                             "7.5", "7.50", "-0", "AAEC", "AAE", "12:30:00", "25:00", "true", "\u2028", "بازدید"])
ANY_JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**64), max_value=2**64),
                                  st.floats(allow_nan=False), st.text(max_size=12), _ODD_TEXT),
                        lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=3), inner, max_size=2)),
                        max_leaves=3)


def _canonical(kind: str) -> st.SearchStrategy[Any]:
    instants = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59, 999999))
    typed: st.SearchStrategy[Any] = {
        "uuid": st.one_of(st.uuids(), st.sampled_from([uuid.UUID(int=0), uuid.UUID(int=(1 << 128) - 1)])),
        "datetime": instants.map(lambda d: d.replace(tzinfo=dt.UTC)),
        "date": st.dates(),
        "time": st.times(),
        "bool": st.booleans(),
        "int": st.integers(min_value=-(2**63), max_value=2**63 - 1),
        "decimal": st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6),
        "bytes": st.binary(max_size=8),
        "str": st.text(max_size=20),
    }[kind]
    return st.one_of(st.none(), typed.map(lambda v: codec.to_canonical(kind, v)))


@st.composite
def _images(draw: st.DrawFn) -> tuple[str, Any]:
    """A table and a parsed row image: canonical (every column, keys in order) or made odd
    (a value of another kind or spelling, a column missing, unknown or moved, not a dict)."""
    tbl = draw(st.sampled_from(TABLES))
    kinds = codec.kinds(tbl)
    row = {col: draw(_canonical(kinds[col])) for col in sorted(kinds)}
    how = draw(st.sampled_from(["canonical", "canonical", "value", "value", "missing", "unknown", "moved", "not a row"]))
    if how == "value":
        for col in draw(st.lists(st.sampled_from(sorted(kinds)), min_size=1, max_size=3)):
            row[col] = draw(ANY_JSON)
    elif how == "missing":
        del row[draw(st.sampled_from(sorted(kinds)))]
    elif how == "unknown":
        row[draw(st.sampled_from(["zz", "", "ID", "id "]))] = draw(ANY_JSON)
    elif how == "moved":
        col = draw(st.sampled_from(sorted(kinds)))
        row[col] = row.pop(col)
    elif how == "not a row":
        return tbl, draw(ANY_JSON)
    return tbl, row


def _outcome(call: Any, *args: Any) -> Any:
    try:
        value = call(*args)
    except (ValueError, TypeError, KeyError, AttributeError, decimal.InvalidOperation) as exc:
        return ("raised", type(exc), str(exc))
    if isinstance(value, dict):
        return ("row", list(value.items()), [type(v) for v in value.values()])
    return ("value", value, type(value))


@settings(max_examples=600, deadline=None, derandomize=True)
@given(_images())
@example(("evaluation_field_visit", {"id": "0b000000-0000-0000-0000-000000000001", "version": True}))
def test_a_row_decoder_gives_what_row_from_canonical_gives(image: tuple[str, Any]) -> None:
    tbl, data = image
    assert _outcome(codec.row_decoder(tbl), data) == _outcome(codec.row_from_canonical, tbl, data)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_images())
def test_json_text_is_parsed_and_written_as_json_does(image: tuple[str, Any]) -> None:
    _tbl, data = image
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert codec.dumps(data) == text
    for variant in (text, f" {text}", f"{text} ", f"{text}x", f"\ufeff{text}", text[:-1], f"{text}{text}", text.encode()):
        assert _outcome(office._parsed, variant) == _outcome(json.loads, variant)


@pytest.mark.parametrize("text", ["", " ", "nul", "[1,", '"\\ud800"', "1e999", "NaN", "-", "{}", "0"])
def test_odd_json_text_is_parsed_or_refused_as_json_loads_does(text: str) -> None:
    assert _outcome(office._parsed, text) == _outcome(json.loads, text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(TABLES).flatmap(
    lambda tbl: st.tuples(st.just(tbl), st.lists(st.sampled_from(sorted(codec.kinds(tbl))), unique=True, max_size=4),
                          st.fixed_dictionaries({}, optional={col: _canonical(kind) for col, kind in codec.kinds(tbl).items()}))))
def test_a_staged_update_s_audit_text_is_its_audit_values_written(case: tuple[str, list[str], dict[str, Any]]) -> None:
    tbl, keys, canonical = case
    row = codec.row_from_canonical(tbl, canonical) or {}
    audited = tuple(k for k in keys if k not in registry.BOOKKEEPING)
    assert office._audit_text(tbl, row, audited) == codec.dumps(office._audit_values(tbl, row, keys=audited))
