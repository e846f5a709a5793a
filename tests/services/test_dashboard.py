"""The dashboard's tiles for each role, on SQLite and PostgreSQL, with data made through
the services: what each role sees first, the figures the tiles show, and an inspector who
never sees a citizen's name (nor a meeting-queue or events tile at all)."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.domain.roles import Role
from pr_desk.services import dashboard as ds
from pr_desk.services import directives as dv
from pr_desk.services import evaluation as ev
from pr_desk.services import meetings
from pr_desk.services.events.tasks import add_task
from pr_desk.workspaces import WORKSPACES
from tests.services.evaluation.factories import PASSWORD, districts, small_template, staff
from tests.services.events.planning_helpers import make_event

CITIZEN = "مریم دهقان‌نژاد"


def _code(n: int) -> str:
    first = f"{n:09d}"
    return first + str(national_code_check_digit(first))


def _world(db, admin):  # type: ignore[no-untyped-def]
    people = staff(db, admin)
    today = ds.today()
    # the meeting queue: one waiting for the mayor, two placed in today's session (one met), an order overdue
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    requests = []
    for n in range(3):
        citizen, _new = meetings.find_or_create_citizen(db, people.clerk, national_code=_code(1234567 + n), first_name="مریم",
                                                        last_name="دهقان‌نژاد", mobile="09121234567", district=6)
        requests.append(meetings.register_request(db, people.clerk, citizen_id=citizen.id, official_id=official.id,
                                                  subject_category="urban_services", channel="in_person",
                                                  description="درخواست رسیدگی به معابر", confirm_duplicate=True).request)
    session = meetings.create_session(db, people.clerk, official_id=official.id, session_date=today, start_time="09:00",
                                      end_time="11:00", place="دفتر", capacity=2)
    entry = meetings.fill_session(db, people.clerk, session_id=session.id)[0]
    meetings.check_in(db, people.clerk, entry_id=entry.id)
    meetings.call_next(db, people.clerk, session_id=session.id)
    meetings.finish_meeting(db, people.clerk, entry_id=entry.id)
    unit = districts(db, admin, 22)
    meetings.add_order(db, people.clerk, request_id=entry.request_id, text="رسیدگی فوری", unit_id=unit[2].id,
                       given_on=today - dt.timedelta(days=60), deadline_days=1)
    # a directive in force sent to every district, none acknowledged yet
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title="دستورالعمل پوشش خبری", body="ماده ۱")
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    d = dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    dv.distribute(db, people.clerk, d.info.id, all_districts=True)
    # an open period, two units for the inspector
    small_template(db, admin)
    period = ev.open_period(db, admin, kind="half", year=1405, number=1, unit_ids=[u.id for u in unit[:4]])
    ev.assign_inspector(db, admin, period_id=period.id, unit_ids=[unit[0].id, unit[1].id], inspector_id=people.inspector.user_id)
    # an event next week with a task already late
    event_id = make_event(db, people.clerk, title="جشنواره رسانه‌های شهری", start_on=today + dt.timedelta(days=7))
    add_task(db, people.clerk, event_id=event_id, title="رزرو سالن", due_on=today - dt.timedelta(days=2))
    return people


def _by_key(tiles: list[ds.Tile]) -> dict[str, ds.Tile]:
    return {t.spec.key: t for t in tiles}


def test_each_role_sees_its_first_screen(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = _world(db, admin)

    clerk = _by_key(ds.dashboard(db, people.clerk))
    assert set(clerk) == {"meetings.today", "meetings.waiting", "meetings.orders", "directives.acknowledge",
                          "events.coming", "events.tasks"}
    assert all(t.data is not None for t in clerk.values()), [k for k, t in clerk.items() if t.data is None]
    assert clerk["meetings.today"].data.count == 1  # type: ignore[union-attr]
    assert clerk["meetings.waiting"].data.count == 1  # type: ignore[union-attr]
    assert clerk["meetings.orders"].data.count == 1 and clerk["meetings.orders"].data.alert  # type: ignore[union-attr]
    assert clerk["directives.acknowledge"].data.count == 22  # type: ignore[union-attr]
    assert clerk["events.coming"].data.count == 1  # type: ignore[union-attr]
    assert "۱" in clerk["events.coming"].data.rows[0].value  # one task overdue  # type: ignore[union-attr]
    assert clerk["events.tasks"].data.count == 1  # type: ignore[union-attr]

    supervisor = _by_key(ds.dashboard(db, people.supervisor))
    assert set(clerk) < set(supervisor)
    assert {"evaluation.progress", "evaluation.approve", "directives.behind", "meetings.month"} <= set(supervisor)
    assert supervisor["evaluation.progress"].data.count == 4  # type: ignore[union-attr]
    assert supervisor["meetings.month"].data.count == 3 and len(supervisor["meetings.month"].data.bars) == 30  # type: ignore[union-attr]
    assert supervisor["directives.behind"].data.rows  # type: ignore[union-attr]

    inspector = _by_key(ds.dashboard(db, people.inspector))
    assert set(inspector) == {"evaluation.units", "evaluation.visits", "directives.evidence"}
    assert inspector["evaluation.units"].data.count == 2  # only their units  # type: ignore[union-attr]
    visits = inspector["evaluation.visits"].data
    assert visits is not None and visits.count == 2 and visits.rows[0].value == "هرگز بازدید نشده"

    administrator = _by_key(ds.dashboard(db, admin))
    assert set(supervisor) < set(administrator)
    assert {"office.backups", "office.locked", "sync.copies"} <= set(administrator)
    assert all(t.data is not None for t in administrator.values()), [k for k, t in administrator.items() if t.data is None]
    assert administrator["office.backups"].data.alert  # never backed up  # type: ignore[union-attr]


def test_the_inspector_never_sees_a_citizens_name(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = _world(db, admin)
    said = repr(ds.dashboard(db, people.inspector)).replace("\\u200c", "\u200c")
    assert CITIZEN not in said and "دهقان" not in said
    today = _by_key(ds.dashboard(db, people.clerk))["meetings.today"].data
    assert today is not None and CITIZEN in today.rows[0].value  # who is next in today's session
    # no tile an inspector could see needs a right they lack, and none is a meeting-queue tile
    for spec in ds.tiles_for(people.inspector):
        assert spec.link.target not in {"meetings", "events"}


def test_a_field_copy_shows_no_office_only_tile() -> None:
    from pr_desk.services.context import Actor

    admin = Actor(__import__("uuid").uuid4(), "a", "a", Role.ADMIN)
    keys = {s.key for s in ds.tiles_for(admin, field_copy=True)}
    assert not any(k.startswith(("meetings.", "events.", "sync.", "office.backups")) for k in keys)


def test_every_workspace_with_a_tab_declares_tiles() -> None:
    """A workspace added later only fills in its tiles: the dashboard goes through the list."""
    for workspace in WORKSPACES:
        if workspace.tab:
            assert workspace.tiles, workspace.name
    specs = ds.all_specs()
    assert len({s.key for s in specs}) == len(specs)


@pytest.mark.parametrize("role", list(Role))
def test_a_failing_tile_is_empty_not_an_error(role: Role) -> None:
    from pr_desk.services.context import Actor

    actor = Actor(__import__("uuid").uuid4(), "a", "a", role)
    for spec in ds.tiles_for(actor):
        tile = ds.load_tile(None, actor, spec)  # type: ignore[arg-type]  # no database at all
        assert tile.data is None


def test_the_weeks_official_occasions_run_along_the_top(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    nowruz_week = ds.week_occasions(db, people.inspector, on=dt.date(2026, 3, 25))  # Saturday 21 March to Friday 27
    assert any("نوروز" in o.name for o in nowruz_week)
    assert all(dt.date(2026, 3, 21) <= o.on <= dt.date(2026, 3, 27) for o in nowruz_week)


def test_an_inspector_given_events_gets_the_events_tiles(office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.services import auth
    from pr_desk.services.event_grants import set_events_grant

    db, admin = office
    people = _world(db, admin)
    assert not {"events.coming", "events.tasks"} & set(_by_key(ds.dashboard(db, people.inspector)))
    set_events_grant(db, admin, people.inspector.user_id, "view")
    granted = auth.login(db, people.inspector.username, PASSWORD)
    tiles = _by_key(ds.dashboard(db, granted))
    assert {"events.coming", "events.tasks", "evaluation.units"} <= set(tiles)
    assert tiles["events.coming"].data.count == 1  # type: ignore[union-attr]
    assert "events.coming" not in {s.key for s in ds.tiles_for(granted, field_copy=True)}  # events stay at the office


def test_the_warm_up_before_login_reads_only_and_makes_the_tiles_compiled(office) -> None:  # type: ignore[no-untyped-def]
    """The quick start runs every tile once behind the login dialog (ui/quick_start.py), before
    the password is checked: nothing may be written (no audit entry), nothing raised."""
    from sqlalchemy import event

    db, admin = office
    people = _world(db, admin)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        ds.warm_up(db)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert statements and "SELECT" in statements
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements), statements
    # and the tiles the clerk gets afterwards are the same as without it
    clerk = _by_key(ds.dashboard(db, people.clerk))
    assert clerk["meetings.today"].data.count == 1  # type: ignore[union-attr]


def test_a_failing_warm_up_is_silent_and_stops_when_asked(caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    with caplog.at_level(logging.DEBUG, logger="pr_desk"):
        ds.warm_up(None)  # type: ignore[arg-type]  # no database at all: every tile fails
    assert caplog.records and all(r.levelno == logging.DEBUG for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="pr_desk"):
        ds.warm_up(None, stop=lambda: True)  # type: ignore[arg-type]
    assert not caplog.records  # stopped before its first tile
