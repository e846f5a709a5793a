"""An inspector sees nothing of events unless an administrator gives it (issue 14): the
grant, to view or to plan, is an office setting (no new column in the user table), checked
afresh by every events service, audited, and taken back at once."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.roles import EventsGrant, Permission
from pr_desk.services import audit_log, auth
from pr_desk.services.event_grants import list_events_grants, set_events_grant
from pr_desk.services.events import catalogue as cat
from pr_desk.services.events import guests as guest_service
from pr_desk.services.events.events import list_events
from tests.services.evaluation.factories import PASSWORD, staff
from tests.services.events.planning_helpers import make_event


def test_an_inspector_not_granted_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    assert not people.inspector.can(Permission.VIEW_EVENTS)
    with pytest.raises(PermissionDenied):
        cat.list_event_types(db, people.inspector)
    with pytest.raises(PermissionDenied):
        list_events(db, people.inspector)


def test_granted_view_sees_but_cannot_plan_then_revoked_is_refused_again(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, people.clerk)
    inspector = people.inspector  # logged in before the grant: the services read it afresh

    assert set_events_grant(db, admin, inspector.user_id, EventsGrant.VIEW) is EventsGrant.VIEW
    assert list_events_grants(db, admin) == {inspector.user_id: EventsGrant.VIEW}
    assert [t.name for t in cat.list_event_types(db, inspector)][:2] == ["جشنواره", "جشن"]
    assert guest_service.list_guests(db, inspector, event_id) == []
    with pytest.raises(PermissionDenied):
        guest_service.add_guest(db, inspector, event_id=event_id, full_name="رضا محمدی")
    with pytest.raises(PermissionDenied):  # approving and ranks stay with supervisors
        cat.save_event_type(db, inspector, name="نمایشگاه")

    # the next login carries the grant, so the screens show the events workspace
    again = auth.login(db, inspector.username, PASSWORD)
    assert again.can(Permission.VIEW_EVENTS) and not again.can(Permission.MANAGE_EVENTS)

    assert set_events_grant(db, admin, inspector.user_id, None) is None
    assert list_events_grants(db, admin) == {}
    for who in (inspector, again):  # a session that logged in with the grant is refused too
        with pytest.raises(PermissionDenied):
            cat.list_event_types(db, who)
    assert not auth.login(db, inspector.username, PASSWORD).can(Permission.VIEW_EVENTS)


def test_granted_plan_plans_as_a_clerk_does(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, people.clerk)
    set_events_grant(db, admin, people.inspector.user_id, "plan")
    added = guest_service.add_guest(db, people.inspector, event_id=event_id, full_name="رضا محمدی")
    assert added.full_name == "رضا محمدی"
    with pytest.raises(PermissionDenied):
        cat.save_event_type(db, people.inspector, name="نمایشگاه")
    with pytest.raises(PermissionDenied):  # the other inspector was given nothing
        cat.list_event_types(db, people.other_inspector)


def test_only_an_administrator_grants_only_inspectors_and_every_change_is_audited(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    for who in (people.supervisor, people.clerk, people.inspector):
        with pytest.raises(PermissionDenied):
            set_events_grant(db, who, people.inspector.user_id, EventsGrant.VIEW)
    with pytest.raises(UserError):
        set_events_grant(db, admin, people.clerk.user_id, EventsGrant.VIEW)
    with pytest.raises(UserError):
        set_events_grant(db, admin, people.inspector.user_id, "everything")
    assert list_events_grants(db, admin) == {}

    set_events_grant(db, admin, people.inspector.user_id, EventsGrant.PLAN)
    set_events_grant(db, admin, people.inspector.user_id, EventsGrant.PLAN)  # no change, no entry
    set_events_grant(db, admin, people.inspector.user_id, None)
    entries = audit_log.list_entries(db, admin, record_id=people.inspector.user_id,
                                     actions=["events_grant", "events_grant_revoked"])
    assert sorted(e.action for e in entries) == ["events_grant", "events_grant_revoked"]
    assert all(e.actor_name == "admin" for e in entries)
