"""Checklist templates of the event types: per type, lines with a deadline relative to
the event's first day (T−30 … T+3) and an owner (a user or a unit), in order. Anyone who
sees events reads them; editing needs APPROVE_EVENTS. `ensure_default_checklists` gives
each type that has none the office's usual list (Persian titles), and is safe to call
again (a type with lines, even edited ones, is left alone)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from pr_desk.data.engine import Database
from pr_desk.data.events import planning as q
from pr_desk.data.events.models import ChecklistItem
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.events import MAX_OFFSET_DAYS, MAX_TITLE, offset_text
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import require_int, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, system_identity, write

__all__ = [
    "DEFAULT_CHECKLISTS", "ChecklistItemInfo", "EventTypeRef", "OwnerChoice", "add_checklist_item", "check_offset",
    "check_owner", "edit_checklist_item", "ensure_default_checklists", "list_checklist", "list_event_types",
    "move_checklist_item", "owner_choices", "owner_name", "remove_checklist_item", "reorder_checklist",
    "seed_default_checklists",
]

# The office's usual lists. Every type gets the common lines; some types add their own.
# (offset from the first day, title)
_COMMON: tuple[tuple[int, str], ...] = (
    (-30, "رزرو قطعی محل برگزاری"),
    (-21, "تهیه و تأیید فهرست مهمانان"),
    (-14, "ارسال دعوت‌نامه‌ها"),
    (-7, "ارسال خبر و اطلاعیه مطبوعاتی"),
    (-3, "پیگیری تأیید حضور مهمانان"),
    (-1, "تست صدا و تصویر"),
    (1, "انتشار گزارش خبری و تصاویر"),
    (3, "تنظیم و ارسال گزارش نهایی"),
)
_EXTRA: dict[str, tuple[tuple[int, str], ...]] = {
    "festival": ((-45, "انتشار فراخوان جشنواره"), (-10, "تعیین داوران و اعلام نامزدها"), (-2, "آماده‌سازی تندیس‌ها و لوح‌های تقدیر")),
    "celebration": ((-10, "هماهنگی گروه اجرا و برنامه هنری"), (-2, "آذین‌بندی محل")),
    "occasion": ((-10, "تهیه پیام و بنر مناسبت"), (-2, "آذین‌بندی محل")),
    "conference": ((-21, "نهایی کردن سخنرانان و محورها"), (-5, "چاپ برنامه و کارت‌های ورود"), (-2, "هماهنگی پذیرایی")),
    "opening": ((-10, "هماهنگی با پیمانکار و ناظر پروژه"), (-2, "آماده‌سازی تابلو و نوار افتتاح"), (-1, "هماهنگی انتظامات و ترافیک")),
    "visit": ((-7, "هماهنگی مسیر و برنامه بازدید"), (-2, "تهیه گزارش توجیهی برای مقام"), (-1, "هماهنگی تشریفات و انتظامات")),
}


def _default_lines(code: str) -> list[tuple[int, str]]:
    return sorted(_COMMON + _EXTRA.get(code, ()), key=lambda line: line[0])


DEFAULT_CHECKLISTS: dict[str, list[tuple[int, str]]] = {code: _default_lines(code) for code in
                                                        ("festival", "celebration", "occasion", "conference", "opening", "visit")}


@dataclass(frozen=True)
class EventTypeRef:
    id: uuid.UUID
    code: str
    name: str
    retired: bool


@dataclass(frozen=True)
class OwnerChoice:
    """Someone a task may be given to: a user of the app or a unit."""

    kind: str  # "user" or "unit"
    id: uuid.UUID
    name: str

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.id if self.kind == "user" else None

    @property
    def unit_id(self) -> uuid.UUID | None:
        return self.id if self.kind == "unit" else None


@dataclass(frozen=True)
class ChecklistItemInfo:
    id: uuid.UUID
    type_id: uuid.UUID
    title: str
    offset_days: int
    owner_user_id: uuid.UUID | None
    owner_unit_id: uuid.UUID | None
    owner_name: str  # "" when nobody is named
    sort_order: int
    version: int

    @property
    def offset_label(self) -> str:
        return offset_text(self.offset_days)


# --- shared checks --------------------------------------------------------------------------

def check_offset(value: int | str | None) -> int:
    """T±n as typed (Persian digits and a minus sign accepted), within a year of the event."""
    if isinstance(value, str):
        value = value.strip().replace("T", "").replace("t", "").replace("−", "-").replace("+", "") or "0"
    return require_int(value, N_("Days from the event"), -MAX_OFFSET_DAYS, MAX_OFFSET_DAYS, field="offset")


def check_owner(session: Session, owner_user_id: uuid.UUID | None, owner_unit_id: uuid.UUID | None) -> None:
    if owner_user_id is not None and owner_unit_id is not None:
        raise UserError(N_("A task is owned by a user or by a unit, not both."), field="owner")
    if owner_user_id is not None and not q.user_exists(session, owner_user_id):
        raise UserError(N_("This user no longer exists."), field="owner")
    if owner_unit_id is not None and not q.unit_exists(session, owner_unit_id):
        raise UserError(N_("This unit no longer exists."), field="owner")


def owner_name(users: dict[uuid.UUID, str], units: dict[uuid.UUID, str], user_id: uuid.UUID | None,
               unit_id: uuid.UUID | None) -> str:
    if user_id is not None:
        return users.get(user_id, "")
    if unit_id is not None:
        return units.get(unit_id, "")
    return ""


def owner_choices(db: Database, actor: Actor) -> list[OwnerChoice]:
    """The active users, then the active units (for the owner box of a task or template line)."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return ([OwnerChoice("user", u.id, u.display_name) for u in q.active_users(session)]
                + [OwnerChoice("unit", u.id, u.name) for u in q.active_units(session)])


