"""Sorting a list query by the column a user clicked: only by the keys the query names
(a whitelist, never a column name taken from outside), in the database, and always ending
on the row id so that pages of a sorted list neither overlap nor skip a row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Text, and_, case, false, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from pr_desk.domain.text import SORT_FOLDS, SORT_MOVES

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


class alphabetical(FunctionElement[str]):
    """A text column's key in Persian alphabetical order (pr_desk.domain.text.sort_key): its
    letters lowered (SQLite's lower() lowers ASCII only), SORT_FOLDS and SORT_MOVES applied
    by replace(), compared byte by byte (COLLATE "C" on PostgreSQL, whose server collation
    may be a language's and ignore the marks SORT_MOVES adds; SQLite compares BINARY). Over
    a search shadow it is exactly `sort_key(text)`; over a stored text it differs from it
    only in what the search form folds beyond SORT_FOLDS (Persian and Arabic digits, which
    then sort after the letters, punctuation, non-ASCII case, harakat). Ten calls deep:
    SQLite's parser refuses a statement nested about thirty deep, the list's conditions
    around it included.

    Built of the databases' own functions, not an SQLite collation registered by the app:
    another tool opening the file reads it, and an index on the expression (migration 0013)
    serves the lists that page by it. The letters are written into the SQL, never bound,
    so a query's expression is the index's."""

    type = Text()
    name = "alphabetical"
    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.nullable = _nullable(column)


@compiles(alphabetical)
def _alphabetical_sql(element: alphabetical, compiler: SQLCompiler, **kw: Any) -> str:
    sql = f"lower({compiler.process(element.clauses, **kw)})"
    for old, new in (*SORT_FOLDS, *SORT_MOVES):
        sql = f"replace({sql}, '{old}', '{new}')"
    return f'{sql} COLLATE "C"' if compiler.dialect.name == "postgresql" else sql


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


def after_anchor_parts(keys: SortKeys, sort_key: str, descending: bool, *, tie_breaker: Any,
                       anchor: Sequence[Any]) -> list[Any]:
    """WHERE clauses for the rows that come after a row in `order_terms`' order (keyset
    paging), their OR being all of them: `anchor` holds that row's values of the key's
    expressions and of `tie_breaker` (read from the database, so compared as the database
    compares them). Empty values sit where `_term` puts them: after every value going up,
    before every value going down.

    The parts follow one another in the list's order (every row of the first comes before
    any of the second). Two parts only where the first term may be empty, goes up and the
    anchor's value is not empty: the values after it (a range of the term's index) and then
    the empty ones, which a query asks for only when the range did not fill its page; one OR
    of both made SQLite scan the whole index (the mobile's last page at 1,000,000 requests:
    3 s CPU, 20 ms in parts)."""
    check_sort_key(keys, sort_key)
    terms = []
    for expression in (*keys[sort_key], tie_breaker):
        down = descending
        if isinstance(expression, Reversed):
            expression, down = expression.expression, not descending
        terms.append((expression, down, _nullable(expression)))
    if len(anchor) != len(terms):
        raise ValueError(f"the anchor has {len(anchor)} values for {len(terms)} order terms")
    # after = after(t1) OR (same(t1) AND (after(t2) OR (same(t2) AND ...))), built from the last term
    rest: Any = false()
    for (expression, down, nullable), value in reversed(list(zip(terms[1:], anchor[1:], strict=True))):
        rest = or_(_beyond(expression, value, down, nullable), and_(_same(expression, value), rest))
    first, down, nullable = terms[0]
    value = anchor[0]
    if value is None:
        return [or_(_beyond(first, value, down, nullable), and_(first.is_(None), rest))]
    # a plain bound in front, which an index on the first term answers (it leaves out the
    # empty values: none come after a value going down)
    strictly = first < value if down else first > value
    ranged = and_(first <= value if down else first >= value, or_(strictly, and_(first == value, rest)))
    return [ranged, first.is_(None)] if nullable and not down else [ranged]


def _same(expression: Any, value: Any) -> Any:
    return expression.is_(None) if value is None else expression == value


def _beyond(expression: Any, value: Any, descending: bool, nullable: bool) -> Any:
    """Strictly after `value` in this term's order alone."""
    if value is None:  # empty: last going up (nothing after it), first going down
        return expression.is_not(None) if descending else false()
    strictly = expression < value if descending else expression > value
    return or_(strictly, expression.is_(None)) if nullable and not descending else strictly
