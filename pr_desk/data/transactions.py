"""A transaction per user action, with the database's refusals turned into UserErrors."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from pr_desk.data.engine import Database
from pr_desk.domain.errors import StaleRecord, UserError
from pr_desk.i18n import N_

# Services name the session type through here, so no layer above data imports SQLAlchemy.
__all__ = ["Session", "read_session", "write_transaction", "STALE_MESSAGE"]

STALE_MESSAGE = N_("Someone else changed this record after you opened it. Reload it and make your change again.")


@contextmanager
def write_transaction(db: Database, identity: tuple[uuid.UUID | None, str], *, wait_ms: int | None = None) -> Iterator[Session]:
    try:
        with db.transaction(identity, wait_ms=wait_ms) as session:
            yield session
    except StaleDataError as exc:
        raise StaleRecord(STALE_MESSAGE) from exc
    except IntegrityError as exc:
        raise UserError(N_("The change conflicts with existing data: {reason}"), reason=str(exc.orig)) from exc
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text or "lock timeout" in text:
            raise UserError(N_("The database is busy with another user's change. Try again in a moment.")) from exc
        if "disk" in text or "full" in text or "readonly" in text or "read-only" in text:
            raise UserError(
                N_("The database cannot be written: {reason}. Check the disk and its permissions."), reason=str(exc.orig)
            ) from exc
        raise


@contextmanager
def read_session(db: Database, *, transaction: bool = False, snapshot: bool = False) -> Iterator[Session]:
    """A session for reading; on PostgreSQL without a transaction unless `transaction` or
    `snapshot` (Database.reading says when one is needed)."""
    with db.reading(transaction=transaction, snapshot=snapshot) as session:
        yield session
