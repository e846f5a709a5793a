"""Data layer: SQLAlchemy models, engine and sessions, migrations, queries, backup."""
