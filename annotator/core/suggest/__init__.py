"""Suggesters: pre-annotation learned from the team's own work (pure; no Qt, no SQL).

Each suggester proposes spans or document topics with a score and its own name, and none
of them writes anything: a suggestion becomes a span only when a person accepts it (or
``annotator suggest predict`` writes it to a ``prediction:NAME`` layer).

- ``propagation``: what the team already labelled, found again in other documents.
- ``patterns``: names per label and Prodigy ``patterns.jsonl`` token patterns.
- ``entity_model``: a CRF over Arabic-aware token features.
- ``topic_model``: TF-IDF over character n-grams with a linear model.
- ``quotes``: reported speech (quotation marks, reporting verbs) and its likely speaker.
"""
