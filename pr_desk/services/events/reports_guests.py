"""Event planning's printed pages of slice C, as report kinds of the catalogue:

- `event-invitations`: one card per guest (A5 unless `size=A4`): the event, its Jalali
  date with the weekday, time and venue, the guest's honorific and name (and seat);
  `envelopes=1` prints envelope labels instead (14 to an A4 sheet);
- `event-programme`: the running order with its times and speakers;
- `event-seating`: the seating chart (each row or table with its guests) and the seat list;
- `event-guests`: the guest list in protocol order with invitation and check-in.

Filter `event=CODE` (E1405-012, Persian digits accepted); with no filter, the next event
(the nearest one starting today or later, else the latest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.events import (
    InvitationStatus,
    SeatingMode,
    seat_text,
)
from pr_desk.domain.jalali import JalaliDate, format_jalali_datetime
from pr_desk.domain.text import format_number, span, to_persian_digits
from pr_desk.i18n import N_, _, current_language, ngettext
from pr_desk.reports.cards import CardsSpec, EnvelopeLabel, InvitationCard
from pr_desk.reports.model import Column, Paragraph, ReportSpec, Row, Table
from pr_desk.reports.registry import register_report
from pr_desk.services.context import Actor
from pr_desk.services.events import checkin as ck
from pr_desk.services.events import guests as gs
from pr_desk.services.events import programme as pg
from pr_desk.services.events import seating as st

EVENT_HELP = N_("the event's code, e.g. E1405-012 (default: the next event)")
FILTERS: dict[str, dict[str, str]] = {
    "event-invitations": {
        "event": EVENT_HELP,
        "envelopes": N_("1: envelope labels (14 to an A4 sheet) instead of cards"),
        "size": N_("the card's paper: A5 (default) or A4"),
        "invitation": N_("only guests in this state: to_invite, invited or accepted (default: all but those who will not attend)"),
    },
    "event-programme": {"event": EVENT_HELP},
    "event-seating": {"event": EVENT_HELP},
    "event-guests": {"event": EVENT_HELP},
}
GRID_MAX_SEATS = 12  # a row or table drawn as a grid of names up to this many seats
DEFAULT_OFFICE = "معاونت روابط عمومی شهرداری تهران"


# --- small helpers ------------------------------------------------------------------------

def _context(params: Mapping[str, Any]) -> tuple[Any, Actor]:
    try:
        return params["db"], params["actor"]
    except KeyError as exc:
        raise UserError(N_("This report needs an open database and a logged-in user.")) from exc


def _fa() -> bool:
    return current_language() == "fa"


def _n(value: int) -> str:
    return format_number(value, persian=_fa())


def _digits(text: str) -> str:
    return to_persian_digits(text) if _fa() else text


def _hm(t: dt.time | None) -> str:
    return _digits(t.strftime("%H:%M")) if t else ""


def _long_date(day: dt.date) -> str:
    return JalaliDate.from_gregorian(day).format_long(weekday=True, persian_digits=_fa())


def _text(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    return "" if value is None else str(value).strip()


def _event(db: Any, actor: Actor, params: Mapping[str, Any]) -> gs.EventHeader | None:
    """The event of the `event` filter, else the next one; None when there are no events."""
    from pr_desk.services.events import events as ev

    found = ev.event_of_filter(db, actor, _text(params, "event"))
    return gs.get_event_header(db, actor, found.id) if found is not None else None


def _nothing(title: str, actor: Actor) -> ReportSpec:
    message = _("There are no events yet.")
    return ReportSpec(title=title, printed_by=actor.display_name, before=[Paragraph(message)], empty_message=message)


def when_text(e: gs.EventHeader) -> str:
    """'سه‌شنبه ۱۴ آذر ۱۴۰۵' (or the first and last day of a longer event)."""
    if e.end_on != e.start_on:
        return span(_long_date(e.start_on), _long_date(e.end_on))
    return _long_date(e.start_on)


def time_text(e: gs.EventHeader) -> str:
    if e.start_time and e.end_time and e.end_on == e.start_on:
        return span(_hm(e.start_time), _hm(e.end_time))
    return _hm(e.start_time)


def _subtitle(e: gs.EventHeader) -> str:
    parts = [f"{_digits(e.code)} — {e.title}", when_text(e)]
    if e.venue_name:
        parts.append(e.venue_name)
    return "، ".join(parts)


def _post(g: gs.GuestInfo) -> str:
    return "، ".join(p for p in (g.title, g.organisation) if p)


def _seat(label: str | None) -> str:
    return _digits(seat_text(label)) if label else ""


def _present(g: gs.GuestInfo) -> str:
    if g.checked_in_at is None:
        return ""
    return format_jalali_datetime(g.checked_in_at, persian_digits=_fa())[-5:]


def _all_guests(db: Any, actor: Actor, event_id: Any, invitation: InvitationStatus | None = None) -> list[gs.GuestInfo]:
    return gs.list_guests(db, actor, event_id, invitation=invitation)


# --- event-invitations ------------------------------------------------------------------------

def _programme_lines(items: list[pg.ProgrammeItemInfo]) -> list[tuple[str, str]]:
    """(time, item — speaker) for the card's programme, in running order."""
    return [(_hm(i.start), "، ".join(p for p in (i.title, i.speaker_text) if p)) for i in items]


