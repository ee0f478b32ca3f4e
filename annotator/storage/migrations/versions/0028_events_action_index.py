"""The audit log indexed by action: progress reads its status changes without a full scan.

The statistics read the days layers were marked done from the audit entries that can
change a status (``set_status``, ``undo``, ``redo``) and the imports' entries
(``services.insight``). Without an index on the action every first read (and on
PostgreSQL every read: it cannot take only the entries written since) scanned the whole
log, 905,118 entries in the 100,000-article benchmark, twice: 0.31 s of SQLite's time
there; with ``(action, id)`` the same reads take 0.19 s (the JSON of the status changes
themselves is most of it).

No table, no function, no grant: row security and grants on ``events`` are unchanged.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_events_action"


def upgrade() -> None:
    op.create_index(INDEX, "events", ["action", "id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="events")
