"""The one search box: every workspace's records found from one line of text, through the
index of data/search.py, with the role rules applied (a kind the acting user may not see
is never queried: an inspector finds no citizen, request, order, event or guest, and only
the evaluation forms and directives of their assigned units).

What a workspace adds: its kinds (data/<workspace>/search.py, the `search` hook of its
descriptor in pr_desk/workspaces.py). Nothing else changes for a new workspace."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pr_desk.data import search as index
from pr_desk.data.engine import Database
from pr_desk.data.transactions import write_transaction
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Role
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read

PAGE = 10
COUNT_CAP = index.COUNT_CAP
# the headings' msgids, so that the catalogue extracts them (the kinds name them too)
_TITLES = (N_("Meeting requests"), N_("Citizens"), N_("Officials' orders"), N_("Evaluation forms"),
           N_("Directives"), N_("Events"), N_("Guests"), N_("Units"), N_("Users"))


@dataclass(frozen=True)
class Found:
    kind: str
    record_id: uuid.UUID
    label: str
    detail: str


@dataclass(frozen=True)
class FoundGroup:
    kind: str
    title: str  # msgid
    workspace: str  # the workspace that opens it ("" : the shared pages)
    total: int  # at most index.COUNT_CAP + 1 ("more than a thousand")
    hits: tuple[Found, ...]


def kinds_for(actor: Actor) -> tuple[index.Kind, ...]:
    """The kinds the acting user may see."""
    return tuple(k for k in index.all_kinds() if actor.can(k.permission))


def kind_names() -> list[str]:
    return [k.name for k in index.all_kinds()]


# How long indexing waits for another program's write (a long import) before the search
# goes on with what is indexed: a search never waits behind a writer.
REFRESH_WAIT_MS = 300


def refresh(db: Database) -> int:
    """Index the records written since the last search (cheap when there are none); 0 when
    another program holds the write lock (the marks stay for the next search)."""
    with db.engine.connect() as conn:
        if not index.pending(conn):
            return 0
    try:
        with write_transaction(db, (None, "search-index"), wait_ms=REFRESH_WAIT_MS) as session:
            return index.refresh(session.connection(), index.all_kinds())
    except UserError:
        return 0


def reindex(db: Database) -> int:
    """Build the whole index again (`pr-desk check --reindex`); returns how many entries."""
    with db.engine.begin() as conn:
        kinds = index.all_kinds()
        index.install_triggers(conn, kinds)
        return index.reindex(conn, kinds)


def search(db: Database, actor: Actor, query: str, *, kind: str | None = None, limit: int = PAGE) -> list[FoundGroup]:
    """The first `limit` matches of each kind the actor may see, grouped, best first."""
    kinds = [k for k in kinds_for(actor) if kind is None or k.name == kind]
    if not kinds or not index.query_words(query)[0]:
        return []
    groups: list[index.Group] | None = None
    for _attempt in range(2):
        with read(db) as session:
            conn = session.connection()
            if not index.pending(conn):  # (the common case: one connection, no write)
                unit_ids = _inspector_units(session, actor)
                groups = index.search(conn, query, kinds, limit=limit, unit_ids=unit_ids)
                break
        if not refresh(db):
            break
    if groups is None:  # another program is writing: search what is indexed
        with read(db) as session:
            groups = index.search(session.connection(), query, kinds, limit=limit,
                                  unit_ids=_inspector_units(session, actor))
    assert groups is not None
    by_name = {k.name: k for k in kinds}
    return [FoundGroup(g.kind, by_name[g.kind].title, by_name[g.kind].workspace, g.total,
                       tuple(Found(h.kind, h.record_id, h.label, h.detail) for h in g.hits)) for g in groups]


def _inspector_units(session: object, actor: Actor) -> set[uuid.UUID] | None:
    if actor.role is not Role.INSPECTOR:
        return None
    from pr_desk.data.directives import queries as dq

    return set(dq.inspector_unit_ids(session, actor.user_id))  # type: ignore[arg-type]
