"""Alembic migration scripts, run on open."""