def list_event_types(db: Database, actor: Actor, *, include_retired: bool = False) -> list[EventTypeRef]:
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return [EventTypeRef(t.id, t.code, t.name, bool(t.retired)) for t in q.event_types(session, include_retired=include_retired)]


def _infos(session: Session, items: Sequence[ChecklistItem]) -> list[ChecklistItemInfo]:
    users = q.user_names(session, {i.owner_user_id for i in items if i.owner_user_id})
    units = q.unit_names(session, {i.owner_unit_id for i in items if i.owner_unit_id})
    return [ChecklistItemInfo(i.id, i.type_id, i.title, i.offset_days, i.owner_user_id, i.owner_unit_id,
                              owner_name(users, units, i.owner_user_id, i.owner_unit_id), i.sort_order, i.version)
            for i in items]


def _load_type(session: Session, type_id: uuid.UUID) -> None:
    if q.event_type(session, type_id) is None:
        raise UserError(N_("This event type no longer exists."), field="type")


def _load_item(session: Session, item_id: uuid.UUID) -> ChecklistItem:
    item = q.checklist_item(session, item_id)
    if item is None:
        raise UserError(N_("This checklist line no longer exists."))
    return item


# --- reading and editing --------------------------------------------------------------------

def list_checklist(db: Database, actor: Actor, *, type_id: uuid.UUID) -> list[ChecklistItemInfo]:
    """A type's template, in its order."""
    require(actor, Permission.VIEW_EVENTS, db)
    with read(db) as session:
        return _infos(session, q.checklist_items(session, type_id))


def add_checklist_item(db: Database, actor: Actor, *, type_id: uuid.UUID, title: str, offset_days: int | str,
                       owner_user_id: uuid.UUID | None = None, owner_unit_id: uuid.UUID | None = None) -> ChecklistItemInfo:
    """A new line at the end of the type's template."""
    require(actor, Permission.APPROVE_EVENTS)
    title = require_text(title, N_("Title"), MAX_TITLE, field="title")
    offset = check_offset(offset_days)
    with write(db, actor) as session:
        _load_type(session, type_id)
        check_owner(session, owner_user_id, owner_unit_id)
        items = q.checklist_items(session, type_id)
        item = ChecklistItem(type_id=type_id, title=title, offset_days=offset, owner_user_id=owner_user_id,
                             owner_unit_id=owner_unit_id, sort_order=max((i.sort_order for i in items), default=-1) + 1)
        session.add(item)
        session.flush()
        return _infos(session, [item])[0]


