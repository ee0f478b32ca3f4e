"""Document-list queries the GUI needs at 100,000 documents (no Qt here).

The services' ``list_documents`` pages with OFFSET, which reads every skipped row of the
(wide) documents table: 300-400 ms a page deep in a 100,000-document list. These two
queries fetch a page by position without OFFSET: after the last id of the page before
(keyset paging, a seek on the primary key), or by the ids themselves once the list's id
sequence is known (``document_ids``, loaded off the event loop by the GUI).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select

from annotator.core.model import LayerStatus
from annotator.services.documents import (
    DocumentFilter,
    DocumentRow,
    filtered_query,
    span_counts,
)
from annotator.storage import models as m
from annotator.storage.database import Database


def _rows(
    db: Database, query: Select[Any], order: Sequence[int] | None = None
) -> list[DocumentRow]:
    """Run a ``filtered_query`` query and build rows with their span counts."""
    with db.read() as session:
        rows = session.execute(query).all()
        counts = span_counts(session, [r.layer_id for r in rows if r.layer_id is not None])
    out = [
        DocumentRow(
            r.id,
            r.title,
            r.external_id,
            LayerStatus(r.status),
            counts.get(r.layer_id, 0),
            bool(r.assigned),
        )
        for r in rows
    ]
    if order is not None:
        position = {doc_id: i for i, doc_id in enumerate(order)}
        out.sort(key=lambda row: position[row.id])
    return out


def page_after(db: Database, flt: DocumentFilter, after_id: int, limit: int) -> list[DocumentRow]:
    """The ``limit`` rows of the filtered list that follow document ``after_id``."""
    query = (
        filtered_query(flt, dialect=db.engine.dialect.name)
        .where(m.Document.id > after_id)
        .order_by(m.Document.id)
        .limit(limit)
    )
    return _rows(db, query)


def rows_for_ids(db: Database, flt: DocumentFilter, ids: Sequence[int]) -> list[DocumentRow]:
    """Rows of these documents (as the filter's annotator sees them), in the given order."""
    if not ids:
        return []
    everyone = DocumentFilter(annotator=flt.annotator)
    query = filtered_query(everyone, dialect=db.engine.dialect.name).where(
        m.Document.id.in_(list(ids))
    )
    return _rows(db, query, ids)
