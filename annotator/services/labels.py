"""Label schema use cases: list, add, remove, rename, load a schema file, seed the default."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.errors import AnnotatorError, InputError, NotFoundError, PermissionDeniedError
from annotator.core.model import Label, LabelKind
from annotator.core.names import check_name, name_key
from annotator.core.schema import FIELDS as SCHEMA_FIELDS
from annotator.core.schema import SchemaLabel, default_schema
from annotator.storage import models as m
from annotator.storage.database import Database
from annotator.storage.retry import retrying

from . import access, audit

SEEDED_KEY = "schema_seeded"


@dataclass(frozen=True, slots=True)
class LabelUsage:
    """A label with how many spans and topics use it."""

    label: Label
    spans: int
    topics: int


def to_label(row: m.Label) -> Label:
    """Domain Label of a stored label row."""
    return Label(
        row.name,
        LabelKind(row.kind),
        row.colour,
        row.shortcut,
        row.description,
        arabic_name=row.arabic_name or "",
    )


def colour_for(name: str) -> str:
    """A stable pastel colour for a label created without one."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    r, g, b = (160 + digest[i] % 80 for i in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


def list_labels(db: Database) -> list[Label]:
    """All labels in schema order."""
    with db.read() as session:
        rows = session.scalars(select(m.Label).order_by(m.Label.position, m.Label.id))
        return [to_label(r) for r in rows]


def label_usage(db: Database) -> list[LabelUsage]:
    """All labels with their use counts."""
    with db.read() as session:
        spans = dict(
            session.execute(select(m.Span.label_id, func.count()).group_by(m.Span.label_id)).all()
        )
        topics = dict(
            session.execute(
                select(m.LayerTopic.label_id, func.count()).group_by(m.LayerTopic.label_id)
            ).all()
        )
        rows = session.scalars(select(m.Label).order_by(m.Label.position, m.Label.id))
        return [LabelUsage(to_label(r), spans.get(r.id, 0), topics.get(r.id, 0)) for r in rows]


def _check_shortcut(session: Session, shortcut: str | None, name: str) -> None:
    """Refuse a shortcut key that another label already uses."""
    if not shortcut:
        return
    other = session.scalar(
        select(m.Label.name).where(
            func.upper(m.Label.shortcut) == shortcut.upper(), m.Label.name != name
        )
    )
    if other:
        raise AnnotatorError(f"shortcut {shortcut!r} is already used by label {other!r}")


def label_name(name: str) -> str:
    """A label (or topic) name by the rule of all names (``core.names``), or AnnotatorError."""
    try:
        return check_name(name, "a label name")
    except ValueError as exc:
        raise AnnotatorError(str(exc)) from None


def arabic_label_name(name: str) -> str:
    """A label's Arabic display name by the same rule ("" = show the name), or AnnotatorError."""
    if not name:
        return name
    try:
        return check_name(name, "an Arabic label name")
    except ValueError as exc:
        raise AnnotatorError(str(exc)) from None


