"""Roles and what each may do. Services check these; the UI only hides what is refused anyway."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pr_desk.i18n import N_, _


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    CLERK = "clerk"
    INSPECTOR = "inspector"

    @property
    def label(self) -> str:
        return _(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.CLERK: N_("Clerk"),
    Role.INSPECTOR: N_("Inspector"),
}


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_UNITS = "manage_units"
    VIEW_UNITS = "view_units"
    VIEW_USERS = "view_users"
    VIEW_AUDIT = "view_audit"
    MANAGE_SETTINGS = "manage_settings"
    BACKUP = "backup"
    VIEW_MEETINGS = "view_meetings"  # meeting queue figures without personal data
    VIEW_CITIZENS = "view_citizens"  # citizens' names, national codes, mobiles, requests
    MANAGE_MEETINGS = "manage_meetings"  # register requests, the queue, sessions, the day
    MANAGE_ORDERS = "manage_orders"  # officials' orders and their follow-up
    VIEW_EVALUATIONS = "view_evaluations"  # evaluation results (inspectors: their own units only)
    EDIT_EVALUATIONS = "edit_evaluations"  # fill forms (inspectors: the units assigned to them)
    MANAGE_EVALUATION_PERIODS = "manage_evaluation_periods"  # open periods, assign inspectors
    APPROVE_EVALUATIONS = "approve_evaluations"  # approve or return submitted forms
    MANAGE_EVALUATION_TEMPLATES = "manage_evaluation_templates"  # templates and grade bands
    MANAGE_SYNC = "manage_sync"  # field packages for inspectors, imports, the conflict queue
    VIEW_DIRECTIVES = "view_directives"  # the register (inspectors: directives of their assigned units)
    MANAGE_DIRECTIVES = "manage_directives"  # draft, distribute, record acknowledgements
    APPROVE_DIRECTIVES = "approve_directives"  # review, approve, return and issue
    CHECK_EVIDENCE = "check_evidence"  # record implementation evidence and its verdict
    VIEW_EVENTS = "view_events"  # the events calendar, events, their tasks, guests and programme
    MANAGE_EVENTS = "manage_events"  # plan events: tasks, guests, seating, programme, check-in, occasions
    APPROVE_EVENTS = "approve_events"  # approve events, checklist templates, venues, protocol ranks
    MANAGE_EVENT_BUDGETS = "manage_event_budgets"  # see and edit budgets (the budget sheet and report)


_ALL = frozenset(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _ALL,
    Role.SUPERVISOR: frozenset({
        Permission.VIEW_UNITS, Permission.VIEW_USERS, Permission.VIEW_AUDIT,
        Permission.VIEW_MEETINGS, Permission.VIEW_CITIZENS, Permission.MANAGE_MEETINGS, Permission.MANAGE_ORDERS,
        Permission.VIEW_EVALUATIONS, Permission.MANAGE_EVALUATION_PERIODS, Permission.APPROVE_EVALUATIONS,
        Permission.MANAGE_SYNC,
        Permission.VIEW_DIRECTIVES, Permission.MANAGE_DIRECTIVES, Permission.APPROVE_DIRECTIVES, Permission.CHECK_EVIDENCE,
        Permission.VIEW_EVENTS, Permission.MANAGE_EVENTS, Permission.APPROVE_EVENTS, Permission.MANAGE_EVENT_BUDGETS,
    }),
    Role.CLERK: frozenset({
        Permission.VIEW_UNITS, Permission.VIEW_MEETINGS, Permission.VIEW_CITIZENS, Permission.MANAGE_MEETINGS,
        Permission.MANAGE_ORDERS, Permission.VIEW_EVALUATIONS,
        Permission.VIEW_DIRECTIVES, Permission.MANAGE_DIRECTIVES,
        Permission.VIEW_EVENTS, Permission.MANAGE_EVENTS,
    }),
    Role.INSPECTOR: frozenset({
        Permission.VIEW_UNITS, Permission.VIEW_MEETINGS, Permission.VIEW_EVALUATIONS, Permission.EDIT_EVALUATIONS,
        Permission.VIEW_DIRECTIVES, Permission.CHECK_EVIDENCE,
    }),
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


class EventsGrant(StrEnum):
    """What an administrator gives a named inspector of events (whose role gives none)."""

    VIEW = "view"  # sees the calendar, events, tasks, guests and programme
    PLAN = "plan"  # also plans them, as a clerk does (budgets and approval stay with supervisors)

    @property
    def label(self) -> str:
        return _(EVENTS_GRANT_LABELS[self])

    @property
    def permissions(self) -> frozenset[Permission]:
        if self is EventsGrant.PLAN:
            return frozenset({Permission.VIEW_EVENTS, Permission.MANAGE_EVENTS})
        return frozenset({Permission.VIEW_EVENTS})


EVENTS_GRANT_LABELS = {
    EventsGrant.VIEW: N_("View events"),
    EventsGrant.PLAN: N_("Plan events"),
}
# The roles an events grant may be given to: the others have events by role, or all of it.
EVENTS_GRANT_ROLES = frozenset({Role.INSPECTOR})
GRANTABLE_PERMISSIONS = EventsGrant.PLAN.permissions


def granted_permissions(role: Role, grant: EventsGrant | str | None) -> frozenset[Permission]:
    """The permissions a grant adds to a role (none for a role it cannot be given to, or an
    unknown grant)."""
    if grant is None or role not in EVENTS_GRANT_ROLES:
        return frozenset()
    try:
        return EventsGrant(grant).permissions
    except ValueError:
        return frozenset()


def parse_role(text: str) -> Role:
    """Accepts the code value, the English label or the Persian label (for imports)."""
    from pr_desk.domain.errors import UserError

    cleaned = " ".join((text or "").split()).casefold()
    for role in Role:
        if cleaned in {role.value, ROLE_LABELS[role].casefold(), _(ROLE_LABELS[role]).casefold()}:
            return role
    raise UserError(N_("Unknown role: {role}"), field="role", role=text)


@dataclass(frozen=True)
class UserImportRow:
    """One row of a users spreadsheet, as text, with its row number for messages."""

    row_number: int
    username: str
    display_name: str
    role: str
