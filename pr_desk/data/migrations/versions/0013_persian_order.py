"""Lists sorted by a text follow the Persian alphabet (issue: پارک listed after ورزش): the
indexes that let the requests list page by a citizen's or an official's name in that order.

The defect: lists ordered their text columns (mostly the `*_search` shadows) by code point,
and Unicode puts پ چ ژ ک گ after every Arabic letter and ه before و. The fix is one key,
`pr_desk.domain.text.sort_key`, and one SQL expression that computes it in the database,
`pr_desk.data.queries.sorting.alphabetical`, which every list and report now orders by
(Python-side sorts of names use `sort_key`). Unicode already orders 26 of the 32 letters as
the alphabet does, so the key writes only the other six (پ چ ژ ک گ و) as the letter before
them followed by U+10FFFF; byte order is then the alphabet's (SQLite BINARY, PostgreSQL
COLLATE "C", Python). آ sorts with ا; digits and Latin letters come before Persian letters.

Why an expression and no stored `*_sort` shadow columns beside the `*_search` ones:
* Stored columns on the synced tables (citizen, official, unit, directive, event, guest...)
  would change the sync schema fingerprint: every field laptop at 0010..0012 would be refused
  until updated, and the package's columns would change. The expression leaves the synced
  tables' columns alone: the fingerprint stays, SYNC_COMPATIBLE_FROM stays at 0010.
* Nothing to keep filled: no write path (services, imports, the SQL merge of a sync
  package, the demo's bulk inserts) can leave a stale key, and this migration fills nothing.
* The sorted lists that need an index are few: every other sort reads a small table (units,
  officials, kinds, venues, users) or one event's guests, or sorts the rows a filter left;
  an expression costs microseconds a row there. The requests list is the one that pages
  through up to a million rows by a name (issue 17 §4, migration 0012); its two name orders
  get an index on the expression here, on both databases (PostgreSQL and SQLite 3.9+ index
  expressions; the expression is written with the letters in the SQL, so the queries' is
  the index's). 0012's plain indexes on official.name and (PostgreSQL) citizen.name_search
  stay: the 0012 contract holds them, they cost little.
* No SQLite collation registered by the app (another tool opening the file could not read
  the schema) and no ICU collation (PostgreSQL's "fa-IR-x-icu" exists only on servers built
  with ICU, and orders آ and the Arabic variants its own way, unlike the search form).
The expression is a handful of nested replace() calls: SQLite's parser refuses a statement
with about thirty nested calls, which rules out one replace per letter (32 of them).

Only indexes: no synced table's columns change (the fingerprint test of 0012 still holds).
Measured on SQLite, a table of 1,000,000 citizens' name shadows (8-20 random letters): the
citizen index builds in 2.6 s of CPU (5.1 s wall), and the first 200 by name read 0.2 ms
through it (SCAN citizen USING INDEX ix_citizen_name_sort, no sort).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pr_desk.data.queries.sorting import alphabetical

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# (index, table, column whose alphabetical() the index holds): the expression is imported,
# not copied, because an index serves a query only when its expression is the query's; a
# later change of the key brings a migration that rebuilds these.
INDEXES = (
    ("ix_citizen_name_sort", "citizen", "name_search"),
    ("ix_official_name_sort", "official", "name"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [alphabetical(sa.column(column))])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None:
        # a file with statistics: measure the new indexes too, as 0012 does
        for name, _table, _column in INDEXES:
            bind.exec_driver_sql(f"ANALYZE {name}")


def downgrade() -> None:
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
