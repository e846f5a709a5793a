"""What the register's reports and the command line look up around the distribution: the
years directives were issued in, a unit by its code, every unit with something pending,
and the units that received the directives of a filter (the compliance matrix's columns)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pr_desk.data.directives import queries as q
from pr_desk.data.engine import Database
from pr_desk.data.models import Unit
from pr_desk.data.queries import units as unit_queries
from pr_desk.domain.directives import DirectiveStatus
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import to_latin_digits
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, require
from pr_desk.services.directives.distribution import pending_for_unit
from pr_desk.services.directives.types import (
    RecipientInfo,
    check_unit_visible,
    search_filters,
    visible_units,
)

__all__ = ["UnitRef", "UnitPending", "compliance_units", "find_unit", "issued_years", "units_with_pending"]


@dataclass(frozen=True)
class UnitRef:
    id: uuid.UUID
    code: str
    name: str
    kind: UnitKind
    district: int | None


@dataclass(frozen=True)
class UnitPending:
    unit: UnitRef
    items: tuple[RecipientInfo, ...]  # earliest deadline first


_KIND_ORDER = {UnitKind.DISTRICT: 0, UnitKind.OFFICE: 1, UnitKind.ORGANISATION: 2, UnitKind.COMPANY: 3}


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(unit.id, unit.code, unit.name, UnitKind(unit.kind), unit.district)


def _in_order(units: list[UnitRef]) -> list[UnitRef]:
    """Districts by number, then the central offices, organisations and companies."""
    return sorted(units, key=lambda u: (_KIND_ORDER.get(u.kind, 9), u.district or 0, u.code))


def issued_years(db: Database, actor: Actor) -> list[int]:
    """The Jalali years in which directives (that the actor may see) were issued, newest first."""
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        return q.issued_years(session, visible_units(session, actor))


def find_unit(db: Database, actor: Actor, code: str) -> UnitRef:
    """The unit with this code (D07, ORG-003; Persian digits and any case accepted)."""
    require(actor, Permission.VIEW_DIRECTIVES)
    cleaned = to_latin_digits(code or "").strip().upper()
    with read(db) as session:
        unit = unit_queries.by_code(session, cleaned) if cleaned else None
        if unit is None:
            raise UserError(N_("There is no unit with the code {code}."), field="unit", code=(code or "")[:20])
        check_unit_visible(session, actor, unit.id)
        return _ref(unit)


def units_with_pending(db: Database, actor: Actor, *, on: dt.date | None = None,
                       unit_kind: UnitKind | None = None) -> list[UnitPending]:
    """Every unit (the actor may see) that still has a directive to acknowledge or carry
    out, in the order of the units' list (districts by number, then the others)."""
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        allowed = visible_units(session, actor)
        units = _in_order([_ref(u) for u in q.units(session, kind=unit_kind.value if unit_kind else None)
                           if allowed is None or u.id in allowed])
    out = []
    for unit in units:
        items = pending_for_unit(db, actor, unit.id, on=on, limit=None)
        if items:
            out.append(UnitPending(unit, tuple(items)))
    return out


def compliance_units(db: Database, actor: Actor, *, year: int | None = None, kind_id: uuid.UUID | None = None,
                     unit_kind: UnitKind | None = None, search: str = "") -> list[UnitRef]:
    """The units that received a directive in force of these filters (the columns of the
    compliance matrix), districts by number first; `search` as the matrix's search box."""
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        allowed = visible_units(session, actor)
        used = q.distributed_unit_ids(session, **search_filters(session, search, words=False),
                                      status=DirectiveStatus.IN_FORCE.value, kind_id=kind_id, year=year, unit_ids=allowed)
        return _in_order([_ref(u) for u in q.units(session, kind=unit_kind.value if unit_kind else None)
                          if u.id in used and (allowed is None or u.id in allowed)])
