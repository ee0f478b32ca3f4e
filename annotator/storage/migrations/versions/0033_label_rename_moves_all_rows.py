"""A label's rename moves every row that names it, whoever's row it is; models and
patterns are the server's to credit and date; only reviewers hold the grants of what only
they write.

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

Suggestion models and patterns: through psql a reviewer stored a model in a colleague's
name dated 2000 with no audit entry, rewrote a stored model's bytes under its version (the
uncertainty scores and prediction layers of that version then described other bytes) or
deleted the current one, and credited a pattern to anyone. As guidelines (0032): BEFORE
INSERT triggers set ``trained_by``/``added_by`` to the login (the administrator may name
the person it acts for) and the time to the server's clock; a pattern keeps both on
update; a deferred constraint trigger refuses a model without its ``suggest_train`` entry
(kind and version); nobody but the owner updates or deletes a model.

Grants: ``annotator_user`` held INSERT/UPDATE/DELETE on tables only reviewers write
(settings, assignments, review comments and decisions, patterns, prediction scores,
models); row security refused every row, but LOCK checks only grants, so an annotator's
``LOCK TABLE settings`` in an open transaction blocked everyone. Those grants are now
``annotator_reviewer``'s.

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
STAMP_MODEL = "annotator_stamp_model"
MODEL_LOGGED = "annotator_model_logged"
STAMP_PATTERN = "annotator_stamp_pattern"
REVIEWER_TABLES = (
    "settings",
    "assignments",
    "review_comments",
    "review_decisions",
    "suggest_patterns",
    "prediction_scores",
)
"""Tables only reviewers write (their policies let no annotator row through), besides
``suggest_models``, which reviewers only add to."""
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
        *_models_and_patterns(s),
    ):
        conn.exec_driver_sql(statement)


def _models_and_patterns(s: str) -> list[str]:
    """Models and patterns named and dated by the server; a model logged, never changed."""
    return [
        f"""
        CREATE OR REPLACE FUNCTION {s}.{STAMP_MODEL}() RETURNS trigger
        LANGUAGE plpgsql {FIXED} AS
        $$ BEGIN
               NEW.trained_at := pg_catalog.clock_timestamp();
               IF NOT {s}.annotator_is_admin() THEN
                   NEW.trained_by := session_user::text;
               END IF;
               RETURN NEW;
           END $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.{STAMP_MODEL}() FROM PUBLIC",
        f"""
        CREATE OR REPLACE FUNCTION {s}.{MODEL_LOGGED}() RETURNS trigger
        LANGUAGE plpgsql {FIXED} AS
        $$ BEGIN
               IF NOT EXISTS (
                   SELECT 1 FROM {s}.events e
                   WHERE e.action OPERATOR(pg_catalog.=) 'suggest_train'
                     AND e.actor OPERATOR(pg_catalog.=) NEW.trained_by
                     AND (e.detail::pg_catalog.jsonb OPERATOR(pg_catalog.->>) 'kind')
                         OPERATOR(pg_catalog.=) NEW.kind::pg_catalog.text
                     AND (e.detail::pg_catalog.jsonb OPERATOR(pg_catalog.->>) 'version')
                         OPERATOR(pg_catalog.=) NEW.version::pg_catalog.text
               ) THEN
                   RAISE EXCEPTION 'model %%-%% has no audit entry', NEW.kind, NEW.version
                       USING ERRCODE = 'integrity_constraint_violation';
               END IF;
               RETURN NULL;
           END $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.{MODEL_LOGGED}() FROM PUBLIC",
        # Insert and update: a pattern's author and time stay the server's (a rename moves
        # its label, nothing else).
        f"""
        CREATE OR REPLACE FUNCTION {s}.{STAMP_PATTERN}() RETURNS trigger
        LANGUAGE plpgsql {FIXED} AS
        $$ BEGIN
               IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
                   NEW.added_by := OLD.added_by;
                   NEW.added_at := OLD.added_at;
               ELSE
                   NEW.added_at := pg_catalog.clock_timestamp();
                   IF NOT {s}.annotator_is_admin() THEN
                       NEW.added_by := session_user::text;
                   END IF;
               END IF;
               RETURN NEW;
           END $$
        """,
        f"REVOKE ALL ON FUNCTION {s}.{STAMP_PATTERN}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {STAMP_MODEL} ON {s}.suggest_models",
        f"CREATE TRIGGER {STAMP_MODEL} BEFORE INSERT ON {s}.suggest_models "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.{STAMP_MODEL}()",
        f"DROP TRIGGER IF EXISTS {MODEL_LOGGED} ON {s}.suggest_models",
        f"CREATE CONSTRAINT TRIGGER {MODEL_LOGGED} AFTER INSERT ON {s}.suggest_models "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {s}.{MODEL_LOGGED}()",
        f"DROP TRIGGER IF EXISTS {STAMP_PATTERN} ON {s}.suggest_patterns",
        f"CREATE TRIGGER {STAMP_PATTERN} BEFORE INSERT OR UPDATE ON {s}.suggest_patterns "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.{STAMP_PATTERN}()",
        # A stored model is never changed or deleted (its version names it: the uncertainty
        # scores and prediction layers of that version are of those bytes).
        f"REVOKE INSERT, UPDATE, DELETE ON {s}.suggest_models FROM PUBLIC, annotator_user",
        f"GRANT INSERT ON {s}.suggest_models TO annotator_reviewer",
        # The write grants of what only reviewers write are the reviewers' group's: row
        # security refused annotators every row, but LOCK asks only for a grant, and
        # ``LOCK TABLE settings`` in an open transaction stopped everyone.
        f"REVOKE INSERT, UPDATE, DELETE ON {_tables(s)} FROM PUBLIC, annotator_user",
        f"GRANT INSERT, UPDATE, DELETE ON {_tables(s)} TO annotator_reviewer",
    ]


def _tables(s: str) -> str:
    return ", ".join(f"{s}.{t}" for t in REVIEWER_TABLES)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s = _schema(conn)
    for statement in (
        f"REVOKE INSERT, UPDATE, DELETE ON {_tables(s)}, {s}.suggest_models "
        "FROM annotator_reviewer",
        f"GRANT INSERT, UPDATE, DELETE ON {_tables(s)}, {s}.suggest_models TO annotator_user",
        f"DROP TRIGGER IF EXISTS {STAMP_PATTERN} ON {s}.suggest_patterns",
        f"DROP TRIGGER IF EXISTS {MODEL_LOGGED} ON {s}.suggest_models",
        f"DROP TRIGGER IF EXISTS {STAMP_MODEL} ON {s}.suggest_models",
        f"DROP FUNCTION IF EXISTS {s}.{STAMP_PATTERN}()",
        f"DROP FUNCTION IF EXISTS {s}.{MODEL_LOGGED}()",
        f"DROP FUNCTION IF EXISTS {s}.{STAMP_MODEL}()",
        f"DROP TRIGGER IF EXISTS {MOVE} ON {s}.labels",
        f"DROP FUNCTION IF EXISTS {s}.{MOVE}()",
    ):
        conn.exec_driver_sql(statement)
