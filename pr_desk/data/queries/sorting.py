"""Sorting a list query by the column a user clicked: only by the keys the query names
(a whitelist, never a column name taken from outside), in the database, and always ending
on the row id so that pages of a sorted list neither overlap nor skip a row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import case

SortKeys = Mapping[str, Sequence[Any]]
"""A sort key (the field of the listed dataclass that a column shows) -> the SQL
expressions that order it ascending, most significant first."""


class UnknownSortKey(ValueError):
    """A list was asked to sort by a key it does not offer: a programming error (the UI
    sends only the keys of its sortable columns), never a user's mistake."""

    def __init__(self, key: object, keys: SortKeys) -> None:
        super().__init__(f"cannot sort this list by {key!r}; it sorts by {', '.join(sorted(keys))}")
        self.key = key


class Reversed:
    """An expression whose ascending order is the expression's descending one (waiting days
    go up as the registration date goes down)."""

    def __init__(self, expression: Any) -> None:
        self.expression = expression


def in_order_of(column: Any, values: Iterable[str]) -> Any:
    """Sorts a code column in the order its values are declared (an enum's order: the
    order the user knows), not by the codes' spelling; unknown codes last."""
    codes = [str(getattr(v, "value", v)) for v in values]  # an enum's members as plain text
    return case({code: i for i, code in enumerate(codes)}, value=column, else_=len(codes))


def _nullable(expression: Any) -> bool:
    """Whether empty values may come up: a table column says; any other expression (a
    subquery, a CASE) may be empty as far as we know."""
    column = getattr(expression, "expression", expression)  # an ORM attribute's column
    nullable = getattr(column, "nullable", None)
    return True if nullable is None else bool(nullable)


def _term(expression: Any, descending: bool) -> Any:
    if isinstance(expression, Reversed):
        expression, descending = expression.expression, not descending
    # Empty values last going up and first going down (PostgreSQL's way, asked for
    # explicitly so SQLite agrees): a reversed sort is exactly the list backwards.
    if descending:
        return expression.desc().nulls_first() if _nullable(expression) else expression.desc()
    return expression.asc().nulls_last() if _nullable(expression) else expression.asc()


def check_sort_key(keys: SortKeys, sort_key: str | None) -> None:
    """Refuses a key the list does not offer (None: the list's own order)."""
    if sort_key is not None and (not isinstance(sort_key, str) or sort_key not in keys):
        raise UnknownSortKey(sort_key, keys)


def order_terms(keys: SortKeys, sort_key: str | None, descending: bool, *, default: Sequence[Any],
                tie_breaker: Any) -> list[Any]:
    """ORDER BY terms: `default` (the list's own order, which already ends on a unique
    column) when no key is chosen, else the key's expressions and then `tie_breaker`
    (the row id), all in the chosen direction."""
    check_sort_key(keys, sort_key)
    if sort_key is None:
        return list(default)
    return [_term(e, descending) for e in (*keys[sort_key], tie_breaker)]


def sorted_by(stmt: Any, keys: SortKeys, sort_key: str | None, descending: bool, *, default: Sequence[Any],
              tie_breaker: Any) -> Any:
    """`stmt` ordered as `order_terms` says."""
    return stmt.order_by(*order_terms(keys, sort_key, descending, default=default, tie_breaker=tie_breaker))
