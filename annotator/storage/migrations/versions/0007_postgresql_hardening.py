"""PostgreSQL: policies no login object can bend, identity from the login, server-made audit.

Closes what a hostile tester found in revision 0004's row security (issue 15, items 1-3):

- The policy functions looked up ``annotators`` and ``layers`` through the caller's
  ``search_path``, where ``pg_temp`` comes first: a temporary table of that name decided
  whose layer anything was. Every function now has ``SET search_path = pg_catalog,
  pg_temp`` (temporary objects last, where they can only be found for relations, and our
  relations are all schema-qualified) and names the schema the tables live in, taken from
  ``current_schema()`` at migration time. Functions are SECURITY INVOKER: nothing runs
  with more rights than the login calling it.
- ``documents`` and ``labels`` had write grants and no row security: an annotator could
  delete a document (everyone's layers went by cascade) or rename labels. Annotators now
  only read them; reviewers add documents (import) and change labels; nobody but the
  administrator (the tables' owner) changes or deletes a document.
- A reviewer could rename annotator rows and so become someone else, and a login named
  ``gold`` wrote the gold layer. Now no login can change a name (only the ``role`` column
  of its own row, and only to what its membership of ``annotator_reviewer`` says), nobody
  but the administrator deletes an annotator row, and the gold layer needs reviewer
  membership whatever the login is called.
- Audit entries took their time and actor from the client. A trigger now sets ``at`` to
  the server's clock and, for everyone but the administrator, ``actor`` to the login; a
  login may log only about layers it may write (or its own import), never ``set_role``.
- ``CREATE`` on the schema for PUBLIC (PostgreSQL 14 and older grant it by default) lets
  any login plant a function that shadows a built-in one others call (CVE-2018-1058): it is
  revoked, and the migration stops with instructions when it cannot be.

SQLite has no logins: nothing changes there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIXED = "SET search_path = pg_catalog, pg_temp"
"""Every function's own search path: built-ins first, temporary objects last."""
OUR_TABLES = (
    "alembic_version",
    "documents",
    "labels",
    "annotators",
    "layers",
    "spans",
    "relations",
    "layer_topics",
    "settings",
    "events",
    "assignments",
    "review_comments",
)
FUNCTIONS = (
    "annotator_is_reviewer()",
    "annotator_is_admin()",
    "annotator_login_role(text)",
    "annotator_may_write_owner(integer)",
    "annotator_may_write_layer(integer)",
    "annotator_may_log(integer, integer, text)",
)


def _schema(conn: sa.Connection) -> tuple[str, str]:
    """The tables' schema as a quoted identifier, and as a string literal of that."""
    name = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
    quoted = conn.dialect.identifier_preparer.quote_schema(str(name))
    return quoted, "'" + quoted.replace("'", "''") + "'"


