"""Review: the gold pseudo-annotator, audit events, assignments, review comments.

The role check of annotators gains 'gold' and a reserved row named "gold" (role 'gold')
owns every document's adjudicated layer. On SQLite the check is widened by rewriting its
text in the schema (SQLite's documented procedure for loosening a constraint): rebuilding
the table would cascade-delete every layer, because the migration runs in one transaction
with foreign keys on.

On PostgreSQL the database enforces who may write what (see ``_postgresql_security``):
group roles ``annotator_user`` (table privileges) and ``annotator_reviewer`` (the reviewer
right), and row-level security so a login writes only layers whose annotator name is its
own login, and reviewers also the gold layer, assignments, comments and other annotators'
rows. Everyone may read everything: blind mode is a rule of the program, not a security
boundary. The table owner (the administrator login that migrates) bypasses row security.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 09:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CHECK = "role IN ('annotator', 'reviewer')"
NEW_CHECK = "role IN ('annotator', 'reviewer', 'gold')"
GOLD = "gold"
LAYER_TABLES = ("spans", "relations", "layer_topics")
REVIEWER_TABLES = ("assignments", "review_comments", "settings")
WRITABLE_TABLES = (
    "documents",
    "labels",
    "annotators",
    "layers",
    "spans",
    "relations",
    "layer_topics",
    "settings",
    "assignments",
    "review_comments",
)


def _sqlite_role_check(conn: sa.Connection, old: str, new: str) -> None:
    """Rewrite the role check's text in the SQLite schema (no table rebuild)."""
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            sa.text(
                "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
                "WHERE type = 'table' AND name = 'annotators'"
            ),
            {"old": old, "new": new},
        )
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'annotators'"
    ).scalar_one()
    if new not in sql:
        raise RuntimeError(f"annotators' role check is not {old!r}; cannot migrate: {sql}")


def _set_role_check(conn: sa.Connection, check: str) -> None:
    """Replace ck_annotators_role by ``check``."""
    if conn.dialect.name == "sqlite":
        _sqlite_role_check(conn, NEW_CHECK if check == OLD_CHECK else OLD_CHECK, check)
    else:
        op.drop_constraint(op.f("ck_annotators_role"), "annotators", type_="check")
        op.create_check_constraint(op.f("ck_annotators_role"), "annotators", sa.text(check))


