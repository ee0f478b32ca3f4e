"""PostgreSQL guards the suggestion tables (migration 0010) itself: raw SQL as plain logins.

bob (an annotator) cannot store a model, a pattern, a prediction layer or its scores, nor
a rejection in alice's name; he can record his own rejection. rita (a reviewer) stores
models and writes ``prediction:...`` layers, but still not someone's own layer.
"""

from __future__ import annotations

import psycopg
import pytest

from annotator.services import labels
from annotator.services.workspace import open_workspace
from tests.pgserver import PgServer
from tests.storage.test_row_security import connect, document, logins, refused  # noqa: F401

pytestmark = pytest.mark.postgres


def test_annotators_cannot_write_models_patterns_or_predictions(
    pg_server: PgServer,
    logins: dict[str, str],  # noqa: F811
    document: int,  # noqa: F811
) -> None:
    bob = connect(pg_server, logins["bob"], "bob")
    rita = connect(pg_server, logins["rita"], "rita")
    alice = connect(pg_server, logins["alice"], "alice")
    try:
        for conn, name in ((bob, "bob"), (alice, "alice")):
            conn.execute(
                "INSERT INTO annotators (name, role, created_at) VALUES (%s, 'annotator', now())",
                (name,),
            )
        refused(
            bob,
            "INSERT INTO suggest_models (kind, version, data, info, trained_by, trained_at) "
            "VALUES ('entity', 1, '\\x00', '{}', 'bob', now())",
        )
        refused(
            bob,
            "INSERT INTO suggest_patterns (label, pattern, added_by, added_at) "
            "VALUES ('LOC', '\"x\"', 'bob', now())",
        )
        rita.execute(
            "INSERT INTO annotators (name, role, created_at) "
            "VALUES ('prediction:m', 'annotator', now())"
        )
        # bob cannot open a layer of the model's pseudo-annotator, rita can.
        refused(
            bob,
            "INSERT INTO layers (document_id, annotator_id, status, version, updated_at) "
            "SELECT %s, id, 'done', 1, now() FROM annotators WHERE name = 'prediction:m'",
            document,
        )
        rita.execute(
            "INSERT INTO layers (document_id, annotator_id, status, version, updated_at) "
            "SELECT %s, id, 'done', 1, now() FROM annotators WHERE name = 'prediction:m'",
            (document,),
        )
        layer = rita.execute(
            "SELECT l.id FROM layers l JOIN annotators a ON a.id = l.annotator_id "
            "WHERE a.name = 'prediction:m'"
        ).fetchone()
        assert layer is not None
        rita.execute(
            'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
            "SELECT %s, 4, 13, id, now() FROM labels WHERE name = 'PER'",
            (layer[0],),
        )
        rita.execute(
            'INSERT INTO prediction_scores (layer_id, start, "end", label, score) '
            "VALUES (%s, 4, 13, 'PER', 0.9)",
            (layer[0],),
        )
        refused(
            bob,
            'INSERT INTO prediction_scores (layer_id, start, "end", label, score) '
            "VALUES (%s, 0, 3, 'PER', 0.9)",
            layer[0],
        )
        refused(bob, "DELETE FROM prediction_scores")  # no grant (revision 0033)
        assert rita.execute("SELECT count(*) FROM prediction_scores").fetchone() == (1,)
        with rita.transaction():  # with its audit entry (revision 0033)
            rita.execute(
                "INSERT INTO suggest_models (kind, version, data, info, trained_by, trained_at) "
                "VALUES ('entity', 1, '\\x00', '{}', 'rita', now())"
            )
            rita.execute(
                "INSERT INTO events (actor, action, detail, at) VALUES ('rita', "
                '\'suggest_train\', \'{"kind": "entity", "version": 1}\', now())'
            )
        # A reviewer cannot use the prediction policy to write alice's own layer.
        refused(
            rita,
            "INSERT INTO layers (document_id, annotator_id, status, version, updated_at) "
            "SELECT %s, id, 'done', 1, now() FROM annotators WHERE name = 'alice'",
            document,
        )
        # Rejections: one's own only.
        bob.execute(
            'INSERT INTO suggest_rejections (annotator_id, document_id, start, "end", label, '
            "suggester, at) SELECT id, %s, 4, 13, 'PER', 'model', now() FROM annotators "
            "WHERE name = 'bob'",
            (document,),
        )
        refused(
            bob,
            'INSERT INTO suggest_rejections (annotator_id, document_id, start, "end", label, '
            "suggester, at) SELECT id, %s, 4, 13, 'PER', 'model', now() FROM annotators "
            "WHERE name = 'alice'",
            document,
        )
    finally:
        for conn in (bob, rita, alice):
            conn.close()


