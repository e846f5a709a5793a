"""Helpers for evaluation tests: staff with each role, a small template, a period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitKind
from pr_desk.services import auth, units, users
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor

PASSWORD = "staff-pass-1405"


@dataclass
class Staff:
    admin: Actor
    supervisor: Actor
    inspector: Actor
    other_inspector: Actor
    clerk: Actor


def staff(db, admin: Actor) -> Staff:  # type: ignore[no-untyped-def]
    made = {}
    for username, name, role in (
        ("sup", "مریم احمدی", Role.SUPERVISOR), ("insp", "حسین کریمی", Role.INSPECTOR),
        ("insp2", "فاطمه مرادی", Role.INSPECTOR), ("clerk", "علی رضایی", Role.CLERK),
    ):
        users.add_user(db, admin, username=username, display_name=name, role=role, password=PASSWORD)
        made[username] = auth.login(db, username, PASSWORD)
    return Staff(admin, made["sup"], made["insp"], made["insp2"], made["clerk"])


def small_template(db, admin: Actor) -> ev.TemplateInfo:  # type: ignore[no-untyped-def]
    """Two axes: news (weight 6, max 10, evidence; weight 4, max 5) and training (weight 10, max 20)."""
    return ev.create_template(db, admin, name="الگوی آزمایشی", axes=[
        ev.AxisInput("پوشش خبری", [
            ev.IndicatorInput("انتشار خبر", Decimal(6), Decimal(10), "راهنما", True),
            ev.IndicatorInput("پایش رسانه", Decimal(4), Decimal(5)),
        ]),
        ev.AxisInput("آموزش", [ev.IndicatorInput("دوره‌های آموزشی", Decimal(10), Decimal(20))]),
    ])


def districts(db, actor: Actor, n: int = 3) -> list:  # type: ignore[type-arg,no-untyped-def]
    return units.list_units(db, actor, kind=UnitKind.DISTRICT)[:n]


def full_scores(detail: ev.FormDetail, inspector: list[str], self_scores: list[str] | None = None,
                note: str = "گزارش پیوست") -> list[ev.ScoreInput]:
    self_scores = self_scores or inspector
    return [ev.ScoreInput(line.indicator_id, s, i, note) for line, i, s in zip(detail.lines, inspector, self_scores, strict=False)]
