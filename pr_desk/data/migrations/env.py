"""Alembic environment: run on the connection PR Desk hands over (see data/schema.py)."""

from __future__ import annotations

from alembic import context

from pr_desk.data.tables import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
