"""Time-ordered UUIDv7 ids (the stdlib has uuid7 from Python 3.14; a backport before)."""

from __future__ import annotations

import sys
import uuid

if sys.version_info >= (3, 14):  # pragma: no cover - depends on the interpreter
    from uuid import uuid7 as _uuid7
else:
    from uuid6 import uuid7 as _uuid7


def new_id() -> uuid.UUID:
    value = _uuid7()
    return uuid.UUID(bytes=value.bytes)