def test_a_label_rename_moves_every_annotators_rejections(
    pg_server: PgServer,
    logins: dict[str, str],  # noqa: F811
    document: int,  # noqa: F811
) -> None:
    """rita renames PER: alice's and bob's rejections follow it, though her row security
    lets her write neither (before 0033 only the reviewer's own moved, and the others'
    rejected suggestions came back under the new name)."""
    rita_db = open_workspace(logins["rita"])
    conns = {name: connect(pg_server, logins[name], name) for name in ("alice", "bob", "rita")}
    try:
        for name, conn in conns.items():
            conn.execute(
                "INSERT INTO annotators (name, role, created_at) VALUES (%s, %s, now())",
                (name, "reviewer" if name == "rita" else "annotator"),
            )
            conn.execute(
                'INSERT INTO suggest_rejections (annotator_id, document_id, start, "end", '
                "label, suggester, at) SELECT id, %s, 4, 13, 'PER', 'model', now() "
                "FROM annotators WHERE name = %s",
                (document, name),
            )
        # A stale rejection under the new name (a removed label's): it goes, as on SQLite.
        conns["bob"].execute(
            'INSERT INTO suggest_rejections (annotator_id, document_id, start, "end", '
            "label, suggester, at) SELECT id, %s, 0, 3, 'PERSON', 'model', now() "
            "FROM annotators WHERE name = 'bob'",
            (document,),
        )
        labels.rename_label(rita_db, "PER", "PERSON")
        rows = (
            conns["alice"]
            .execute(
                "SELECT a.name, r.start, r.label FROM suggest_rejections r "
                "JOIN annotators a ON a.id = r.annotator_id ORDER BY 1, 2"
            )
            .fetchall()
        )
        assert rows == [("alice", 4, "PERSON"), ("bob", 4, "PERSON"), ("rita", 4, "PERSON")]
        # An annotator still cannot rename a label, nor move rejections through it.
        refused(conns["bob"], "UPDATE labels SET name = 'PER' WHERE name = 'PERSON'")
    finally:
        rita_db.close()
        for conn in conns.values():
            conn.close()


def test_revision_0033_downgrades_to_0032_and_upgrades_again(pg_url: str) -> None:
    """The triggers and grants of 0033 go with a downgrade to 0032 and come back."""
    from alembic import command
    from sqlalchemy import text

    from annotator.storage import migrate
    from annotator.storage.database import open_database

    db = open_database(pg_url)
    query = text(
        "SELECT count(*) FROM pg_trigger WHERE tgname IN ('annotator_label_renamed', "
        "'annotator_stamp_model', 'annotator_model_logged', 'annotator_stamp_pattern')"
    )
    granted = text(
        "SELECT has_table_privilege('annotator_user', 'settings', 'UPDATE'), "
        "has_table_privilege('annotator_user', 'suggest_models', 'DELETE')"
    )
    try:
        cfg = migrate.alembic_config()
        with db.engine.connect() as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0032")
        with db.read() as s:
            assert s.scalar(query) == 0
            assert s.execute(granted).one() == (True, True)  # as 0032 left them
            assert s.scalar(text("SELECT version_num FROM alembic_version")) == "0032"
        migrate.upgrade(db.engine)
        with db.read() as s:
            assert s.scalar(query) == 4
            assert s.execute(granted).one() == (False, False)
            assert s.scalar(text("SELECT version_num FROM alembic_version")) == "0033"
    finally:
        db.close()


