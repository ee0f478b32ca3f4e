"""Migration 0004: the gold pseudo-annotator, the widened role check, the review tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from annotator.core.errors import AnnotatorError
from annotator.services.annotators import clean_name
from annotator.storage import migrate
from annotator.storage import models as m
from annotator.storage.database import Database, open_database
from annotator.storage.models import utcnow


def test_gold_row_is_reserved_and_unique(db: Database) -> None:
    with db.read() as s:
        rows = s.execute(select(m.Annotator.name, m.Annotator.role)).all()
    assert ("gold", "gold") in rows
    with pytest.raises(IntegrityError), db.write() as s:  # one gold pseudo-annotator only
        s.execute(insert(m.Annotator).values(name="gold2", role="gold", created_at=utcnow()))
    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(insert(m.Annotator).values(name="eve", role="admin", created_at=utcnow()))


@pytest.mark.parametrize("name", ["gold", " Gold ", "GOLD"])
def test_people_may_not_be_called_gold(name: str) -> None:
    with pytest.raises(AnnotatorError, match="reserved"):
        clean_name(name)


def _at_0003_with_a_person_called_gold(path: Path) -> None:
    """A database at revision 0003 where "gold" is an annotator with a layer and a span."""
    db = open_database(str(path), upgrade=False)
    try:
        migrate.upgrade(db.engine, "0003")
        with db.write() as s:
            now = utcnow()
            doc = s.scalar(
                insert(m.Document)
                .values(
                    title="t", text="نص قصير", text_sha256="x", source="", meta={}, created_at=now
                )
                .returning(m.Document.id)
            )
            who = s.scalar(
                text(
                    "INSERT INTO annotators (name, role, created_at) "
                    "VALUES ('gold', 'annotator', :now) RETURNING id"
                ),
                {"now": now},
            )
            s.execute(
                text(
                    "INSERT INTO labels (name, kind, colour, description, position) "
                    "VALUES ('PER', 'entity', '#fff', '', 0)"
                )
            )
            layer = s.scalar(
                text(
                    "INSERT INTO layers (document_id, annotator_id, status, version, updated_at) "
                    "VALUES (:d, :a, 'done', 1, :now) RETURNING id"
                ),
                {"d": doc, "a": who, "now": now},
            )
            s.execute(
                text(
                    'INSERT INTO spans (layer_id, start, "end", label_id, created_at) '
                    "VALUES (:l, 0, 2, 1, :now)"
                ),
                {"l": layer, "now": now},
            )
    finally:
        db.close()


def test_upgrade_renames_a_person_called_gold_and_keeps_their_layer(db_path: Path) -> None:
    _at_0003_with_a_person_called_gold(db_path)
    db = open_database(str(db_path))
    try:
        with db.read() as s:
            roles = {n: r for n, r in s.execute(select(m.Annotator.name, m.Annotator.role))}
            assert roles == {"gold-1": "annotator", "gold": "gold"}
            owner = s.scalar(
                select(m.Annotator.name).join(m.Layer, m.Layer.annotator_id == m.Annotator.id)
            )
            assert owner == "gold-1"
            assert s.scalar(select(func.count()).select_from(m.Span)) == 1
    finally:
        db.close()


def test_downgrade_to_0003_keeps_every_annotators_layer(db_path: Path) -> None:
    """The role check is narrowed in place: no table rebuild cascading into layers."""
    _at_0003_with_a_person_called_gold(db_path)
    db = open_database(str(db_path))
    try:
        from alembic import command

        cfg = migrate.alembic_config()
        with db.engine.connect() as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(m.Span)) == 1
            assert s.scalar(select(func.count()).select_from(m.Annotator)) == 1
        with pytest.raises(IntegrityError), db.write() as s:
            s.execute(insert(m.Annotator).values(name="g", role="gold", created_at=utcnow()))
    finally:
        db.close()


@pytest.mark.postgres
def test_postgresql_downgrade_and_upgrade_again(pg_url: str) -> None:
    """Row security, policies and helper functions go and come back with revision 0004."""
    from alembic import command

    db = open_database(pg_url)
    try:
        cfg = migrate.alembic_config()
        with db.engine.connect() as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
        with db.read() as s:
            secured = s.scalar(
                text("SELECT count(*) FROM pg_class WHERE relrowsecurity AND relname = 'layers'")
            )
            assert secured == 0
        migrate.upgrade(db.engine)
        with db.read() as s:
            policies = set(
                s.scalars(text("SELECT policyname FROM pg_policies WHERE tablename = 'spans'"))
            )
            assert {"read_all", "write_own"} <= policies  # later revisions may add more
            assert s.scalar(text("SELECT name FROM annotators WHERE role = 'gold'")) == "gold"
    finally:
        db.close()
