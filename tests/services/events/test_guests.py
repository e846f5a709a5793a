"""Guests and protocol through their services, on SQLite and PostgreSQL: the ranks the
office edits (seeded with the usual order), guests with honorific, post, organisation,
mobile and rank, the invitation steps with their dates, the list in protocol order with a
spelling-insensitive search, counts per status; roles; every bad input refused with the
database unchanged."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.domain.events import Honorific, InvitationStatus
from pr_desk.services.events import guests as gs
from tests.services.evaluation.factories import staff
from tests.services.events.guest_factories import make_event


def test_ranks_seeded_edited_and_reordered(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    ranks = gs.list_ranks(db, people.clerk)
    assert [r.name for r in ranks] == list(gs.DEFAULT_RANKS)
    assert gs.list_ranks(db, people.clerk) == ranks  # seeded once
    with pytest.raises(PermissionDenied):
        gs.save_rank(db, people.clerk, name="سفیر")
    with pytest.raises(PermissionDenied):
        gs.list_ranks(db, people.inspector)
    added = gs.save_rank(db, people.supervisor, name="سفیر")
    assert gs.list_ranks(db, people.clerk)[-1].name == "سفیر"
    with pytest.raises(UserError, match="وزیر"):
        gs.save_rank(db, people.supervisor, name="وزیر")
    with pytest.raises(UserError):
        gs.save_rank(db, people.supervisor, name="   ")
    order = gs.move_rank(db, people.supervisor, added.id, up=True)
    assert [r.name for r in order][-2:] == ["سفیر", "سایر"]
    added = next(r for r in order if r.id == added.id)
    renamed = gs.save_rank(db, people.supervisor, rank_id=added.id, name="سفیر کشور", expected_version=added.version)
    with pytest.raises(StaleRecord):
        gs.save_rank(db, people.supervisor, rank_id=added.id, name="سفیر", expected_version=added.version)
    gs.save_rank(db, people.supervisor, rank_id=added.id, name=renamed.name, retired=True, expected_version=renamed.version)
    assert "سفیر کشور" not in [r.name for r in gs.list_ranks(db, people.clerk)]
    assert "سفیر کشور" in [r.name for r in gs.list_ranks(db, people.clerk, include_retired=True)]
    first = gs.list_ranks(db, people.clerk)[0]
    moved = gs.reorder_ranks(db, admin, [gs.list_ranks(db, people.clerk)[2].id])
    assert moved[0].name == "استاندار" and moved[1].id == first.id


def test_guests_invitations_search_and_counts(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin)
    ranks = {r.name: r for r in gs.list_ranks(db, people.clerk)}
    mayor = gs.add_guest(db, people.clerk, event_id=event_id, honorific=Honorific.DR_MR, full_name="علیرضا زاکانی",
                         title="شهردار تهران", organisation="شهرداری تهران", mobile="۰۹۱۲ ۱۲۳ ۴۵۶۷",
                         rank_id=ranks["شهردار تهران"].id)
    assert mayor.address == "جناب آقای دکتر علیرضا زاکانی" and mayor.mobile == "09121234567"
    assert mayor.invitation is InvitationStatus.TO_INVITE and mayor.invited_on is None
    minister = gs.add_guest(db, people.clerk, event_id=event_id, honorific="سرکار خانم", full_name="فاطمه كريمي",
                            title="معاون وزیر کشور", rank_id=ranks["معاون وزیر"].id)
    reporter = gs.add_guest(db, people.clerk, event_id=event_id, full_name="خبرگزاری ایرنا", organisation="ایرنا")
    listed = gs.list_guests(db, people.clerk, event_id)
    assert [g.id for g in listed] == [minister.id, mayor.id, reporter.id]  # by rank, no rank last
    assert [g.id for g in gs.list_guests(db, people.clerk, event_id, search="فاطمه کریمی")] == [minister.id]  # ي/ك typed Arabic
    assert [g.id for g in gs.list_guests(db, people.clerk, event_id, search="شهرداري")] == [mayor.id]
    assert [g.id for g in gs.list_guests(db, people.clerk, event_id, search="۴۵۶۷")] == [mayor.id]
    assert gs.list_guests(db, people.clerk, event_id, search="هیچکس") == []

    invited = gs.set_invitation(db, people.clerk, mayor.id, InvitationStatus.INVITED, expected_version=mayor.version)
    assert invited.invited_on == gs.today() and invited.responded_on is None
    accepted = gs.set_invitation(db, people.clerk, mayor.id, "accepted")
    assert accepted.responded_on == gs.today()
    with pytest.raises(UserError):  # not yet invited
        gs.set_invitation(db, people.clerk, reporter.id, InvitationStatus.ACCEPTED)
    with pytest.raises(StaleRecord):
        gs.set_invitation(db, people.clerk, mayor.id, InvitationStatus.DECLINED, expected_version=mayor.version)
    both = gs.set_invitations(db, people.clerk, [minister.id, reporter.id], InvitationStatus.INVITED)
    assert {g.invitation for g in both} == {InvitationStatus.INVITED}
    gs.set_invitation(db, people.clerk, reporter.id, InvitationStatus.DECLINED)
    counts = gs.guest_counts(db, people.supervisor, event_id)
    assert (counts.total, counts.to_invite, counts.invited, counts.accepted, counts.declined) == (3, 0, 1, 1, 1)
    assert [g.id for g in gs.list_guests(db, people.clerk, event_id, invitation="accepted")] == [mayor.id]

    edited = gs.update_guest(db, people.clerk, minister.id, expected_version=gs.get_guest(db, people.clerk, minister.id).version,
                             honorific=Honorific.MRS, full_name="فاطمه کریمی", title="معاون وزیر کشور",
                             organisation="وزارت کشور", rank_id=ranks["وزیر"].id)
    assert edited.rank_name == "وزیر" and edited.organisation == "وزارت کشور"
    with pytest.raises(StaleRecord):
        gs.update_guest(db, people.clerk, minister.id, expected_version=minister.version, full_name="x")
    gs.remove_guest(db, people.clerk, reporter.id)
    assert gs.guest_counts(db, people.clerk, event_id).total == 2


def test_roles_and_bad_input_change_nothing(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin)
    with pytest.raises(PermissionDenied):
        gs.add_guest(db, people.inspector, event_id=event_id, full_name="علی")
    with pytest.raises(PermissionDenied):
        gs.list_guests(db, people.inspector, event_id)
    g = gs.add_guest(db, people.supervisor, event_id=event_id, full_name="علی رضایی")
    bad = [
        {"full_name": "  "},
        {"full_name": "علی", "mobile": "12345"},
        {"full_name": "علی", "honorific": "عالیجناب"},
        {"full_name": "ع" * 200},
    ]
    for kwargs in bad:
        with pytest.raises(UserError):
            gs.add_guest(db, people.clerk, event_id=event_id, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(UserError):
        gs.add_guests(db, people.clerk, event_id=event_id, guests=[gs.GuestInput("حسن"), gs.GuestInput("حسین", mobile="0")])
    assert [x.id for x in gs.list_guests(db, people.clerk, event_id)] == [g.id]
    made = gs.add_guests(db, people.clerk, event_id=event_id, guests=[gs.GuestInput("حسن"), gs.GuestInput("حسین", "mr")])
    assert len(made) == 2 and gs.count_guests(db, people.clerk, event_id) == 3
    assert gs.find_rank(db, people.clerk, "شهردار  تهران") is not None and gs.find_rank(db, people.clerk, "x") is None


def test_the_same_guest_is_not_listed_twice(office) -> None:  # type: ignore[no-untyped-def]
    """A guest added again by hand (the name spelt with Arabic ي or an extra space) is refused
    with its name; two guests of one name stand apart by their mobiles or organisations (a
    side left empty tells nothing apart)."""
    db, admin = office
    people = staff(db, admin)
    event_id = make_event(db, admin)
    first = gs.add_guest(db, people.clerk, event_id=event_id, full_name="علی Smith رضایی", mobile="09121234567",
                         organisation="شهرداری تهران")
    for again in ({"full_name": "علي  Smith رضايي"}, {"full_name": "علی smith رضایی", "mobile": "+98 912 123 4567"},
                  {"full_name": "علی Smith رضایی", "organisation": "شهرداری  تهران"}):
        with pytest.raises(UserError) as refused:
            gs.add_guest(db, people.clerk, event_id=event_id, **again)
        assert refused.value.field == "full_name" and "Smith" in refused.value.translated()
    assert gs.guest_counts(db, people.clerk, event_id).total == 1
    other = gs.add_guest(db, people.clerk, event_id=event_id, full_name="علی Smith رضایی", mobile="09351112233")
    gs.add_guest(db, people.clerk, event_id=event_id, full_name="علی Smith رضایی", mobile="09190001122",
                 organisation="روزنامه همشهری")
    # an edit that would make a guest another one already listed is refused too; its own save is not
    with pytest.raises(UserError):
        gs.update_guest(db, people.clerk, other.id, expected_version=other.version, full_name="علی Smith رضایی",
                        mobile="09121234567")
    gs.update_guest(db, people.clerk, first.id, expected_version=first.version, full_name="علی Smith رضایی",
                    mobile="09121234567", title="معاون")
    # another event's list is its own
    gs.add_guest(db, people.clerk, event_id=make_event(db, admin, title="جشن دیگر"), full_name="علی Smith رضایی")
    assert gs.guest_counts(db, people.clerk, event_id).total == 3
