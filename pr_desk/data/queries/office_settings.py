"""Office-wide settings rows (office_setting: key → JSON text)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from pr_desk.data.models import Setting


def all_settings(session: Session, keys: Sequence[str]) -> dict[str, Setting]:
    rows = session.scalars(select(Setting).where(Setting.key.in_(list(keys)), Setting.deleted_at.is_(None)))
    return {s.key: s for s in rows}


def setting(session: Session, key: str) -> Setting | None:
    return session.scalar(select(Setting).where(Setting.key == key))
