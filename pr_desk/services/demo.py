"""`pr-desk demo`: a database full of realistic Persian data, built on as workspaces arrive."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

from pr_desk.data.engine import normalise_url, sqlite_path
from pr_desk.data.schema import DatabaseState
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Role
from pr_desk.domain.text import localized_number
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_, _
from pr_desk.services import units as unit_service
from pr_desk.services import users as user_service
from pr_desk.services.setup import create_database, describe

ADMIN = ("admin", "مدیر سامانه", "demo-admin-1405")
DEMO_PASSWORD = "demo-1405"
STAFF = [
    ("supervisor", "مریم احمدی", Role.SUPERVISOR),
    ("clerk", "علی رضایی", Role.CLERK),
    ("inspector", "حسین کریمی", Role.INSPECTOR),
]
MORE_STAFF = [
    ("z.mohammadi", "زهرا محمدی", Role.CLERK),
    ("r.hosseini", "رضا حسینی", Role.CLERK),
    ("f.moradi", "فاطمه مرادی", Role.INSPECTOR),
    ("m.jafari", "محمد جعفری", Role.INSPECTOR),
    ("s.rahimi", "سارا رحیمی", Role.SUPERVISOR),
    ("a.sadeghi", "امیر صادقی", Role.CLERK),
    ("n.ghasemi", "نرگس قاسمی", Role.INSPECTOR),
    ("h.akbari", "حمید اکبری", Role.CLERK),
    ("l.nouri", "لیلا نوری", Role.CLERK),
    ("k.bagheri", "کاظم باقری", Role.INSPECTOR),
]
ORGANISATIONS = [
    "سازمان فناوری اطلاعات و ارتباطات",
    "سازمان زیباسازی شهر تهران",
    "سازمان مدیریت پسماند",
    "سازمان آتش‌نشانی و خدمات ایمنی",
    "سازمان بهشت زهرا (س)",
    "سازمان فرهنگی هنری شهرداری تهران",
    "سازمان حمل‌ونقل و ترافیک",
    "سازمان مدیریت و نظارت بر تاکسیرانی",
    "سازمان بوستان‌ها و فضای سبز",
    "سازمان نوسازی شهر تهران",
    "سازمان مدیریت میادین میوه و تره‌بار",
    "سازمان ورزش شهرداری تهران",
    "سازمان پیشگیری و مدیریت بحران",
]
COMPANIES = [
    "شرکت بهره‌برداری متروی تهران و حومه",
    "شرکت واحد اتوبوسرانی تهران",
    "شرکت ساماندهی صنایع و مشاغل شهر تهران",
    "شرکت توسعه فضاهای فرهنگی",
    "شرکت کنترل کیفیت هوا",
    "مؤسسه همشهری",
]
OFFICES = [
    "اداره هماهنگی امور مناطق",
    "اداره ارتباطات اجتماعی",
    "اداره ارتباطات افکار عمومی",
    "مرکز ارتباطات و امور بین‌الملل",
]


def build_demo(target: str, *, size: str = "small", seed: int = 1405) -> str:
    """A demo database at `target`. A SQLite file is built beside it under a temporary
    name and moved into place only when complete, so a build that is killed half-way
    leaves no half-built demo behind (the next run starts afresh)."""
    if size not in ("small", "medium", "large"):
        raise UserError(N_("Unknown demo size: {size}"), size=size)
    if describe(target).state is not DatabaseState.NEW:
        raise UserError(N_("{name} already exists; give a new file for the demo database."), name=target)
    final = sqlite_path(normalise_url(target))
    if final is None:  # a PostgreSQL database: built in place (the server's own transactions)
        return _build(target, target, size=size, seed=seed)
    building = final.with_name(final.name + ".building")
    for leftover in (building, building.with_name(building.name + "-wal"), building.with_name(building.name + "-shm")):
        leftover.unlink(missing_ok=True)  # what a killed build left
    try:
        summary = _build(str(building), target, size=size, seed=seed)
        _self_contained(building)
        os.replace(building, final)
    finally:
        building.unlink(missing_ok=True)
    return summary


def _self_contained(path: Path) -> None:
    """Folds the write-ahead log into the file, so moving the one file moves everything
    (the app turns WAL on again when it opens it)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _build(where: str, target: str, *, size: str, seed: int) -> str:
    rng = random.Random(seed)
    db, admin = create_database(where, admin_username=ADMIN[0], admin_display_name=ADMIN[1], admin_password=ADMIN[2])
    try:
        # the small office: a second inspector (calibration needs two) and two clerks, the
        # last of whom is the disabled user below
        staff = STAFF + (MORE_STAFF if size != "small" else [MORE_STAFF[2], MORE_STAFF[0], MORE_STAFF[1]])
        for username, name, role in staff:
            user_service.add_user(db, admin, username=username, display_name=name, role=role, password=DEMO_PASSWORD)
        for name in OFFICES:
            unit_service.add_unit(db, admin, name=name, kind=UnitKind.OFFICE)
        for name in ORGANISATIONS:
            unit_service.add_unit(db, admin, name=name, kind=UnitKind.ORGANISATION)
        for name in COMPANIES:
            unit_service.add_unit(db, admin, name=name, kind=UnitKind.COMPANY)
        # Some history: a renamed unit, a retired one, a disabled user.
        orgs = unit_service.list_units(db, admin, kind=UnitKind.ORGANISATION)
        retired = rng.choice(orgs)
        unit_service.retire_unit(db, admin, retired.id)
        old = unit_service.add_unit(db, admin, name="شرکت خدمات شهری نوین (سابق)", kind=UnitKind.COMPANY)
        unit_service.retire_unit(db, admin, old.id)
        disabled = user_service.find_by_username(db, admin, staff[-1][0])
        user_service.disable_user(db, admin, disabled.id)
        users = len(staff) + 1
        units = unit_service.count_units(db, admin)
        from pr_desk.workspaces import hooks

        parts = [build(db, admin, size=size, rng=rng) for _workspace, build in hooks("demo")]
    finally:
        db.dispose()
    return _("Demo database {name}: {users} users, {units} units.").format(name=target, users=localized_number(users), units=localized_number(units)) + "".join("\n" + part for part in parts)
