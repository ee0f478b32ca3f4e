"""Noticing others' changes: a cheap poll of the layer versions of one document.

Every change to a layer bumps its version (annotation operations and merging imports), so a
view that remembers the versions it last showed can poll ``layer_versions`` (one indexed
query) and reload exactly the layers whose version moved, e.g. in review mode.
"""

from __future__ import annotations

from sqlalchemy import select

from annotator.storage import models as m
from annotator.storage.database import Database


def layer_versions(db: Database, document_id: int) -> dict[str, int]:
    """Annotator name -> layer version for every layer of the document (empty if none)."""
    with db.read() as session:
        rows = session.execute(
            select(m.Annotator.name, m.Layer.version)
            .join(m.Layer, m.Layer.annotator_id == m.Annotator.id)
            .where(m.Layer.document_id == document_id)
        )
        return {name: version for name, version in rows}


def changed_layers(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Annotators whose layer appeared, disappeared or changed between two polls."""
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
