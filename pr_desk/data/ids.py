"""Time-ordered UUIDv7 ids (the stdlib has uuid7 from Python 3.14; a backport before)."""

from __future__ import annotations

import os
import sys
import time
import uuid

if sys.version_info >= (3, 14):  # pragma: no cover - depends on the interpreter
    from uuid import uuid7 as _uuid7
else:
    from uuid6 import uuid7 as _uuid7


def new_id() -> uuid.UUID:
    value = _uuid7()
    return uuid.UUID(bytes=value.bytes)


def new_ids(n: int) -> list[uuid.UUID]:
    """`n` UUIDv7 ids at once (an audit batch of a sync import): the current millisecond
    and, in the 74 bits a UUIDv7 leaves free, a random start counted up, so they are
    unique and in order among themselves without a call each."""
    stamp = (time.time_ns() // 1_000_000) & 0xFFFF_FFFF_FFFF
    start = (int.from_bytes(os.urandom(10), "big") >> 6) % ((1 << 74) - n)  # 74 random bits, room to count n
    out = []
    for i in range(n):
        r = start + i
        out.append(uuid.UUID(int=(stamp << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))))
    return out
