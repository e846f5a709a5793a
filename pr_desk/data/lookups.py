"""Records by id, as `Session.get` gives them, with the SELECT built once per model.

`Session.get` builds its statement (and the statement's cache key) again at every call
that misses the session's identity map, and a page's names fetched by `id IN (…)` build
theirs too even when the session holds every one of those rows already. With twenty
clerks on one PostgreSQL that building was a good part of a write's client CPU
(bench/clerks_bench.py --profile). Here an object the session holds is returned as
`Session.get` returns it (no query), and only the others are read, with one statement
built once per model for a single id."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import Session

from pr_desk.data.base import Record

R = TypeVar("R", bound=Record)

_PK = "pr_desk_pk"
# model -> (its identity-map key's class, SELECT … WHERE id = :pr_desk_pk)
_BY_ID: dict[type[Any], tuple[type[Any], Select[Any]]] = {}


def _statement(model: type[Any]) -> tuple[type[Any], Select[Any]]:
    found = _BY_ID.get(model)
    if found is None:
        mapper = inspect(model)
        (pk,) = mapper.primary_key
        found = _BY_ID[model] = (mapper.base_mapper.class_, select(model).where(pk == bindparam(_PK)))
    return found


def _read(session: Session, model: type[R], statement: Select[Any], pk: uuid.UUID) -> R | None:
    row: R | None = session.execute(statement, {_PK: pk}).scalars().one_or_none()
    return row


def _held(session: Session, identity_class: type[Any], pk: uuid.UUID) -> bool:
    return (identity_class, (pk,), None) in session.identity_map


def held(session: Session, model: type[R], pk: uuid.UUID) -> R | None:
    """The object of `model` with this id if the session holds it (as `Session.get` gives
    it), else None: no query."""
    return session.get(model, pk) if _held(session, _statement(model)[0], pk) else None


def by_id(session: Session, model: type[R], pk: uuid.UUID) -> R | None:
    """`session.get(model, pk)`: the object the session holds, else the row read (and
    held from then on), else None."""
    identity_class, statement = _statement(model)
    if _held(session, identity_class, pk):
        return session.get(model, pk)
    return _read(session, model, statement, pk)


def by_ids(session: Session, model: type[R], ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, R]:
    """id -> record for those of `ids` that exist (tombstones included): the ones the
    session holds without a query, the others in one."""
    wanted = set(ids)
    if not wanted:
        return {}
    statement = _statement(model)[1]
    out: dict[uuid.UUID, R] = {}
    missing = []
    for pk in wanted:
        found = held(session, model, pk)
        if found is not None:
            out[pk] = found
        else:
            missing.append(pk)
    if len(missing) == 1:
        row = _read(session, model, statement, missing[0])
        if row is not None:
            out[row.id] = row
    elif missing:
        (pk_column,) = inspect(model).primary_key
        out.update((r.id, r) for r in session.scalars(select(model).where(pk_column.in_(missing))))
    return out