class NewLabels:
    """Adds labels in one write session, each in constant time (an import may add 100,000).

    The schema's names (by ``name_key``) and last position are read once; each label is
    checked against them and inserted with one statement.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.names: dict[str, str] = {}
        last = -1
        for name, position in session.execute(select(m.Label.name, m.Label.position)):
            self.names[name_key(name)] = name
            last = max(last, position)
        self.position = last + 1

    def clash(self, name: str, *, besides: str | None = None) -> str | None:
        """The label whose name ``name`` would be taken for (same ``name_key``), if any."""
        other = self.names.get(name_key(name))
        return None if other is None or other == besides else other

    def add(self, label: Label, *, position: int | None = None) -> int:
        """Insert ``label`` (its name checked and normalised) at ``position`` (default:
        after every label); return its id."""
        name = label_name(label.name)
        other = self.clash(name)
        if other is not None:
            raise AnnotatorError(
                f"label {other!r} already exists"
                + ("" if other == name else " (names that differ only in case or width clash)")
            )
        _check_shortcut(self.session, label.shortcut, name)
        result = self.session.connection().execute(
            insert(m.Label).values(
                name=name,
                kind=label.kind.value,
                colour=label.colour,
                shortcut=label.shortcut,
                description=label.description,
                arabic_name=label.arabic_name,
                position=self.position if position is None else position,
            )
        )
        self.position = max(self.position, position if position is not None else -1) + 1
        self.names[name_key(name)] = name
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def insert_label(session: Session, label: Label) -> int:
    """Insert one label in an open write session; return its id (see ``NewLabels``)."""
    return NewLabels(session).add(label)


def add_label(db: Database, label: Label, *, actor: str | None = None) -> Label:
    """Add one label; refuses a duplicate name or shortcut. Audited as ``actor``."""
    return _add_label(db, label, access.audit_name(db, actor))


@retrying
def _add_label(db: Database, label: Label, actor: str) -> Label:
    """The one transaction of add_label."""
    try:
        with db.write() as session:
            insert_label(session, label)
            audit.record(
                session, actor, "label_add", detail={"label": label.name, "kind": label.kind.value}
            )
    except IntegrityError:
        raise AnnotatorError(f"label {label.name!r} already exists") from None
    return label


def remove_label(db: Database, name: str, *, force: bool = False, actor: str | None = None) -> int:
    """Remove a label; refuses one in use unless ``force``, which deletes its annotations.

    Returns the number of spans and topics deleted with it. Audited as ``actor``.
    """
    return _remove_label(db, name, force, access.audit_name(db, actor))


@retrying
def _remove_label(db: Database, name: str, force: bool, actor: str) -> int:
    """The one transaction of remove_label."""
    with db.write() as session:
        row = session.scalar(select(m.Label).where(m.Label.name == name))
        if row is None:
            raise NotFoundError(f"no label named {name!r}")
        spans = session.scalar(select(func.count()).where(m.Span.label_id == row.id)) or 0
        topics = session.scalar(select(func.count()).where(m.LayerTopic.label_id == row.id)) or 0
        if (spans or topics) and not force:
            raise AnnotatorError(
                f"label {name!r} is used by {spans} spans and {topics} topics; "
                "pass --force to delete them with it"
            )
        gone = session.execute(delete(m.Span).where(m.Span.label_id == row.id))
        gone_topics = session.execute(delete(m.LayerTopic).where(m.LayerTopic.label_id == row.id))
        left = spans - gone.rowcount, topics - gone_topics.rowcount  # type: ignore[attr-defined]
        if any(left):  # PostgreSQL's row security kept others' layers out of the delete
            raise PermissionDeniedError(
                f"label {name!r} is used by {left[0]} spans and {left[1]} topics in layers "
                "your login may not change; only the database administrator can remove it "
                "with them"
            )
        # A model's scores of the spans and topics deleted (they name the label).
        session.execute(delete(m.PredictionScore).where(m.PredictionScore.label == name))
        session.delete(row)
        audit.record(
            session, actor, "label_remove", detail={"label": name, "spans": spans, "topics": topics}
        )
    return spans + topics


def rename_label(db: Database, old: str, new: str, *, actor: str | None = None) -> None:
    """Rename a label; its annotations follow (they refer to it by id), and so do the
    suggestion rows that name it (dictionary names, rejections, prediction scores). Audited."""
    _rename_label(db, old, label_name(new), access.audit_name(db, actor))


@retrying
def _rename_label(db: Database, old: str, new: str, actor: str) -> None:
    """The one transaction of rename_label."""
    with db.write() as session:
        other = NewLabels(session).clash(new, besides=old)
        if other is not None:
            raise AnnotatorError(
                f"label {other!r} already exists"
                + ("" if other == new else " (names that differ only in case or width clash)")
            )
        # Dictionary names, rejected suggestions and prediction scores keep a label by
        # name: they follow it (rows of a removed label of the new name go first, before
        # the label's own update: on PostgreSQL its trigger, revision 0033, moves them all,
        # others' rejections too, which row security keeps from the updates below).
        tables = (m.SuggestPattern, m.SuggestRejection, m.PredictionScore)
        for table in tables:
            session.execute(delete(table).where(table.label == new))
        result = session.execute(update(m.Label).where(m.Label.name == old).values(name=new))
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFoundError(f"no label named {old!r}")
        for table in tables:
            session.execute(update(table).where(table.label == old).values(label=new))
        audit.record(session, actor, "label_rename", detail={"label": [old, new]})


def set_arabic_name(db: Database, name: str, arabic_name: str, *, actor: str | None = None) -> None:
    """Set the name a label shows in the Arabic interface ("" shows its name). Audited.

    Only the display changes: spans, topics and exports keep the label's name.
    """
    shown = arabic_label_name(arabic_name.strip(" "))
    _set_arabic_name(db, name, shown, access.audit_name(db, actor))


@retrying
def _set_arabic_name(db: Database, name: str, arabic_name: str, actor: str) -> None:
    """The one transaction of set_arabic_name."""
    with db.write() as session:
        result = session.execute(
            update(m.Label).where(m.Label.name == name).values(arabic_name=arabic_name)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFoundError(f"no label named {name!r}")
        audit.record(
            session, actor, "label_arabic_name", detail={"label": name, "arabic_name": arabic_name}
        )


def load_schema(
    db: Database, labels: Iterable[Label], *, path: str = "schema", actor: str | None = None
) -> tuple[int, int]:
    """Merge a schema into the database: add new labels, update existing ones in place.

    A label's kind cannot change while spans or document topics use it. Of a label the
    database has, only the settings a schema file states change (``SchemaLabel.given``);
    a plain ``Label`` states them all. Returns (added, updated): labels the file states
    just as they are count in neither. Audited.
    """
    return _load_schema(db, list(labels), path, access.audit_name(db, actor))


def _settings(row: m.Label) -> tuple[Any, ...]:
    """What a schema file can set of a stored label (``load_schema``: changed or not)."""
    return (row.shortcut, row.kind, row.colour, row.description, row.arabic_name, row.position)


@retrying
def _load_schema(db: Database, labels: list[Label], path: str, actor: str) -> tuple[int, int]:
    """The one transaction of load_schema (rerun wholly when it loses a race)."""
    added = updated = 0
    with db.write() as session:
        new_labels = NewLabels(session)
        for position, label in enumerate(labels):
            row = session.scalar(select(m.Label).where(m.Label.name == label.name))
            if row is None:  # at its place in the file, as the labels it already has
                new_labels.add(label, position=position)
                added += 1
                continue
            given = label.given if isinstance(label, SchemaLabel) else SCHEMA_FIELDS
            before = _settings(row)
            if "kind" in given and row.kind != label.kind.value:
                # Spans and document topics both hold a label by its kind: a topic label
                # that became an entity would leave its documents' topics damaged.
                spans = session.scalar(select(func.count()).where(m.Span.label_id == row.id))
                topics = session.scalar(select(func.count()).where(m.LayerTopic.label_id == row.id))
                if spans or topics:
                    used = f"{spans} spans" if spans else f"{topics} document topics"
                    raise InputError(
                        f"label {label.name!r} is {row.kind} with {used}; "
                        f"cannot make it {label.kind.value}",
                        path,
                    )
            if "shortcut" in given:
                _check_shortcut(session, label.shortcut, label.name)
                row.shortcut = label.shortcut
            if "kind" in given:
                row.kind = label.kind.value
            if "colour" in given:
                row.colour = label.colour
            if "description" in given:
                row.description = label.description
            if "arabic_name" in given:
                row.arabic_name = label.arabic_name
            row.position = position
            updated += _settings(row) != before  # a label the file states as it is: unchanged
        audit.record(
            session,
            actor,
            "label_schema_load",
            detail={"file": path, "labels": [label.name for label in labels]},
        )
    return added, updated


@retrying
def seed_default_schema(db: Database) -> bool:
    """Give a new database the bundled schema, once; return True when it did.

    On PostgreSQL an annotator's login may not add labels or settings: the first to open
    a new team database must be a reviewer or the administrator.
    """
    try:
        return _seed_default_schema(db)
    except PermissionDeniedError:
        raise PermissionDeniedError(
            "this team database has no label schema yet, and your login may not add one: "
            "a reviewer or the administrator sets it up once ('annotator db upgrade')"
        ) from None


def _seed_default_schema(db: Database) -> bool:
    """The one transaction of seed_default_schema."""
    with db.write() as session:
        if session.get(m.Setting, SEEDED_KEY) is not None:
            return False
        if session.scalar(select(func.count()).select_from(m.Label)) == 0:
            for position, label in enumerate(default_schema()):
                session.add(
                    m.Label(
                        name=label.name,
                        kind=label.kind.value,
                        colour=label.colour,
                        shortcut=label.shortcut,
                        description=label.description,
                        arabic_name=label.arabic_name,
                        position=position,
                    )
                )
        session.add(m.Setting(key=SEEDED_KEY, value="1"))
    return True