def _functions(s: str, lit: str) -> list[str]:
    """The helper functions (``s``: quoted schema, ``lit``: it as a literal)."""
    return [
        # The reviewer right: membership of annotator_reviewer (superusers are members of all).
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_is_reviewer() RETURNS boolean
        LANGUAGE sql STABLE {FIXED} AS
        $$ SELECT pg_catalog.pg_has_role(session_user, 'annotator_reviewer', 'MEMBER') $$
        """,
        # The administrator: superuser, BYPASSRLS, or holding the rights of the tables' owner
        # (row security does not apply to any of them anyway).
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_is_admin() RETURNS boolean
        LANGUAGE sql STABLE {FIXED} AS
        $$ SELECT COALESCE((SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r
                            WHERE r.rolname = session_user), false)
               OR pg_catalog.pg_has_role(session_user,
                      (SELECT c.relowner FROM pg_catalog.pg_class c
                       WHERE c.oid = pg_catalog.to_regclass({lit} || '.events')), 'USAGE') $$
        """,
        # What a person's role column must say: their login's membership, not a row.
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_login_role(who text) RETURNS text
        LANGUAGE sql STABLE {FIXED} AS
        $$ SELECT CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_roles r
                                    WHERE r.rolname::text = who AND r.rolcanlogin
                                    AND pg_catalog.pg_has_role(r.oid, 'annotator_reviewer',
                                                               'MEMBER'))
                  THEN 'reviewer' ELSE 'annotator' END $$
        """,
        # Whose layers a login may write: its own (by login name), and the gold layer if a
        # reviewer; the gold row is never anyone's own, whatever the login is called.
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_may_write_owner(owner integer)
        RETURNS boolean LANGUAGE sql STABLE {FIXED} AS
        $$ SELECT EXISTS (SELECT FROM {s}.annotators a WHERE a.id = owner AND
               CASE WHEN a.role = 'gold' THEN {s}.annotator_is_reviewer()
                    ELSE a.name = session_user END) $$
        """,
        # The same rule in one query (it runs for every row written: no nested call).
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_may_write_layer(layer integer)
        RETURNS boolean LANGUAGE sql STABLE {FIXED} AS
        $$ SELECT EXISTS (SELECT FROM {s}.layers l JOIN {s}.annotators a
                          ON a.id = l.annotator_id WHERE l.id = layer AND
               CASE WHEN a.role = 'gold' THEN {s}.annotator_is_reviewer()
                    ELSE a.name = session_user END) $$
        """,
        # What a login may put in the audit log: changes of a layer it may write (naming that
        # layer's document), its own import; reviewers their other actions. Roles change
        # only by the administrator, so nobody else logs set_role.
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_may_log(layer integer, document integer,
                                                          action text)
        RETURNS boolean LANGUAGE sql STABLE {FIXED} AS
        $$ SELECT action <> 'set_role' AND CASE
               WHEN layer IS NOT NULL THEN EXISTS (
                   SELECT FROM {s}.layers l WHERE l.id = layer
                   AND l.document_id IS NOT DISTINCT FROM document
                   AND {s}.annotator_may_write_owner(l.annotator_id))
               WHEN action = 'import' THEN true
               ELSE {s}.annotator_is_reviewer() END $$
        """,
        # The server stamps every audit entry: its clock, and the login as the actor (the
        # administrator may act for a named person, as it may write anything anyway).
        f"""
        CREATE OR REPLACE FUNCTION {s}.annotator_stamp_event() RETURNS trigger
        LANGUAGE plpgsql {FIXED} AS
        $$ BEGIN
               NEW.at := pg_catalog.clock_timestamp();
               IF NOT {s}.annotator_is_admin() THEN
                   NEW.actor := session_user;
               END IF;
               RETURN NEW;
           END $$
        """,
    ]


def _schema_create_check() -> str:
    """Take CREATE on the schema from PUBLIC and the group roles; stop if they keep it.

    (No percent sign here: the driver would read it as a parameter marker.)
    """
    return """
        DO $$
        DECLARE
            s text := current_schema();
            who text;
        BEGIN
            IF pg_catalog.has_schema_privilege('annotator_user', s, 'CREATE')
               OR pg_catalog.has_schema_privilege('annotator_reviewer', s, 'CREATE') THEN
                EXECUTE 'REVOKE CREATE ON SCHEMA ' || pg_catalog.quote_ident(s)
                    || ' FROM PUBLIC, annotator_user, annotator_reviewer';
            END IF;
            FOREACH who IN ARRAY ARRAY['annotator_user', 'annotator_reviewer'] LOOP
                IF pg_catalog.has_schema_privilege(who, s, 'CREATE') THEN
                    RAISE EXCEPTION USING MESSAGE = 'the role ' || who || ' may create '
                        || 'objects in schema ' || s || ', so any annotator login could plant '
                        || 'functions that run as others; as the schema''s owner run REVOKE '
                        || 'CREATE ON SCHEMA ' || pg_catalog.quote_ident(s) || ' FROM PUBLIC '
                        || '(and from any group the logins are in), then migrate again';
                END IF;
            END LOOP;
        END
        $$
    """


