"""Seating, the programme and check-in through their services, on SQLite and PostgreSQL:
the rank fill (accepted before invited, rank then name, hand-given seats kept), seats by
hand, swaps, the refusals (seated twice, a seat given twice, more than the venue holds, a
plan smaller than the seats given) with nothing changed; the running order's computed
times and moves; arrivals found, marked, undone, walk-ins and the live counts."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.events import Honorific, InvitationStatus, SeatingMode
from pr_desk.services.events import checkin as ck
from pr_desk.services.events import guests as gs
from pr_desk.services.events import programme as pg
from pr_desk.services.events import seating as st
from tests.services.evaluation.factories import staff
from tests.services.events.guest_factories import make_event


def _guests(db, clerk, event_id):  # type: ignore[no-untyped-def]
    ranks = {r.name: r.id for r in gs.list_ranks(db, clerk)}
    spec = [("رضا اکبری", "مدیرکل", "accepted"), ("مریم حسینی", "وزیر", "invited"), ("سارا نادری", "شهردار منطقه", "accepted"),
            ("حمید توکلی", "وزیر", "accepted"), ("نرگس امینی", None, "declined"), ("یاسر قاسمی", None, "to_invite")]
    made = {}
    for name, rank, status in spec:
        g = gs.add_guest(db, clerk, event_id=event_id, full_name=name, honorific=Honorific.MR, rank_id=ranks.get(rank) if rank else None)
        if status != "to_invite":
            gs.set_invitation(db, clerk, g.id, InvitationStatus.INVITED)
        if status in ("accepted", "declined"):
            gs.set_invitation(db, clerk, g.id, status)
        made[name] = g.id
    return made


def test_fill_by_rank_by_hand_and_refusals(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin, capacity=5, venue="سالن همایش‌های برج میلاد")
    g = _guests(db, people.clerk, event_id)
    with pytest.raises(UserError):  # no plan yet
        st.fill_by_rank(db, people.clerk, event_id)
    with pytest.raises(PermissionDenied):
        st.set_seating_plan(db, people.inspector, event_id, mode="rows", groups=2, seats_per_group=3)
    plan = st.set_seating_plan(db, people.clerk, event_id, mode=SeatingMode.ROWS, groups="۲", seats_per_group=3)
    assert [s.label for s in plan.seats] == ["R1-1", "R1-2", "R1-3", "R2-1", "R2-2", "R2-3"] and plan.capacity == 5
    # by hand first: the invited minister's deputy on R2-3
    st.assign_seat(db, people.clerk, event_id, guest_id=g["مریم حسینی"], seat="R2-3")
    result = st.fill_by_rank(db, people.clerk, event_id)
    seats = {s.label: s.guest_id for s in result.seating.seats}
    assert seats["R1-1"] == g["حمید توکلی"]  # accepted, rank وزیر
    assert seats["R1-2"] == g["سارا نادری"] and seats["R1-3"] == g["رضا اکبری"]
    assert seats["R2-3"] == g["مریم حسینی"]  # kept
    assert result.seated == 3 and result.without_seat == 0
    assert g["نرگس امینی"] not in seats.values() and g["یاسر قاسمی"] not in seats.values()
    reset = st.fill_by_rank(db, people.clerk, event_id, reset=True)
    seats = {s.label: s.guest_id for s in reset.seating.seats}
    assert [seats[x] for x in ("R1-1", "R1-2", "R1-3", "R2-1")] == [g["حمید توکلی"], g["سارا نادری"], g["رضا اکبری"], g["مریم حسینی"]]

    before = st.get_seating(db, people.clerk, event_id)
    refusals = [
        lambda: st.assign_seat(db, people.clerk, event_id, guest_id=g["یاسر قاسمی"], seat="R1-1"),  # seat given twice
        lambda: st.assign_seat(db, people.clerk, event_id, guest_id=g["حمید توکلی"], seat="R2-2"),  # seated twice
        lambda: st.assign_seat(db, people.clerk, event_id, guest_id=g["نرگس امینی"], seat="R2-2"),  # declined
        lambda: st.assign_seat(db, people.clerk, event_id, guest_id=g["یاسر قاسمی"], seat="R9-1"),  # not in the plan
        lambda: st.assign_seat(db, people.clerk, event_id, guest_id=g["یاسر قاسمی"], seat="T1-1"),
        lambda: st.set_seating_plan(db, people.clerk, event_id, mode="rows", groups=1, seats_per_group=3),  # smaller
        lambda: st.set_seating_plan(db, people.clerk, event_id, mode="tables", groups=2, seats_per_group=3),
        lambda: st.set_seating_plan(db, people.clerk, event_id, mode="rows", groups=0, seats_per_group=3),
        lambda: st.set_seating_plan(db, people.clerk, event_id, mode="rows", groups="x", seats_per_group=3),
    ]
    for refuse in refusals:
        with pytest.raises(UserError):
            refuse()
    assert st.get_seating(db, people.clerk, event_id) == before
    # the fifth guest fits (capacity 5), a sixth does not
    gs.set_invitation(db, people.clerk, g["یاسر قاسمی"], InvitationStatus.INVITED)
    st.assign_seat(db, people.clerk, event_id, guest_id=g["یاسر قاسمی"], seat="R2-2")
    extra = gs.add_guest(db, people.clerk, event_id=event_id, full_name="مهمان ششم")
    with pytest.raises(UserError, match="۵"):
        st.assign_seat(db, people.clerk, event_id, guest_id=extra.id, seat="R2-3")
    gs.set_invitation(db, people.clerk, extra.id, InvitationStatus.INVITED)
    full = st.fill_by_rank(db, people.clerk, event_id)
    assert full.seated == 0 and full.without_seat == 1
    # moves and swaps
    st.assign_seat(db, people.clerk, event_id, guest_id=g["یاسر قاسمی"], seat="R2-3", move=True)
    swapped = st.swap_seats(db, people.clerk, event_id, "R1-1", "R2-3")
    assert swapped.seat("R1-1").guest_id == g["یاسر قاسمی"] and swapped.seat("R2-3").guest_id == g["حمید توکلی"]
    st.unassign_seat(db, people.clerk, g["یاسر قاسمی"])
    assert st.get_seating(db, people.clerk, event_id).seat("R1-1").guest_id is None
    gs.set_invitation(db, people.clerk, g["سارا نادری"], InvitationStatus.DECLINED)  # gives the seat back
    assert gs.get_guest(db, people.clerk, g["سارا نادری"]).seat is None
    gs.remove_guest(db, people.clerk, g["رضا اکبری"])
    assert g["رضا اکبری"] not in {s.guest_id for s in st.get_seating(db, people.clerk, event_id).seats}


def test_tables_plan(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    event_id = make_event(db, admin, venue=None)
    _guests(db, admin, event_id)
    st.set_seating_plan(db, admin, event_id, mode="tables", groups=2, seats_per_group=2)
    result = st.fill_by_rank(db, admin, event_id)
    assert [s.label for s in result.seating.seats if s.guest_id] == ["T1-1", "T1-2", "T2-1", "T2-2"]
    assert result.without_seat == 0 and result.seating.seats[0].guest_address == "جناب آقای حمید توکلی"


def test_programme_running_order(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin, start_time=dt.time(9, 30))
    speaker = gs.add_guest(db, people.clerk, event_id=event_id, full_name="علی رضایی", honorific=Honorific.DR_MR)
    a = pg.add_item(db, people.clerk, event_id=event_id, title="تلاوت قرآن", minutes=5)
    b = pg.add_item(db, people.clerk, event_id=event_id, title="سرود ملی", minutes="۱۰")
    c = pg.add_item(db, people.clerk, event_id=event_id, title="سخنرانی شهردار", minutes=20, guest_id=speaker.id)
    d = pg.add_item(db, people.clerk, event_id=event_id, title="پذیرایی", starts_at=dt.time(11, 0), minutes=30)
    items = pg.list_programme(db, people.supervisor, event_id)
    assert [(i.start, i.end) for i in items] == [(dt.time(9, 30), dt.time(9, 35)), (dt.time(9, 35), dt.time(9, 45)),
                                                  (dt.time(9, 45), dt.time(10, 5)), (dt.time(11, 0), dt.time(11, 30))]
    assert items[2].speaker_text == "جناب آقای دکتر علی رضایی"
    moved = pg.move_item(db, people.clerk, b.id, up=True)
    assert [i.id for i in moved] == [b.id, a.id, c.id, d.id] and moved[1].start == dt.time(9, 40)
    assert [i.id for i in pg.move_item(db, people.clerk, b.id, up=True)] == [b.id, a.id, c.id, d.id]  # already first
    first = pg.add_item(db, people.clerk, event_id=event_id, title="خیرمقدم", minutes=3, position=1, speaker="مجری")
    assert pg.list_programme(db, people.clerk, event_id)[0].id == first.id
    edited = pg.update_item(db, people.clerk, c.id, expected_version=pg.list_programme(db, people.clerk, event_id)[3].version,
                            title="سخنرانی", minutes=25, speaker="شهردار")
    assert edited.speaker_text == "شهردار" and edited.minutes == 25
    pg.remove_item(db, people.clerk, a.id)
    assert [i.position for i in pg.list_programme(db, people.clerk, event_id)] == [1, 2, 3, 4]
    before = pg.list_programme(db, people.clerk, event_id)
    for bad in ({"title": " "}, {"title": "x", "minutes": -5}, {"title": "x", "minutes": "ده"}, {"title": "x", "minutes": 5000}):
        with pytest.raises(UserError):
            pg.add_item(db, people.clerk, event_id=event_id, **bad)  # type: ignore[arg-type]
    other = make_event(db, admin, title="رویداد دیگر")
    stranger = gs.add_guest(db, people.clerk, event_id=other, full_name="غریبه")
    with pytest.raises(UserError):
        pg.add_item(db, people.clerk, event_id=event_id, title="x", guest_id=stranger.id)
    with pytest.raises(PermissionDenied):
        pg.add_item(db, people.inspector, event_id=event_id, title="x")
    assert pg.list_programme(db, people.clerk, event_id) == before


def test_checkin_the_day(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin)
    g = _guests(db, people.clerk, event_id)
    gs.update_guest(db, people.clerk, g["رضا اکبری"], expected_version=None, full_name="رضا اکبری", honorific="mr",
                    organisation="شهرداری منطقه ۶", mobile="09351112233")
    counts = ck.checkin_counts(db, people.clerk, event_id)
    assert (counts.expected, counts.present, counts.walk_ins) == (4, 0, 0)
    assert [x.id for x in ck.find_arrivals(db, people.clerk, event_id, "اكبري")] == [g["رضا اکبری"]]
    assert [x.id for x in ck.find_arrivals(db, people.clerk, event_id, "منطقه 6")] == [g["رضا اکبری"]]
    assert [x.id for x in ck.find_arrivals(db, people.clerk, event_id, "۰۹۳۵۱۱۱")] == [g["رضا اکبری"]]
    here = ck.check_in(db, people.clerk, g["رضا اکبری"])
    assert here.present
    assert ck.check_in(db, people.clerk, g["رضا اکبری"]).checked_in_at == here.checked_in_at
    walk = ck.add_walk_in(db, people.clerk, event_id=event_id, full_name="محسن یزدانی", organisation="روزنامه همشهری")
    assert walk.walk_in and walk.present and walk.invitation is InvitationStatus.ACCEPTED
    counts = ck.checkin_counts(db, people.supervisor, event_id)
    assert (counts.expected, counts.present, counts.walk_ins, counts.still_expected) == (4, 2, 1, 3)
    assert ck.find_arrivals(db, people.clerk, event_id, "")[-1].present  # those not yet in first
    ck.undo_check_in(db, people.clerk, g["رضا اکبری"])
    assert ck.checkin_counts(db, people.clerk, event_id).present == 1
    with pytest.raises(PermissionDenied):
        ck.check_in(db, people.inspector, g["رضا اکبری"])
    with pytest.raises(UserError):
        ck.add_walk_in(db, people.clerk, event_id=event_id, full_name="")
    assert ck.checkin_counts(db, people.clerk, event_id).walk_ins == 1
