"""PostgreSQL guards the uncertainty scores (migrations 0023, 0027) itself: raw SQL as
plain logins.

Each login keeps its own scores: it reads, stores and deletes only its own rows (so a
made-up score cannot move a document in a colleague's list), stores only scores of the
current model version, deletes only those of versions no longer current; nobody changes a
stored score.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from tests.pgserver import PgServer
from tests.storage.test_row_security import connect, document, logins, refused  # noqa: F401

pytestmark = pytest.mark.postgres

INSERT = (
    "INSERT INTO uncertainty_scores (document_id, kind, version, score) VALUES (%s, %s, %s, %s)"
)
MODEL = (
    "INSERT INTO suggest_models (kind, version, data, info, trained_by, trained_at) "
    "VALUES ('entity', %s, %s, '{}', 'rita', now())"
)


def store_model(
    rita: psycopg.Connection[tuple[object, ...]], version: int, data: bytes = b"\x00"
) -> None:
    """rita stores an entity model through psql, with its audit entry (revision 0033)."""
    with rita.transaction():
        rita.execute(MODEL, (version, data))
        rita.execute(
            "INSERT INTO events (actor, action, detail, at) VALUES ('rita', 'suggest_train', "
            "%s, now())",
            (f'{{"kind": "entity", "version": {version}}}',),
        )


def test_scores_of_the_current_model_only_never_changed(
    pg_server: PgServer,
    logins: dict[str, str],  # noqa: F811
    document: int,  # noqa: F811
) -> None:
    bob = connect(pg_server, logins["bob"], "bob")
    rita = connect(pg_server, logins["rita"], "rita")
    try:
        # No model yet: no score can be stored.
        refused(bob, INSERT, document, "entity", 1, 0.5)
        store_model(rita, 1)
        rita.execute(INSERT, (document, "entity", 1, 0.5))
        bob.execute(INSERT, (document, "entity", 1, 0.5))
        refused(bob, INSERT, document, "entity", 2, 0.5)  # a future version
        refused(bob, INSERT, document, "topic", 1, 0.5)  # no topic model
        refused(bob, "UPDATE uncertainty_scores SET score = 0.9")
        # The current version's scores stay: a DELETE sees none of them.
        bob.execute("DELETE FROM uncertainty_scores")
        assert bob.execute("SELECT score FROM uncertainty_scores").fetchall() == [(0.5,)]
        store_model(rita, 2)
        refused(bob, INSERT, document, "entity", 1, 0.1)  # no longer current
        bob.execute(INSERT, (document, "entity", 2, 0.7))
        bob.execute("DELETE FROM uncertainty_scores")  # his stale version-1 score goes
        assert bob.execute("SELECT version, score FROM uncertainty_scores").fetchall() == [(2, 0.7)]
        # rita's stale score is hers: bob neither saw nor deleted it.
        assert rita.execute("SELECT version, score FROM uncertainty_scores").fetchall() == [
            (1, 0.5)
        ]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute("TRUNCATE uncertainty_scores")
    finally:
        bob.close()
        rita.close()


def test_a_login_cannot_write_into_a_colleagues_scores(
    pg_server: PgServer,
    logins: dict[str, str],  # noqa: F811
    document: int,  # noqa: F811
) -> None:
    bob = connect(pg_server, logins["bob"], "bob")
    alice = connect(pg_server, logins["alice"], "alice")
    rita = connect(pg_server, logins["rita"], "rita")
    spoof = (
        "INSERT INTO uncertainty_scores (login, document_id, kind, version, score) "
        "VALUES (%s, %s, 'entity', 1, %s)"
    )
    try:
        store_model(rita, 1)
        # bob stores a made-up score before alice has any: only bob sees it.
        bob.execute(INSERT, (document, "entity", 1, 1.0))
        assert bob.execute("SELECT login, score FROM uncertainty_scores").fetchall() == [
            ("bob", 1.0)
        ]
        assert alice.execute("SELECT count(*) FROM uncertainty_scores").fetchone() == (0,)
        # Writing under her name is refused, whoever he claims to be.
        refused(bob, spoof, "alice", document, 1.0)
        refused(bob, "SET ROLE alice")
        # alice's own score is stored beside his, not shadowed by it.
        alice.execute(INSERT, (document, "entity", 1, 0.2))
        assert alice.execute("SELECT login, score FROM uncertainty_scores").fetchall() == [
            ("alice", 0.2)
        ]
        refused(bob, "UPDATE uncertainty_scores SET score = 0 WHERE login = 'alice'")
        bob.execute("DELETE FROM uncertainty_scores WHERE login = 'alice'")
        assert alice.execute("SELECT count(*) FROM uncertainty_scores").fetchone() == (1,)
    finally:
        bob.close()
        alice.close()
        rita.close()


def test_an_annotator_login_ranks_his_list_through_the_service(
    pg_server: PgServer,
    pg_url: str,
    logins: dict[str, str],  # noqa: F811
    document: int,  # noqa: F811
) -> None:
    from annotator.core.suggest import entity_model
    from annotator.services import active_learning
    from annotator.services.documents import DocumentFilter, document_ids
    from annotator.services.workspace import open_workspace
    from tests.core.test_suggest import synthetic

    model, _ = entity_model.train(synthetic(20, 3), max_iterations=10)
    model.info = {"version": "entity-1"}
    rita = connect(pg_server, logins["rita"], "rita")
    try:
        store_model(rita, 1, model.to_bytes())
    finally:
        rita.close()
    bob = open_workspace(logins["bob"])
    try:
        result = active_learning.rank(bob, DocumentFilter(annotator="bob"))
        assert (result.model.name, result.scored_now, result.total) == ("entity-1", 1, 1)
        ordered = active_learning.ordered(DocumentFilter(annotator="bob"), "entity")
        assert document_ids(bob, ordered) == [document]
        assert 0 < active_learning.scores(bob, result.model, [document])[document] <= 1
    finally:
        bob.close()
    # The tables' owner (row security does not bind it) sees bob's row too, yet its own
    # list reads its own scores: scored again, once, and ordered without error.
    admin = open_workspace(pg_url)
    try:
        flt = active_learning.ordered(DocumentFilter(), "entity")
        assert active_learning.progress(admin, flt) == (0, 1)
        assert active_learning.rank(admin, DocumentFilter()).scored_now == 1
        assert active_learning.progress(admin, flt) == (1, 1)
        assert document_ids(admin, flt) == [document]
        with admin.read() as session:
            logins_of = session.execute(
                text("SELECT login FROM uncertainty_scores ORDER BY login")
            ).scalars()
            assert sorted(logins_of) == sorted(["bob", pg_url_login(admin)])
    finally:
        admin.close()


def pg_url_login(db: object) -> str:
    """The login a workspace is connected as."""
    from annotator.storage.database import Database

    assert isinstance(db, Database)
    with db.read() as session:
        return str(session.execute(text("SELECT session_user")).scalar_one())
