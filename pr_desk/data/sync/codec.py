"""Values of synced rows in three forms: as a trigger wrote them (SQLite's json_object or
PostgreSQL's to_jsonb, each with its own spelling of UUIDs, times, decimals, booleans and
bytes), as typed Python values (what the merge compares and writes), and canonical JSON
(what packages carry and the hash chain covers)."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import re
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, Date, Integer, LargeBinary, Numeric, Time, Uuid
from sqlalchemy.sql.type_api import TypeEngine

from pr_desk.data.sync import registry
from pr_desk.data.types import UTCDateTime


def kind_of(col_type: TypeEngine[Any]) -> str:
    if isinstance(col_type, Uuid):
        return "uuid"
    if isinstance(col_type, UTCDateTime):
        return "datetime"
    if isinstance(col_type, Boolean):
        return "bool"
    if isinstance(col_type, Numeric):
        return "decimal"
    if isinstance(col_type, Integer):
        return "int"
    if isinstance(col_type, Date):
        return "date"
    if isinstance(col_type, Time):
        return "time"
    if isinstance(col_type, LargeBinary):
        return "bytes"
    return "str"


_KINDS: dict[str, dict[str, str]] = {}


def kinds(tbl: str) -> dict[str, str]:
    found = _KINDS.get(tbl)
    if found is None:
        t = registry.table(tbl)
        found = _KINDS[tbl] = {c: kind_of(t.c[c].type) for c in registry.synced_columns(tbl)}
    return found


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


_HEX32 = re.compile(r"[0-9a-f]{32}")
_DASHED = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
is_canonical_uuid = _DASHED.fullmatch  # the text str(uuid.UUID(...)) gives: lowercase dashed hex


def uuid_text(text: str) -> str:
    """`str(uuid.UUID(text))`: the canonical UUID text, straight from the 32 lowercase hex
    digits SQLite's triggers write (no UUID object: one per row's key and id)."""
    if len(text) == 32 and _HEX32.fullmatch(text):
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    if len(text) == 36 and _DASHED.fullmatch(text):  # already canonical (PostgreSQL's spelling)
        return text
    return str(uuid.UUID(text))


@lru_cache(maxsize=1 << 16)
def _uuid(text: str) -> uuid.UUID:
    """Parsed once: the same users, forms and units recur in every row of a package."""
    return uuid.UUID(text)


uuid_of = _uuid  # `uuid.UUID(text)`, remembered (a row's key met again while it is merged)


def from_db(kind: str, raw: Any) -> Any:
    """A trigger-written JSON value (either dialect) as a typed value."""
    if raw is None:
        return None
    if kind == "uuid":
        return raw if isinstance(raw, uuid.UUID) else _uuid(str(raw))
    if kind == "datetime":
        return _utc(dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00")))
    if kind == "date":
        return dt.date.fromisoformat(str(raw)[:10])
    if kind == "time":
        return dt.time.fromisoformat(str(raw))
    if kind == "bool":
        return bool(raw)
    if kind == "decimal":
        return decimal.Decimal(str(raw))
    if kind == "int":
        return int(raw)
    if kind == "bytes":
        text = str(raw)
        return bytes.fromhex(text[2:] if text.startswith("\\x") else text)
    return str(raw)


_DB_DECODER = json.JSONDecoder(parse_float=decimal.Decimal)  # json.loads(text, parse_float=Decimal), made once


def row_from_db(tbl: str, text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    data = _DB_DECODER.decode(text)
    return {col: from_db(kind, data.get(col)) for col, kind in kinds(tbl).items()}


def to_canonical(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "uuid":
        return str(value)
    if kind == "datetime":
        return _utc(value).isoformat()
    if kind in ("date", "time"):
        return value.isoformat()
    if kind == "decimal":
        return format(decimal.Decimal(value).normalize(), "f")
    if kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    return str(value)


_PARSED: dict[tuple[str, str], Any] = {}  # (kind, canonical text) -> typed value, for the kinds that recur


def from_canonical(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("datetime", "date") and isinstance(value, str):
        # the same few instants and days recur in every row of a package: parsed once
        found = _PARSED.get((kind, value))
        if found is None:
            if len(_PARSED) > 1 << 16:
                _PARSED.clear()
            found = _PARSED[(kind, value)] = _from_canonical(kind, value)
        return found
    return _from_canonical(kind, value)


def _from_canonical(kind: str, value: Any) -> Any:
    if kind == "uuid":
        if not isinstance(value, str):
            raise ValueError("not a UUID")
        return _uuid(value)
    if kind == "datetime":
        return _utc(dt.datetime.fromisoformat(value))
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    if kind == "decimal":
        return decimal.Decimal(value)
    if kind == "bytes":
        return base64.b64decode(value.encode("ascii"), validate=True)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("not a boolean")
        return value
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("not an integer")
        return value
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


_CANON_DB: dict[tuple[Any, ...], Any] = {}  # (kind, trigger-written value) -> canonical value


def canonical_from_db(kind: str, raw: Any) -> Any:
    """`to_canonical(kind, from_db(kind, raw))`, remembered for the values that recur (the
    same users, forms, instants and days in every row of a change log)."""
    if raw is None:
        return None
    if kind == "str":
        return str(raw)
    if kind == "bytes" or not isinstance(raw, str | int):
        return to_canonical(kind, from_db(kind, raw))
    key: tuple[Any, ...] = (kind, raw) if isinstance(raw, str) else (kind, type(raw).__name__, raw)
    found = _CANON_DB.get(key)
    if found is None:
        if len(_CANON_DB) > 1 << 16:
            _CANON_DB.clear()
        found = _CANON_DB[key] = uuid_text(raw) if kind == "uuid" and type(raw) is str else to_canonical(kind, from_db(kind, raw))
    return found


_PLANS: dict[str, tuple[tuple[str, str], ...]] = {}


def _plan(tbl: str) -> tuple[tuple[str, str], ...]:
    """(column, kind) of a table's synced columns, in the order canonical JSON writes them."""
    found = _PLANS.get(tbl)
    if found is None:
        found = _PLANS[tbl] = tuple(sorted(kinds(tbl).items()))
    return found


