"""What each role can still do on a hardened team database, and how refusals look.

The counterpart of ``test_pg_attacks.py``: annotators annotate and import their own
annotations, reviewers import documents, curate labels and build gold, the administrator
may act for anyone; the audit log is stamped by the server; the reviewer right follows the
login's group, never a row; an annotator's ``labels`` commands are refused by the database
in one line, exit 2.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.core.errors import PermissionDeniedError
from annotator.core.model import Label, LabelKind
from annotator.services import access, audit, documents, labels
from annotator.services.annotations import AnnotationService
from annotator.services.importer import import_paths
from annotator.services.review import ReviewService
from annotator.services.workspace import open_workspace
from tests.pgserver import PgServer
from tests.storage.test_pg_attacks import connect, ensure_logins, login_url

pytestmark = pytest.mark.postgres

TEXT = "قال مارك روته إن الحلف قوي في بروكسل"


def dbname_of(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def write_article(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_each_role_still_does_its_work(pg_server: PgServer, pg_url: str, tmp_path: Path) -> None:
    ensure_logins(pg_server)
    name = dbname_of(pg_url)
    rana = open_workspace(login_url(pg_server, name, "rana"))
    alice = open_workspace(login_url(pg_server, name, "alice"))
    try:
        # The reviewer imports the articles and curates the label schema.
        import_paths(rana, [write_article(tmp_path, "a.txt", TEXT)])
        labels.add_label(rana, Label("VEHICLE", LabelKind.ENTITY, "#abcdef"))
        labels.rename_label(rana, "VEHICLE", "CAR")
        labels.remove_label(rana, "CAR")
        (doc,) = [row.id for row in documents.list_documents(rana)]
        # The annotator annotates, and imports her annotations of an existing article.
        start = TEXT.index("مارك روته")
        AnnotationService(alice, "alice").add_span(doc, start, start + 9, "PER")
        record = {"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "ORG"}]}
        mine = tmp_path / "mine.jsonl"
        mine.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        summary = import_paths(alice, [str(mine)], annotator="alice")
        assert summary.documents_added == 0
        state = AnnotationService(alice, "alice").layer_state(doc)
        assert {s.label for s in state.spans} == {"PER", "ORG"}
        # The reviewer builds gold from it.
        review = ReviewService(rana, None)
        review.start(doc, min_votes=1)
        assert {s.label for s in review.gold.layer_state(doc).spans} == {"PER", "ORG"}
        # Every entry of the log names the login that wrote it.
        assert {e.actor for e in audit.read_events(rana)} == {"rana", "alice"}
    finally:
        rana.close()
        alice.close()


def test_an_annotators_schema_and_corpus_changes_are_refused_in_one_line(
    pg_server: PgServer, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ensure_logins(pg_server)
    url = login_url(pg_server, dbname_of(pg_url), "alice")
    new_article = write_article(tmp_path, "new.txt", TEXT)
    for command in (
        ["labels", "rename", "PER", "PERX"],
        ["labels", "remove", "health"],
        ["labels", "add", "EVILX", "--kind", "entity"],
        ["import", new_article],
    ):
        assert main([*command, "--db", url]) == 2, command
        _out, err = capsys.readouterr()
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, err
        assert lines[0].startswith("annotator: error: the database refused it: permission"), err
    # Through the services (the app) the refusal is a PermissionDeniedError, shown as such.
    alice = open_workspace(url)
    try:
        with pytest.raises(PermissionDeniedError, match="the database refused it"):
            labels.rename_label(alice, "PER", "PERX")
    finally:
        alice.close()
    admin = open_workspace(pg_url)
    try:
        names = {label.name for label in labels.list_labels(admin)}
        assert {"PER", "health"} <= names and not {"PERX", "EVILX"} & names
    finally:
        admin.close()


def test_the_audit_log_is_stamped_by_the_server(pg_server: PgServer, pg_url: str) -> None:
    ensure_logins(pg_server)
    name = dbname_of(pg_url)
    with connect(pg_server, name, "alice") as alice:
        row = alice.execute(
            "INSERT INTO events (at, actor, action, detail) "
            "VALUES ('2001-01-01', 'bob', 'import', '{}') RETURNING at, actor"
        ).fetchone()
    assert row is not None
    at, actor = row
    assert actor == "alice"  # the login, whatever the client wrote
    assert isinstance(at, datetime) and abs(at - datetime.now(UTC)) < timedelta(minutes=5)
    # The administrator may act for a named person (it could write anything anyway); the
    # time is still the server's.
    admin = open_workspace(pg_url)
    try:
        labels.add_label(admin, Label("VEHICLE", LabelKind.ENTITY, "#abcdef"), actor="huda")
        (entry,) = [e for e in audit.read_events(admin) if e.action == "label_add"]
        assert entry.actor == "huda"
        assert abs(entry.at - datetime.now(UTC)) < timedelta(minutes=5)
    finally:
        admin.close()


def test_the_reviewer_right_is_the_logins_group_not_a_row(pg_server: PgServer, pg_url: str) -> None:
    ensure_logins(pg_server)
    name = dbname_of(pg_url)
    with pg_server.connect(name) as conn:  # a row that says so makes nobody a reviewer
        conn.execute(
            "INSERT INTO annotators (name, role, created_at) VALUES ('bob', 'reviewer', now())"
        )
    bob = open_workspace(login_url(pg_server, name, "bob"))
    admin = open_workspace(pg_url)
    try:
        actor = access.resolve_actor(bob, None)
        assert actor == access.Actor("bob", "annotator")
        access.ensure_person(bob, actor)  # the row follows the login
        people = {p.name: p.role for p in access.list_people(admin)}
        assert people["bob"] == "annotator"
        assert access.resolve_actor(admin, "bob").role == "annotator"
        # Granting the group (as the administrator) is what makes a reviewer.
        with pg_server.admin() as conn:
            conn.execute("GRANT annotator_reviewer TO bob")
        try:
            assert {p.name: p.role for p in access.list_people(admin)}["bob"] == "reviewer"
            assert access.resolve_actor(admin, "bob").role == "reviewer"
        finally:
            with pg_server.admin() as conn:
                conn.execute("REVOKE annotator_reviewer FROM bob")
    finally:
        bob.close()
        admin.close()


def test_a_reviewer_cannot_force_out_a_label_in_others_layers(
    pg_server: PgServer, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``labels remove --force`` would delete annotators' spans: only the administrator may."""
    ensure_logins(pg_server)
    name = dbname_of(pg_url)
    admin = open_workspace(pg_url)
    alice = open_workspace(login_url(pg_server, name, "alice"))
    try:
        import_paths(admin, [write_article(tmp_path, "a.txt", TEXT)])
        (doc,) = [row.id for row in documents.list_documents(admin)]
        AnnotationService(alice, "alice").add_span(doc, 0, 3, "MISC")
        url = login_url(pg_server, name, "rana")
        assert main(["labels", "remove", "MISC", "--force", "--db", url]) == 2
        _out, err = capsys.readouterr()
        assert err.startswith("annotator: error: label 'MISC' is used by 1 spans and 0 topics")
        assert len(err.strip().splitlines()) == 1 and "administrator" in err, err
        assert {s.label for s in AnnotationService(alice, "alice").layer_state(doc).spans} == {
            "MISC"
        }
        assert main(["labels", "remove", "MISC", "--force", "--db", pg_url]) == 0
        assert not AnnotationService(alice, "alice").layer_state(doc).spans
    finally:
        admin.close()
        alice.close()


