"""PostgreSQL guards the guidelines itself: annotators read them, reviewers append in their name.

bob (annotator login) cannot insert, change or delete a version through raw SQL; rita
(reviewer login) appends through the service, but not under another author's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

from annotator.core.errors import PermissionDeniedError
from annotator.services import access, audit, guidelines
from annotator.services.workspace import open_workspace
from tests.pgserver import PgServer

pytestmark = pytest.mark.postgres
LOGINS = {"bob": "annotator_user", "rita": "annotator_reviewer"}


@pytest.fixture
def logins(pg_server: PgServer, pg_url: str) -> Iterator[dict[str, str]]:
    with pg_server.admin() as conn:
        for name, group in LOGINS.items():
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                continue
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                    sql.Identifier(name), sql.Identifier(group)
                )
            )
    admin = open_workspace(pg_url)  # migrates
    admin.close()
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    host = quote(str(pg_server.socket_dir), safe="")
    yield {name: f"postgresql+psycopg://{name}@/{dbname}?host={host}" for name in LOGINS}


def raw(pg_server: PgServer, url: str, name: str) -> psycopg.Connection[tuple[object, ...]]:
    dbname = url.split("@/", 1)[1].split("?", 1)[0]
    return psycopg.connect(
        host=str(pg_server.socket_dir), user=name, dbname=dbname, autocommit=True
    )


def test_only_reviewers_write_guidelines_in_their_own_name(
    pg_server: PgServer, logins: dict[str, str]
) -> None:
    rita_db = open_workspace(logins["rita"])
    bob_db = open_workspace(logins["bob"])
    try:
        rita = access.resolve_actor(rita_db, None)
        version = guidelines.set_guidelines(rita_db, rita, "# دليل\n\n## PER\nشخص")
        assert version is not None and version.author == "rita"
        (entry,) = [e for e in audit.read_events(rita_db) if e.action == "set_guidelines"]
        assert (entry.actor, entry.detail["version"]) == ("rita", version.version)

        bob = access.resolve_actor(bob_db, None)
        with pytest.raises(PermissionDeniedError, match="for reviewers"):
            guidelines.set_guidelines(bob_db, bob, "# mine")
        assert guidelines.current(bob_db) == version  # bob reads them

        with raw(pg_server, logins["bob"], "bob") as conn:
            for statement in (
                "INSERT INTO guidelines (text, author, created_at) VALUES ('x', 'bob', now())",
                "UPDATE guidelines SET text = 'x'",
                "DELETE FROM guidelines",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
        with raw(pg_server, logins["rita"], "rita") as conn:
            # The server names her the author (revision 0032), and a version without its
            # audit entry is refused at the commit.
            with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
                conn.execute(
                    "INSERT INTO guidelines (text, author, created_at) VALUES ('x', 'bob', now())"
                )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE guidelines SET text = 'rewritten history'")
        assert [v.text for v in guidelines.history(rita_db)] == ["# دليل\n\n## PER\nشخص"]
    finally:
        rita_db.close()
        bob_db.close()


def test_a_reviewer_cannot_backdate_renumber_or_leave_a_version_out_of_the_audit_log(
    pg_server: PgServer, logins: dict[str, str]
) -> None:
    """Through psql a reviewer chose a version's id and time and wrote no audit entry: a
    version dated 2000 with an id above the sequence stayed "in force" for good. The server
    now numbers and dates each version and refuses one without its audit entry."""
    rita_db = open_workspace(logins["rita"])
    try:
        rita = access.resolve_actor(rita_db, None)
        first = guidelines.set_guidelines(rita_db, rita, "# v1")
        assert first is not None
        forged = (
            "INSERT INTO guidelines (id, text, author, created_at) "
            "VALUES (2147483000, %s, 'rita', '2000-01-01') RETURNING id, created_at"
        )
        with raw(pg_server, logins["rita"], "rita") as conn:
            with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="audit entry"):
                conn.execute(forged, ("# no entry",))
            # With an entry of her own for it, the version is hers, numbered and dated by
            # the server; the entry's actor and time are the server's too (revision 0007).
            with conn.transaction():
                version, created = conn.execute(forged, ("# by psql",)).fetchone() or (0, None)
                conn.execute(
                    "INSERT INTO events (actor, action, detail, at) VALUES "
                    "('rita', 'set_guidelines', %s, '2000-01-01')",
                    (f'{{"version": {version}}}',),
                )
        # the sequence's next number (the refused insert used one up), not the one chosen
        assert first.version < version < 10 and created is not None
        assert abs(created - first.created_at).total_seconds() < 600
        later = guidelines.set_guidelines(rita_db, rita, "# v3")
        assert later is not None and later.version == version + 1
        assert guidelines.current(rita_db) == later  # the service's version is in force
        assert [v.text for v in guidelines.history(rita_db)] == ["# v1", "# by psql", "# v3"]
        logged = [
            e.detail["version"] for e in audit.read_events(rita_db) if e.action == "set_guidelines"
        ]
        assert logged == [first.version, version, later.version]
    finally:
        rita_db.close()


def test_annotators_cannot_use_up_the_reviewers_sequences(
    pg_server: PgServer, logins: dict[str, str]
) -> None:
    """Only reviewers write suggestion models and patterns: their id sequences are theirs."""
    for table in ("suggest_models", "suggest_patterns"):
        query = f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
        with (
            raw(pg_server, logins["bob"], "bob") as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(query)
        with raw(pg_server, logins["rita"], "rita") as conn:
            assert conn.execute(query).fetchone() is not None
