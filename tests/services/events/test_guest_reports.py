"""Slice C's printed pages read back: invitation cards (A5, the honorific before the name,
the Jalali date with its weekday in Persian digits, time and venue), envelope labels, the
programme, the seating chart and the guest list with check-in, as PDF and Excel; each
builds with no filter (the next event) and with event=CODE in Persian digits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pr_desk.domain.errors import UserError
from pr_desk.domain.events import Honorific, InvitationStatus
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.text import to_persian_digits
from pr_desk.reports.registry import write_report
from pr_desk.services.events import checkin as ck
from pr_desk.services.events import guests as gs
from pr_desk.services.events import programme as pg
from pr_desk.services.events import reports_guests as rg
from pr_desk.services.events import seating as st
from tests.reports.helpers import in_order, pdftotext_pages, squash
from tests.services.events.guest_factories import make_event

DAY = dt.date(2026, 12, 22)  # سه‌شنبه ۱ دی ۱۴۰۵


@pytest.fixture
def party(sqlite_office):  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    event_id = make_event(db, admin, title="جشن روز شهرداری", start_on=DAY, capacity=100, venue="تالار وحدت")
    far = make_event(db, admin, title="همایش سال بعد", start_on=DAY + dt.timedelta(days=300))
    ranks = {r.name: r.id for r in gs.list_ranks(db, admin)}
    mayor = gs.add_guest(db, admin, event_id=event_id, honorific=Honorific.DR_MR, full_name="علیرضا زاکانی",
                         title="شهردار تهران", organisation="شهرداری تهران", rank_id=ranks["شهردار تهران"])
    member = gs.add_guest(db, admin, event_id=event_id, honorific=Honorific.MRS, full_name="زهره لاجوردی",
                          title="عضو شورای شهر", rank_id=ranks["عضو شورای شهر"])
    gone = gs.add_guest(db, admin, event_id=event_id, full_name="مهمان غایب")
    gs.set_invitations(db, admin, [mayor.id, member.id, gone.id], InvitationStatus.INVITED)
    gs.set_invitation(db, admin, mayor.id, InvitationStatus.ACCEPTED)
    gs.set_invitation(db, admin, gone.id, InvitationStatus.DECLINED)
    st.set_seating_plan(db, admin, event_id, mode="rows", groups=2, seats_per_group=4)
    st.fill_by_rank(db, admin, event_id)
    pg.add_item(db, admin, event_id=event_id, title="تلاوت قرآن کریم", minutes=5)
    pg.add_item(db, admin, event_id=event_id, title="سخنرانی شهردار (۲۰ دقیقه)", minutes=20, guest_id=mayor.id)
    ck.check_in(db, admin, mayor.id)
    ck.add_walk_in(db, admin, event_id=event_id, full_name="محسن یزدانی", organisation="روزنامه همشهری")
    code = gs.get_event_header(db, admin, event_id).code
    return db, admin, event_id, code, far


def flat(text: str) -> str:
    """Without spaces and neutral punctuation, whose place pdftotext guesses around digits."""
    return squash(text).translate({ord(c): None for c in "،:.()"})


def _pdf(spec, tmp_path: Path, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    out = write_report(spec, tmp_path / f"{name}.pdf")
    return pdftotext_pages(out)


def test_invitation_cards_read_back(party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin, _event_id, code, _far = party
    params = {"db": db, "actor": admin, "event": to_persian_digits(code)}
    spec = rg.invitations_report(params)
    pages = _pdf(spec, tmp_path, "cards")
    assert len(pages) == 3  # the mayor, the council member and the walk-in; not the one who declined
    weekday_date = JalaliDate.from_gregorian(DAY).format_long(weekday=True, persian_digits=True)
    assert weekday_date == "سه\u200cشنبه ۱ دی ۱۴۰۵"
    card = " ".join(pages[0].split())  # the event's name may wrap onto a second line
    assert "جناب آقای دکتر علیرضا زاکانی" in card
    assert in_order(card, "بسمه تعالی", "جناب آقای دکتر علیرضا زاکانی", "شهردار تهران", "جشن روز شهرداری")
    assert flat(weekday_date) in flat(card) and flat("۱۰:۰۰ تا ۱۲:۰۰") in flat(card) and "تالار وحدت" in card
    assert flat("ردیف ۱، صندلی ۱") in flat(card) and "غایب" not in " ".join(pages)
    assert "سرکار خانم زهره لاجوردی" in pages[1]
    import pdfplumber

    with pdfplumber.open(str(tmp_path / "cards.pdf")) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (420, 595)  # A5
    # envelope labels, and the same list as Excel
    labels = _pdf(rg.invitations_report({**params, "envelopes": "1"}), tmp_path, "labels")
    assert len(labels) == 1 and in_order(labels[0], "جناب آقای دکتر علیرضا زاکانی", "شهردار تهران")
    out = write_report(rg.invitations_report(params), tmp_path / "cards.xlsx")
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "جناب آقای دکتر علیرضا زاکانی" in cells
    with pytest.raises(UserError):
        rg.invitations_report({**params, "size": "B5"})
    with pytest.raises(UserError):
        rg.invitations_report({**params, "event": "1405-12"})


def test_programme_seating_and_guest_list(party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin, _event_id, code, _far = party
    params = {"db": db, "actor": admin, "event": code}
    programme = " ".join(_pdf(rg.programme_report(params), tmp_path, "programme")[0].split())
    assert in_order(programme, "تلاوت قرآن کریم", "سخنرانی شهردار") and flat("(۲۰ دقیقه)") in flat(programme)
    assert flat("۱۰:۰۵ تا ۱۰:۲۵") in flat(programme) and "جناب آقای دکتر علیرضا زاکانی" in programme
    seating = " ".join(_pdf(rg.seating_report(params), tmp_path, "seating")[0].split())
    assert flat("ردیف ۱، صندلی ۱") in flat(seating) and "جناب آقای دکتر علیرضا زاکانی" in seating
    assert flat("۲ صندلی از ۸ صندلی داده شده است") in flat(seating)
    guests = " ".join(_pdf(rg.guests_report(params), tmp_path, "guests")[0].split())
    assert "سرکار خانم زهره لاجوردی" in guests and "محسن یزدانی" in guests
    assert flat("در پذیرش: ۲ حاضر از ۲ مورد انتظار، ۱ مهمان بی‌دعوت.") in flat(guests)
    out = write_report(rg.guests_report(params), tmp_path / "guests.xlsx")
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "بی‌دعوت" in values


def test_every_kind_builds_with_no_filter(party, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin, _event_id, _code, _far = party
    for name, _title, builder in rg.KINDS:
        spec = builder({"db": db, "actor": admin})
        assert "جشن روز شهرداری" in (spec.subtitle or ""), name  # the next event
        for ext in ("pdf", "xlsx"):
            assert write_report(spec if ext == "pdf" else builder({"db": db, "actor": admin}),
                                tmp_path / f"{name}.{ext}").stat().st_size > 0


def test_no_events_yet(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    for name, _title, builder in rg.KINDS:
        write_report(builder({"db": db, "actor": admin}), tmp_path / f"{name}.pdf")
