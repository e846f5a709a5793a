"""The meeting queue's part of the one search index (data/search.py): citizens, requests
(with their citizen's name, codes and mobile, and the words of the subject) and orders.
All three need VIEW_CITIZENS: an inspector never finds a citizen's name through search."""

from __future__ import annotations

from pr_desk.data.search import Kind, Source
from pr_desk.domain.roles import Permission

_NAME = "c.first_name || ' ' || c.last_name"

KINDS: tuple[Kind, ...] = (
    Kind(
        name="request", number=1, title="Meeting requests", workspace="meetings", table="meeting_request",
        permission=Permission.VIEW_CITIZENS, rank=10,
        columns=("tracking_code", "citizen_id", "description"),
        select=f"SELECT r.id, r.tracking_code || ' — ' || {_NAME}, substr(r.description, 1, 80), "
               f"r.tracking_code || ' ' || {_NAME} || ' ' || c.national_code || ' ' || COALESCE(c.mobile, '') "
               f"|| ' ' || r.description, NULL "
               f"FROM meeting_request r JOIN citizen c ON c.id = r.citizen_id "
               f"WHERE r.deleted_at IS NULL AND r.id IN :ids",
        sources=(Source("citizen", "SELECT id FROM meeting_request WHERE citizen_id = {row}.id",
                        ("first_name", "last_name", "national_code", "mobile")),),
    ),
    Kind(
        name="citizen", number=2, title="Citizens", workspace="meetings", table="citizen",
        permission=Permission.VIEW_CITIZENS, rank=11,
        columns=("first_name", "last_name", "national_code", "mobile"),
        select=f"SELECT c.id, {_NAME}, c.national_code, "
               f"{_NAME} || ' ' || c.national_code || ' ' || COALESCE(c.mobile, ''), NULL "
               f"FROM citizen c WHERE c.deleted_at IS NULL AND c.id IN :ids",
    ),
    Kind(
        name="order", number=3, title="Officials' orders", workspace="meetings", table="meeting_order",
        permission=Permission.VIEW_CITIZENS, rank=12,
        columns=("text", "unit_id", "request_id"),
        select="SELECT o.id, substr(o.text, 1, 80), r.tracking_code || ' — ' || u.name, "
               "o.text || ' ' || r.tracking_code || ' ' || u.name, o.unit_id "
               "FROM meeting_order o JOIN meeting_request r ON r.id = o.request_id JOIN unit u ON u.id = o.unit_id "
               "WHERE o.deleted_at IS NULL AND o.id IN :ids",
        sources=(Source("unit", "SELECT id FROM meeting_order WHERE unit_id = {row}.id", ("name",)),),
    ),
)