def test_an_annotator_first_on_a_new_team_database_is_told_who_sets_it_up(
    pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tables without a label schema: reading works, an annotator's first write is told."""
    from sqlalchemy import create_engine

    from annotator.storage import migrate

    name = pg_server.create_database()
    try:
        admin_url = pg_server.url(name)
        engine = create_engine(admin_url)
        try:
            migrate.upgrade(engine)  # the tables, as a bare migration makes them: no labels
        finally:
            engine.dispose()
        ensure_logins(pg_server)  # after the migration made the group roles
        alice = login_url(pg_server, name, "alice")
        # Reading commands never write (issue 15): an empty list, no error.
        assert main(["labels", "list", "--db", alice]) == 0
        article = tmp_path / "a.txt"
        article.write_text("عنوان\nنص", encoding="utf-8")
        capsys.readouterr()
        assert main(["import", str(article), "--db", alice]) == 2
        _out, err = capsys.readouterr()
        assert err.strip() == (
            "annotator: error: this team database has no label schema yet, and your login may "
            "not add one: a reviewer or the administrator sets it up once ('annotator db "
            "upgrade')"
        )
        assert main(["db", "upgrade", "--db", login_url(pg_server, name, "rana")]) == 0
        capsys.readouterr()
        assert main(["labels", "list", "--db", alice]) == 0
        out, _err = capsys.readouterr()
        assert "PER\tentity" in out
    finally:
        pg_server.drop_database(name)
