"""The directive register's printed pages, as report kinds of the catalogue: the register
itself, the official letter to each recipient unit, the compliance matrix (directive x
unit), each unit's pending list and the consolidated text of one directive.

Every kind builds with no filter: the latest year of issue, every unit, the newest
directive in force; an empty register prints a page that says so. Who sees what comes
from the services (an inspector: the directives sent to the units assigned to them).
Numbers are stored with Latin digits ("د/1405/012") and printed as the screen shows
them, with Persian digits."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pr_desk.domain.directives import DIRECTIVE_STATUS_LABELS, DirectiveStatus, RecipientState
from pr_desk.domain.errors import UserError
from pr_desk.domain.followup import REMINDER_TINTS, ReminderLevel
from pr_desk.domain.jalali import format_jalali, parse_jalali
from pr_desk.domain.text import format_number, search_key, to_latin_digits, to_persian_digits
from pr_desk.domain.units import UnitKind, parse_unit_kind
from pr_desk.i18n import N_, _, current_language
from pr_desk.reports.model import (
    Column,
    ColumnKind,
    Heading,
    LabelValues,
    Letter,
    PageBreak,
    Paragraph,
    ReportSpec,
    Row,
    Table,
    Tinted,
)
from pr_desk.reports.registry import register_report
from pr_desk.services import directives as dv
from pr_desk.services.context import Actor
from pr_desk.services.directives import overview

NUMBER_HELP = N_("the directive's number, e.g. د/1405/012 (default: the newest directive in force)")
YEAR_HELP = N_("the Jalali year of issue, or all (default: the latest year)")
KIND_HELP = N_("only directives of this kind (its name or number prefix)")
ON_HELP = N_("the Jalali date the states are counted on (default: today)")

FILTERS: dict[str, dict[str, str]] = {
    "directive-register": {"year": YEAR_HELP, "kind": KIND_HELP,
                           "status": N_("only directives in this state: in_force, repealed, superseded or draft"),
                           "search": N_("only directives whose number, title, subjects or text have these words")},
    "directive-letter": {"number": NUMBER_HELP, "unit": N_("only the letter to this unit (its code, e.g. D07)"),
                         "signer": N_("the name printed above the signature"),
                         "post": N_("the post printed under the signature (default: the issuer)")},
    "directive-compliance": {"year": YEAR_HELP, "kind": KIND_HELP,
                             "unit_kind": N_("only units of this kind: district, organisation, company or office"),
                             "on": ON_HELP, "search": N_("only directives whose number, title or subjects have these words")},
    "directive-pending": {"unit": N_("the unit's code, e.g. D07 (default: every unit with something pending)"),
                          "on": ON_HELP},
    "directive-reminder": {"unit": N_("the unit's code, e.g. D07 (default: a letter to every unit with something overdue)"),
                           "on": ON_HELP, "signer": N_("the name printed above the signature"),
                           "post": N_("the post printed under the signature (default: the PR deputy)")},
    "directive-text": {"number": NUMBER_HELP, "on": N_("the Jalali date whose text in force is printed (default: today)")},
}

# A matrix cell is narrow: one short word per state, the state's colour behind it (the
# key to the matrix spells each out).
STATE_MARKS: dict[RecipientState, str] = {
    RecipientState.TO_ACKNOWLEDGE: N_("sent"),
    RecipientState.ACK_OVERDUE: N_("late"),
    RecipientState.OLD_VERSION: N_("old"),
    RecipientState.ACKNOWLEDGED: N_("ack"),
    RecipientState.IMPL_OVERDUE: N_("due!"),
    RecipientState.IMPLEMENTED: N_("done"),
    RecipientState.ACCEPTED: N_("ok"),
    RecipientState.NOT_ACCEPTED: N_("rej"),
}
_PAGE = 200


# --- small helpers ------------------------------------------------------------------------

def _context(params: Mapping[str, Any]) -> tuple[Any, Actor]:
    """(database, acting user) from the report's params (report_catalog is not imported
    here: it registers this module's kinds when it is first imported)."""
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


def shown_number(number: str | None) -> str:
    """A directive's number as the screen shows it ("د/۱۴۰۵/۰۱۲"); "—" before it is issued."""
    return _digits(number) if number else "—"


