"""Who decided, commented and assigned is the login, stamped by PostgreSQL (migration 0015).

Audit of the merged branches: ``review_decisions.reviewer``, ``review_comments.author`` and
``assignments.assigned_by`` are free text that every reviewer may write, so a reviewer login
could record a decision in another reviewer's name, backdated. Now the server sets the name
to the login and the time to its clock. Also here: attacks the first round did not try
(prepared statements, ``SET ROLE`` to the group, programs and files through COPY and large
objects, a temporary ``annotator_is_reviewer`` and ``=`` operator first on the path); each
must leave every row, policy and function as it was.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from tests.pgserver import PgServer
from tests.storage import test_pg_attacks as attacks
from tests.storage.test_pg_attacks import Attack, Ids, connect

team = attacks.team  # the fixture, shared: alice and bob annotators, rana a reviewer

pytestmark = pytest.mark.postgres

FORGED = "2020-01-01 00:00:00+00"


def row(server: PgServer, ids: Ids, query: str, *params: object) -> tuple[object, ...]:
    """One row, read as the superuser."""
    with server.connect(ids.dbname) as conn:
        found = conn.execute(query, params).fetchone()
    assert found is not None, query
    return tuple(found)


def recent(moment: object) -> bool:
    assert isinstance(moment, datetime)
    return abs(datetime.now(UTC) - moment) < timedelta(minutes=5)


@pytest.mark.parametrize(
    ("insert", "read"),
    [
        (
            "INSERT INTO review_decisions (document_id, key, reviewer, decided_at) "
            "VALUES ({document}, 'audit-key', 'rita', %s)",
            "SELECT reviewer, decided_at FROM review_decisions WHERE key = 'audit-key'",
        ),
        (
            "INSERT INTO review_comments (document_id, text, author, updated_at) "
            "VALUES ({other_document}, 'rita was here', 'rita', %s)",
            "SELECT author, updated_at FROM review_comments WHERE text = 'rita was here'",
        ),
        (
            "INSERT INTO assignments (document_id, annotator_id, assigned_by, assigned_at) "
            "VALUES ({other_document}, {bob}, 'rita', %s)",
            "SELECT assigned_by, assigned_at FROM assignments WHERE document_id = "
            "{other_document} AND annotator_id = {bob}",
        ),
    ],
    ids=["decision", "comment", "assignment"],
)
def test_a_reviewer_records_only_in_her_own_name_and_at_the_servers_time(
    pg_server: PgServer, team: Ids, insert: str, read: str
) -> None:
    values = {k: v for k, v in vars(team).items() if k != "dbname"}
    table = insert.split()[2]
    person, time = insert.split("(")[1].split(",")[2].strip(), read.split()[2]
    with connect(pg_server, team.dbname, "rana") as conn:
        conn.execute(insert.format(**values), (FORGED,))
    name, moment = row(pg_server, team, read.format(**values))
    assert name == "rana" and recent(moment)  # not 'rita', not 2020
    # Changing the row afterwards does not put another name or time on it either.
    with connect(pg_server, team.dbname, "rana") as conn:
        conn.execute(f"UPDATE {table} SET {person} = 'bob', {time} = %s", (FORGED,))
    name, moment = row(pg_server, team, read.format(**values))
    assert name == "rana" and recent(moment)


def test_the_administrator_may_still_name_the_person_it_acts_for(
    pg_server: PgServer, team: Ids
) -> None:
    with pg_server.connect(team.dbname) as conn:
        conn.execute(
            "INSERT INTO review_decisions (document_id, key, reviewer, decided_at) "
            "VALUES (%s, 'admin-key', 'rita', %s)",
            (team.document, FORGED),
        )
    name, moment = row(
        pg_server,
        team,
        "SELECT reviewer, decided_at FROM review_decisions WHERE key = 'admin-key'",
    )
    assert name == "rita" and recent(moment)


def test_an_annotator_reads_decisions_but_writes_none(pg_server: PgServer, team: Ids) -> None:
    with connect(pg_server, team.dbname, "alice") as conn:
        assert conn.execute("SELECT count(*) FROM review_decisions").fetchone() is not None
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO review_decisions (document_id, key, reviewer, decided_at) "
                "VALUES (%s, 'alice-key', 'alice', now())",
                (team.document,),
            )
        # No grant either (revision 0033): nor a LOCK that would stop the reviewers.
        for statement in ("UPDATE review_decisions SET key = 'x'", "DELETE FROM review_decisions"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


DECISION = (
    "INSERT INTO public.review_decisions (document_id, key, reviewer, decided_at) "
    "VALUES ({document}, 'alice-key', 'rana', now())"
)
MORE_ATTACKS = [
    Attack(
        "prepared statements onto bob's span and layer",
        "alice",
        (
            "PREPARE p (int) AS UPDATE spans SET start = 0 WHERE id = $1",
            "EXECUTE p({bob_span})",  # finds nothing: the row is not hers
            'PREPARE q (int) AS INSERT INTO spans (layer_id, start, "end", label_id, '
            "created_at) VALUES ($1, 0, 3, {per}, now())",
            "EXECUTE q({bob_layer})",
        ),
    ),
    Attack("role of the group, then a decision", "alice", ("SET ROLE annotator_user", DECISION)),
    Attack("become the reviewer group", "alice", ("SET ROLE annotator_reviewer",)),
    Attack("become rana", "alice", ("SET SESSION AUTHORIZATION rana",)),
    Attack("copy from a program", "alice", ("COPY spans FROM PROGRAM 'true'",)),
    Attack("copy to a server file", "rana", ("COPY spans TO '/tmp/annotator-spans.txt'",)),
    Attack("import a server file as a large object", "alice", ("SELECT lo_import('/etc/hosts')",)),
    Attack("read a server file", "rana", ("SELECT pg_read_file('/etc/hosts')",)),
    Attack(
        "temporary annotator_is_reviewer first on the path, then a decision",
        "alice",
        (
            "CREATE FUNCTION pg_temp.annotator_is_reviewer() RETURNS boolean "
            "LANGUAGE sql AS 'SELECT true'",
            "SET search_path = pg_temp, public",
            DECISION,
        ),
    ),
    Attack(
        "temporary = on names first on the path, then a decision",
        "alice",
        (
            "CREATE FUNCTION pg_temp.yes(name, name) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
            "CREATE OPERATOR pg_temp.= (LEFTARG = name, RIGHTARG = name, FUNCTION = pg_temp.yes)",
            "SET search_path = pg_temp, public",
            DECISION,
        ),
    ),
    Attack(
        "temporary review_decisions shadows the table, then a decision",
        "alice",
        (
            "CREATE TEMP TABLE review_decisions (LIKE public.review_decisions)",
            DECISION,
        ),
    ),
    Attack(
        "notify the review poll",
        "alice",
        ("LISTEN annotator", "NOTIFY annotator, 'gold changed'"),
        refused=False,  # nothing listens: review mode polls layer versions
    ),
    Attack(
        "a reviewer replaces the stamping trigger's function",
        "rana",
        (
            "CREATE OR REPLACE FUNCTION public.annotator_stamp_person() RETURNS trigger "
            "LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
        ),
    ),
    Attack(
        "a reviewer drops the stamping trigger",
        "rana",
        ("DROP TRIGGER annotator_stamp_person ON review_decisions",),
    ),
    Attack(
        "a reviewer disables the stamping trigger",
        "rana",
        ("ALTER TABLE review_decisions DISABLE TRIGGER annotator_stamp_person",),
    ),
    Attack(
        "a reviewer turns triggers off for her session",
        "rana",
        ("SET session_replication_role = replica",),
    ),
]


@pytest.mark.parametrize("attack", MORE_ATTACKS, ids=lambda a: re.sub(r"\W+", "-", a.name))
def test_more_attacks_change_nothing(pg_server: PgServer, team: Ids, attack: Attack) -> None:
    attacks.test_attack_changes_nothing(pg_server, team, attack)