def canonical_text_from_db(tbl: str, text: str | None) -> str | None:
    """A trigger-written row as the canonical JSON text a package stores: the same text
    as `dumps(row_to_canonical(tbl, row_from_db(tbl, text)))`, without the typed values
    in between. The row is built in key order and written without sorting again."""
    if text is None:
        return None
    data = _DB_DECODER.decode(text)
    get, memo = data.get, _CANON_DB.get
    out: dict[str, Any] = {}
    for col, kind in _plan(tbl):
        raw = get(col)
        if raw is None:
            out[col] = None
        elif type(raw) is str:
            if kind == "str":  # most columns: the text is its own canonical value
                out[col] = raw
            else:  # the same few users, forms, instants and days recur: remembered
                found = memo((kind, raw))
                out[col] = found if found is not None else canonical_from_db(kind, raw)
        else:
            out[col] = canonical_from_db(kind, raw)
    return _IN_ORDER.encode(out)


def row_to_canonical(tbl: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    out: dict[str, Any] = {}
    for col, kind in kinds(tbl).items():
        if col not in row:
            continue
        value = row[col]
        if value is None or kind == "str" and type(value) is str or kind == "int" and type(value) is int:
            out[col] = value  # its own canonical value (most columns)
        elif kind in ("datetime", "date"):  # the same few instants and days recur: written once
            key = (kind, value)
            found = _CANON_TYPED.get(key)
            if found is None:
                if len(_CANON_TYPED) > 1 << 16:
                    _CANON_TYPED.clear()
                found = _CANON_TYPED[key] = to_canonical(kind, value)
            out[col] = found
        else:
            out[col] = to_canonical(kind, value)
    return out


_CANON_TYPED: dict[tuple[str, Any], Any] = {}  # (kind, typed value) -> canonical value


def row_from_canonical(tbl: str, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Typed values of a canonical row; ValueError on unknown columns or bad values."""
    if data is None:
        return None
    if not isinstance(data, dict):  # JSON, but not a row (an export's bug): a damaged file, not a crash
        raise ValueError(f"a row image of {tbl} is not a JSON object")
    k = kinds(tbl)
    if not k.keys() >= data.keys():
        raise ValueError(f"unknown columns {sorted(set(data) - set(k))}")
    # text and integers are their own typed values: no call for them (most columns)
    return {col: value if (kind := k[col]) == "str" and type(value) is str or kind == "int" and type(value) is int
            else from_canonical(kind, value) for col, value in data.items()}


_DECODERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def row_decoder(tbl: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """`row_from_canonical` for one table, made once: a function of the parsed JSON of a
    row image giving the same typed row (the same values, keys in the same order) or
    raising the same error. Written out for the table's columns (as `namedtuple` does):
    an image holding every column in key order (what the export writes) has each value
    checked inline, with one lookup per recurring id, instant and day; any other image
    takes `row_from_canonical` itself."""
    found = _DECODERS.get(tbl)
    if found is None:
        found = _DECODERS[tbl] = _make_row_decoder(tbl)
    return found


_TYPED_MEMO: dict[str, dict[str, Any]] = {"uuid": {}, "datetime": {}, "date": {}}  # kind -> canonical text -> typed


def _typed_memo(kind: str, value: Any) -> Any:
    """`from_canonical(kind, value)` of a value not yet in the kind's memo, remembered
    when it is text (deterministic: the same text gives an equal value)."""
    typed = from_canonical(kind, value)
    if type(value) is str:
        memo = _TYPED_MEMO[kind]
        if len(memo) > 1 << 16:
            memo.clear()
        memo[value] = typed
    return typed


def _make_row_decoder(tbl: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    order = sorted(kinds(tbl))
    k = kinds(tbl)
    body = ["def decode(data):", "    if type(data) is not dict or list(data) != ORDER:", "        return slow(tbl, data)"]
    for n, col in enumerate(order):
        kind, v = k[col], f"v{n}"
        body.append(f"    {v} = data[{col!r}]")
        if kind in ("str", "int", "bool"):  # its own typed value when of its JSON type
            body.append(f"    if {v} is not None and type({v}) is not {kind}:")
            body.append(f"        {v} = fc({kind!r}, {v})")
        elif kind in _TYPED_MEMO:
            if col == "id":  # a key: never recurs within a table's changes but in the same change
                body.append(f"    {v} = uid({v}) if type({v}) is str else fc('uuid', {v})")
            else:
                body.append(f"    if {v} is not None:")
                body.append(f"        t = M_{kind}.get({v}) if type({v}) is str else None")
                body.append(f"        {v} = t if t is not None else memo({kind!r}, {v})")
        else:
            body.append(f"    if {v} is not None:")
            body.append(f"        {v} = fc({kind!r}, {v})")
    body.append("    return {" + ", ".join(f"{col!r}: v{n}" for n, col in enumerate(order)) + "}")
    scope: dict[str, Any] = {"ORDER": order, "slow": row_from_canonical, "tbl": tbl, "fc": from_canonical,
                             "uid": _uuid, "memo": _typed_memo, "str": str, "int": int, "bool": bool, "dict": dict,
                             **{f"M_{kind}": memo for kind, memo in _TYPED_MEMO.items()}}
    exec("\n".join(body), scope)  # our own text, from the table's column names
    return scope["decode"]  # type: ignore[no-any-return]


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_IN_ORDER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # _ENCODER for a dict built in key order


# The C encoder `_ENCODER.encode` makes anew for every call (its one-shot path), made once:
# the same text (the same function with the same settings), without the check for a value
# that contains itself (a canonical row never does: it is made of JSON's own values).
_make_c_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE: Any = None if _make_c_encoder is None else _make_c_encoder(
    None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)


def dumps(value: Any) -> str:
    """Canonical JSON text (what `json.dumps(value, ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))` writes, with one encoder made once)."""
    if _C_ENCODE is None:  # pragma: no cover - CPython has the C encoder
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def same(a: Any, b: Any) -> bool:
    """Typed equality (Decimal 7.5 == 7.50; aware datetimes compare as instants)."""
    return bool(a == b)