def _date(day: dt.date | None) -> str:
    return format_jalali(day, persian_digits=_fa()) if day else "—"


def _text(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    return "" if value is None else str(value).strip()


def _day(params: Mapping[str, Any], name: str) -> dt.date | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return parse_jalali(str(value)).to_gregorian()
    except UserError as exc:
        raise UserError(exc.message, field=name, **exc.params) from None


def _year(db: Any, actor: Actor, params: Mapping[str, Any]) -> int | None:
    """The year filter: a Jalali year, "all" (None), or by default the latest year of issue."""
    text = to_latin_digits(_text(params, "year"))
    if text.casefold() in ("all", "همه", "*"):
        return None
    if text:
        if not text.isdigit() or not 1300 <= int(text) <= 1600:
            raise UserError(N_("The year is a Jalali year such as 1405, or all."), field="year")
        return int(text)
    years = overview.issued_years(db, actor)
    return years[0] if years else None


def _kind(db: Any, actor: Actor, params: Mapping[str, Any]) -> dv.KindInfo | None:
    text = _text(params, "kind")
    if not text:
        return None
    key = search_key(text)
    for kind in dv.list_kinds(db, actor, include_retired=True):
        if key in (search_key(kind.name), search_key(kind.prefix), search_key(kind.code)):
            return kind
    raise UserError(N_("There is no kind of directive called {text}."), field="kind", text=text[:60])


def _status(params: Mapping[str, Any]) -> DirectiveStatus | None:
    text = _text(params, "status")
    if not text:
        return None
    key = search_key(text)
    for status in DirectiveStatus:
        label = DIRECTIVE_STATUS_LABELS[status]
        if key in (search_key(status.value), search_key(label), search_key(_(label))):
            return status
    raise UserError(N_("Unknown state {text}: use in_force, repealed, superseded or draft."), field="status", text=text[:40])


def _unit_kind(params: Mapping[str, Any]) -> UnitKind | None:
    text = _text(params, "unit_kind")
    return parse_unit_kind(text) if text else None


def _newest_in_force(db: Any, actor: Actor) -> dv.DirectiveInfo | None:
    """The directive in force issued last: the highest serial of each kind in the latest
    year, then the latest issue date among them."""
    years = overview.issued_years(db, actor)
    for year in years:
        found: list[dv.DirectiveInfo] = []
        for kind in dv.list_kinds(db, actor, include_retired=True):
            found += dv.list_directives(db, actor, status=DirectiveStatus.IN_FORCE, kind_id=kind.id, year=year, limit=1)
        if found:
            return max(found, key=lambda d: (d.issued_on or dt.date.min, d.number or ""))
    return None


def _directive(db: Any, actor: Actor, params: Mapping[str, Any]) -> dv.DirectiveInfo | None:
    number = _text(params, "number")
    if number:
        return dv.find_by_number(db, actor, number)
    return _newest_in_force(db, actor)


def _nothing(title: str, actor: Actor, message: str) -> ReportSpec:
    return ReportSpec(title=title, printed_by=actor.display_name, before=[Paragraph(message)], empty_message=message)


def _paragraphs(body: str) -> list[str]:
    """The body's paragraphs: one per line as typed, empty lines dropped."""
    return [line.strip() for line in (body or "").splitlines() if line.strip()]


def _year_text(year: int | None) -> str:
    return _("Year {year}").format(year=_digits(str(year))) if year else _("All years")


def _unit_short(unit: overview.UnitRef) -> str:
    """A matrix column's head: the district's number, else the unit's name without "روابط عمومی"."""
    if unit.kind is UnitKind.DISTRICT and unit.district:
        return _digits(str(unit.district))
    return unit.name.replace("روابط عمومی ", "").strip() or unit.code


def _mark(state: RecipientState) -> Tinted:
    return Tinted(_(STATE_MARKS[state]), state.colour)


def _state(state: RecipientState) -> Tinted:
    return Tinted(state.label, state.colour)


def _reminder(level: ReminderLevel) -> Tinted | str:
    """The reminder ladder's level on its (printable) colour; nothing while on time."""
    tint = REMINDER_TINTS[level]
    return Tinted(level.label, tint) if tint else ""


# --- directive-register ---------------------------------------------------------------

def register_list_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    year = _year(db, actor, params)
    kind = _kind(db, actor, params)
    status = _status(params)
    search = _text(params, "search")  # what the register's search box holds: the printout is the list on screen
    filters: dict[str, Any] = {"year": year, "kind_id": kind.id if kind else None, "status": status, "search": search}
    total = dv.count_directives(db, actor, **filters)

    def rows() -> Iterator[Row]:
        offset = 0
        while True:
            page = dv.list_directives(db, actor, offset=offset, limit=_PAGE, sort_key="number", **filters)
            for d in page:
                state = d.status.label
                if d.ended_on is not None:
                    state = _("{status} on {date}").format(status=state, date=_date(d.ended_on))
                yield {"number": shown_number(d.number), "kind": d.kind_name, "title": d.title, "issuer": d.issuer,
                       "approved": d.approved_on, "issued": d.issued_on, "effective": d.effective_on, "status": state,
                       "version": d.current_version or d.latest_version, "recipients": d.recipients,
                       "acknowledged": d.acknowledged}
            if len(page) < _PAGE:
                return
            offset += _PAGE

    shown = [_year_text(year)]
    if kind:
        shown.append(_("Kind: {kind}").format(kind=kind.name))
    if status:
        shown.append(_("Status: {status}").format(status=status.label))
    if search:
        shown.append(_("Search: {text}").format(text=search))
    return ReportSpec(
        title=_("Register of directives"),
        subtitle=_("{filters} — {count} directives").format(filters="، ".join(shown), count=_n(total)),
        columns=[
            Column("number", _("Number"), width=1.25), Column("kind", _("Kind"), width=1.1),
            Column("title", _("Title"), width=3.2), Column("issuer", _("Issuer"), width=1.5),
            Column("approved", _("Approved on"), "date", width=0.95), Column("issued", _("Issued on"), "date", width=0.95),
            Column("effective", _("Effective from"), "date", width=0.95), Column("status", _("Status"), width=1.1),
            Column("version", _("Version"), "int", width=0.55), Column("recipients", _("Recipients"), "int", width=0.7),
            Column("acknowledged", _("Acknowledged"), "int", width=0.75),
        ],
        rows=rows(),
        printed_by=actor.display_name,
        orientation="landscape",
        empty_message=_("No directive matches these filters yet."),
        sheet_name=_("Register"),
    )


# --- directive-letter -----------------------------------------------------------------

def _addressee(unit_name: str) -> str:
    name = unit_name if "روابط عمومی" in unit_name else "روابط عمومی " + unit_name
    return _("Head of {unit}").format(unit=name)


def letter_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Letter communicating a directive")
    info = _directive(db, actor, params)
    if info is None:
        return _nothing(title, actor, _("No directive is in force yet, so there is no letter to print."))
    in_force, detail = dv.text_in_force(db, actor, info.id)
    text = in_force or detail.in_force or next((v for v in reversed(detail.versions) if v.issued_on), None)
    if text is None:
        return _nothing(title, actor, _("Directive {number} has not been issued yet, so there is no letter to print.").format(
            number=shown_number(info.number)))
    recipients = dv.list_recipients(db, actor, info.id)
    unit_code = _text(params, "unit")
    if unit_code:
        unit = overview.find_unit(db, actor, unit_code)
        recipients = [r for r in recipients if r.unit_id == unit.id]
        if not recipients:
            raise UserError(N_("Directive {number} was not sent to {unit}."), field="unit", number=shown_number(info.number),
                            unit=unit.name)
    subtitle = f"{shown_number(info.number)} — {info.title}"
    if not recipients:
        return ReportSpec(title=title, subtitle=subtitle, printed_by=actor.display_name,
                          before=[Paragraph(_("This directive has not been sent to any unit yet."))],
                          empty_message=_("This directive has not been sent to any unit yet."))
    signer = _text(params, "signer")
    post = _text(params, "post") or info.issuer or _("PR deputy")
    number = shown_number(info.number)
    intro = _("{kind} number {number} of {date}, “{title}”, is communicated below; it is in force from {effective}.").format(
        kind=info.kind_name, number=number, date=_date(text.issued_on), title=info.title,
        effective=_date(text.effective_on or text.issued_on))
    if text.number > 1:
        intro += " " + _("(Version {version}: {change})").format(version=_digits(str(text.number)),
                                                                 change=text.change_note or _("amended"))
    body = _paragraphs(text.body)
    if not body and text.attachments:
        body = [_("The text is in the attached file.")]
    files = _("{count} files").format(count=_n(len(text.attachments))) if text.attachments else _("No attachment")
    blocks: list[Any] = []
    for r in recipients:
        if r.impl_due:
            closing = _("Please confirm the receipt of this letter by {ack_due} and send the report of its implementation, "
                        "with its evidence, by {impl_due}.").format(ack_due=_date(r.ack_due), impl_due=_date(r.impl_due))
        else:
            closing = _("Please confirm the receipt of this letter by {ack_due} and see that it is carried out.").format(
                ack_due=_date(r.ack_due))
        if blocks:
            blocks.append(PageBreak())
        blocks.append(Letter(
            number=number, date=_date(r.communicated_on), recipient=_addressee(r.unit_name),
            subject=_("Communication of the {kind} “{title}”").format(kind=info.kind_name, title=info.title),
            paragraphs=[intro, *body], sender=info.issuer, attachments=files, opening=_("In the name of God"),
            salutation=_("Greetings and respect,"), closing=closing, signer_name=signer, signer_post=post,
        ))
    return ReportSpec(
        title=title,
        subtitle=subtitle,
        before=blocks,
        sheet_name=_("Letters"),
    )


# --- directive-compliance -------------------------------------------------------------

_SUMMARY_STATES = (
    ("to_ack", (RecipientState.TO_ACKNOWLEDGE, RecipientState.OLD_VERSION)),
    ("ack_overdue", (RecipientState.ACK_OVERDUE,)),
    ("acknowledged", (RecipientState.ACKNOWLEDGED,)),
    ("impl_overdue", (RecipientState.IMPL_OVERDUE,)),
    ("implemented", (RecipientState.IMPLEMENTED,)),
    ("accepted", (RecipientState.ACCEPTED,)),
    ("not_accepted", (RecipientState.NOT_ACCEPTED,)),
)


def compliance_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    year = _year(db, actor, params)
    kind = _kind(db, actor, params)
    unit_kind = _unit_kind(params)
    on = _day(params, "on") or dv.today()
    search = _text(params, "search")  # what the matrix's search box holds: the printout is the matrix on screen
    kind_id = kind.id if kind else None
    units = overview.compliance_units(db, actor, year=year, kind_id=kind_id, unit_kind=unit_kind, search=search)
    # The whole matrix in one read (a state per directive and unit), counted here and
    # written from the same lines: 10,000 directives x 50 units in seconds, not a page of
    # the screen's matrix at a time, read again for each kind of unit.
    lines = dv.matrix_lines(db, actor, unit_ids=[u.id for u in units], year=year, kind_id=kind_id, search=search, on=on)
    directives = len(lines)
    tallies: list[Counter[RecipientState]] = [Counter() for _u in units]
    for line in lines:
        for k, state in enumerate(line.states):
            if state is not None:
                tallies[k][state] += 1
    counts: dict[Any, dict[str, int]] = {}
    for u, tally in zip(units, tallies, strict=True):
        row = {key: 0 for key, _s in _SUMMARY_STATES} | {"received": 0, "overdue": 0}
        for state, n in tally.items():
            row["received"] += n
            row["overdue"] += n if state.overdue else 0
            for key, states in _SUMMARY_STATES:
                if state in states:
                    row[key] += n
        counts[u.id] = row
    summary = [{"unit": u.name, "code": u.code, **counts[u.id]} for u in units]
    totals = {key: sum(counts[u.id][key] for u in units) for key in ("received", "overdue", *(k for k, _s in _SUMMARY_STATES))}
    marks = {state: _mark(state) for state in RecipientState}
    late = frozenset(state for state in RecipientState if state.overdue)
    position = {u.id: k for k, u in enumerate(units)}

    def matrix_rows(group: list[overview.UnitRef]) -> Iterator[Row]:
        picks = [(str(u.id), position[u.id]) for u in group]
        for line in lines:
            states = line.states
            row: dict[str, Any] | None = None
            overdue = 0
            for key, k in picks:
                state = states[k]
                if state is not None:
                    if row is None:
                        row = {"number": shown_number(line.number), "title": line.title}
                    row[key] = marks[state]
                    overdue += state in late
            if row is not None:
                row["overdue"] = overdue
                yield row

    groups: dict[UnitKind, list[overview.UnitRef]] = {}
    for u in units:
        groups.setdefault(u.kind, []).append(u)
    legend = Table([Column("mark", _("In a cell"), width=1), Column("state", _("Means"), width=4)],
                   [{"mark": _mark(s), "state": s.label} for s in RecipientState], title=_("Key to the matrix"), compact=True)
    after: list[Any] = []
    for group_kind, group in groups.items():
        after += [PageBreak(), legend] if not after else [PageBreak()]
        after.append(Table(
            [Column("number", _("Number"), width=2.3), Column("title", _("Title"), width=3.8),
             *(Column(str(u.id), _unit_short(u), width=1.0 if group_kind is UnitKind.DISTRICT else 1.3) for u in group),
             Column("overdue", _("Overdue"), "int", width=1.5)],
            matrix_rows(group),
            title=_("Matrix: {kind}").format(kind=group_kind.label),
            totals={"title": _("Overdue in the unit"), "overdue": sum(counts[u.id]["overdue"] for u in group),
                    **{str(u.id): counts[u.id]["overdue"] for u in group}},
            compact=True,
        ))
    shown = [_year_text(year), _("Counted on {date}").format(date=_date(on))]
    if kind:
        shown.append(_("Kind: {kind}").format(kind=kind.name))
    if unit_kind:
        shown.append(_("Units: {kind}").format(kind=unit_kind.label))
    if search:
        shown.append(_("Search: {text}").format(text=search))
    return ReportSpec(
        title=_("Compliance with directives"),
        subtitle=_("{directives} directives in force, {units} units, {overdue} overdue").format(
            directives=_n(directives), units=_n(len(units)), overdue=_n(totals["overdue"])),
        filters_text="؛ ".join(shown),
        columns=[
            Column("unit", _("Unit"), width=2.6), Column("received", _("Directives sent"), "int", width=0.9),
            Column("to_ack", _("To acknowledge"), "int", width=0.9), Column("ack_overdue", _("Receipt overdue"), "int", width=0.9),
            Column("acknowledged", _("Acknowledged"), "int", width=0.9),
            Column("impl_overdue", _("Implementation overdue"), "int", width=1.0),
            Column("implemented", _("Evidence to check"), "int", width=0.9), Column("accepted", _("Accepted"), "int", width=0.8),
            Column("not_accepted", _("Not accepted"), "int", width=0.8), Column("overdue", _("Overdue"), "int", width=0.8),
        ],
        rows=summary,
        totals=totals if summary else None,
        printed_by=actor.display_name,
        orientation="landscape",
        before=[Heading(_("Units"), 2)],
        after=after if summary else [],
        empty_message=_("No directive in force was sent to a unit in this year."),
        sheet_name=_("Units"),
    )


# --- directive-pending ----------------------------------------------------------------

def _to_do(r: dv.RecipientInfo) -> str:
    state = r.state
    if state in (RecipientState.TO_ACKNOWLEDGE, RecipientState.ACK_OVERDUE):
        return _("Acknowledge version {version}").format(version=_digits(str(r.current_version)))
    if state is RecipientState.OLD_VERSION:
        return _("Acknowledge the amended text (version {version})").format(version=_digits(str(r.current_version)))
    if state in (RecipientState.ACKNOWLEDGED, RecipientState.IMPL_OVERDUE):
        return _("Carry it out and send the report with evidence")
    if state is RecipientState.IMPLEMENTED:
        return _("Evidence sent; waiting to be checked")
    if state is RecipientState.NOT_ACCEPTED:
        return _("Send new evidence: {reason}").format(reason=r.verdict_reason) if r.verdict_reason else _("Send new evidence")
    return ""


def _days_late(r: dv.RecipientInfo, on: dt.date) -> int | None:
    due = r.ack_due if r.state is RecipientState.ACK_OVERDUE else r.impl_due if r.state is RecipientState.IMPL_OVERDUE else None
    return (on - due).days if due is not None and on > due else None


_PENDING_COLUMNS: tuple[tuple[str, str, ColumnKind, float], ...] = (
    ("number", N_("Number"), "text", 1.2), ("title", N_("Title"), "text", 2.6), ("communicated", N_("Communicated on"), "date", 0.9),
    ("ack_due", N_("Receipt due"), "date", 0.9), ("impl_due", N_("Implementation due"), "date", 0.9),
    ("state", N_("Status"), "text", 1.4), ("late", N_("Days late"), "int", 0.6), ("reminder", N_("Reminder"), "text", 1.2),
    ("to_do", N_("To do"), "text", 2.0),
)


def pending_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    on = _day(params, "on") or dv.today()
    code = _text(params, "unit")
    if code:
        unit = overview.find_unit(db, actor, code)
        sections = [overview.UnitPending(unit, tuple(dv.pending_for_unit(db, actor, unit.id, on=on, limit=None)))]
    else:
        sections = overview.units_with_pending(db, actor, on=on)
    columns = [Column(key, _(label), kind, width) for key, label, kind, width in _PENDING_COLUMNS]
    summary: list[dict[str, Any]] = []
    after: list[Any] = []
    totals = {"to_ack": 0, "to_do": 0, "to_check": 0, "overdue": 0, "escalated": 0}
    for section in sections:
        items = section.items
        count = {
            "to_ack": sum(r.state in (RecipientState.TO_ACKNOWLEDGE, RecipientState.OLD_VERSION, RecipientState.ACK_OVERDUE)
                          for r in items),
            "to_do": sum(r.state in (RecipientState.ACKNOWLEDGED, RecipientState.IMPL_OVERDUE, RecipientState.NOT_ACCEPTED)
                         for r in items),
            "to_check": sum(r.state is RecipientState.IMPLEMENTED for r in items),
            "overdue": sum(r.state.overdue for r in items),
            "escalated": sum(r.reminder is ReminderLevel.ESCALATED for r in items),
        }
        for key, value in count.items():
            totals[key] += value
        summary.append({"unit": section.unit.name, "code": section.unit.code, **count})
        rows = [{"number": shown_number(r.directive_number), "title": r.directive_title, "communicated": r.communicated_on,
                 "ack_due": r.ack_due, "impl_due": r.impl_due, "state": _state(r.state), "late": _days_late(r, on),
                 "reminder": _reminder(r.reminder), "to_do": _to_do(r)} for r in items]
        after.append(Table(columns, rows, title=f"{section.unit.name} ({section.unit.code})"))
    scope = f"{sections[0].unit.name} ({sections[0].unit.code})" if code else _("Every unit with something pending")
    return ReportSpec(
        title=_("Directives pending at the units"),
        subtitle=scope,
        filters_text=_("Counted on {date}").format(date=_date(on)),
        columns=[Column("unit", _("Unit"), width=2.6), Column("code", _("Code"), width=0.8),
                 Column("to_ack", _("To acknowledge"), "int", width=0.9), Column("to_do", _("To carry out"), "int", width=0.9),
                 Column("to_check", _("Evidence to check"), "int", width=0.9), Column("overdue", _("Overdue"), "int", width=0.8),
                 Column("escalated", _("Escalated"), "int", width=0.8)],
        rows=summary,
        totals=totals if len(summary) > 1 else None,
        printed_by=actor.display_name,
        orientation="landscape",
        after=after,
        empty_message=_("Nothing is pending: every unit has acknowledged and carried out its directives.")
        if not code else _("Nothing is pending at this unit."),
        sheet_name=_("Pending"),
    )


# --- directive-reminder ---------------------------------------------------------------

_TO_ACKNOWLEDGE = (RecipientState.TO_ACKNOWLEDGE, RecipientState.OLD_VERSION, RecipientState.ACK_OVERDUE)
_TO_IMPLEMENT = (RecipientState.ACKNOWLEDGED, RecipientState.IMPL_OVERDUE, RecipientState.NOT_ACCEPTED)
_LATE = (ReminderLevel.OVERDUE, ReminderLevel.ESCALATED)  # past the deadline still open (the ladder's rule)


def _reminder_line(n: int, r: dv.RecipientInfo, on: dt.date) -> str:
    """One numbered item of a reminder letter: the directive, what is still owed, by when."""
    head = _("{n}. {number} “{title}”:").format(n=_n(n), number=shown_number(r.directive_number), title=r.directive_title)
    if r.state in _TO_ACKNOWLEDGE:
        due = r.ack_due
        owed = _("the receipt of version {version} is to be confirmed by {date}").format(
            version=_digits(str(r.current_version)), date=_date(due))
    elif r.state is RecipientState.NOT_ACCEPTED:
        due = r.impl_due
        owed = _("the evidence sent was not accepted; new evidence is to be sent by {date}").format(date=_date(due))
    else:
        due = r.impl_due
        owed = (_("the report of its implementation, with its evidence, is to be sent by {date}").format(date=_date(due))
                if due else _("the report of its implementation, with its evidence, is to be sent"))
    line = f"{head} {owed}"
    if due is not None and on > due:
        line += " " + _("({days} days late)").format(days=_n((on - due).days))
    return line + "."


def reminder_report(params: Mapping[str, Any]) -> ReportSpec:
    """A reminder letter to a unit listing what it still has to acknowledge or carry out,
    with the deadlines; with no unit, one letter (on its own page) to every unit with
    something overdue."""
    db, actor = _context(params)
    title = _("Reminder letters about directives")
    on = _day(params, "on") or dv.today()
    code = _text(params, "unit")
    if code:
        unit = overview.find_unit(db, actor, code)
        sections = [overview.UnitPending(unit, tuple(dv.pending_for_unit(db, actor, unit.id, on=on, limit=None)))]
    else:
        sections = [s for s in overview.units_with_pending(db, actor, on=on) if any(r.reminder in _LATE for r in s.items)]
    signer = _text(params, "signer")
    post = _text(params, "post") or _("PR deputy")
    blocks: list[Any] = []
    for section in sections:
        items = [r for r in section.items if r.state in _TO_ACKNOWLEDGE or r.state in _TO_IMPLEMENT]
        if not items:
            continue
        late = sum(1 for r in items if r.reminder in _LATE)
        intro = _("The follow-up of the directives communicated to your unit shows that the following are still open "
                  "({count} items, {late} of them past their deadline):").format(count=_n(len(items)), late=_n(late))
        copies = [_("The PR supervisor, for follow-up")] if any(r.reminder is ReminderLevel.ESCALATED for r in items) else []
        if blocks:
            blocks.append(PageBreak())
        blocks.append(Letter(
            number="—", date=_date(on), recipient=_addressee(section.unit.name),
            subject=_("Reminder: directives still to be acknowledged or carried out"),
            paragraphs=[intro, *(_reminder_line(n, r, on) for n, r in enumerate(items, 1))],
            attachments=_("No attachment"), opening=_("In the name of God"), salutation=_("Greetings and respect,"),
            closing=_("Please confirm the receipt of the items above and send the reports of their implementation without "
                      "further delay; a deadline that cannot be met should be explained in writing."),
            signer_name=signer, signer_post=post, copies=copies,
        ))
    if not blocks:
        message = (_("Nothing is pending at this unit, so there is no reminder to send.") if code
                   else _("No unit has anything overdue, so there is no reminder to send."))
        return _nothing(title, actor, message)
    subtitle = f"{sections[0].unit.name} ({sections[0].unit.code})" if code else _("Every unit with something overdue")
    return ReportSpec(title=title, subtitle=subtitle, before=blocks, sheet_name=_("Letters"))


# --- directive-text -------------------------------------------------------------------

def _relation_text(link: dv.LinkInfo) -> str:
    return link.relation.label if link.outgoing else link.relation.inverse_label


def text_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    title = _("Consolidated text of a directive")
    info = _directive(db, actor, params)
    if info is None:
        return _nothing(title, actor, _("No directive is in force yet."))
    on = _day(params, "on") or dv.today()
    version, detail = dv.text_in_force(db, actor, info.id, on)
    d = detail.info
    ended = next((link for link in detail.links if not link.outgoing and link.relation in (dv.Relation.REPEALS, dv.Relation.SUPERSEDES)),
                 None)
    state = d.status.label
    if d.ended_on is not None:
        state = _("{status} on {date}").format(status=state, date=_date(d.ended_on))
        if ended is not None:
            state += " " + _("by {number}").format(number=shown_number(ended.other_number))
    facts: list[tuple[str, Any]] = [
        (_("Number"), shown_number(d.number)), (_("Kind"), d.kind_name), (_("Title"), d.title),
        (_("Issuer"), d.issuer or "—"), (_("Status"), state),
        (_("Subject tags"), "، ".join(d.tags) or "—"),
        (_("Version in force on {date}").format(date=_date(on)),
         _("Version {version}, issued on {date}").format(version=_digits(str(version.number)), date=_date(version.issued_on))
         if version else _("none")),
    ]
    if version is not None:
        facts += [(_("Effective from"), _date(version.effective_on)), (_("Expires on"), _date(version.expires_on))]
        if version.attachments:
            facts.append((_("Attached files"), "، ".join(a.file_name for a in version.attachments)))
    before: list[Any] = [LabelValues(facts, title=_("The directive")), Heading(_("Text in force on {date}").format(date=_date(on)), 2)]
    if version is None:
        if d.ended_on is not None and d.ended_on <= on:
            before.append(Paragraph(_("On this date the directive was no longer in force ({state}).").format(state=state)))
        else:
            before.append(Paragraph(_("On this date no version of the directive was in force yet.")))
    else:
        before += [Paragraph(p) for p in _paragraphs(version.body)] or [Paragraph(_("The text is in the attached file."))]
    before.append(Heading(_("Versions"), 2))
    history = [{"version": v.number, "status": v.status.label, "approved": v.approved_on, "issued": v.issued_on,
                "effective": v.effective_on, "note": v.change_note or (_("First text") if v.number == 1 else ""),
                "in_force": _("Yes") if version is not None and v.number == version.number else ""}
               for v in detail.versions]
    links = [{"relation": _relation_text(link), "number": shown_number(link.other_number), "title": link.other_title,
              "on": link.linked_on, "note": link.note} for link in detail.links]
    after: list[Any] = []
    if links:
        after.append(Table([Column("relation", _("Relation"), width=1.2), Column("number", _("Number"), width=1.2),
                            Column("title", _("Title"), width=3), Column("on", _("Date"), "date", width=0.9),
                            Column("note", _("Note"), width=2)], links, title=_("Related directives")))
    return ReportSpec(
        title=title,
        subtitle=f"{shown_number(d.number)} — {d.title}",
        columns=[Column("version", _("Version"), "int", width=0.6), Column("status", _("Status"), width=1.0),
                 Column("approved", _("Approved on"), "date", width=0.9), Column("issued", _("Issued on"), "date", width=0.9),
                 Column("effective", _("Effective from"), "date", width=0.9),
                 Column("note", _("What changed and why"), width=3.2), Column("in_force", _("In force"), width=0.9)],
        rows=history,
        printed_by=actor.display_name,
        before=before,
        after=after,
        sheet_name=_("Text"),
    )


# --- registration -----------------------------------------------------------------------

KINDS: Sequence[tuple[str, str, Any]] = (
    ("directive-register", N_("Register of directives"), register_list_report),
    ("directive-letter", N_("Letters communicating a directive"), letter_report),
    ("directive-compliance", N_("Compliance with directives (directive × unit)"), compliance_report),
    ("directive-pending", N_("Directives pending at the units"), pending_report),
    ("directive-text", N_("Consolidated text of a directive"), text_report),
    ("directive-reminder", N_("Reminder letters about directives"), reminder_report),
)


def register() -> None:
    from pr_desk.services import report_catalog

    report_catalog.FILTERS.update(FILTERS)
    for name, title, builder in KINDS:
        register_report(name, title, builder, replace=True)


__all__ = ["FILTERS", "KINDS", "STATE_MARKS", "register", "shown_number"]
