"""The precomputed search text of a document: normalised title and lead."""

from __future__ import annotations

from annotator.core.arabic import search_key

LEAD_CHARS = 500
"""How much of the article body is searchable besides the title (keeps search instant)."""


def document_search_text(title: str, text: str, external_id: str | None = None) -> str:
    """Search key of a document's title, external id and the first ``LEAD_CHARS`` of text."""
    parts = [title, external_id or "", text[:LEAD_CHARS]]
    return "\n".join(search_key(p) for p in parts)
