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
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO guidelines (text, author, created_at) VALUES ('x', 'bob', now())"
                )
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE guidelines SET text = 'rewritten history'")
        assert [v.text for v in guidelines.history(rita_db)] == ["# دليل\n\n## PER\nشخص"]
    finally:
        rita_db.close()
        bob_db.close()
