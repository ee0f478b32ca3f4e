"""The server names who decided, commented and assigned, and when (PostgreSQL).

Three tables record a person by a free text column: ``review_decisions.reviewer``,
``review_comments.author`` and ``assignments.assigned_by``, each beside a time. Row security
lets any reviewer write them, so before this revision a reviewer login could record a
decision, a comment or an assignment in another reviewer's name, backdated. Identity is the
login: a BEFORE INSERT OR UPDATE trigger now sets the name to ``session_user`` (the
administrator may name the person it acts for, as for the audit log of revision 0007) and
the time to the server's clock, whatever the client sent.

The trigger function follows 0007's rules: fixed ``search_path``, every name of ours
schema-qualified, SECURITY INVOKER, no EXECUTE for PUBLIC. No-op on SQLite (one local user).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIXED = "SET search_path = pg_catalog, pg_temp"
"""The function's own search path: built-ins first, temporary objects last (as in 0007)."""
STAMPED = (
    ("review_decisions", "reviewer", "decided_at"),
    ("review_comments", "author", "updated_at"),
    ("assignments", "assigned_by", "assigned_at"),
)
"""Each table, its person column and its time column."""
TRIGGER = "annotator_stamp_person"


def _schema(conn: sa.Connection) -> str:
    """The tables' schema as a quoted identifier."""
    name = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    return conn.dialect.identifier_preparer.quote_schema(str(name))


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s = _schema(conn)
    statements = [
        # TG_ARGV: the person column, then the time column (one function for the three).
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_stamp_person() RETURNS trigger
        LANGUAGE plpgsql {FIXED} AS
        $$ DECLARE stamp jsonb;
           BEGIN
               stamp := pg_catalog.jsonb_build_object(TG_ARGV[1], pg_catalog.clock_timestamp());
               IF NOT {s}.annotator_is_admin() THEN
                   stamp := stamp OPERATOR(pg_catalog.||)
                            pg_catalog.jsonb_build_object(TG_ARGV[0], session_user::text);
               END IF;
               NEW := pg_catalog.jsonb_populate_record(NEW, stamp);
               RETURN NEW;
           END $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.annotator_stamp_person() FROM PUBLIC",
    ]
    for table, person, time in STAMPED:
        statements += [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {s}.{table}",
            f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON {s}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.annotator_stamp_person('{person}', '{time}')",
        ]
    for statement in statements:
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s = _schema(conn)
    for table, _person, _time in STAMPED:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {s}.{table}")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {s}.annotator_stamp_person()")
