"""PostgreSQL enforces the review rules itself: two logins, a modified client, raw SQL.

alice and bob are annotator logins (members of ``annotator_user``), rita a reviewer login
(``annotator_reviewer``); none owns the tables, so row-level security applies to them.
bob's own connection, through raw SQL, cannot write alice's layer, the gold layer, others'
annotator rows, assignments or other people's audit entries; rita can write gold.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

from annotator.core.errors import PermissionDeniedError
from annotator.services import access
from annotator.services.annotations import AnnotationService
from annotator.services.review import ReviewService
from annotator.services.workspace import open_workspace
from annotator.storage.database import Database
from tests.pgserver import PgServer

pytestmark = pytest.mark.postgres

TEXT = "قال مارك روته إن الحلف قوي في بروكسل"
LOGINS = {"alice": "annotator_user", "bob": "annotator_user", "rita": "annotator_reviewer"}


@pytest.fixture
def logins(pg_server: PgServer, pg_url: str) -> Iterator[dict[str, str]]:
    """URLs of the same fresh database for alice, bob and rita (logins made once)."""
    with pg_server.admin() as conn:
        for name, group in LOGINS.items():
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                continue
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                    sql.Identifier(name), sql.Identifier(group)
                )
            )
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    host = quote(str(pg_server.socket_dir), safe="")
    yield {name: f"postgresql+psycopg://{name}@/{dbname}?host={host}" for name in LOGINS}


@pytest.fixture
def document(pg_url: str) -> int:
    """One document, imported by the administrator."""
    admin = open_workspace(pg_url)
    try:
        with admin.write() as s:
            from sqlalchemy import insert

            from annotator.storage import models as m

            doc = s.scalar(
                insert(m.Document)
                .values(title="t", text=TEXT, text_sha256="h", source="", meta={})
                .returning(m.Document.id)
            )
        assert doc is not None
        return doc
    finally:
        admin.close()


def connect(pg_server: PgServer, url: str, name: str) -> psycopg.Connection[tuple[object, ...]]:
    """bob's "modified client": a raw connection as that login, autocommit."""
    dbname = url.split("@/", 1)[1].split("?", 1)[0]
    return psycopg.connect(
        host=str(pg_server.socket_dir), user=name, dbname=dbname, autocommit=True
    )


