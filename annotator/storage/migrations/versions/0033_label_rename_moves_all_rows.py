"""A label's rename moves every row that names it, whoever's row it is.

Rejected suggestions (``suggest_rejections``), dictionary names and patterns
(``suggest_patterns``) and prediction scores (``prediction_scores``) keep a label by name.
``labels rename`` moved them with an UPDATE as the reviewer's login, so on PostgreSQL row
security let it move only her own rejections: every other annotator's stayed under the old
name, which no label has any more, and the suggestions they had rejected were offered to
them again under the new one.

An AFTER UPDATE OF name trigger on ``labels`` now moves them in the same statement: it
first deletes the rows already under the new name (a removed label's, which the service
deletes too) and then renames the old name's rows. Its function is SECURITY DEFINER, so it
runs as the tables' owner, whom row security does not restrict; it is no wider than the
rename itself: only a login that may update ``labels`` (reviewers, the administrator)
fires it, a trigger function cannot be called directly, and PUBLIC has no EXECUTE. As
0007's functions: fixed ``search_path`` (``pg_catalog`` first, ``pg_temp`` last), every name
of ours schema-qualified, every operator ``pg_catalog``'s.

No-op on SQLite (one local user: ``services.labels`` moves the rows, as before).

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-08 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIXED = "SET search_path = pg_catalog, pg_temp"
"""The function's own search path: built-ins first, temporary objects last (as in 0007)."""
MOVE = "annotator_label_renamed"
BY_NAME = ("suggest_rejections", "suggest_patterns", "prediction_scores")
"""The tables that name a label by its name (spans and topics refer to it by id)."""


def _schema(conn: sa.Connection) -> str:
    """The tables' schema as a quoted identifier."""
    name = str(conn.execute(sa.text("SELECT current_schema()")).scalar_one())
    return str(conn.dialect.identifier_preparer.quote_schema(name))


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s = _schema(conn)
    moves = "".join(
        f"""
               DELETE FROM {s}.{t} r WHERE r.label OPERATOR(pg_catalog.=) NEW.name;
               UPDATE {s}.{t} r SET label = NEW.name
                   WHERE r.label OPERATOR(pg_catalog.=) OLD.name;"""
        for t in BY_NAME
    )
    for statement in (
        f"""
        CREATE OR REPLACE FUNCTION {s}.{MOVE}() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER {FIXED} AS
        $$ BEGIN
               IF NEW.name IS DISTINCT FROM OLD.name THEN{moves}
               END IF;
               RETURN NULL;
           END $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.{MOVE}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {MOVE} ON {s}.labels",
        f"CREATE TRIGGER {MOVE} AFTER UPDATE OF name ON {s}.labels "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.{MOVE}()",
    ):
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s = _schema(conn)
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {MOVE} ON {s}.labels")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {s}.{MOVE}()")