def _reserve_gold(conn: sa.Connection) -> None:
    """Rename a person called "gold" (allowed before this revision), then add the gold row."""
    annotators = sa.table(
        "annotators",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("role", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    names = set(conn.execute(sa.select(annotators.c.name)).scalars())
    if GOLD in names:
        n = 1
        while f"{GOLD}-{n}" in names:
            n += 1
        conn.execute(
            annotators.update().where(annotators.c.name == GOLD).values(name=f"{GOLD}-{n}")
        )
    conn.execute(annotators.insert().values(name=GOLD, role=GOLD, created_at=datetime.now(UTC)))


def upgrade() -> None:
    conn = op.get_bind()
    _set_role_check(conn, NEW_CHECK)
    op.create_index(
        "uq_annotators_gold",
        "annotators",
        ["role"],
        unique=True,
        sqlite_where=sa.text("role = 'gold'"),
        postgresql_where=sa.text("role = 'gold'"),
    )
    _reserve_gold(conn)
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("layer_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_document_id", "events", ["document_id", "id"])
    op.create_index("ix_events_actor", "events", ["actor", "id"])
    op.create_table(
        "assignments",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.String(length=200), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_assignments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name=op.f("fk_assignments_annotator_id_annotators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "annotator_id", name=op.f("pk_assignments")),
    )
    op.create_index("ix_assignments_annotator_id", "assignments", ["annotator_id", "document_id"])
    op.create_table(
        "review_comments",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_review_comments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_review_comments")),
    )
    if conn.dialect.name == "postgresql":
        for statement in _postgresql_security():
            conn.exec_driver_sql(statement)


def _postgresql_security() -> list[str]:
    """Roles, grants, helper functions and row-level security policies (PostgreSQL)."""
    statements = [
        """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'annotator_user') THEN
                CREATE ROLE annotator_user NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'annotator_reviewer') THEN
                CREATE ROLE annotator_reviewer NOLOGIN;
            END IF;
            IF NOT pg_has_role('annotator_reviewer', 'annotator_user', 'MEMBER') THEN
                GRANT annotator_user TO annotator_reviewer;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'annotator needs the group roles annotator_user and '
                'annotator_reviewer; migrate as a login with CREATEROLE, or have an '
                'administrator create them (CREATE ROLE annotator_user NOLOGIN; CREATE ROLE '
                'annotator_reviewer NOLOGIN IN ROLE annotator_user)';
        END
        $$
        """,
        "GRANT SELECT ON alembic_version TO annotator_user",
        "GRANT SELECT, INSERT ON events TO annotator_user",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON "
        + ", ".join(WRITABLE_TABLES)
        + " TO annotator_user",
        """
        DO $$
        DECLARE seq text;
        BEGIN
            FOR seq IN SELECT pg_get_serial_sequence(t, 'id') FROM unnest(ARRAY['documents',
                'annotators', 'labels', 'layers', 'spans', 'relations', 'events']) AS t
            LOOP
                IF seq IS NOT NULL THEN
                    EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || seq || ' TO annotator_user';
                END IF;
            END LOOP;
        END
        $$
        """,
        # The reviewer right: membership of annotator_reviewer (superusers are members of all).
        """
        CREATE OR REPLACE FUNCTION annotator_is_reviewer() RETURNS boolean
        LANGUAGE sql STABLE AS
        $$ SELECT pg_has_role(session_user, 'annotator_reviewer', 'MEMBER') $$
        """,
        # Whose layers a login may write: its own, and a reviewer also the gold layer.
        """
        CREATE OR REPLACE FUNCTION annotator_may_write_owner(owner integer) RETURNS boolean
        LANGUAGE sql STABLE AS
        $$ SELECT EXISTS (SELECT FROM annotators a WHERE a.id = owner AND
               (a.name = session_user OR (a.role = 'gold' AND annotator_is_reviewer()))) $$
        """,
        """
        CREATE OR REPLACE FUNCTION annotator_may_write_layer(layer integer) RETURNS boolean
        LANGUAGE sql STABLE AS
        $$ SELECT EXISTS (SELECT FROM layers l WHERE l.id = layer AND
               annotator_may_write_owner(l.annotator_id)) $$
        """,
    ]
    every = [
        "annotators",
        "layers",
        *LAYER_TABLES,
        "events",
        *REVIEWER_TABLES,
    ]
    statements += [f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY" for t in every]
    statements += [f"CREATE POLICY read_all ON {t} FOR SELECT USING (true)" for t in every]
    may_layer = "annotator_may_write_owner(annotator_id)"
    statements += [
        f"CREATE POLICY write_own ON layers FOR ALL USING ({may_layer}) WITH CHECK ({may_layer})"
    ]
    same_layer = (
        "EXISTS (SELECT FROM spans h, spans c WHERE h.id = head_span_id AND "
        "c.id = child_span_id AND h.layer_id = relations.layer_id AND "
        "c.layer_id = relations.layer_id)"
    )
    for table in LAYER_TABLES:
        check = "annotator_may_write_layer(layer_id)"
        if table == "relations":
            check = f"{check} AND {same_layer}"
        statements.append(
            f"CREATE POLICY write_own ON {table} FOR ALL "
            f"USING (annotator_may_write_layer(layer_id)) WITH CHECK ({check})"
        )
    statements.append(
        "CREATE POLICY append_own ON events FOR INSERT WITH CHECK (actor = session_user)"
    )
    for table in REVIEWER_TABLES:
        statements.append(
            f"CREATE POLICY reviewers_write ON {table} FOR ALL "
            "USING (annotator_is_reviewer()) WITH CHECK (annotator_is_reviewer())"
        )
    # A login registers itself as a plain annotator; only reviewers add others or change roles.
    statements += [
        "CREATE POLICY register_self ON annotators FOR INSERT WITH CHECK "
        "((name = session_user AND role = 'annotator') OR annotator_is_reviewer())",
        "CREATE POLICY reviewers_change ON annotators FOR UPDATE "
        "USING (annotator_is_reviewer()) WITH CHECK (annotator_is_reviewer())",
        "CREATE POLICY reviewers_delete ON annotators FOR DELETE USING (annotator_is_reviewer())",
    ]
    return statements


def _drop_postgresql_security() -> list[str]:
    """Undo ``_postgresql_security`` except the cluster-wide roles (others may use them)."""
    tables = ["annotators", "layers", *LAYER_TABLES, *REVIEWER_TABLES]
    statements = [
        f"DROP POLICY IF EXISTS {policy} ON {table}"
        for table in tables
        for policy in (
            "read_all",
            "write_own",
            "reviewers_write",
            "register_self",
            "reviewers_change",
            "reviewers_delete",
        )
    ]
    statements += [f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY" for t in tables]
    statements += [
        "DROP FUNCTION IF EXISTS annotator_may_write_layer(integer)",
        "DROP FUNCTION IF EXISTS annotator_may_write_owner(integer)",
        "DROP FUNCTION IF EXISTS annotator_is_reviewer()",
        "REVOKE ALL ON alembic_version, documents, labels, annotators, layers, spans, "
        "relations, layer_topics, settings FROM annotator_user",
    ]
    return statements


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for statement in _drop_postgresql_security():
            conn.exec_driver_sql(statement)
    op.drop_table("review_comments")
    op.drop_index("ix_assignments_annotator_id", table_name="assignments")
    op.drop_table("assignments")
    op.drop_index("ix_events_actor", table_name="events")
    op.drop_index("ix_events_document_id", table_name="events")
    op.drop_table("events")
    # The gold layers go with the gold row (cascade), then the role check narrows again.
    conn.execute(sa.text("DELETE FROM annotators WHERE role = 'gold'"))
    op.drop_index("uq_annotators_gold", table_name="annotators")
    _set_role_check(conn, OLD_CHECK)
