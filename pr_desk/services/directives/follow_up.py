"""The units a person follows in the directive register: every active unit for the office,
only the units assigned to them for an inspector (districts first, by number)."""

from __future__ import annotations

from pr_desk.data.directives import queries as q
from pr_desk.data.engine import Database
from pr_desk.domain.roles import Permission
from pr_desk.domain.units import UnitKind
from pr_desk.services.context import Actor, read, require
from pr_desk.services.directives.types import visible_units
from pr_desk.services.units import UnitInfo

__all__ = ["units_to_follow"]

KIND_ORDER = {UnitKind.DISTRICT: 0, UnitKind.OFFICE: 1, UnitKind.ORGANISATION: 2, UnitKind.COMPANY: 3}


def units_to_follow(db: Database, actor: Actor, *, unit_kind: UnitKind | None = None) -> list[UnitInfo]:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        allowed = visible_units(session, actor)
        rows = [u for u in q.units(session, kind=unit_kind.value if unit_kind else None) if allowed is None or u.id in allowed]
        infos = [UnitInfo(id=u.id, code=u.code, name=u.name, kind=UnitKind(u.kind), district=u.district, retired_on=u.retired_on,
                          notes=u.notes, version=u.version) for u in rows]
    infos.sort(key=lambda u: (KIND_ORDER.get(u.kind, 9), u.district or 0, u.code))
    return infos
