"""Event planning's part of the one search index (data/search.py): an event by its code and
the words of its title; a guest by their name, post and organisation, with their event.
Budgets are never indexed; an inspector (no VIEW_EVENTS) finds neither kind."""

from __future__ import annotations

from pr_desk.data.search import Kind, Source
from pr_desk.domain.roles import Permission

KINDS: tuple[Kind, ...] = (
    Kind(
        name="event", number=40, title="Events", workspace="events", table="event",
        permission=Permission.VIEW_EVENTS, rank=40,
        columns=("code", "title", "start_on"),
        select="SELECT e.id, e.code || ' — ' || e.title, CAST(e.start_on AS VARCHAR(10)), e.code || ' ' || e.title, NULL "
               "FROM event e WHERE e.deleted_at IS NULL AND e.id IN :ids",
    ),
    Kind(
        name="guest", number=41, title="Guests", workspace="events", table="event_guest",
        permission=Permission.VIEW_EVENTS, rank=41,
        columns=("full_name", "title", "organisation", "event_id"),
        select="SELECT g.id, g.full_name, e.code || ' — ' || e.title, "
               "g.full_name || ' ' || g.title || ' ' || g.organisation, NULL "
               "FROM event_guest g JOIN event e ON e.id = g.event_id WHERE g.deleted_at IS NULL AND g.id IN :ids",
        sources=(Source("event", "SELECT id FROM event_guest WHERE event_id = {row}.id", ("code", "title")),),
    ),
)
