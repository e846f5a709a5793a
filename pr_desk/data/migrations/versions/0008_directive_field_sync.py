"""The directive register travels to field copies (issue 13, item 6): the change-capture
triggers of its tables, generated from the models as 0004 made those of the first synced
tables. No table changes shape; the synced tables are more, so the sync schema fingerprint
changes and SYNC_COMPATIBLE_FROM moves here: a return file of a field copy made before
this step is refused (update the laptop; its work is kept there), and a new field copy
carries the directives of the inspector's units.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("directive_kind", "directive", "directive_version", "directive_link", "directive_file",
          "directive_attachment", "directive_recipient", "directive_acknowledgement")


def upgrade() -> None:
    from pr_desk.data.sync import triggers

    # every synced table present gets its triggers (the directive tables for the first time)
    triggers.install(op.get_bind())


def downgrade() -> None:
    conn = op.get_bind()
    for table in TABLES:
        if conn.dialect.name == "sqlite":
            for suffix in ("ins", "upd", "del"):
                conn.execute(text(f'DROP TRIGGER IF EXISTS "sync_capture_{table}_{suffix}"'))
        else:
            conn.execute(text(f'DROP TRIGGER IF EXISTS sync_capture ON "{table}"'))
