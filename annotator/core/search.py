"""The precomputed search text of a document: normalised title and external id."""

from __future__ import annotations

from annotator.core.arabic import search_key


def document_search_text(title: str, external_id: str | None = None) -> str:
    """Search key of a document's title and external id.

    The body is deliberately left out: the document list searches every row on each
    keystroke, and keys of about 50 characters keep that instant at 100,000 documents
    (with the first 500 characters of the body it took 0.5-2 s). A change to this function
    or to ``search_key`` needs a migration that recomputes ``documents.search_text``.
    """
    return search_key(title) + "\n" + search_key(external_id or "")
