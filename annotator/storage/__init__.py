"""Persistence: SQLAlchemy models, connections, Alembic migrations (SQLite and PostgreSQL)."""