def edit_checklist_item(db: Database, actor: Actor, *, item_id: uuid.UUID, title: str, offset_days: int | str,
                        owner_user_id: uuid.UUID | None = None, owner_unit_id: uuid.UUID | None = None,
                        expected_version: int | None = None) -> ChecklistItemInfo:
    require(actor, Permission.APPROVE_EVENTS)
    title = require_text(title, N_("Title"), MAX_TITLE, field="title")
    offset = check_offset(offset_days)
    with write(db, actor) as session:
        item = _load_item(session, item_id)
        check_version(item.version, expected_version)
        check_owner(session, owner_user_id, owner_unit_id)
        item.title, item.offset_days = title, offset
        item.owner_user_id, item.owner_unit_id = owner_user_id, owner_unit_id
        session.flush()
        return _infos(session, [item])[0]


def remove_checklist_item(db: Database, actor: Actor, *, item_id: uuid.UUID, expected_version: int | None = None) -> None:
    """Removes a line from the template; tasks already made from it stay with their events."""
    require(actor, Permission.APPROVE_EVENTS)
    with write(db, actor) as session:
        item = _load_item(session, item_id)
        check_version(item.version, expected_version)
        item.deleted_at = utcnow()


def reorder_checklist(db: Database, actor: Actor, *, type_id: uuid.UUID, item_ids: Sequence[uuid.UUID]) -> list[ChecklistItemInfo]:
    """Puts the type's lines in the order given (every line of the type, each once)."""
    require(actor, Permission.APPROVE_EVENTS)
    with write(db, actor) as session:
        _load_type(session, type_id)
        items = {i.id: i for i in q.checklist_items(session, type_id)}
        if len(item_ids) != len(items) or set(item_ids) != set(items):
            raise UserError(N_("The checklist was changed by someone else; open it again."))
        for order, item_id in enumerate(item_ids):
            if items[item_id].sort_order != order:
                items[item_id].sort_order = order
        session.flush()
        return _infos(session, q.checklist_items(session, type_id))


def move_checklist_item(db: Database, actor: Actor, *, item_id: uuid.UUID, step: int) -> list[ChecklistItemInfo]:
    """Moves a line up (step −1) or down (+1) in its template."""
    require(actor, Permission.APPROVE_EVENTS)
    with read(db) as session:
        item = _load_item(session, item_id)
        type_id = item.type_id
        ids = [i.id for i in q.checklist_items(session, type_id)]
    at = ids.index(item_id)
    to = max(0, min(len(ids) - 1, at + step))
    ids.insert(to, ids.pop(at))
    return reorder_checklist(db, actor, type_id=type_id, item_ids=ids)


# --- default templates ------------------------------------------------------------------------

def seed_default_checklists(session: Session) -> int:
    """Inside another service's transaction (e.g. the seeding of the event types): gives
    each type that has no line yet the office's usual list; how many lines were added."""
    added = 0
    have = q.types_with_checklists(session)
    for event_type in q.event_types(session, include_retired=True):
        if event_type.id in have:
            continue
        for order, (offset, title) in enumerate(DEFAULT_CHECKLISTS.get(event_type.code, _default_lines(""))):
            session.add(ChecklistItem(type_id=event_type.id, title=title, offset_days=offset, sort_order=order))
            added += 1
    if added:
        session.flush()
    return added


def ensure_default_checklists(db: Database, actor: Actor | None = None) -> int:
    """The usual checklist for every event type that has none (call after the types are
    seeded: from the demo, or the seeding of the types); how many lines were added."""
    if actor is not None:
        require(actor, Permission.VIEW_EVENTS, db)
    with write(db, actor if actor is not None else system_identity()) as session:
        return seed_default_checklists(session)
