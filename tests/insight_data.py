"""A small annotated database for the report, stats and guidelines tests (and screenshots).

Two articles: the bundled demo article (NATO and energy) and a hostile one whose text holds
``<script>``, an ampersand, quotes and a Latin paragraph. alice and bob annotate both
(entities, a quote linked to its speaker, a topic span, crossing spans, document topics);
gold holds the first article's agreed spans.
"""

from __future__ import annotations

from sqlalchemy import select

from annotator.core.model import LayerStatus
from annotator.services.annotations import AnnotationService
from annotator.services.importer import import_paths
from annotator.services.workspace import demo_article_paths
from annotator.storage import models as m
from annotator.storage.database import Database

HOSTILE = (
    'قال الوزير <script>alert("x")</script> إن «الحلف & الشركاء» مستعدون.\n'
    "The minister said NATO & partners are ready.\n"
    "وأضاف وزير الدفاع أن الاجتماع في بروكسل كان ناجحاً."
)


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The ``nth`` occurrence of ``needle`` as ``(start, end)``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def build(db: Database) -> dict[str, int]:
    """Fill ``db``; return the document ids by name ("demo", "hostile")."""
    import_paths(db, demo_article_paths())
    with db.write() as s:
        hostile = m.Document(
            title="<b>عنوان</b> & test", text=HOSTILE, text_sha256="hostile", meta={}
        )
        s.add(hostile)
        s.flush()
        hostile_id = hostile.id
    with db.read() as s:
        row = s.execute(select(m.Document.id, m.Document.text).order_by(m.Document.id)).first()
        assert row is not None
        demo_id, demo_text = row
    for name in ("alice", "bob"):
        svc = AnnotationService(db, name)
        t = demo_text
        svc.add_span(demo_id, *find(t, "مارك روته"), "PER")
        svc.add_span(demo_id, *find(t, "حلف شمال الأطلسي"), "ORG")
        svc.add_span(demo_id, *find(t, "بروكسل"), "GPE")
        svc.add_span(demo_id, *find(t, "فاتح بيرول"), "PER")
        if name == "alice":
            svc.add_span(demo_id, *find(t, "وكالة الطاقة الدولية"), "ORG")
            svc.add_span(demo_id, *find(t, "أوكرانيا"), "GPE")
        else:
            svc.add_span(demo_id, *find(t, "الطاقة الدولية"), "ORG")  # other boundaries
        start, _ = find(t, "أن الحفاظ")
        _, end = find(t, "بكفاءة")
        roteh = svc.add_span(demo_id, *find(t, "روته", 1), "PER").added_spans[0]
        quote = svc.add_span(demo_id, start + 3, end, "QUOTE").added_spans[0]
        svc.link(demo_id, quote.id, roteh.id)
        svc.set_topic(demo_id, "energy", True)
        svc.set_topic(demo_id, "security" if name == "alice" else "defence", True)
        svc.set_status(demo_id, LayerStatus.DONE)
        h = HOSTILE
        speaker = svc.add_span(hostile_id, *find(h, "الوزير"), "PER").added_spans[0]
        q = svc.add_span(hostile_id, find(h, "<script>")[0], find(h, "مستعدون")[1], "QUOTE")
        svc.link(hostile_id, q.added_spans[0].id, speaker.id)
        svc.add_span(hostile_id, *find(h, "الحلف & الشركاء"), "ORG")
        # Crossing spans of one layer: "NATO & partners" (ORG) crosses the topic span.
        svc.add_span(hostile_id, find(h, "NATO")[0], find(h, "partners")[1], "ORG")
        svc.add_span(hostile_id, find(h, "partners")[0], find(h, "وزير الدفاع")[1], "defence")
        svc.add_span(hostile_id, *find(h, "ready.\nوأضاف"), "MISC")
        svc.add_span(hostile_id, *find(h, "بروكسل"), "GPE")
        svc.set_topic(hostile_id, "politics", True)
    return {"demo": demo_id, "hostile": hostile_id}
