"""The meeting queue's printed pages (ملاقات مردمی), as report kinds of the catalogue:
the citizen's receipt, a session's agenda, minutes and notification list, follow-up of
orders by unit, and the statistics of a Jalali month.

Every kind builds with no filters (the latest request, the next or latest session, all
units, the current Jalali month) and says so plainly when there is nothing to print.
Who may see what comes from the services: the pages with citizens' personal data need
VIEW_CITIZENS (inspectors get PermissionDenied); pages that leave the office (receipt,
monthly statistics) show national codes and mobiles masked."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.jalali import MONTH_NAMES, MONTH_NAMES_EN, JalaliDate, parse_jalali
from pr_desk.domain.meetings import DISTRICT_COUNT, OrderStatus, ReminderLevel, SessionStatus
from pr_desk.domain.mobile import mask_mobile
from pr_desk.domain.national_code import mask_national_code
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import format_number, search_key, to_latin_digits, to_persian_digits
from pr_desk.i18n import N_, _, current_language
from pr_desk.reports.model import (
    BarChart,
    Column,
    ColumnKind,
    Heading,
    LabelValues,
    PageBreak,
    Paragraph,
    ReportSpec,
    Signatures,
    Table,
)
from pr_desk.reports.registry import register_report
from pr_desk.services import meetings
from pr_desk.services import units as unit_service
from pr_desk.services.context import Actor, require
from pr_desk.services.meetings.requests import today

# Filters each kind accepts: name -> help msgid (merged into report_catalog.FILTERS).
FILTERS: dict[str, dict[str, str]] = {
    "meeting-receipt": {"tracking_code": N_("the request's tracking code (default: the latest request)")},
    "meeting-agenda": {
        "session": N_("the session's id (default: the next planned session)"),
        "official": N_("the official's name or title, or id (with date: that day's session)"),
        "date": N_("the session's Jalali date, e.g. 1405/09/10"),
    },
    "meeting-minutes": {"session": N_("the session's id (default: the latest held session)")},
    "meeting-notify": {"session": N_("the session's id (default: the next planned session)")},
    "meeting-follow-up": {
        "unit": N_("only the unit whose name or code has this text (default: all units)"),
        "on": N_("the Jalali date the reminders are counted on (default: today)"),
    },
    "meeting-monthly": {
        "year": N_("the Jalali year (default: this year)"),
        "month": N_("the Jalali month, 1 to 12 (default: this month)"),
    },
}

# Left-to-right embedding around a masked number: "۰۰۱۲****۷۸" has neutral stars between
# its digits, so a right-to-left line would print its digit groups in reverse order.
_LRE, _PDF = "\u202a", "\u202c"
# Columns of digit strings (national codes, mobiles, times): a string in a non-text column
# prints with Persian digits in the PDF and stays as typed (Latin) text in Excel.
_DIGITS: ColumnKind = "int"


# --- small helpers ----------------------------------------------------------------------

def _fa() -> bool:
    return current_language() == "fa"


def _n(value: int | float, decimals: int | None = None) -> str:
    return format_number(value, decimals=decimals, persian=_fa())


def _digits(text: str) -> str:
    return to_persian_digits(text) if _fa() else text


def _code(code: str) -> str:
    """A tracking code as the screen shows it (A۰۵-۰۰۰۱۲۳ in Persian): one form on screen, paper
    and Excel, for a citizen compares them; kept left to right inside Persian text."""
    return _ltr(_digits(code))


def _ltr(text: str) -> str:
    return f"{_LRE}{text}{_PDF}" if text else ""


def _masked_code(code: str) -> str:
    return _ltr(_digits(mask_national_code(code))) if code else ""


def _masked_mobile(mobile: str) -> str:
    return _ltr(_digits(mask_mobile(mobile))) if mobile else ""


def _context(params: Mapping[str, Any]) -> tuple[Any, Actor]:
    try:
        return params["db"], params["actor"]
    except KeyError as exc:
        raise UserError(N_("This report needs an open database and a logged-in user.")) from exc


def _text(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    return "" if value is None else str(value).strip()


def _uuid(value: Any, field: str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(to_latin_digits(str(value)).strip())
    except ValueError:
        raise UserError(N_("“{text}” is not the id of a record."), field=field, text=str(value)[:40]) from None


def _day(value: Any, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return parse_jalali(str(value)).to_gregorian()
    except UserError as exc:
        raise UserError(exc.message, field=field, **exc.params) from None


def _long_date(day: dt.date) -> str:
    return JalaliDate.from_gregorian(day).format_long(weekday=True, persian_digits=_fa())


def _time(t: dt.time) -> str:
    return _digits(t.strftime("%H:%M"))


def _time_range(start: dt.time, end: dt.time) -> str:
    return _("{start} to {end}").format(start=_time(start), end=_time(end))


def _official(title: str, name: str) -> str:
    """"شهردار منطقه ۵ — نام": digits of a typed title read in Persian digits."""
    return _digits(f"{title} — {name}" if title and name else (title or name))


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# --- sessions ---------------------------------------------------------------------------

def _find_official(db: Any, actor: Actor, text: str) -> meetings.OfficialInfo:
    officials = meetings.list_officials(db, actor, include_inactive=True)
    try:
        wanted = _uuid(text, "official")
        match = [o for o in officials if o.id == wanted]
    except UserError:
        key = search_key(text)
        match = [o for o in officials if key and key in search_key(f"{o.title} {o.name}")]
        exact = [o for o in match if search_key(o.title) == key or search_key(o.name) == key or search_key(f"{o.title} {o.name}") == key]
        match = exact or match
    if not match:
        raise UserError(N_("No official matches “{text}”."), field="official", text=text[:60])
    if len(match) > 1:
        raise UserError(N_("More than one official matches “{text}”: {names}. Be more precise."), field="official",
                        text=text[:60], names="، ".join(o.display_name for o in match[:5]))
    return match[0]


def _pick_session(db: Any, actor: Actor, params: Mapping[str, Any], *, prefer: str) -> meetings.SessionInfo | None:
    """The session the filters name; without filters the next planned session with
    citizens in it (prefer "planned") or the latest held one (prefer "held"), else the
    latest session of all."""
    require(actor, Permission.VIEW_CITIZENS)
    if _text(params, "session"):
        return meetings.get_session(db, actor, session_id=_uuid(params["session"], "session"))
    official = _find_official(db, actor, _text(params, "official")) if _text(params, "official") else None
    official_id = official.id if official else None
    day = _day(params.get("date"), "date")
    if day is not None:
        found = meetings.list_sessions(db, actor, official_id=official_id, date_from=day, date_to=day, limit=1)
        if not found:
            raise NotFound(N_("There is no session on {date}{official}."), date=_digits(JalaliDate.from_gregorian(day).format(False)),
                           official=f" ({official.display_name})" if official else "")
        return found[0]
    if prefer == "planned":
        # the next planned session that has citizens in it (an empty agenda helps nobody),
        # else the next planned one
        upcoming = meetings.list_sessions(db, actor, official_id=official_id, date_from=today(),
                                          statuses=(SessionStatus.PLANNED,), limit=50)
        booked = [s for s in upcoming if s.entry_count > 0]
        if booked or upcoming:
            return (booked or upcoming)[0]
    else:
        held = meetings.list_sessions(db, actor, official_id=official_id, statuses=(SessionStatus.HELD,), limit=1, newest_first=True)
        if held:
            return held[0]
    latest = meetings.list_sessions(db, actor, official_id=official_id, limit=1, newest_first=True)
    return latest[0] if latest else None


def _session_details(s: meetings.SessionInfo) -> LabelValues:
    return LabelValues([
        (_("Official"), _official(s.official_title, s.official_name)),
        (_("Date"), _long_date(s.session_date)),
        (_("Time"), _time_range(s.start_time, s.end_time)),
        (_("Place"), s.place),
        (_("Citizens"), _("{count} of {capacity} places").format(count=_n(s.entry_count), capacity=_n(s.capacity))),
        (_("Status"), s.status_label),
    ] + ([(_("Notes"), s.notes)] if s.notes else []), title=_("Session"))


def _session_subtitle(s: meetings.SessionInfo) -> str:
    return f"{_official(s.official_title, s.official_name)} — {_long_date(s.session_date)}"


def _no_session(title: str, actor: Actor) -> ReportSpec:
    return ReportSpec(title=title, printed_by=actor.display_name,
                      before=[Paragraph(_("There is no meeting session to print yet."))],
                      empty_message=_("There is no meeting session to print yet."))


# --- meeting-receipt ----------------------------------------------------------------------

def receipt_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    require(actor, Permission.VIEW_CITIZENS)
    title = _("Meeting request receipt")
    code = _text(params, "tracking_code")
    if code:
        found = meetings.get_request_by_tracking_code(db, actor, code=code)
        if found is None:
            raise NotFound(N_("No request has the tracking code {code}."), field="tracking_code", code=code[:30])
    else:
        latest = meetings.find_requests(db, actor, limit=1)
        if not latest:
            return ReportSpec(title=title, printed_by=actor.display_name,
                              empty_message=_("No meeting request has been registered yet."),
                              before=[Paragraph(_("No meeting request has been registered yet."))])
        found = latest[0]
    rec = meetings.receipt(db, actor, request_id=found.id)
    r = rec.request
    if rec.queue_position is not None:
        place = (_("Place in the queue"), _("Number {position} in the queue").format(position=_n(rec.queue_position)))
    else:
        place = (_("Status"), r.status_label)
    registered = JalaliDate.from_gregorian(r.registered_on).format_long(persian_digits=_fa())
    return ReportSpec(
        title=title,
        subtitle=_("Public meeting with the official"),
        printed_by=actor.display_name,
        before=[
            Heading(_("Tracking code: {code}").format(code=_code(r.tracking_code)), level=1),
            LabelValues([
                (_("Citizen"), r.citizen_name),
                (_("National code"), _masked_code(r.national_code)),
                (_("Mobile"), _masked_mobile(r.mobile)),
                (_("Official"), _official(r.official_title, r.official_name)),
                (_("Subject"), r.subject_label),
                (_("Registered on"), f"{registered} ({_digits(rec.registered_text) if _fa() else to_latin_digits(rec.registered_text)})"),
                place,
            ]),
            Heading(_("How to follow up"), level=2),
            Paragraph(_("Keep this receipt. To follow up your request, give the tracking code above to the Public "
                        "Relations office in person or by phone. The date, time and place of your meeting will be sent "
                        "to your mobile by SMS; please come on time with your national card.")),
            Signatures([(_("Registered by"), actor.display_name)]),
        ],
        sheet_name=_("Receipt"),
    )


# --- meeting-agenda -----------------------------------------------------------------------

def agenda_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Session agenda")
    s = _pick_session(db, actor, params, prefer="planned")
    if s is None:
        return _no_session(title, actor)
    agenda = meetings.session_agenda(db, actor, session_id=s.id)
    box = s.minutes_per_citizen
    start = dt.datetime.combine(s.session_date, s.start_time)
    rows, earlier_rows, order_rows = [], [], []
    for index, item in enumerate(agenda.items):
        r = item.request
        begin = (start + dt.timedelta(minutes=box * index)).time()
        end = (start + dt.timedelta(minutes=box * (index + 1))).time()
        who = f"{_n(index + 1)}. {r.citizen_name}"
        rows.append({
            "row": index + 1, "time": _time_range(begin, end), "tracking": _code(r.tracking_code), "name": r.citizen_name,
            "national_code": r.national_code, "mobile": r.mobile, "district": r.district,
            "subject": f"{r.subject_label}: {r.description}" if r.description else r.subject_label,
            "priority": r.priority_label if r.priority_group.value != "none" else "",
            "earlier": len(item.earlier_requests), "state": item.entry.state_label,
        })
        for e in item.earlier_requests:
            earlier_rows.append({
                "who": who, "tracking": _code(e.tracking_code), "registered": e.registered_on,
                "official": _official(e.official_title, e.official_name), "subject": e.subject_label,
                "status": e.status_label, "result": e.result,
            })
        for o in item.earlier_orders:
            order_rows.append({
                "who": who, "tracking": _code(o.tracking_code), "order": o.text, "unit": o.unit_name, "given": o.given_on,
                "due": o.due_date, "status": o.status_label if o.status is not OrderStatus.OPEN else o.reminder_label,
            })
    after: list[Any] = []
    if earlier_rows:
        after.append(Table([
            Column("who", _("Citizen"), width=1.6), Column("tracking", _("Tracking code"), width=1.1),
            Column("registered", _("Registered on"), "date", width=1), Column("official", _("Official"), width=1.8),
            Column("subject", _("Subject"), width=1.4), Column("status", _("Status"), width=1.2),
            Column("result", _("Result"), width=2),
        ], earlier_rows, title=_("Earlier requests of these citizens")))
    elif rows:
        after.append(Paragraph(_("None of these citizens has an earlier request.")))
    if order_rows:
        after.append(Table([
            Column("who", _("Citizen"), width=1.6), Column("tracking", _("Tracking code"), width=1.1),
            Column("order", _("Order"), width=3), Column("unit", _("Unit"), width=1.8),
            Column("given", _("Given on"), "date", width=1), Column("due", _("Deadline"), "date", width=1),
            Column("status", _("Status"), width=1.2),
        ], order_rows, title=_("Orders on their earlier requests")))
    return ReportSpec(
        title=title,
        subtitle=_session_subtitle(s),
        orientation="landscape",
        printed_by=actor.display_name,
        before=[_session_details(s), Heading(_("Citizens in order of meeting"), level=2)],
        columns=[
            Column("row", _("Row"), "int", width=0.45),
            Column("time", _("Time"), width=1.1),
            Column("tracking", _("Tracking code"), width=1.05),
            Column("name", _("Citizen"), width=1.5),
            Column("national_code", _("National code"), _DIGITS, width=1.05),
            Column("mobile", _("Mobile"), _DIGITS, width=1.05),
            Column("district", _("District"), "int", width=0.5),
            Column("subject", _("Subject"), width=3.0),
            Column("priority", _("Priority"), width=1),
            Column("earlier", _("Earlier requests"), "int", width=0.9),
        ],
        rows=rows,
        empty_message=_("No citizen has been placed in this session yet."),
        after=after,
        sheet_name=_("Agenda"),
    )


# --- meeting-minutes ----------------------------------------------------------------------

def minutes_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Minutes of the meeting session")
    s = _pick_session(db, actor, params, prefer="held")
    if s is None:
        return _no_session(title, actor)
    minutes = meetings.session_minutes(db, actor, session_id=s.id)
    rows, order_rows = [], []
    met = 0
    for index, item in enumerate(minutes.items):
        r = item.request
        if item.entry.outcome is not None and item.entry.outcome.value == "attended":
            met += 1
        rows.append({
            "row": index + 1, "tracking": _code(r.tracking_code), "name": r.citizen_name, "district": r.district,
            "subject": r.subject_label, "outcome": item.entry.state_label, "orders": len(item.orders),
        })
        for o in item.orders:
            order_rows.append({
                "who": f"{_n(index + 1)}. {r.citizen_name}", "tracking": _code(r.tracking_code), "order": o.text,
                "unit": o.unit_name, "due": o.due_date, "status": o.status_label,
            })
    orders = len(order_rows)
    summary = LabelValues([
        (_("Citizens on the list"), _n(len(rows))),
        (_("Met"), _n(met)),
        (_("Orders given"), _n(orders)),
    ], title=_("Summary"))
    after: list[Any] = []
    if rows:
        after.append(Table([
            Column("who", _("Citizen"), width=1.6), Column("tracking", _("Tracking code"), width=1.1),
            Column("order", _("Order"), width=3.6), Column("unit", _("Referred to"), width=1.8),
            Column("due", _("Deadline"), "date", width=1), Column("status", _("Status"), width=0.9),
        ], order_rows, title=_("Orders of the official")))
    after.append(Signatures([
        (_("The official"), _official(s.official_title, s.official_name)),
        (_("Secretary of the session"), actor.display_name),
        (_("Head of Public Relations"), ""),
    ]))
    return ReportSpec(
        title=title,
        subtitle=_session_subtitle(s),
        orientation="landscape",
        printed_by=actor.display_name,
        before=[_session_details(s), summary, Heading(_("Citizens of the session"), level=2)],
        columns=[
            Column("row", _("Row"), "int", width=0.45),
            Column("tracking", _("Tracking code"), width=1.1),
            Column("name", _("Citizen"), width=1.8),
            Column("district", _("District"), "int", width=0.55),
            Column("subject", _("Subject"), width=1.6),
            Column("outcome", _("Outcome"), width=1.1),
            Column("orders", _("Orders"), "int", width=0.6),
        ],
        rows=rows,
        empty_message=_("No citizen was on this session's list."),
        after=after,
        sheet_name=_("Minutes"),
    )


# --- meeting-notify -----------------------------------------------------------------------

def notify_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Citizens to notify by SMS")
    s = _pick_session(db, actor, params, prefer="planned")
    if s is None:
        return _no_session(title, actor)
    people = meetings.notify_list(db, actor, session_id=s.id)
    rows = []
    for index, p in enumerate(people):
        time = p.start_time.strftime("%H:%M")
        rows.append({
            "row": index + 1, "name": p.citizen_name, "mobile": p.mobile, "tracking": _code(p.tracking_code),
            "date": p.session_date, "time": time, "place": p.place, "official": p.official,
            "message": _("Dear {name}, your meeting with {official} is on {date} at {time}, at {place}. Tracking code: {code}.").format(
                name=p.citizen_name, official=p.official, date=p.date_text if _fa() else to_latin_digits(p.date_text),
                time=_digits(time), place=p.place, code=_digits(p.tracking_code)),
        })
    return ReportSpec(
        title=title,
        subtitle=_session_subtitle(s),
        orientation="landscape",
        printed_by=actor.display_name,
        filters_text=_("{count} citizens; the mobile numbers are for the office's SMS panel only.").format(count=_n(len(rows))),
        columns=[
            Column("row", _("Row"), "int", width=0.4),
            Column("name", _("Citizen"), width=1.4),
            Column("mobile", _("Mobile"), _DIGITS, width=1.0),
            Column("tracking", _("Tracking code"), width=1.0),
            Column("date", _("Date"), "date", width=0.85),
            Column("time", _("Time"), _DIGITS, width=0.5),
            Column("place", _("Place"), width=1.2),
            Column("official", _("Official"), width=1.5),
            Column("message", _("SMS text"), width=3.6),
        ],
        rows=rows,
        empty_message=_("Nobody on this session's list is waiting to be told."),
        sheet_name=_("SMS"),
    )


# --- meeting-follow-up --------------------------------------------------------------------

_REMINDER_NOTE = {
    ReminderLevel.NONE: "",
    ReminderLevel.DUE_SOON: N_("remind the unit"),
    ReminderLevel.OVERDUE: N_("ask the unit for a reason"),
    ReminderLevel.ESCALATED: N_("tell the supervisor"),
}


def follow_up_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    day = _day(params.get("on"), "on") or today()
    unit_text = _text(params, "unit")
    wanted = _wanted_units(db, actor, unit_text)
    units = [u for u in meetings.follow_up_by_unit(db, actor, on=day) if wanted is None or u.unit_id in wanted]
    summary_rows: list[dict[str, Any]] = [
        {"unit": u.unit_name, "open": u.open, "overdue": u.overdue, "done": u.done, "rejected": u.rejected,
         "escalated": sum(1 for o in u.orders if o.reminder is ReminderLevel.ESCALATED)}
        for u in units
    ]
    order_rows = _follow_up_order_rows(units, day)
    totals = {"open": sum(u.open for u in units), "overdue": sum(u.overdue for u in units), "done": sum(u.done for u in units),
              "rejected": sum(u.rejected for u in units), "escalated": sum(r["escalated"] for r in summary_rows)}
    after: list[Any] = []
    if order_rows:
        after.append(Table([
            Column("unit", _("Unit"), width=1.7), Column("tracking", _("Tracking code"), width=1.05),
            Column("order", _("Order"), width=3.0), Column("given", _("Given on"), "date", width=0.9),
            Column("due", _("Deadline"), "date", width=0.9), Column("late", _("Days late"), "int", width=0.6),
            Column("level", _("Reminder"), width=1.3), Column("action", _("To do"), width=1.6),
        ], order_rows, title=_("Open orders, overdue first")))
    filters = [_("Counted on {date}").format(date=_long_date(day))]
    if unit_text:
        filters.append(_("Unit: {text}").format(text=unit_text))
    return ReportSpec(
        title=_("Follow-up of orders by unit"),
        subtitle=_("{open} open orders, {overdue} overdue").format(open=_n(totals["open"]), overdue=_n(totals["overdue"])),
        orientation="landscape",
        printed_by=actor.display_name,
        filters_text="؛ ".join(filters),
        columns=[
            Column("unit", _("Unit"), width=2.4),
            Column("open", _("Open orders"), "int", width=0.7),
            Column("overdue", _("Overdue"), "int", width=0.7),
            Column("escalated", _("Escalated"), "int", width=0.7),
            Column("done", _("Done"), "int", width=0.7),
            Column("rejected", _("Rejected"), "int", width=0.7),
        ],
        rows=summary_rows,
        totals=totals if summary_rows else None,
        empty_message=_("No order has been referred to a unit yet."),
        after=after,
        sheet_name=_("Units"),
    )


def _wanted_units(db: Any, actor: Any, unit_text: str) -> set[uuid.UUID] | None:
    """The units the report is limited to: the one whose id the screen passes, or those
    whose name or code has the text; None for every unit."""
    try:
        unit_id = uuid.UUID(unit_text) if unit_text else None  # the screen passes the unit's id
    except ValueError:
        unit_id = None
    if unit_id is not None:
        return {unit_id}
    if unit_text:
        found = unit_service.list_units(db, actor, search=unit_text)
        if not found:
            raise UserError(N_("No unit matches “{text}”."), field="unit", text=unit_text[:60])
        return {u.id for u in found}
    return None


def _follow_up_order_rows(units: Sequence[Any], day: dt.date) -> list[dict[str, Any]]:
    """Each open order of each unit, with its days late on `day` and what to do about it."""
    order_rows = []
    for u in units:
        for o in u.orders:
            late = (day - o.due_date).days
            order_rows.append({
                "unit": u.unit_name, "tracking": _code(o.tracking_code), "order": o.text, "given": o.given_on, "due": o.due_date,
                "late": late if late > 0 else None, "level": o.reminder_label,
                "action": _(_REMINDER_NOTE[o.reminder]) if _REMINDER_NOTE[o.reminder] else "",
            })
    return order_rows


# --- meeting-monthly ----------------------------------------------------------------------

def _year_month(params: Mapping[str, Any]) -> tuple[int, int]:
    now = JalaliDate.today()
    out = []
    for name, label, default, low, high in (("year", N_("The year"), now.year, 1200, 1600), ("month", N_("The month"), now.month, 1, 12)):
        text = to_latin_digits(_text(params, name))
        if not text:
            out.append(default)
            continue
        if not text.isdigit() or not low <= int(text) <= high:
            raise UserError(N_("{field_label} must be a number from {low} to {high}."), field=name, field_label=label, low=low, high=high)
        out.append(int(text))
    return out[0], out[1]


def _short_official(label: str, limit: int = 16) -> str:
    """The official's title alone, short enough for a chart label ("شهردار منطقه ۵")."""
    title = label.split(" — ")[0].strip() or label
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def monthly_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    year, month = _year_month(params)
    st = meetings.monthly_statistics(db, actor, year=year, month=month)
    month_name = MONTH_NAMES[month - 1] if _fa() else MONTH_NAMES_EN[month - 1]
    period = f"{month_name} {_digits(str(year))}"
    before: list[Any] = [_monthly_summary(st)]
    after: list[Any] = []
    if st.requests:
        after = _monthly_breakdown(st)
    else:
        before.append(Paragraph(_("No meeting request was registered in this month.")))
    return ReportSpec(
        title=_("Monthly statistics of public meetings"),
        subtitle=_("{period} ({first} to {last})").format(
            period=period, first=_digits(JalaliDate.from_gregorian(st.first).format(False)),
            last=_digits(JalaliDate.from_gregorian(st.last).format(False))),
        printed_by=actor.display_name,
        filters_text=_("Figures only: no citizen's personal data is printed in this report."),
        before=before,
        after=after,
        sheet_name=_("Summary"),
    )


