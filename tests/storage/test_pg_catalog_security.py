"""Every object of the schema, read from pg_catalog, is guarded (so are tables added later).

The rule of team mode: each table has row security (with no write policy that lets
everything through) or no write grant to ``annotator_user`` or PUBLIC; nobody but the owner
may TRUNCATE (which ignores row security), add triggers or foreign keys; no login can set a
sequence back; every function of the schema has a fixed ``search_path`` with ``pg_temp``
last, names our tables with their schema, and is not executable by PUBLIC; annotator
logins cannot create objects in the schema. The check reads the catalog, not a list of our
tables, so a table or function another branch adds is held to the same rule. It runs on
the suite's database (migrated by a superuser) and on one migrated by a plain owner login
with CREATEROLE, as issue 15's administrator was; and it is shown to catch each fault.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from annotator.services.workspace import open_workspace
from annotator.storage.pg_guard import HERE, guard_problems
from tests.pgserver import PgServer

pytestmark = pytest.mark.postgres

Conn = psycopg.Connection[tuple[object, ...]]


def problems(conn: Conn) -> list[str]:
    """What in the current schema breaks the rule of team mode (empty when all holds): the
    product's own check (``annotator db check`` runs it), shown below to catch each fault."""
    tables = conn.execute(
        "SELECT count(*) FROM pg_class WHERE relnamespace = " + HERE + " AND relkind = 'r'"
    ).fetchone()
    assert tables is not None and tables[0] > 0, "no tables: the check would pass vacuously"
    return guard_problems(lambda statement, params: conn.execute(statement, params).fetchall())


def test_the_suites_database_is_guarded(pg_server: PgServer, pg_url: str) -> None:
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    with pg_server.connect(dbname) as conn:
        assert problems(conn) == []


@pytest.fixture
def owner_database(pg_server: PgServer, pg_url: str) -> Iterator[str]:
    """A database owned and migrated by ``team_admin``, a login with CREATEROLE only."""
    with pg_server.admin() as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'team_admin'").fetchone():
            conn.execute("CREATE ROLE team_admin LOGIN CREATEROLE")
        name = f"owned_{abs(hash(pg_url)) % 10**8}"
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER team_admin TEMPLATE template0").format(
                sql.Identifier(name)
            )
        )
    try:
        yield name
    finally:
        pg_server.drop_database(name)


def test_a_database_migrated_by_a_plain_owner_is_guarded(
    pg_server: PgServer, owner_database: str
) -> None:
    url = f"postgresql+psycopg://team_admin@/{owner_database}?host={pg_server.socket_dir}"
    open_workspace(url).close()
    with pg_server.connect(owner_database) as conn:
        owner = conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'spans'")
        assert owner.fetchone() == ("team_admin",)
        assert problems(conn) == []


def test_postgresql_14s_public_create_is_taken_back(
    pg_server: PgServer, owner_database: str
) -> None:
    """PostgreSQL 14 and older let PUBLIC create in schema public: the migration revokes it."""
    with pg_server.connect(owner_database) as conn:
        conn.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    url = f"postgresql+psycopg://team_admin@/{owner_database}?host={pg_server.socket_dir}"
    open_workspace(url).close()
    with pg_server.connect(owner_database) as conn:
        granted = conn.execute("SELECT has_schema_privilege('public', 'public', 'CREATE')")
        assert granted.fetchone() == (False,)


def test_the_check_catches_each_fault(pg_server: PgServer, pg_url: str) -> None:
    """Each fault planted (as another branch might, by mistake) is reported."""
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    with pg_server.connect(dbname) as conn:
        conn.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)")
        conn.execute("GRANT INSERT, UPDATE ON notes TO annotator_user")
        conn.execute("GRANT UPDATE ON SEQUENCE notes_id_seq TO annotator_user")
        conn.execute("GRANT TRUNCATE ON layers TO annotator_reviewer")
        conn.execute("CREATE POLICY anything ON spans FOR UPDATE USING (true)")
        conn.execute(
            "CREATE FUNCTION loose(i integer) RETURNS boolean LANGUAGE sql "
            "AS 'SELECT EXISTS (SELECT FROM layers WHERE id = i)'"
        )
        conn.execute("GRANT CREATE ON SCHEMA public TO annotator_user")
        try:
            found = problems(conn)
        finally:
            conn.execute("REVOKE CREATE ON SCHEMA public FROM annotator_user")
    assert set(found) == {
        "notes: annotator_user may INSERT/UPDATE without row security",
        "notes_id_seq: annotator_user may setval",
        "notes_id_seq: annotator_reviewer may setval",
        "layers: annotator_reviewer has TRUNCATE",
        "spans: policy anything (UPDATE) lets every row through",
        "loose(integer): search_path not fixed to pg_catalog first, pg_temp last",
        "loose(integer): names table layers without its schema",
        "loose(integer): executable by PUBLIC",
        "schema: annotator_user may create objects in it",
        "schema: annotator_reviewer may create objects in it",
    }


def test_tables_in_another_schema_are_guarded_the_same(
    pg_server: PgServer, owner_database: str
) -> None:
    """The migration names the schema it runs in (``current_schema()``), not ``public``."""
    from tests.storage.test_pg_attacks import connect, ensure_logins

    ensure_logins(pg_server)
    with pg_server.connect(owner_database) as conn:
        conn.execute('CREATE SCHEMA "Team Data" AUTHORIZATION team_admin')
        conn.execute(
            sql.SQL('ALTER DATABASE {} SET search_path = "Team Data"').format(
                sql.Identifier(owner_database)
            )
        )
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO annotator_user").format(
                sql.Identifier(owner_database)
            )
        )
    url = f"postgresql+psycopg://team_admin@/{owner_database}?host={pg_server.socket_dir}"
    open_workspace(url).close()
    with pg_server.connect(owner_database) as conn:
        assert conn.execute("SELECT current_schema()").fetchone() == ("Team Data",)
        assert conn.execute("SELECT to_regclass('public.spans')").fetchone() == (None,)
        assert problems(conn) == []
        source = conn.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = 'annotator_may_write_layer'"
        ).fetchone()
        assert source is not None and '"Team Data".layers' in str(source[0])
        conn.execute('GRANT USAGE ON SCHEMA "Team Data" TO annotator_user')
        conn.execute(
            "INSERT INTO annotators (name, role, created_at) VALUES ('bob', 'annotator', now())"
        )
        (bob,) = conn.execute("SELECT id FROM annotators WHERE name = 'bob'").fetchone() or (0,)
    # alice's temporary annotators table still decides nothing.
    with connect(pg_server, owner_database, "alice") as alice:
        alice.execute("CREATE TEMP TABLE annotators (id int, name text, role text)")
        alice.execute("INSERT INTO pg_temp.annotators VALUES (%s, 'alice', 'annotator')", (bob,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute(
                'INSERT INTO "Team Data".layers (document_id, annotator_id, status, version, '
                "updated_at) VALUES (1, %s, 'new', 1, now())",
                (bob,),
            )
