"""PostgreSQL guards the uncertainty scores (migration 0023) itself: raw SQL as plain logins.

Anyone stores a score of the current model version (scores are computed by whoever orders
the list by them), but not one of an older or a future version; nobody changes a stored
score; only scores of versions no longer current may be deleted.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.pgserver import PgServer
from tests.storage.test_row_security import connect, document, logins, refused  # noqa: F401

pytestmark = pytest.mark.postgres

INSERT = (
    "INSERT INTO uncertainty_scores (document_id, kind, version, score) VALUES (%s, %s, %s, %s)"
)
MODEL = (
    "INSERT INTO suggest_models (kind, version, data, info, trained_by, trained_at) "
    "VALUES ('entity', %s, '\\x00', '{}', 'rita', now())"
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
        rita.execute(MODEL, (1,))
        bob.execute(INSERT, (document, "entity", 1, 0.5))
        refused(bob, INSERT, document, "entity", 2, 0.5)  # a future version
        refused(bob, INSERT, document, "topic", 1, 0.5)  # no topic model
        refused(bob, "UPDATE uncertainty_scores SET score = 0.9")
        # The current version's scores stay: a DELETE sees none of them.
        bob.execute("DELETE FROM uncertainty_scores")
        assert rita.execute("SELECT score FROM uncertainty_scores").fetchall() == [(0.5,)]
        rita.execute(MODEL, (2,))
        refused(bob, INSERT, document, "entity", 1, 0.1)  # no longer current
        bob.execute(INSERT, (document, "entity", 2, 0.7))
        bob.execute("DELETE FROM uncertainty_scores")  # the stale version-1 score goes
        assert rita.execute("SELECT version, score FROM uncertainty_scores").fetchall() == [
            (2, 0.7)
        ]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute("TRUNCATE uncertainty_scores")
    finally:
        bob.close()
        rita.close()


def test_an_annotator_login_ranks_his_list_through_the_service(
    pg_server: PgServer,
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
        rita.execute(
            "INSERT INTO suggest_models (kind, version, data, info, trained_by, trained_at) "
            "VALUES ('entity', 1, %s, '{}', 'rita', now())",
            (model.to_bytes(),),
        )
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