def _monthly_summary(st: Any) -> LabelValues:
    """The month's counts, waiting time, orders done in time and satisfaction."""
    share = st.share_done_in_time
    satisfaction = st.average_satisfaction
    rated = sum(c for _s, c in st.satisfaction)
    return LabelValues([
        (_("Requests registered"), _n(st.requests)),
        (_("Citizens met"), _n(st.met)),
        (_("Average days from registration to meeting"),
         _n(st.average_wait_days, 1) if st.average_wait_days is not None else _("not measurable this month")),
        (_("Orders due this month"), _n(st.orders_due)),
        (_("Done within the deadline"), _n(st.orders_done_in_time)),
        (_("Done late"), _n(st.orders_done_late)),
        (_("Share done within the deadline"),
         _("{percent}%").format(percent=_n(100 * share, 1)) if share is not None else _("no order was due")),
        (_("Average satisfaction (1 to 5)"),
         _("{average} from {count} citizens").format(average=_n(satisfaction, 1), count=_n(rated)) if satisfaction is not None
         else _("nobody was asked")),
    ], title=_("Summary"))


def _monthly_breakdown(st: Any) -> list[Any]:
    """Requests by district, subject and official (tables and charts), and satisfaction."""
    total = st.requests
    rated = sum(c for _s, c in st.satisfaction)
    per_district = dict(st.by_district)
    districts = range(1, DISTRICT_COUNT + 1)
    district_rows: list[dict[str, Any]] = [{"district": _("District {number}").format(number=_n(d)), "count": per_district.get(d, 0),
                      "share": _percent(per_district.get(d, 0), total)} for d in districts]
    subject_rows: list[dict[str, Any]] = [{"subject": s.label, "count": n, "share": _percent(n, total)}
                    for s, n in sorted(st.by_subject, key=lambda x: -x[1])]
    official_rows: list[dict[str, Any]] = [{"official": _digits(name) or _("Unknown"), "count": n, "share": _percent(n, total)}
                     for name, n in sorted(st.by_official, key=lambda x: -x[1])]
    share_col = Column("share", _("Share"), "percent", width=0.8)
    count_col = Column("count", _("Requests"), "int", width=0.8)
    top = official_rows[:6]
    rest = sum(r["count"] for r in official_rows[6:])
    after: list[Any] = [
        Table([Column("district", _("District"), width=2), count_col, share_col], district_rows,
              title=_("Requests by district"), totals={"count": total, "share": 100.0}),
        PageBreak(),  # the 22 districts fill the first page; each chart starts with its heading
        BarChart([_n(d) for d in districts], [per_district.get(d, 0) for d in districts], title=_("Requests by district")),
        Table([Column("subject", _("Subject"), width=2), count_col, share_col], subject_rows,
              title=_("Requests by subject"), totals={"count": total, "share": 100.0}),
        BarChart([r["subject"] for r in subject_rows], [r["count"] for r in subject_rows], title=_("Requests by subject")),
        PageBreak(),
        Table([Column("official", _("Official"), width=3), count_col, share_col], official_rows,
              title=_("Requests by official"), totals={"count": total, "share": 100.0}),
        BarChart([_short_official(r["official"]) for r in top] + ([_("Others")] if rest else []),
                 [r["count"] for r in top] + ([rest] if rest else []), title=_("Requests by official (the most asked)")),
    ]
    if rated:
        after.append(Table([Column("score", _("Satisfaction"), "int", width=1), Column("count", _("Citizens"), "int", width=1)],
                           [{"score": s, "count": c} for s, c in st.satisfaction], title=_("Satisfaction of citizens")))
    return after


# --- registration -------------------------------------------------------------------------

KINDS: Sequence[tuple[str, str, Any]] = (
    ("meeting-receipt", N_("Meeting request receipt"), receipt_report),
    ("meeting-agenda", N_("Session agenda"), agenda_report),
    ("meeting-minutes", N_("Minutes of the meeting session"), minutes_report),
    ("meeting-notify", N_("Citizens to notify by SMS"), notify_report),
    ("meeting-follow-up", N_("Follow-up of orders by unit"), follow_up_report),
    ("meeting-monthly", N_("Monthly statistics of public meetings"), monthly_report),
)


def register() -> None:
    from pr_desk.services import report_catalog

    report_catalog.FILTERS.update(FILTERS)
    for name, title, builder in KINDS:
        register_report(name, title, builder, replace=True)