def refused(conn: psycopg.Connection[tuple[object, ...]], query: str, *params: object) -> None:
    """The statement fails with a privilege / row security error."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(query, params)


def test_logins_write_only_their_own_layers(
    pg_server: PgServer, logins: dict[str, str], document: int
) -> None:
    dbs: dict[str, Database] = {name: open_workspace(url) for name, url in logins.items()}
    try:
        # The services follow the login: alice is alice, whatever name she claims.
        alice = AnnotationService(dbs["alice"], "alice")
        with pytest.raises(PermissionDeniedError, match="logged in to the database as 'alice'"):
            AnnotationService(dbs["alice"], "bob")
        assert access.resolve_actor(dbs["alice"], None) == access.Actor("alice", "annotator")
        start = TEXT.index("مارك روته")
        alice.add_span(document, start, start + 9, "PER")
        alice.set_topic(document, "politics", True)
        AnnotationService(dbs["bob"], "bob").add_span(document, start, start + 4, "PER")
        with pytest.raises(PermissionDeniedError, match="for reviewers"):
            ReviewService(dbs["bob"], None)

        with connect(pg_server, logins["bob"], "bob") as bob:
            layer = bob.execute(
                "SELECT l.id FROM layers l JOIN annotators a ON a.id = l.annotator_id "
                "WHERE a.name = 'alice'"
            ).fetchone()
            assert layer is not None  # everyone reads everything (blind mode is no boundary)
            (alice_layer,) = layer
            (per,) = bob.execute("SELECT id FROM labels WHERE name = 'PER'").fetchone() or (0,)
            before = bob.execute(
                'SELECT id, start, "end" FROM spans WHERE layer_id = %s ORDER BY id',
                (alice_layer,),
            ).fetchall()
            refused(
                bob,
                'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
                "VALUES (%s, 0, 3, %s, now())",
                alice_layer,
                per,
            )
            # Updates and deletes of rows bob may not write find nothing to change.
            assert (
                bob.execute(
                    "UPDATE spans SET start = 1 WHERE layer_id = %s", (alice_layer,)
                ).rowcount
                == 0
            )
            assert (
                bob.execute("DELETE FROM spans WHERE layer_id = %s", (alice_layer,)).rowcount == 0
            )
            assert (
                bob.execute("DELETE FROM layer_topics WHERE layer_id = %s", (alice_layer,)).rowcount
                == 0
            )
            assert (
                bob.execute(
                    "UPDATE layers SET status = 'done' WHERE id = %s", (alice_layer,)
                ).rowcount
                == 0
            )
            # Moving his own span into alice's layer is refused too.
            refused(
                bob,
                "UPDATE spans SET layer_id = %s WHERE layer_id IN (SELECT l.id FROM layers l "
                "JOIN annotators a ON a.id = l.annotator_id WHERE a.name = 'bob')",
                alice_layer,
            )
            # No gold layer, no layer in another's name, no promotion, no forged history.
            refused(
                bob,
                "INSERT INTO layers (document_id, annotator_id, status, version, updated_at) "
                "SELECT %s, id, 'new', 1, now() FROM annotators WHERE name = 'gold'",
                document,
            )
            # His own row's role follows his login's groups (migration 0007): refused.
            refused(bob, "UPDATE annotators SET role = 'reviewer' WHERE name = 'bob'")
            refused(
                bob,
                "INSERT INTO annotators (name, role, created_at) "
                "VALUES ('eve', 'annotator', now())",
            )
            refused(
                bob,
                "INSERT INTO events (at, actor, action, detail) VALUES (now(), 'alice', 'x', '{}')",
            )
            refused(bob, "DELETE FROM events")
            refused(
                bob,
                "INSERT INTO assignments (document_id, annotator_id, assigned_by, assigned_at) "
                "SELECT %s, id, 'bob', now() FROM annotators WHERE name = 'bob'",
                document,
            )
            refused(bob, "INSERT INTO settings (key, value) VALUES ('blind_mode', 'off')")
            after = bob.execute(
                'SELECT id, start, "end" FROM spans WHERE layer_id = %s ORDER BY id',
                (alice_layer,),
            ).fetchall()
            assert after == before and len(after) == 1

        # rita, a reviewer login, writes gold through the services and by raw SQL.
        rita = ReviewService(dbs["rita"], None)
        assert rita.actor.name == "rita" and rita.actor.is_reviewer
        rita.start(document, min_votes=1)
        gold = rita.gold.layer_state(document)
        assert {s.label for s in gold.spans} == {"PER"} and gold.topics == {"politics"}
        with connect(pg_server, logins["rita"], "rita") as conn:
            (gold_layer,) = conn.execute(
                "SELECT l.id FROM layers l JOIN annotators a ON a.id = l.annotator_id "
                "WHERE a.role = 'gold'"
            ).fetchone() or (0,)
            conn.execute(
                'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
                "SELECT %s, 0, 3, id, now() FROM labels WHERE name = 'ORG'",
                (gold_layer,),
            )
            # ...but not alice's layer either.
            assert (
                conn.execute(
                    "DELETE FROM spans WHERE layer_id = (SELECT l.id FROM layers l JOIN annotators "
                    "a ON a.id = l.annotator_id WHERE a.name = 'alice')"
                ).rowcount
                == 0
            )
            conn.execute("INSERT INTO settings (key, value) VALUES ('blind_mode', 'on')")
        assert access.blind_mode(dbs["alice"])
        # Every write left its audit entry under the login's own name.
        with connect(pg_server, logins["alice"], "alice") as conn:
            actors = {row[0] for row in conn.execute("SELECT DISTINCT actor FROM events")}
        assert actors == {"alice", "bob", "rita"}
    finally:
        for db in dbs.values():
            db.close()


def test_only_the_administrator_grants_the_reviewer_right(
    pg_server: PgServer, pg_url: str, logins: dict[str, str]
) -> None:
    alice_db = open_workspace(logins["alice"])
    admin_db = open_workspace(pg_url)
    try:
        alice = access.resolve_actor(alice_db, None)
        with pytest.raises(PermissionDeniedError, match="administrator"):
            access.set_role(alice_db, alice, "alice", "reviewer")
        admin = access.resolve_actor(admin_db, None)
        assert admin.admin and admin.is_reviewer
        access.set_role(admin_db, admin, "bob", "reviewer")
        with pg_server.admin() as conn:
            row = conn.execute("SELECT pg_has_role('bob', 'annotator_reviewer', 'MEMBER')")
            assert row.fetchone() == (True,)
        access.set_role(admin_db, admin, "bob", "annotator")
        with pg_server.admin() as conn:
            row = conn.execute("SELECT pg_has_role('bob', 'annotator_reviewer', 'MEMBER')")
            assert row.fetchone() == (False,)
    finally:
        alice_db.close()
        admin_db.close()
