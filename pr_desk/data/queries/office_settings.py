"""Office-wide settings rows (office_setting: key → JSON text)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from pr_desk.data.models import Setting

# Built once: read by every registration and every order (bench/clerks_bench.py --profile).
_SETTINGS = select(Setting).where(Setting.key.in_(bindparam("keys", expanding=True)), Setting.deleted_at.is_(None))


def all_settings(session: Session, keys: Sequence[str]) -> dict[str, Setting]:
    rows = session.scalars(_SETTINGS, {"keys": list(keys)})
    return {s.key: s for s in rows}


def setting(session: Session, key: str) -> Setting | None:
    return session.scalar(select(Setting).where(Setting.key == key))