def invitation_cards(e: gs.EventHeader, guests: list[gs.GuestInfo], *, office: str = DEFAULT_OFFICE,
                     programme: list[pg.ProgrammeItemInfo] | None = None) -> list[InvitationCard]:
    """A card per guest; what every card shares is worded once. The card's lower part shows
    the programme's first items (as many as it holds)."""
    shared = [(_("Date"), when_text(e))]
    if e.start_time:
        shared.append((_("Time"), time_text(e)))
    if e.venue_name:
        shared.append((_("Venue"), e.venue_name))
    seat_label = _("Your seat")
    opening, salutation = _("In the name of God"), _("Greetings and respect,")
    body = _("You are cordially invited to honour with your presence “{event}”.").format(event=e.title)
    footer = _digits(e.code)
    note = _("We look forward to your presence; please bring this card with you.")
    lines = _programme_lines(programme or [])
    heading = _("Programme")
    return [InvitationCard(address=g.address, post=_post(g), opening=opening, salutation=salutation, body=body,
                           details=[*shared, (seat_label, _seat(g.seat))] if g.seat else shared, sender=office,
                           footer=footer, event=e.title, note=note, programme_title=heading, programme=lines)
            for g in guests]


def invitation_card(e: gs.EventHeader, g: gs.GuestInfo, *, office: str = DEFAULT_OFFICE) -> InvitationCard:
    return invitation_cards(e, [g], office=office)[0]


def _invitation_filter(params: Mapping[str, Any]) -> InvitationStatus | None:
    text = _text(params, "invitation")
    if not text:
        return None
    try:
        return InvitationStatus(text.casefold())
    except ValueError:
        raise UserError(N_("Unknown invitation status: {value}."), field="invitation", value=text) from None


def invitations_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Invitation cards")
    e = _event(db, actor, params)
    if e is None:
        return _nothing(title, actor)
    size = _text(params, "size").upper() or "A5"
    if size not in ("A5", "A4"):
        raise UserError(N_("Cards are printed on A5 or A4."), field="size")
    envelopes = _text(params, "envelopes").casefold() in ("1", "yes", "true", "بله", "۱")
    wanted = _invitation_filter(params)
    guests = [g for g in _all_guests(db, actor, e.id, wanted)
              if wanted is not None or g.invitation is not InvitationStatus.DECLINED]
    rows: list[Row] = [{"address": g.address, "title": g.title, "organisation": g.organisation, "seat": _seat(g.seat),
                        "invitation": g.invitation.label} for g in guests]
    columns = [Column("address", _("Guest"), width=2.2), Column("title", _("Title or post"), width=1.6),
               Column("organisation", _("Organisation"), width=1.6), Column("seat", _("Seat"), width=1.0),
               Column("invitation", _("Invitation"), width=1.0)]
    common: dict[str, Any] = {
        "title": _("Envelope labels") if envelopes else title, "subtitle": _subtitle(e), "columns": columns, "rows": rows,
        "printed_by": actor.display_name, "empty_message": _("This event has no guests to invite yet."),
        "sheet_name": _("Guests"),
    }
    if envelopes:
        labels = [EnvelopeLabel([g.address, *([g.title] if g.title else []), *([g.organisation] if g.organisation else [])])
                  for g in guests]
        return CardsSpec(labels=labels, **common)
    programme = pg.list_programme(db, actor, e.id) if guests else []
    return CardsSpec(cards=invitation_cards(e, guests, programme=programme), page="A4" if size == "A4" else "A5", **common)


# --- event-programme ------------------------------------------------------------------------

def programme_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Programme")
    e = _event(db, actor, params)
    if e is None:
        return _nothing(title, actor)
    items = pg.list_programme(db, actor, e.id)

    def time_of(i: pg.ProgrammeItemInfo) -> str:
        if i.start is None:
            return ""
        return span(_hm(i.start), _hm(i.end)) if i.minutes and i.end else _hm(i.start)

    rows = [{"position": i.position, "time": time_of(i), "minutes": i.minutes or None, "title": i.title,
             "speaker": i.speaker_text, "note": i.note} for i in items]
    return ReportSpec(
        title=_("Programme of the event"), subtitle=_subtitle(e),
        columns=[Column("position", _("No."), "int", width=0.4), Column("time", _("Time"), width=1.2),
                 Column("minutes", _("Duration (minutes)"), "int", width=0.6), Column("title", _("Programme item"), width=2.6),
                 Column("speaker", _("Speaker"), width=2.0), Column("note", _("Note"), width=1.6)],
        rows=rows, printed_by=actor.display_name, empty_message=_("This event has no programme yet."),
        sheet_name=_("Programme"))


# --- event-seating ----------------------------------------------------------------------------

