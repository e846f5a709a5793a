"""Event planning's report kinds, from its three parts: the calendar (`events-calendar`),
the planning (`event-budget`, `event-report`, `event-brief`) and the guests
(`event-invitations`, `event-programme`, `event-seating`, `event-guests`). Each builds with
no filter: the next event, or the current month."""

from __future__ import annotations

from pr_desk.services.events import reports_calendar, reports_guests, reports_planning

PARTS = (reports_calendar, reports_guests, reports_planning)


def register() -> None:
    for part in PARTS:
        part.register()