def test_a_reviewer_cannot_forge_rewrite_or_leave_a_model_out_of_the_audit_log(
    pg_server: PgServer,
    logins: dict[str, str],  # noqa: F811
) -> None:
    """Through psql rita stored a model in alice's name, dated 2000, with no audit entry;
    she rewrote a stored model's bytes (its version, and so everyone's uncertainty scores
    of it, stayed) or deleted the current one; a pattern was anyone's. Now the server names
    and dates models and patterns, a model needs its ``suggest_train`` entry, and a stored
    model is never changed or deleted."""
    rita = connect(pg_server, logins["rita"], "rita")
    forged = (
        "INSERT INTO suggest_models (kind, version, data, info, trained_by, trained_at) "
        "VALUES ('entity', %s, '\\x00', '{}', 'alice', '2000-01-01') "
        "RETURNING trained_by, trained_at"
    )
    try:
        rita.execute(
            "INSERT INTO annotators (name, role, created_at) VALUES ('rita', 'reviewer', now())"
        )
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="audit entry"):
            rita.execute(forged, (1,))
        with rita.transaction():
            row = rita.execute(forged, (1,)).fetchone()
            rita.execute(
                "INSERT INTO events (actor, action, detail, at) VALUES "
                "('rita', 'suggest_train', '{\"kind\": \"entity\", \"version\": 1}', now())"
            )
        assert row is not None and row[0] == "rita"
        assert row[1] is not None and row[1].year > 2000
        refused(rita, "UPDATE suggest_models SET data = '\\x01'")
        refused(rita, "DELETE FROM suggest_models")
        stored = rita.execute(
            "INSERT INTO suggest_patterns (label, pattern, added_by, added_at) "
            "VALUES ('PER', '\"x\"', 'alice', '2000-01-01') RETURNING id, added_by, added_at"
        ).fetchone()
        assert stored is not None and stored[1] == "rita" and stored[2].year > 2000
        rita.execute(
            "UPDATE suggest_patterns SET added_by = 'alice', added_at = '2000-01-01', "
            "label = 'LOC' WHERE id = %s",
            (stored[0],),
        )
        after = rita.execute(
            "SELECT label, added_by, added_at FROM suggest_patterns WHERE id = %s", (stored[0],)
        ).fetchone()
        assert after == ("LOC", "rita", stored[2])
    finally:
        rita.close()


REVIEWER_TABLES = (
    "settings",
    "assignments",
    "review_comments",
    "review_decisions",
    "suggest_models",
    "suggest_patterns",
    "prediction_scores",
)
"""Tables only reviewers write (row security lets no annotator row through)."""


def test_annotators_cannot_lock_the_tables_only_reviewers_write(
    pg_server: PgServer,
    logins: dict[str, str],  # noqa: F811
) -> None:
    """bob held write grants on these tables (row security refused every row), and LOCK
    checks grants only: ``LOCK TABLE settings`` in an open transaction stopped everyone's
    document list and every reviewer's work until he let go. The grants are the reviewers'."""
    bob = connect(pg_server, logins["bob"], "bob")
    rita = connect(pg_server, logins["rita"], "rita")
    try:
        for table in REVIEWER_TABLES:
            for mode in ("ACCESS EXCLUSIVE", "ROW EXCLUSIVE"):
                with (
                    pytest.raises(psycopg.errors.InsufficientPrivilege),
                    bob.transaction(),
                ):
                    bob.execute(f"LOCK TABLE {table} IN {mode} MODE")
            assert bob.execute(f"SELECT count(*) FROM {table}").fetchone() is not None
            with rita.transaction():
                rita.execute(f"LOCK TABLE {table} IN ROW EXCLUSIVE MODE")
    finally:
        bob.close()
        rita.close()