def _grid(seating: st.SeatingInfo) -> list[Any]:
    """A table per plan: a line per row (or table), a column per seat (seat 1 at the start)."""
    if seating.seats_per_group > GRID_MAX_SEATS:
        return []
    group_word = _("Row") if seating.mode is SeatingMode.ROWS else _("Table")
    columns = [Column("group", group_word, width=0.7)]
    columns += [Column(f"s{n}", _digits(str(n)), width=1.0) for n in range(1, seating.seats_per_group + 1)]
    lines: dict[int, dict[str, Any]] = {}
    for s in seating.seats:
        line = lines.setdefault(s.group, {"group": _digits(str(s.group))})
        line[f"s{s.number}"] = s.guest_name
    return [Table(columns, [lines[g] for g in sorted(lines)], title=_("Seating chart"), compact=True)]


def seating_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Seating chart")
    e = _event(db, actor, params)
    if e is None:
        return _nothing(title, actor)
    seating = st.get_seating(db, actor, e.id)
    if not seating.has_plan:
        message = _("This event has no seating plan yet.")
        return ReportSpec(title=title, subtitle=_subtitle(e), printed_by=actor.display_name, before=[Paragraph(message)],
                          empty_message=message)
    guests = {g.id: g for g in _all_guests(db, actor, e.id)}
    rows = []
    for s in seating.seats:
        g = guests.get(s.guest_id) if s.guest_id else None
        rows.append({"seat": _seat(s.label), "guest": g.address if g else "", "rank": g.rank_name if g else "",
                     "post": _post(g) if g else "", "present": _present(g) if g else ""})
    capacity = _(", the venue holds {capacity}").format(capacity=_n(seating.capacity)) if seating.capacity else ""
    summary = ngettext("{taken} of {seats} seat given{capacity}.", "{taken} of {seats} seats given{capacity}.",
                       len(seating.seats)).format(taken=_n(seating.taken), seats=_n(len(seating.seats)), capacity=capacity)
    return ReportSpec(
        title=title, subtitle=_subtitle(e), before=[Paragraph(summary), *_grid(seating)],
        columns=[Column("seat", _("Seat"), width=1.1), Column("guest", _("Guest"), width=2.2),
                 Column("rank", _("Protocol rank"), width=1.2), Column("post", _("Title or post"), width=2.2),
                 Column("present", _("Present"), width=0.7)],
        rows=rows, printed_by=actor.display_name, orientation="landscape" if seating.seats_per_group > 8 else "portrait",
        sheet_name=_("Seating"))


# --- event-guests -----------------------------------------------------------------------------

def guests_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Guest list")
    e = _event(db, actor, params)
    if e is None:
        return _nothing(title, actor)
    counts = gs.guest_counts(db, actor, e.id)
    door = ck.checkin_counts(db, actor, e.id)

    def rows() -> Iterator[Row]:
        for n, g in enumerate(_all_guests(db, actor, e.id), start=1):
            yield {"n": n, "guest": g.address, "title": g.title, "organisation": g.organisation, "rank": g.rank_name,
                   "mobile": _digits(g.mobile or ""), "invitation": g.invitation.label, "seat": _seat(g.seat),
                   "present": _present(g), "walk_in": _("Walk-in") if g.walk_in else ""}

    summary = ngettext(
        "{total} guest: {to_invite} to invite, {invited} invited, {accepted} will attend, {declined} will not attend.",
        "{total} guests: {to_invite} to invite, {invited} invited, {accepted} will attend, {declined} will not attend.",
        counts.total).format(
        total=_n(counts.total), to_invite=_n(counts.to_invite), invited=_n(counts.invited),
        accepted=_n(counts.accepted), declined=_n(counts.declined))
    door_line = _("At the door: {present} present of {expected} expected, {walk_ins} walk-ins.").format(
        present=_n(door.present), expected=_n(door.expected), walk_ins=_n(door.walk_ins))
    return ReportSpec(
        title=title, subtitle=_subtitle(e), before=[Paragraph(summary), Paragraph(door_line)],
        columns=[Column("n", _("No."), "int", width=0.5), Column("guest", _("Guest"), width=2.2),
                 Column("title", _("Title or post"), width=1.5), Column("organisation", _("Organisation"), width=1.5),
                 Column("rank", _("Protocol rank"), width=1.1), Column("mobile", _("Mobile"), width=1.0),
                 Column("invitation", _("Invitation"), width=1.0), Column("seat", _("Seat"), width=1.0),
                 Column("present", _("Present"), width=0.6), Column("walk_in", _("Walk-in"), width=0.6)],
        rows=rows(), printed_by=actor.display_name, orientation="landscape",
        empty_message=_("This event has no guests yet."), sheet_name=_("Guests"))


KINDS: list[tuple[str, str, Any]] = [
    ("event-invitations", N_("Invitation cards of an event"), invitations_report),
    ("event-programme", N_("Programme of an event"), programme_report),
    ("event-seating", N_("Seating chart of an event"), seating_report),
    ("event-guests", N_("Guest list of an event with check-in"), guests_report),
]


def register() -> None:
    from pr_desk.services import report_catalog

    report_catalog.FILTERS.update(FILTERS)
    for name, title, builder in KINDS:
        register_report(name, title, builder, replace=True)


__all__ = ["FILTERS", "KINDS", "invitation_card", "invitation_cards", "register", "time_text", "when_text"]
