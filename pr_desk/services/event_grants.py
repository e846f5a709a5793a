"""An administrator gives a named inspector events (to view them, or to plan them as a
clerk does) and takes it back. Inspectors see nothing of events by role; the grant is the
only way in. It is kept as an office setting (user id → grant) so it needs no new column
in the user table that field copies carry; every change is audited.

Services that hold the database check the grant as it stands now (`require(..., db)`), so
a revoked grant is refused at once; the screens follow the grant read at login."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.models import Setting, User
from pr_desk.data.queries import event_grants as grant_queries
from pr_desk.data.queries import office_settings as setting_queries
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.roles import (
    EVENTS_GRANT_ROLES,
    EventsGrant,
    Permission,
    Role,
    granted_permissions,
)
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, require, write

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session


def grants_in(session: Session) -> dict[uuid.UUID, EventsGrant]:
    """Every user's events grant, as stored (inside another service's transaction)."""
    return grant_queries.events_grants(session)


def grants_of(session: Session, user_id: uuid.UUID, role: Role) -> frozenset[Permission]:
    """The permissions a user's grant adds to their role (login builds the actor with them)."""
    if role not in EVENTS_GRANT_ROLES:
        return frozenset()
    return granted_permissions(role, grants_in(session).get(user_id))


def list_events_grants(db: Database, actor: Actor) -> dict[uuid.UUID, EventsGrant]:
    """Who has been given events, for the users page."""
    require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        return grants_in(session)


def set_events_grant(db: Database, actor: Actor, user_id: uuid.UUID, grant: EventsGrant | str | None) -> EventsGrant | None:
    """Gives `user_id` events to view or plan, or (None) takes it back; audited. Only an
    inspector can be given events: the other roles have what their role says."""
    require(actor, Permission.MANAGE_USERS)
    wanted = None
    if grant is not None and grant != "":
        try:
            wanted = EventsGrant(grant)
        except ValueError:
            raise UserError(N_("Unknown events access: {text}"), field="grant", text=str(grant)[:40]) from None
    with write(db, actor) as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise NotFound(N_("The user was not found; it may have been removed."))
        grants = grants_in(session)
        before = grants.get(user_id)
        if wanted is not None and Role(user.role) not in EVENTS_GRANT_ROLES:
            raise UserError(N_("Only an inspector can be given events; {name}'s role already decides what they see."),
                            field="grant", name=user.display_name)
        if before == wanted:
            return wanted
        if wanted is None:
            grants.pop(user_id, None)
        else:
            grants[user_id] = wanted
        text = grant_queries.encode(grants)
        row = setting_queries.setting(session, grant_queries.EVENTS_GRANTS)
        if row is None:
            session.add(Setting(key=grant_queries.EVENTS_GRANTS, value=text))
        else:
            row.value, row.deleted_at = text, None
        audit.append(session, action="events_grant" if wanted is not None else "events_grant_revoked",
                     table_name="app_user", record_id=user.id, summary=user.username,
                     before={"events": before.value if before else None},
                     after={"events": wanted.value if wanted else None})
        session.flush()
        return wanted
