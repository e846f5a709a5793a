"""Offline field sync, one import for the screens and the command line:
`from pr_desk.services import sync` then `sync.import_package(...)`. The use cases live in
exchange (packages out and in, conflicts, undo, field copies); the receipt report in
reports; the words for people in labels."""

from __future__ import annotations

from pr_desk.services.sync.exchange import *  # noqa: F403
from pr_desk.services.sync.exchange import CHECKS, FIELD_CHECKS, is_field_copy, user_id_by_username
from pr_desk.services.sync.exchange import __all__ as _exchange

__all__ = [*_exchange, "CHECKS", "FIELD_CHECKS", "is_field_copy", "user_id_by_username"]