def _security(s: str, lit: str) -> list[str]:
    """Functions, grants and policies of this revision."""
    statements = _functions(s, lit)
    statements += [f"REVOKE ALL ON FUNCTION {s}.{f} FROM PUBLIC" for f in FUNCTIONS] + [
        f"GRANT EXECUTE ON FUNCTION {s}.{f} TO annotator_user" for f in FUNCTIONS
    ]
    statements.append(f"REVOKE ALL ON FUNCTION {s}.annotator_stamp_event() FROM PUBLIC")
    tables = ", ".join(f"{s}.{t}" for t in OUR_TABLES)
    statements += [
        # No login but the owner truncates (TRUNCATE ignores row security), makes triggers
        # (they would run as whoever writes next) or foreign keys on our tables.
        f"REVOKE TRUNCATE, TRIGGER, REFERENCES ON {tables} "
        "FROM PUBLIC, annotator_user, annotator_reviewer",
        f"REVOKE INSERT, UPDATE, DELETE ON {tables} FROM PUBLIC",
        # The corpus and the label schema: read by all, written by reviewers (documents
        # only added: changing or deleting one is the administrator's).
        f"REVOKE INSERT, UPDATE, DELETE ON {s}.documents, {s}.labels FROM annotator_user",
        f"GRANT INSERT ON {s}.documents TO annotator_reviewer",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.labels TO annotator_reviewer",
        # Annotator rows: a name never changes; only one's own role column, to the truth.
        f"REVOKE UPDATE, DELETE ON {s}.annotators FROM annotator_user",
        f"GRANT UPDATE (role) ON {s}.annotators TO annotator_user",
        f"DROP POLICY IF EXISTS register_self ON {s}.annotators",
        f"DROP POLICY IF EXISTS reviewers_change ON {s}.annotators",
        f"DROP POLICY IF EXISTS reviewers_delete ON {s}.annotators",
        f"CREATE POLICY register ON {s}.annotators FOR INSERT WITH CHECK ("
        f"(name = session_user AND role = {s}.annotator_login_role(name)) OR "
        f"({s}.annotator_is_reviewer() AND "
        f"role IN ('annotator', {s}.annotator_login_role(name))))",
        f"CREATE POLICY own_role ON {s}.annotators FOR UPDATE "
        f"USING (name = session_user AND role <> 'gold') "
        f"WITH CHECK (name = session_user AND role = {s}.annotator_login_role(name))",
        # The audit log: stamped by the server, and only about what the login may do.
        f"DROP POLICY IF EXISTS append_own ON {s}.events",
        f"CREATE POLICY append_own ON {s}.events FOR INSERT WITH CHECK ("
        f"actor = session_user AND {s}.annotator_may_log(layer_id, document_id, action))",
        f"DROP TRIGGER IF EXISTS annotator_stamp ON {s}.events",
        f"CREATE TRIGGER annotator_stamp BEFORE INSERT ON {s}.events "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.annotator_stamp_event()",
        _schema_create_check(),
    ]
    # Sequences of tables annotators may not add to.
    for table, column in (("documents", "id"), ("labels", "id")):
        statements.append(
            f"""
            DO $$
            DECLARE seq text := pg_catalog.pg_get_serial_sequence({lit} || '.{table}',
                                                                  '{column}');
            BEGIN
                IF seq IS NOT NULL THEN
                    EXECUTE 'REVOKE USAGE, UPDATE ON SEQUENCE ' || seq
                        || ' FROM PUBLIC, annotator_user';
                    EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || seq
                        || ' TO annotator_reviewer';
                END IF;
            END
            $$
            """
        )
    return statements


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s, lit = _schema(conn)
    for statement in _security(s, lit):
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    """Back to revision 0004's grants and policies (the functions keep their fixed path)."""
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    s, lit = _schema(conn)
    statements = [
        f"DROP TRIGGER IF EXISTS annotator_stamp ON {s}.events",
        f"DROP FUNCTION IF EXISTS {s}.annotator_stamp_event()",
        f"DROP POLICY IF EXISTS append_own ON {s}.events",
        f"CREATE POLICY append_own ON {s}.events FOR INSERT WITH CHECK (actor = session_user)",
        f"DROP POLICY IF EXISTS register ON {s}.annotators",
        f"DROP POLICY IF EXISTS own_role ON {s}.annotators",
        f"CREATE POLICY register_self ON {s}.annotators FOR INSERT WITH CHECK "
        f"((name = session_user AND role = 'annotator') OR {s}.annotator_is_reviewer())",
        f"CREATE POLICY reviewers_change ON {s}.annotators FOR UPDATE "
        f"USING ({s}.annotator_is_reviewer()) WITH CHECK ({s}.annotator_is_reviewer())",
        f"CREATE POLICY reviewers_delete ON {s}.annotators FOR DELETE "
        f"USING ({s}.annotator_is_reviewer())",
        f"DROP FUNCTION IF EXISTS {s}.annotator_may_log(integer, integer, text)",
        f"DROP FUNCTION IF EXISTS {s}.annotator_login_role(text)",
        f"DROP FUNCTION IF EXISTS {s}.annotator_is_admin()",
        f"GRANT UPDATE, DELETE ON {s}.annotators TO annotator_user",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.documents, {s}.labels TO annotator_user",
    ]
    for table in ("documents", "labels"):
        statements.append(
            f"""
            DO $$
            DECLARE seq text := pg_catalog.pg_get_serial_sequence({lit} || '.{table}', 'id');
            BEGIN
                IF seq IS NOT NULL THEN
                    EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || seq || ' TO annotator_user';
                END IF;
            END
            $$
            """
        )
    for statement in statements:
        conn.exec_driver_sql(statement)
