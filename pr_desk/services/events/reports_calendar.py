"""The `events-calendar` report: a Jalali month as a grid (landscape, Saturday first,
Friday and holidays tinted, each day with its occasions and events) followed by the
month's list, or a whole year as a list of events and occasions. Filters: year= and
month= (Jalali, Persian digits accepted); with no filter, the current month; with a year
and no month, the year's list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import MONTH_NAMES, WEEKDAY_NAMES, JalaliDate, format_jalali
from pr_desk.domain.text import ltr_isolate, span, to_latin_digits, to_persian_digits
from pr_desk.i18n import N_, _, current_language, ngettext
from pr_desk.reports.model import Column, Heading, ReportSpec, Table, Tinted
from pr_desk.reports.registry import register_report
from pr_desk.services.context import Actor
from pr_desk.services.events import calendar as cal

FILTERS: dict[str, dict[str, str]] = {
    "events-calendar": {
        "year": N_("the Jalali year, e.g. 1405 (default: this year)"),
        "month": N_("the Jalali month, 1 to 12, or all for the whole year's list (default: this month, or the whole "
                    "year when only the year is given)"),
    },
}
WEEKEND_TINT = "#fdecea"
OTHER_MONTH_TINT = "#f2f2f2"
MAX_LINES = 6  # lines of a day's cell before "and n more"


def _context(params: Mapping[str, Any]) -> tuple[Any, Actor]:
    try:
        return params["db"], params["actor"]
    except KeyError as exc:
        raise UserError(N_("This report needs an open database and a logged-in user.")) from exc


def _fa() -> bool:
    return current_language() == "fa"


def _digits(text: object) -> str:
    return to_persian_digits(str(text)) if _fa() else str(text)


def _date(day: dt.date) -> str:
    return format_jalali(day, persian_digits=_fa())


def code_text(code: str) -> str:
    """An event code as printed: the screen's digits, kept left to right."""
    return ltr_isolate(_digits(code))


def _number(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    return "" if value is None else to_latin_digits(str(value)).strip()


def _year_month(params: Mapping[str, Any]) -> tuple[int, int | None]:
    today = JalaliDate.today()
    year_text, month_text = _number(params, "year"), _number(params, "month")
    if year_text:
        if not year_text.isdigit() or not 1300 <= int(year_text) <= 1600:
            raise UserError(N_("The year is a Jalali year such as 1405."), field="year")
        year = int(year_text)
    else:
        year = today.year
    if month_text.casefold() in ("all", "همه", "*"):
        return year, None
    if month_text:
        if not month_text.isdigit() or not 1 <= int(month_text) <= 12:
            raise UserError(N_("The month is a number from 1 to 12, or all."), field="month")
        return year, int(month_text)
    if year_text:
        return year, None  # a year alone: the year's list
    return year, today.month


def _event_line(e: Any) -> str:
    time = f"{_digits(e.start_time.strftime('%H:%M'))} " if e.start_time is not None else ""
    return f"{time}{e.title}"


def _cell(day: cal.CalendarDay) -> Any:
    lines = [_digits(day.jalali.day)]
    items = [o.name + (" *" if o.estimated else "") for o in day.occasions]
    items += [_event_line(e) for e in day.events]
    if day.sessions:
        items.append(ngettext("{count} session", "{count} sessions", len(day.sessions)).format(count=_digits(len(day.sessions))))
    if len(items) > MAX_LINES:
        items = items[: MAX_LINES - 1] + [_("and {count} more").format(count=_digits(len(items) - MAX_LINES + 1))]
    text = "\n".join(lines + items) if day.in_month else _digits(day.jalali.day)
    if not day.in_month:
        return Tinted(text, OTHER_MONTH_TINT)
    if day.weekend or day.holiday:
        return Tinted(text, WEEKEND_TINT)
    return text


def _list_rows(rows: Sequence[cal.YearRow]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        when = span(_date(r.on), _date(r.end_on)) if r.end_on != r.on else _date(r.on)
        if r.kind == "event":
            kind, title = _("Event"), f"{code_text(r.code)} {r.title}"
            detail = r.detail + ("، " + r.venue if r.venue else "")
            state: str | Tinted = r.status.label if r.status else ""
        else:
            kind = _("Official occasion") if r.official else _("Office occasion")
            title, detail = r.title, _("estimated date") if r.estimated else ""
            state = Tinted(_("Holiday"), WEEKEND_TINT) if r.holiday else ""
        out.append({"when": when, "weekday": WEEKDAY_NAMES[JalaliDate.from_gregorian(r.on).weekday()] if _fa() else
                    r.on.strftime("%A"), "kind": kind, "title": title, "detail": detail, "state": state})
    return out


LIST_COLUMNS = (
    ("when", N_("Date"), 1.3), ("weekday", N_("Weekday"), 0.8), ("kind", N_("Kind"), 1.0), ("title", N_("Title"), 3.4),
    ("detail", N_("Detail"), 1.8), ("state", N_("Status"), 0.9),
)


def _list_columns() -> list[Column]:
    return [Column(key, _(label), width=width) for key, label, width in LIST_COLUMNS]


def calendar_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    year, month = _year_month(params)
    if month is None:
        rows = cal.year_list(db, actor, year=year)
        events = sum(1 for r in rows if r.kind == "event")
        return ReportSpec(
            title=_("Calendar of events and occasions"),
            subtitle=_("The year {year}: {events} events, {occasions} occasions").format(
                year=_digits(year), events=_digits(events), occasions=_digits(len(rows) - events)),
            columns=_list_columns(), rows=_list_rows(rows), printed_by=actor.display_name, orientation="landscape",
            empty_message=_("No event or occasion in this year."), sheet_name=_("The year"))
    data = cal.month_data(db, actor, year=year, month=month)
    grid = Table(columns=[Column(f"d{i}", WEEKDAY_NAMES[i] if _fa() else ("Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri")[i])
                          for i in range(7)],
                 rows=[{f"d{i}": _cell(day) for i, day in enumerate(week)} for week in data.weeks
                       if any(d.in_month for d in week)])
    first, last = data.days[0].day, data.days[-1].day
    month_rows = [r for r in cal.year_list(db, actor, year=year) if r.on <= last and r.end_on >= first]
    title = f"{MONTH_NAMES[month - 1]} {_digits(year)}"
    return ReportSpec(
        title=_("Calendar of events and occasions"),
        subtitle=title,
        before=[grid, Heading(_("The month's events and occasions"), level=2)],
        columns=_list_columns(), rows=_list_rows(month_rows),
        printed_by=actor.display_name, orientation="landscape",
        empty_message=_("No event or occasion in this month."), sheet_name=_("Calendar"))


KINDS: Sequence[tuple[str, str, Any]] = (
    ("events-calendar", N_("Calendar of events and occasions"), calendar_report),
)


def register() -> None:
    from pr_desk.services import report_catalog

    report_catalog.FILTERS.update(FILTERS)
    for name, title, builder in KINDS:
        register_report(name, title, builder, replace=True)


__all__ = ["FILTERS", "KINDS", "calendar_report", "register"]
