#!/usr/bin/env python
"""Write ``annotator/core/pair_words.py``: the words whose adjacent pairs PostgreSQL indexes.

The 1,000 folded words (``core.search.index_words``) found in the most SaudiNewsNet
articles of the shared data (each in at least ~2.5% of them). Run once; the list is frozen
with the databases that used it: a changed list needs a migration that writes every
vector again (``storage.fulltext.pg_install``), or phrases would miss pairs never stored.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_import_export as bie  # noqa: E402

from annotator.core.search import index_words  # noqa: E402

SIZE = 1000


def main() -> int:
    """Count, rank (by articles, then the word), write the module."""
    counts: collections.Counter[str] = collections.Counter()
    articles = bie.load_articles(min_words=1)
    for item in articles:
        article = item["article"]
        # Titles counted with the texts, as when the list was made (the index has held the
        # texts alone since migration 0030; the frozen list stays what it was).
        counts.update(set(index_words(article["title"] + "\n\n" + article["content"])))
    ranked = sorted(counts, key=lambda w: (-counts[w], w))[:SIZE]
    lines = [" ".join(ranked[i : i + 8]) for i in range(0, len(ranked), 8)]
    body = "\n".join(lines)
    target = HERE.parent / "annotator" / "core" / "pair_words.py"
    target.write_text(
        '"""The words whose adjacent pairs the PostgreSQL body index stores (``PAIR_WORDS``).\n\n'
        "Written by ``benchmarks/make_pair_words.py``: the "
        f"{SIZE:,} folded words found in the most\nof {len(articles):,} SaudiNewsNet articles "
        f"(the last in {counts[ranked[-1]]} of them). A phrase of two of them is one\n"
        "index lookup; a phrase with a rarer word is found by word positions among the few\n"
        "documents holding that word. Frozen: a changed list needs a migration writing every\n"
        "PostgreSQL vector again.\n"
        '"""\n\n'
        f'PAIR_WORDS = frozenset(\n    """\n{body}\n""".split()  # noqa: SIM905\n)\n',
        encoding="utf-8",
    )
    print(f"{target}: {len(ranked)} words, the last in {counts[ranked[-1]]} of {len(articles)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
