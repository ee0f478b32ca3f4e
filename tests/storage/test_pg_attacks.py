"""Plain logins attack a team database with raw SQL (psql); PostgreSQL itself must hold.

The cluster of ``tests/pgserver.py``; the tables belong to the administrator that migrated.
alice and bob are annotator logins (``annotator_user``), rana a reviewer login
(``annotator_reviewer``), and ``gold`` an annotator login that happens to carry the gold
layer's name. Each attack runs as its login on its own connection, statement after
statement until one is refused; whatever it did, every row of every table (read as the
superuser) must be as before, and where the attack is expected to be refused by the
database, it is. ``ATTACKS`` is the record of what was tried: issue 15's examples
(items 1 to 3) and more (temporary functions and operators, ``search_path``, sequences,
TRUNCATE, COPY, objects in the schema, views, triggers, ``row_security``, roles).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

from annotator.services.annotations import AnnotationService
from annotator.services.review import ReviewService
from annotator.services.workspace import open_workspace
from tests.pgserver import PgServer

pytestmark = pytest.mark.postgres

TEXT = "قال مارك روته إن الحلف قوي في بروكسل"
LOGINS = {
    "alice": "annotator_user",
    "bob": "annotator_user",
    "rana": "annotator_reviewer",
    "gold": "annotator_user",
}
Conn = psycopg.Connection[tuple[object, ...]]
HERE = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
"""The current schema's oid (a name like "Team Data" does not cast to regnamespace)."""


@dataclass(frozen=True)
class Ids:
    """The rows the attacks aim at."""

    dbname: str
    document: int
    other_document: int
    alice: int
    bob: int
    gold: int
    alice_layer: int
    bob_layer: int
    gold_layer: int
    bob_span: int
    per: int


def ensure_logins(server: PgServer) -> None:
    """Create the cluster-wide logins once (the group roles come from migration 0004)."""
    with server.admin() as conn:
        for name, group in LOGINS.items():
            login = sql.Identifier(name)
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(login))
            # Roles are cluster-wide and other tests grant and revoke: set exactly ``group``.
            conn.execute(sql.SQL("REVOKE annotator_reviewer FROM {}").format(login))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), login))


def login_url(server: PgServer, dbname: str, name: str) -> str:
    """The SQLAlchemy URL of ``dbname`` for the login ``name``."""
    host = quote(str(server.socket_dir), safe="")
    return f"postgresql+psycopg://{name}@/{dbname}?host={host}"


def connect(server: PgServer, dbname: str, name: str) -> Conn:
    """A psql-like connection as ``name``: autocommit, every statement on its own."""
    return psycopg.connect(host=str(server.socket_dir), user=name, dbname=dbname, autocommit=True)


def one(conn: Conn, query: str, *params: object) -> int:
    row = conn.execute(query, params).fetchone()
    assert row is not None, query
    return int(str(row[0]))


