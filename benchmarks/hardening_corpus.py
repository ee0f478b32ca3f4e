"""A synthetic annotated corpus as JSONL lines (for bench_hardening.py and the gold tests).

Each document is a few dozen Arabic words; each of several annotators marks spans on word
boundaries (a shared core they agree on, plus their own variations), a quote with its
SPEAKER in every fifth document, and one or two topics. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

SENTENCE = (
    "قال الأمين العام مارك روته إن حلف الناتو قوي في بروكسل اليوم وأكد الوزير أن "
    "الحكومة السعودية ستعقد اجتماعا في الرياض مع وفد من منظمة الأمم المتحدة"
)
WORDS = tuple(SENTENCE.split())
ENTITIES = ("PER", "ORG", "LOC", "GPE")
TOPICS = ("politics", "economy", "security", "health", "sport")


def records(documents: int, annotators: int = 3, seed: int = 7) -> Iterator[str]:
    """JSONL lines: ``annotators`` layers of each of ``documents`` documents."""
    rng = random.Random(seed)
    for number in range(documents):
        words = [rng.choice(WORDS) for _ in range(40)]
        text = " ".join(words)
        bounds = []
        position = 0
        for word in words:
            bounds.append((position, position + len(word)))
            position += len(word) + 1
        core = [(rng.randrange(2, 38), rng.choice(ENTITIES)) for _ in range(6)]
        topics = rng.sample(TOPICS, 2)
        for person in range(annotators):
            chosen = [c for c in core if rng.random() < 0.8]
            chosen += [(rng.randrange(2, 38), rng.choice(ENTITIES)) for _ in range(2)]
            spans = {}
            for word, label in chosen:
                start, end = bounds[word]
                spans[(start, end, label)] = None
            items = [
                {"id": i, "start": s, "end": e, "label": label}
                for i, (s, e, label) in enumerate(sorted(spans))
            ]
            relations = []
            if number % 5 == 0:
                quote = {"id": len(items), "start": bounds[0][0], "end": bounds[1][1]}
                items.append({**quote, "label": "QUOTE"})
                speakers = [item for item in items if item["label"] == "PER"]
                if speakers:
                    relations.append(
                        {"head": quote["id"], "child": speakers[0]["id"], "label": "SPEAKER"}
                    )
            yield json.dumps(
                {
                    "text": text,
                    "meta": {"external_id": f"doc-{number}"},
                    "annotator": f"annotator{person + 1}",
                    "status": "done",
                    "spans": items,
                    "relations": relations,
                    "topics": topics[: 1 + (person + number) % 2],
                },
                ensure_ascii=False,
            )
