"""Values of synced rows in three forms: as a trigger wrote them (SQLite's json_object or
PostgreSQL's to_jsonb, each with its own spelling of UUIDs, times, decimals, booleans and
bytes), as typed Python values (what the merge compares and writes), and canonical JSON
(what packages carry and the hash chain covers)."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import uuid
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


@lru_cache(maxsize=1 << 16)
def _uuid(text: str) -> uuid.UUID:
    """Parsed once: the same users, forms and units recur in every row of a package."""
    return uuid.UUID(text)


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


def row_from_db(tbl: str, text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    data = json.loads(text, parse_float=decimal.Decimal)
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


def from_canonical(kind: str, value: Any) -> Any:
    if value is None:
        return None
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


def row_to_canonical(tbl: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    k = kinds(tbl)
    return {col: to_canonical(k[col], row[col]) for col in k if col in row}


def row_from_canonical(tbl: str, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Typed values of a canonical row; ValueError on unknown columns or bad values."""
    if data is None:
        return None
    k = kinds(tbl)
    unknown = set(data) - set(k)
    if unknown:
        raise ValueError(f"unknown columns {sorted(unknown)}")
    return {col: from_canonical(k[col], value) for col, value in data.items()}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def same(a: Any, b: Any) -> bool:
    """Typed equality (Decimal 7.5 == 7.50; aware datetimes compare as instants)."""
    return bool(a == b)
