"""The report kinds every screen and `pr-desk report KIND` can print, registered with the
report engine. Builders run in the services layer (they know the data and the rules of who
may see it); params carry the database, the acting user and the report's filters."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import format_number
from pr_desk.domain.units import UnitKind, parse_unit_kind
from pr_desk.i18n import N_, _, current_language
from pr_desk.reports.model import BarChart, Cancel, Column, Progress, ReportSpec
from pr_desk.reports.model import ReportCancelled as ReportCancelled
from pr_desk.reports.registry import (
    ReportKind,
    get_report,
    list_reports,
    output_format,
    register_report,
    render_report,
)
from pr_desk.services import units as unit_service
from pr_desk.services import users as user_service
from pr_desk.services.context import Actor

# Filters each kind accepts: name -> help msgid (for `pr-desk report KIND --help` and the UI).
FILTERS: dict[str, dict[str, str]] = {
    "units": {"kind": N_("only units of this kind"), "search": N_("only units whose name or code has this text"), "include_retired": N_("yes to list retired units too")},
    "users": {"search": N_("only users whose username or name has this text")},
}


# -- the report kinds for the UI and the CLI, which do not reach the report engine --------

def report_kinds() -> list[ReportKind]:
    """Every report kind (its `name` and `title`), by name."""
    return list_reports()


def report_title(kind: str) -> str:
    """The title of report `kind` in the current language; an unknown kind is a UserError."""
    return get_report(kind).title


def check_report_file(path: str | Path) -> str:
    """".pdf" or ".xlsx" from the file name, or a UserError saying what is accepted."""
    return output_format(path)


def build_report(kind: str, params: Mapping[str, Any], path: str | Path, *, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> Path:
    """Builds report `kind` from `params` (its filters, "db" and "actor") into `path`, .pdf
    or .xlsx, nothing half-written; ReportCancelled when `cancel()` said stop."""
    return render_report(kind, params, path, progress=progress, cancel=cancel)


def _n(value: int) -> str:
    return format_number(value, persian=current_language() == "fa")


def _context(params: Mapping[str, Any]) -> tuple[Any, Actor]:
    try:
        return params["db"], params["actor"]
    except KeyError as exc:
        raise UserError(N_("This report needs an open database and a logged-in user.")) from exc


def _yes(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().casefold() in {"1", "yes", "true", "بله", "y"}


def units_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    kind: UnitKind | None = parse_unit_kind(str(params["kind"])) if params.get("kind") else None
    search = str(params.get("search") or "")
    include_retired = _yes(params.get("include_retired"), True)
    units = unit_service.list_units(db, actor, search=search, include_retired=include_retired, kind=kind)
    rows = [
        {"code": u.code, "name": u.name, "kind": u.kind.label, "district": u.district, "status": u.status_label, "retired_on": u.retired_on, "notes": u.notes}
        for u in units
    ]
    filters = []
    if kind:
        filters.append(_("Kind: {kind}").format(kind=kind.label))
    if search:
        filters.append(_("Search: {text}").format(text=search))
    if not include_retired:
        filters.append(_("Without retired units"))
    by_kind: dict[str, int] = {}
    for u in units:
        by_kind[u.kind.label] = by_kind.get(u.kind.label, 0) + 1
    return ReportSpec(
        title=_("Register of units"),
        subtitle=_("{count} units").format(count=_n(len(units))),
        columns=[
            Column("code", _("Code"), width=1.1),
            Column("name", _("Unit name"), width=3),
            Column("kind", _("Kind"), width=1.9),
            Column("district", _("District"), "int", width=0.7),
            Column("status", _("Status"), width=0.8),
            Column("retired_on", _("Retired on"), "date", width=1),
            Column("notes", _("Notes"), width=1.6),
        ],
        rows=rows,
        filters_text="؛ ".join(filters) or None,
        printed_by=actor.display_name,
        after=[BarChart(list(by_kind), list(by_kind.values()), title=_("Units by kind"))] if by_kind else [],
        sheet_name=_("Units"),
    )


def users_report(params: Mapping[str, Any]) -> ReportSpec:
    db, actor = _context(params)
    search = str(params.get("search") or "")
    users = user_service.list_users(db, actor, search=search)
    rows = [
        {
            "username": u.username, "name": u.display_name, "role": u.role.label,
            "status": _("locked") if u.locked else (_("active") if u.active else _("disabled")),
            "last_login": u.last_login_at, "created": u.created_at,
        }
        for u in users
    ]
    return ReportSpec(
        title=_("List of users"),
        subtitle=_("{count} users").format(count=_n(len(users))),
        columns=[
            Column("username", _("Username"), width=1.2),
            Column("name", _("Full name"), width=2),
            Column("role", _("Role"), width=1),
            Column("status", _("Status"), width=0.8),
            Column("last_login", _("Last login"), "datetime", width=1.4),
            Column("created", _("Created"), "datetime", width=1.4),
        ],
        rows=rows,
        filters_text=_("Search: {text}").format(text=search) if search else None,
        printed_by=actor.display_name,
        sheet_name=_("Users"),
    )


def register_all() -> None:
    register_report("units", N_("Register of units"), units_report, replace=True)
    register_report("users", N_("List of users"), users_report, replace=True)
    _register_workspaces()


def _register_workspaces() -> None:
    """Each workspace adds its kinds through the `reports` hook of its descriptor."""
    from pr_desk.workspaces import hooks

    for _workspace, register in hooks("reports"):
        register()


register_all()
