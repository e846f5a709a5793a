"""The directive register's part of the one search index (data/search.py): a directive by
its number, the words of its title, tags and issuer, and the words of its latest text; an
inspector finds only the directives sent to their assigned units."""

from __future__ import annotations

from pr_desk.data.search import Kind, Source
from pr_desk.domain.directives import number_forms
from pr_desk.domain.roles import Permission

_BODY = ("(SELECT v.body FROM directive_version v WHERE v.directive_id = d.id AND v.deleted_at IS NULL "
         "ORDER BY v.number DESC LIMIT 1)")

KINDS: tuple[Kind, ...] = (
    Kind(
        name="directive", number=30, title="Directives", workspace="directives", table="directive",
        permission=Permission.VIEW_DIRECTIVES, rank=30,
        columns=("number", "title", "tags", "issuer"),
        select=f"SELECT d.id, CASE WHEN d.number IS NULL THEN d.title ELSE d.number || ' — ' || d.title END, d.issuer, "
               f"COALESCE(d.number, '') || ' ' || d.title || ' ' || d.tags || ' ' || d.issuer || ' ' "
               f"|| COALESCE({_BODY}, ''), NULL "
               f"FROM directive d WHERE d.deleted_at IS NULL AND d.id IN :ids",
        sources=(Source("directive_version", "SELECT {row}.directive_id AS id", ("body", "number", "directive_id")),),
        inspector_scope="e.record_id IN (SELECT directive_id FROM directive_recipient "
                        "WHERE deleted_at IS NULL AND unit_id IN :unit_ids)",
        query_forms=number_forms,  # "د/1405/8" finds د/1405/008
    ),
)
