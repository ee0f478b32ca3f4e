"""PostgreSQL guards review decisions (migration 0009) and settings itself.

A reviewer login stores decisions through the review service; an annotator login, by raw
SQL, can read them but neither add, change nor delete one, and the settings service
refuses the annotator with one clear line before the database would.
"""

from __future__ import annotations

import psycopg
import pytest

from annotator.core.errors import PermissionDeniedError
from annotator.services import access
from annotator.services.annotations import AnnotationService
from annotator.services.review import ReviewService
from annotator.services.workspace import open_workspace
from annotator.storage.database import Database
from tests.pgserver import PgServer
from tests.storage import test_row_security as rls
from tests.storage.test_row_security import TEXT, connect, refused

logins, document = rls.logins, rls.document  # the fixtures, shared

pytestmark = pytest.mark.postgres


def test_only_reviewers_write_decisions_and_settings(
    pg_server: PgServer, logins: dict[str, str], document: int
) -> None:
    dbs: dict[str, Database] = {name: open_workspace(url) for name, url in logins.items()}
    try:
        start = TEXT.index("مارك روته")
        AnnotationService(dbs["alice"], "alice").add_span(document, start, start + 9, "PER")
        AnnotationService(dbs["bob"], "bob").add_span(document, start, start + 4, "PER")
        rita = ReviewService(dbs["rita"], None)
        state = rita.state(document)
        (first, *_) = state.comparison.disagreements
        rita.accept(document, first, 0)
        assert rita.state(document).decided[0]
        # bob, an annotator, cannot change a setting: one clear line from the service...
        bob = access.resolve_actor(dbs["bob"], None)
        with pytest.raises(PermissionDeniedError, match="for reviewers; bob is not a reviewer"):
            access.set_setting(dbs["bob"], bob, access.BLIND_MODE, "on")
        with connect(pg_server, logins["bob"], "bob") as conn:
            # ...and by raw SQL the database refuses him decisions too; he may read them.
            (count,) = conn.execute("SELECT count(*) FROM review_decisions").fetchone() or (0,)
            assert count == 1
            refused(
                conn,
                "INSERT INTO review_decisions (document_id, key, reviewer, decided_at) "
                "VALUES (%s, 'forged', 'bob', now())",
                document,
            )
            refused(conn, "DELETE FROM review_decisions")  # no grant (revision 0033)
            refused(conn, "UPDATE review_decisions SET reviewer = 'bob'")
        with connect(pg_server, logins["rita"], "rita") as conn:
            reviewer = conn.execute("SELECT reviewer FROM review_decisions").fetchone()
            assert reviewer == ("rita",)
            with pytest.raises(psycopg.errors.UniqueViolation):
                conn.execute(
                    "INSERT INTO review_decisions (document_id, key, reviewer, decided_at) "
                    "SELECT document_id, key, 'rita', now() FROM review_decisions"
                )
    finally:
        for db in dbs.values():
            db.close()