@pytest.fixture(scope="module")
def team(pg_server: PgServer, pg_template: str) -> Iterator[Ids]:
    """One database with alice's, bob's and the gold layer of a document, made as in use."""
    ensure_logins(pg_server)
    dbname = pg_server.clone(pg_template)
    with pg_server.connect(dbname) as admin:
        doc, other = (
            one(
                admin,
                "INSERT INTO documents (title, text, text_sha256, source, meta, created_at) "
                "VALUES ('t', %s, %s, '', '{}', now()) RETURNING id",
                text,
                f"h{n}",
            )
            for n, text in enumerate((TEXT, TEXT + "."))
        )
    start = TEXT.index("مارك روته")
    for name, end in (("alice", start + 9), ("bob", start + 4)):
        db = open_workspace(login_url(pg_server, dbname, name))
        try:
            AnnotationService(db, name).add_span(doc, start, end, "PER")
        finally:
            db.close()
    db = open_workspace(login_url(pg_server, dbname, "rana"))
    try:
        ReviewService(db, None).start(doc, min_votes=1)
    finally:
        db.close()
    with pg_server.connect(dbname) as admin:

        def layer(who: str) -> int:
            return one(
                admin,
                "SELECT l.id FROM layers l JOIN annotators a ON a.id = l.annotator_id "
                "WHERE a.name = %s AND l.document_id = %s",
                who,
                doc,
            )

        def person(who: str) -> int:
            return one(admin, "SELECT id FROM annotators WHERE name = %s", who)

        ids = Ids(
            dbname=dbname,
            document=doc,
            other_document=other,
            alice=person("alice"),
            bob=person("bob"),
            gold=person("gold"),
            alice_layer=layer("alice"),
            bob_layer=layer("bob"),
            gold_layer=layer("gold"),
            bob_span=one(admin, "SELECT min(id) FROM spans WHERE layer_id = %s", layer("bob")),
            per=one(admin, "SELECT id FROM labels WHERE name = 'PER'"),
        )
    yield ids
    pg_server.recycle(dbname)


