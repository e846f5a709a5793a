"""The meeting queue workspace (ملاقات مردمی), one import for the UI and the CLI:
`from pr_desk.services import meetings` then `meetings.register_request(db, actor, ...)`.

The use cases live in meeting_requests (citizens, officials, requests, the queue, search),
meeting_sessions (sessions and the meeting day) and meeting_orders (orders, follow-up,
closing); office-wide settings in office_settings."""

from __future__ import annotations

from pr_desk.services.meetings.orders import *  # noqa: F403
from pr_desk.services.meetings.orders import __all__ as _orders
from pr_desk.services.meetings.requests import *  # noqa: F403
from pr_desk.services.meetings.requests import __all__ as _requests
from pr_desk.services.meetings.sessions import *  # noqa: F403
from pr_desk.services.meetings.sessions import __all__ as _sessions
from pr_desk.services.meetings.summaries import *  # noqa: F403
from pr_desk.services.meetings.summaries import __all__ as _summaries

__all__ = [*_requests, *_sessions, *_orders, *_summaries]
