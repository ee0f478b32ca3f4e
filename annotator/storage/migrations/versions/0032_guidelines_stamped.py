"""The server numbers, names and dates each guidelines version, and it is in the audit log.

Row security let a reviewer append a version in her own name only, but the rest of the
row was hers to choose: through psql she could give a version a time in the past (the
report's "made under version" reads it), an id far above the sequence (that version then
stayed "the guidelines in force" for good, whatever ``guidelines set`` wrote later), and
write it with no audit entry. Identity is the login, and the time is the server's:

- a BEFORE INSERT trigger sets the id from the table's own sequence (the column has no
  default any more, so the app's inserts take one number each, as before), the time to the
  server's clock and the author to ``session_user`` (the administrator may name the person
  it acts for, as revisions 0007 and 0015 allow);
- a constraint trigger, deferred to the commit, refuses a transaction that adds a version
  without the audit entry ``set_guidelines`` naming it (the audit log's own trigger stamps
  that entry's actor and time).

Also: annotators lose USAGE on the sequences of the suggestion models and patterns, which
only reviewers write (revision 0010 granted it to every user: an annotator could use up
their numbers).

The functions follow 0007's rules: fixed ``search_path``, every name of ours
schema-qualified, SECURITY INVOKER, no EXECUTE for PUBLIC. No-op on SQLite (one local
user: ``services.guidelines`` writes the entry as before).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 22:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIXED = "SET search_path = pg_catalog, pg_temp"
"""The functions' own search path: built-ins first, temporary objects last (as in 0007)."""
STAMP = "annotator_stamp_guidelines"
LOGGED = "annotator_guidelines_logged"
REVIEWER_SEQUENCES = ("suggest_models", "suggest_patterns")


def _schema(conn: sa.Connection) -> tuple[str, str]:
    """The tables' schema as a quoted identifier, and as a quoted SQL literal."""
    name = str(conn.execute(sa.text("SELECT current_schema()")).scalar_one())
    quoted = conn.dialect.identifier_preparer.quote_schema(name)
    return quoted, "'" + quoted.replace("'", "''") + "'"


def _sequence_literal(conn: sa.Connection, schema: str) -> str:
    """The guidelines' id sequence (its serial sequence, default or not), as a quoted SQL
    literal for ``regclass``."""
    sequence = conn.execute(
        sa.text("SELECT pg_catalog.pg_get_serial_sequence(:t, 'id')"),
        {"t": f"{schema}.guidelines"},
    ).scalar_one()
    return "'" + str(sequence).replace("'", "''") + "'"


def _sequences(lit: str, tables: Sequence[str], grant: str, revoke: str) -> str:
    """A DO block moving the tables' id sequences' USAGE from one group to another."""
    names = ", ".join(f"'{t}'" for t in tables)
    return f"""
        DO $$
        DECLARE seq text;
        BEGIN
            FOR seq IN SELECT pg_catalog.pg_get_serial_sequence({lit} || '.' || t, 'id')
                FROM pg_catalog.unnest(ARRAY[{names}]) AS t
            LOOP
                IF seq IS NOT NULL THEN
                    EXECUTE 'REVOKE USAGE ON SEQUENCE ' || seq || ' FROM {revoke}';
                    EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || seq || ' TO {grant}';
                END IF;
            END LOOP;
        END
        $$
        """


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s, lit = _schema(conn)
    seq = _sequence_literal(conn, s)
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION {s}.{STAMP}() RETURNS trigger
        LANGUAGE plpgsql {FIXED} AS
        $$ BEGIN
               NEW.id := pg_catalog.nextval({seq}::pg_catalog.regclass);
               NEW.created_at := pg_catalog.clock_timestamp();
               IF NOT {s}.annotator_is_admin() THEN
                   NEW.author := session_user::text;
               END IF;
               RETURN NEW;
           END $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.{STAMP}() FROM PUBLIC",
        f"""
        CREATE OR REPLACE FUNCTION {s}.{LOGGED}() RETURNS trigger
        LANGUAGE plpgsql {FIXED} AS
        $$ BEGIN
               IF NOT EXISTS (
                   SELECT 1 FROM {s}.events e
                   WHERE e.action OPERATOR(pg_catalog.=) 'set_guidelines'
                     AND e.actor OPERATOR(pg_catalog.=) NEW.author
                     AND (e.detail::pg_catalog.jsonb OPERATOR(pg_catalog.->>) 'version')
                         OPERATOR(pg_catalog.=) NEW.id::pg_catalog.text
               ) THEN
                   RAISE EXCEPTION 'guidelines version %% has no audit entry', NEW.id
                       USING ERRCODE = 'integrity_constraint_violation';
               END IF;
               RETURN NULL;
           END $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.{LOGGED}() FROM PUBLIC",
        f"ALTER TABLE {s}.guidelines ALTER COLUMN id DROP DEFAULT",
        f"DROP TRIGGER IF EXISTS {STAMP} ON {s}.guidelines",
        f"CREATE TRIGGER {STAMP} BEFORE INSERT ON {s}.guidelines "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.{STAMP}()",
        f"DROP TRIGGER IF EXISTS {LOGGED} ON {s}.guidelines",
        f"CREATE CONSTRAINT TRIGGER {LOGGED} AFTER INSERT ON {s}.guidelines "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {s}.{LOGGED}()",
        _sequences(lit, REVIEWER_SEQUENCES, "annotator_reviewer", "PUBLIC, annotator_user"),
    ]
    for statement in statements:  # (``%%``: the driver's placeholders are ``%s``)
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s, lit = _schema(conn)
    seq = _sequence_literal(conn, s)
    for statement in (
        f"DROP TRIGGER IF EXISTS {LOGGED} ON {s}.guidelines",
        f"DROP TRIGGER IF EXISTS {STAMP} ON {s}.guidelines",
        f"DROP FUNCTION IF EXISTS {s}.{LOGGED}()",
        f"DROP FUNCTION IF EXISTS {s}.{STAMP}()",
        f"ALTER TABLE {s}.guidelines ALTER COLUMN id "
        f"SET DEFAULT pg_catalog.nextval({seq}::pg_catalog.regclass)",
        _sequences(lit, REVIEWER_SEQUENCES, "annotator_user", "PUBLIC"),
    ):
        conn.exec_driver_sql(statement)