def everything(server: PgServer, dbname: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the schema, read as the superuser."""
    with server.connect(dbname) as conn:
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p') "
                "AND c.relnamespace = " + HERE + " ORDER BY 1"
            )
        ]
        return {
            t: conn.execute(
                sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(t))
            ).fetchall()
            for t in tables
        }


def policies(server: PgServer, dbname: str) -> list[tuple[object, ...]]:
    """The schema's policies, functions and triggers (none may be changed by a login)."""
    with server.connect(dbname) as conn:
        return conn.execute(
            "SELECT 'policy', tablename || '.' || policyname, qual || '|' || "
            "coalesce(with_check, '') FROM pg_policies "
            "UNION ALL SELECT 'function', p.oid::regprocedure::text, p.prosrc "
            "FROM pg_proc p WHERE p.pronamespace = " + HERE + " "
            "UNION ALL SELECT 'trigger', tgname, tgrelid::regclass::text FROM pg_trigger "
            "WHERE NOT tgisinternal "
            "UNION ALL SELECT 'grants', c.relname, coalesce(c.relacl::text, '') || "
            "c.relrowsecurity::text FROM pg_class c "
            "WHERE c.relnamespace = " + HERE + " "
            "UNION ALL SELECT 'member', r.rolname, m.roleid::regrole::text "
            "FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "UNION ALL SELECT 'schema', nspname, coalesce(nspacl::text, '') FROM pg_namespace "
            "WHERE nspname NOT LIKE 'pg_temp%%' AND nspname NOT LIKE 'pg_toast_temp%%' "
            "ORDER BY 1, 2, 3"
        ).fetchall()


@dataclass(frozen=True)
class Attack:
    """What a login tries, in order; ``refused``: the database must raise an error."""

    name: str
    login: str
    statements: tuple[str, ...]
    refused: bool = True


SHADOW_ANNOTATORS = (
    "CREATE TEMP TABLE annotators (id int, name text, role text)",
    "INSERT INTO pg_temp.annotators VALUES ({alice}, 'alice', 'annotator'), "
    "({bob}, 'alice', 'annotator'), ({gold}, 'alice', 'gold')",
)
SHADOW_LAYERS = (
    "CREATE TEMP TABLE layers (id int, annotator_id int, document_id int)",
    "INSERT INTO pg_temp.layers VALUES ({bob_layer}, {alice}, {document}), "
    "({gold_layer}, {alice}, {document})",
)

ATTACKS = [
    # -- issue 15 item 1: shadowing the policy functions' tables -----------------------------
    Attack(
        "temp annotators, move bob's span",
        "alice",
        (*SHADOW_ANNOTATORS, "UPDATE spans SET start = 0 WHERE id = {bob_span}"),
        refused=False,  # nothing to update: the row is not alice's
    ),
    Attack(
        "temp annotators, span into bob's layer",
        "alice",
        (
            *SHADOW_ANNOTATORS,
            'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
            "VALUES ({bob_layer}, 0, 3, {per}, now())",
        ),
    ),
    Attack(
        "temp annotators, span into the gold layer",
        "alice",
        (
            *SHADOW_ANNOTATORS,
            'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
            "VALUES ({gold_layer}, 0, 3, {per}, now())",
        ),
    ),
    Attack(
        "temp annotators, bob's layer done",
        "alice",
        (*SHADOW_ANNOTATORS, "UPDATE layers SET status = 'done' WHERE id = {bob_layer}"),
        refused=False,
    ),
    Attack(
        "temp annotators, delete bob's spans",
        "alice",
        (*SHADOW_ANNOTATORS, "DELETE FROM spans WHERE layer_id = {bob_layer}"),
        refused=False,
    ),
    Attack(
        "temp layers, span into bob's layer",
        "alice",
        (
            *SHADOW_LAYERS,
            'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
            "VALUES ({bob_layer}, 0, 3, {per}, now())",
        ),
    ),
    Attack(
        "temp layers and annotators, delete gold spans",
        "alice",
        (
            *SHADOW_ANNOTATORS,
            *SHADOW_LAYERS,
            "DELETE FROM spans WHERE layer_id = {gold_layer}",
        ),
        refused=False,
    ),
    Attack(
        "search_path = pg_temp, public; temp tables; span into bob's layer",
        "alice",
        (
            "SET search_path = pg_temp, public",
            *SHADOW_ANNOTATORS,
            *SHADOW_LAYERS,
            'INSERT INTO public.spans (layer_id, start, "end", label_id, created_at) '
            "VALUES ({bob_layer}, 0, 3, {per}, now())",
        ),
    ),
    Attack(
        "temp function pg_has_role/annotator_is_reviewer, span into gold",
        "alice",
        (
            "CREATE FUNCTION pg_temp.pg_has_role(name, text, text) RETURNS boolean "
            "LANGUAGE sql AS 'SELECT true'",
            "CREATE FUNCTION pg_temp.annotator_is_reviewer() RETURNS boolean "
            "LANGUAGE sql AS 'SELECT true'",
            "SET search_path = pg_temp, public",
            'INSERT INTO public.spans (layer_id, start, "end", label_id, created_at) '
            "VALUES ({gold_layer}, 0, 3, {per}, now())",
        ),
    ),
    Attack(
        "temp operator = (integer, integer), span into bob's layer",
        "alice",
        (
            "CREATE FUNCTION pg_temp.yes(integer, integer) RETURNS boolean "
            "LANGUAGE sql AS 'SELECT true'",
            "CREATE OPERATOR pg_temp.= (LEFTARG = integer, RIGHTARG = integer, "
            "FUNCTION = pg_temp.yes)",
            "SET search_path = pg_temp, public",
            'INSERT INTO public.spans (layer_id, start, "end", label_id, created_at) '
            "VALUES ({bob_layer}, 0, 3, {per}, now())",
        ),
    ),
    # -- issue 15 item 2: documents and labels -----------------------------------------------
    Attack("delete a document", "alice", ("DELETE FROM documents WHERE id = {document}",)),
    Attack(
        "rewrite a document's text",
        "alice",
        ("UPDATE documents SET text = 'x' || text WHERE id = {document}",),
    ),
    Attack(
        "add a document",
        "alice",
        (
            "INSERT INTO documents (title, text, text_sha256, source, meta, created_at) "
            "VALUES ('x', 'x', 'x', '', '{{}}', now())",
        ),
    ),
    Attack("rename a label", "alice", ("UPDATE labels SET name = 'PERX' WHERE name = 'PER'",)),
    Attack("retype a label", "alice", ("UPDATE labels SET kind = 'topic' WHERE name = 'PER'",)),
    Attack("delete a label", "alice", ("DELETE FROM labels WHERE name = 'health'",)),
    Attack(
        "add a label",
        "alice",
        (
            "INSERT INTO labels (name, kind, colour, description, position) "
            "VALUES ('EVILX', 'entity', '#000', '', 99)",
        ),
    ),
    Attack("reviewer deletes a document", "rana", ("DELETE FROM documents",)),
    Attack("reviewer rewrites a document", "rana", ("UPDATE documents SET text = 'x'",)),
    # -- issue 15 item 3: identity --------------------------------------------------------
    Attack(
        "reviewer renames herself and bob to take bob's layer",
        "rana",
        (
            "UPDATE annotators SET name = 'rana_old' WHERE name = 'rana'",
            "UPDATE annotators SET name = 'rana' WHERE name = 'bob'",
            "UPDATE layers SET status = 'done' WHERE id = {bob_layer}",
        ),
    ),
    Attack(
        "reviewer renames bob",
        "rana",
        ("UPDATE annotators SET name = 'bob2' WHERE name = 'bob'",),
    ),
    Attack(
        "reviewer deletes bob (his layers by cascade)",
        "rana",
        ("DELETE FROM annotators WHERE name = 'bob'",),
    ),
    Attack(
        "reviewer makes bob's row the gold one",
        "rana",
        ("UPDATE annotators SET role = 'gold' WHERE name = 'bob'",),
        refused=False,  # bob's row is not hers to update: nothing found
    ),
    Attack(
        "reviewer adds a second gold row",
        "rana",
        (
            "INSERT INTO annotators (name, role, created_at) VALUES ('gold2', 'gold', now())",
            "INSERT INTO layers (document_id, annotator_id, status, version, updated_at) "
            "SELECT {other_document}, id, 'new', 1, now() FROM annotators WHERE name = 'gold2'",
        ),
    ),
    Attack(
        "login named gold writes the gold layer",
        "gold",
        (
            'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
            "VALUES ({gold_layer}, 0, 3, {per}, now())",
        ),
    ),
    Attack(
        "login named gold marks gold done",
        "gold",
        ("UPDATE layers SET status = 'done' WHERE id = {gold_layer}",),
        refused=False,
    ),
    Attack(
        "login named gold starts a gold layer",
        "gold",
        (
            "INSERT INTO layers (document_id, annotator_id, status, version, updated_at) "
            "VALUES ({other_document}, {gold}, 'new', 1, now())",
        ),
    ),
    Attack(
        "annotator promotes herself in the table",
        "alice",
        ("UPDATE annotators SET role = 'reviewer' WHERE name = 'alice'",),
    ),
    Attack(
        "annotator renames herself",
        "alice",
        ("UPDATE annotators SET name = 'alice2' WHERE name = 'alice'",),
    ),
    Attack(
        "annotator registers as a reviewer",
        "gold",
        ("INSERT INTO annotators (name, role, created_at) VALUES ('gold', 'reviewer', now())",),
    ),
    Attack(
        "annotator moves her layer to bob",
        "alice",
        ("UPDATE layers SET annotator_id = {bob} WHERE id = {alice_layer}",),
    ),
    Attack(
        "backdated set_role in her own name",
        "alice",
        (
            "INSERT INTO events (at, actor, action, detail) VALUES "
            "('2020-01-01', 'alice', 'set_role', "
            '\'{{"annotator": "alice", "role": ["annotator", "reviewer"]}}\')',
        ),
    ),
    Attack(
        "event in bob's name",
        "alice",
        ("INSERT INTO events (at, actor, action, detail) VALUES (now(), 'bob', 'x', '{{}}')",),
    ),
    Attack(
        "event about bob's layer",
        "alice",
        (
            "INSERT INTO events (at, actor, action, document_id, layer_id, detail) VALUES "
            "(now(), 'alice', 'add_span', {document}, {bob_layer}, '{{}}')",
        ),
    ),
    Attack(
        "reviewer's backdated set_role",
        "rana",
        (
            "INSERT INTO events (at, actor, action, detail) VALUES "
            "('2020-01-01', 'rana', 'set_role', '{{}}')",
        ),
    ),
    Attack("change history", "rana", ("UPDATE events SET actor = 'bob'",), refused=True),
    Attack("erase history", "rana", ("DELETE FROM events",)),
    # -- beyond the examples ---------------------------------------------------------------
    Attack("truncate spans", "alice", ("TRUNCATE spans CASCADE",)),
    Attack("truncate events", "rana", ("TRUNCATE events",)),
    Attack("truncate documents", "rana", ("TRUNCATE documents CASCADE",)),
    Attack(
        "copy rows into bob's layer",
        "alice",
        ('COPY spans (layer_id, start, "end", label_id, created_at) FROM STDIN',),
    ),
    Attack("set a sequence back", "alice", ("SELECT setval('spans_id_seq', 1)",)),
    Attack("row_security off", "alice", ("SET row_security = off", "DELETE FROM spans")),
    Attack(
        "upsert onto bob's span",
        "alice",
        (
            'INSERT INTO spans (id, layer_id, start, "end", label_id, created_at) '
            "VALUES ({bob_span}, {alice_layer}, 0, 3, {per}, now()) "
            "ON CONFLICT (id) DO UPDATE SET start = 0",
        ),
    ),
    Attack(
        "write through a temporary view",
        "alice",
        (
            "CREATE TEMP VIEW mine AS SELECT * FROM public.spans",
            "UPDATE mine SET start = 0 WHERE layer_id = {bob_layer}",
            'INSERT INTO mine (layer_id, start, "end", label_id, created_at) '
            "VALUES ({bob_layer}, 0, 3, {per}, now())",
        ),
    ),
    Attack(
        "plant a function in the schema (CVE-2018-1058 style)",
        "alice",
        (
            "CREATE FUNCTION public.lower(character varying) RETURNS text "
            "LANGUAGE sql AS 'SELECT pg_catalog.lower($1::text)'",
        ),
    ),
    Attack("create a table in the schema", "rana", ("CREATE TABLE public.junk (x int)",)),
    Attack("create a schema", "alice", ("CREATE SCHEMA evil",)),
    Attack(
        "trigger on a table she does not own",
        "alice",
        (
            "CREATE FUNCTION pg_temp.t() RETURNS trigger LANGUAGE plpgsql AS "
            "'BEGIN RETURN NEW; END'",
            "CREATE TRIGGER t BEFORE INSERT ON public.spans FOR EACH ROW "
            "EXECUTE FUNCTION pg_temp.t()",
        ),
    ),
    Attack(
        "replace a policy function",
        "rana",
        (
            "CREATE OR REPLACE FUNCTION public.annotator_may_write_owner(owner integer) "
            "RETURNS boolean LANGUAGE sql AS 'SELECT true'",
        ),
    ),
    Attack("drop a policy", "rana", ("DROP POLICY write_own ON spans",)),
    Attack("switch row security off", "rana", ("ALTER TABLE spans DISABLE ROW LEVEL SECURITY",)),
    Attack("disable the audit trigger", "rana", ("ALTER TABLE events DISABLE TRIGGER ALL",)),
    Attack("become a reviewer", "alice", ("SET ROLE annotator_reviewer",)),
    Attack("grant herself the reviewer role", "alice", ("GRANT annotator_reviewer TO alice",)),
    Attack("reviewer grants the role to bob", "rana", ("GRANT annotator_reviewer TO bob",)),
    Attack("become bob", "alice", ("SET SESSION AUTHORIZATION bob",)),
    Attack("become the administrator", "rana", ("SET ROLE postgres",)),
    Attack(
        "assign herself documents",
        "alice",
        (
            "INSERT INTO assignments (document_id, annotator_id, assigned_by, assigned_at) "
            "VALUES ({other_document}, {alice}, 'rana', now())",
        ),
    ),
    Attack(
        "temp pg_roles/pg_class claim she is superuser, event in bob's name",
        "alice",
        (
            "CREATE TEMP TABLE pg_roles (rolname name, rolsuper bool, rolbypassrls bool, "
            "rolcanlogin bool, oid oid)",
            "INSERT INTO pg_temp.pg_roles VALUES ('alice', true, true, true, 1)",
            "SET search_path = pg_temp, public",
            "INSERT INTO public.events (at, actor, action, detail) VALUES "
            "('2020-01-01', 'bob', 'set_role', '{{}}')",
        ),
    ),
    Attack(
        "event naming another document than her layer's",
        "alice",
        (
            "INSERT INTO events (at, actor, action, document_id, layer_id, detail) VALUES "
            "(now(), 'alice', 'add_span', {other_document}, {alice_layer}, '{{}}')",
        ),
    ),
    Attack(
        "relation from her layer to bob's span",
        "alice",
        (
            "INSERT INTO relations (layer_id, head_span_id, child_span_id, label) "
            "SELECT {alice_layer}, min(id), {bob_span}, 'SPEAKER' FROM spans "
            "WHERE layer_id = {alice_layer}",
        ),
    ),
    Attack(
        "reviewer passes her label rights on",
        "rana",
        ("GRANT INSERT, UPDATE ON labels TO alice",),
        refused=False,  # only a warning: she holds no grant option; nothing granted
    ),
    Attack(
        "change a policy function's search_path",
        "rana",
        ("ALTER FUNCTION annotator_may_write_owner(integer) SET search_path = pg_temp",),
    ),
    Attack(
        "an anonymous block that writes bob's layer",
        "alice",
        (
            "DO $$ BEGIN UPDATE public.spans SET start = 0 WHERE id = {bob_span}; "
            "IF NOT FOUND THEN RAISE EXCEPTION 'nothing updated'; END IF; END $$",
        ),
    ),
    Attack("turn blind mode off", "alice", ("UPDATE settings SET value = 'off'",), refused=False),
    Attack(
        "add a setting",
        "alice",
        ("INSERT INTO settings (key, value) VALUES ('blind_mode', 'off')",),
    ),
]


def _run(conn: Conn, statements: tuple[str, ...], ids: Ids) -> tuple[str | None, list[str]]:
    """Run the statements in order; (the refusal's SQLSTATE and message, or None; log)."""
    log: list[str] = []
    values = {k: v for k, v in vars(ids).items() if k != "dbname"}
    for statement in statements:
        query = statement.format(**values)
        try:
            if query.startswith("COPY"):
                with conn.cursor().copy(query) as copy:
                    copy.write_row((ids.bob_layer, 0, 3, ids.per, "2020-01-01"))
                log.append(f"{query[:40]}: copied")
            else:
                cursor = conn.execute(query)
                log.append(f"{query[:40]}: {cursor.statusmessage}")
        except psycopg.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return f"{exc.sqlstate}: {message}", log
    return None, log


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: re.sub(r"\W+", "-", a.name))
def test_attack_changes_nothing(pg_server: PgServer, team: Ids, attack: Attack) -> None:
    rows = everything(pg_server, team.dbname)
    rules = policies(pg_server, team.dbname)
    with connect(pg_server, team.dbname, attack.login) as conn:
        refusal, log = _run(conn, attack.statements, team)
    report = f"{attack.login}: {attack.name}: {refusal or 'ran'} ({'; '.join(log)})"
    print(report)
    after = everything(pg_server, team.dbname)
    changed = [t for t in rows if rows[t] != after.get(t)]
    assert not changed, f"{report}: changed {changed}"
    assert policies(pg_server, team.dbname) == rules, report
    if attack.refused:
        assert refusal is not None, f"{report}: not refused"
