"""HTML of the report: a page shell (inline CSS, no scripts), tables, and annotated text.

Every piece of text goes through ``esc``: an article containing ``<script>`` shows it as
text. Annotated text is one ``<div>`` with ``white-space: pre-wrap`` and
``unicode-bidi: plaintext``, so each paragraph takes its own direction from its first
strong character (as the app shows it) and offsets map to characters one to one.

Marks: an entity is ``<mark class="ent">`` with its label's colour as background; a quote
is ``<span class="quote">``, underlined; a topic span is ``<span class="tspan">`` with an
overline. Every mark carries ``data-span`` (its id), ``data-label``, ``title``. Spans of
one layer may cross; a span that crosses an open one is cut into pieces with the same
``data-span``, so the text of a span is the text of all elements with its ``data-span``
in document order. A quote and its speaker are tied by number: the quote's last piece
carries ``data-quote="n"`` and the speaker ``data-speaker="n"``, shown by CSS generated
content (not part of the text), and the list under the article pairs them in words.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLOUR = "#cccccc"

CSS = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans", sans-serif;
  margin: 2em auto; max-width: 60em; color: #222; line-height: 1.6; }
h1, h2, h3 { unicode-bidi: plaintext; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; unicode-bidi: plaintext; }
td.num { text-align: end; font-variant-numeric: tabular-nums; unicode-bidi: isolate; }
.chart svg { max-width: 100%; height: auto; }
.meta { color: #555; }
.text { white-space: pre-wrap; unicode-bidi: plaintext; font-size: 1.25em; line-height: 2.2;
  border: 1px solid #ddd; padding: 1em; background: #fffdf8; }
mark.ent { border-radius: 3px; padding: 0 1px; color: inherit; }
.quote { text-decoration: underline 2px; text-underline-offset: 0.35em; }
.tspan { text-decoration: overline 2px; }
[data-quote]::after { content: "\\201D" attr(data-quote); font-size: 0.7em;
  vertical-align: super; color: #a0306f; }
[data-speaker]::after { content: "\\25B8" attr(data-speaker); font-size: 0.7em;
  vertical-align: super; color: #a0306f; }
.legend span.key { display: inline-block; margin: 0.2em 0.4em; padding: 0 0.4em;
  border-radius: 3px; }
.context { unicode-bidi: plaintext; }
.context mark { background: #ffe08a; }
"""


def esc(text: object) -> str:
    """Text (or a number) escaped for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def colour(value: str) -> str:
    """A ``#rrggbb`` colour, or the default when the stored one is anything else."""
    return value if COLOUR.fullmatch(value or "") else DEFAULT_COLOUR


def direction(text: str) -> str:
    """``rtl`` or ``ltr`` by the first strong character (``ltr`` when there is none)."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return "ltr"


def bidi(text: str, tag: str = "span") -> str:
    """``text`` escaped in an element with its own direction (``dir`` set explicitly)."""
    return f'<{tag} dir="{direction(text)}">{esc(text)}</{tag}>'


def page(title: str, body: str, lang: str = "ar") -> str:
    """A whole self-contained page: inline CSS, no scripts, no external resource."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A table; numbers right-aligned, text in its own direction, None as a dash."""
    out = ["<table>", "<tr>" + "".join(f"<th>{bidi(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append('<td class="num">–</td>')
            elif isinstance(value, float):
                cells.append(f'<td class="num">{value:.3f}</td>')
            elif isinstance(value, int):
                cells.append(f'<td class="num">{value}</td>')
            else:
                cells.append(f"<td>{bidi(str(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class MarkSpan:
    """A span to draw: id, range, label, kind (``entity``, ``quote``, ``topic``)."""

    id: int
    start: int
    end: int
    label: str
    kind: str


def _open_tag(span: MarkSpan, colours: Mapping[str, str], speakers: Mapping[int, str]) -> str:
    label = esc(span.label)
    tint = colour(colours.get(span.label, DEFAULT_COLOUR))
    common = f'data-span="{span.id}" data-label="{label}" title="{label}"'
    if span.id in speakers:
        common += f' data-speaker="{speakers[span.id]}"'
    if span.kind == "entity":
        return f'<mark class="ent" {common} style="background:{tint}66">'
    if span.kind == "quote":
        return f'<span class="quote" {common} style="text-decoration-color:{tint}">'
    return f'<span class="tspan" {common} style="text-decoration-color:{tint}">'


def _close_tag(span: MarkSpan) -> str:
    return "</mark>" if span.kind == "entity" else "</span>"


def _outer_first(span: MarkSpan) -> tuple[int, bool, bool, str]:
    """Order of spans opening at one place: longest first, then topic, quote, entity."""
    return (-span.end, span.kind != "topic", span.kind != "quote", span.label)


def annotated_text(
    text: str,
    spans: Sequence[MarkSpan],
    colours: Mapping[str, str],
    speaker_of: Mapping[int, int] | None = None,
) -> str:
    """The text with its spans as nested marks (see the module docstring).

    ``speaker_of`` maps a quote's span id to its speaker's span id. Spans outside the text
    or empty are left out (a stored span always fits its text).
    """
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    by_id = {s.id: s for s in spans}
    links = {q: sp for q, sp in (speaker_of or {}).items() if q in by_id and sp in by_id}
    quote_number: dict[int, int] = {}
    speakers: dict[int, str] = {}
    for n, quote_id in enumerate(sorted(links, key=lambda q: (by_id[q].start, q)), 1):
        quote_number[quote_id] = n
        speaker = links[quote_id]
        speakers[speaker] = f"{speakers[speaker]} {n}" if speaker in speakers else str(n)
    starts: dict[int, list[MarkSpan]] = defaultdict(list)
    ends: dict[int, list[MarkSpan]] = defaultdict(list)
    for span in spans:
        starts[span.start].append(span)
        ends[span.end].append(span)
    cuts = sorted({0, len(text), *starts, *ends})
    out: list[str] = []
    stack: list[MarkSpan] = []
    for i, pos in enumerate(cuts):
        closing = {s.id for s in ends.get(pos, ())}
        reopen: list[MarkSpan] = []
        while closing & {s.id for s in stack}:
            top = stack.pop()
            out.append(_close_tag(top))
            if top.id in closing:
                closing.discard(top.id)
            else:
                reopen.append(top)
        for span in reversed(reopen):
            out.append(_open_tag(span, colours, speakers))
            stack.append(span)
        for span in sorted(starts.get(pos, ()), key=_outer_first):
            out.append(_open_tag(span, colours, speakers))
            stack.append(span)
        if i + 1 < len(cuts):
            out.append(esc(text[pos : cuts[i + 1]]))
    for span in reversed(stack):
        out.append(_close_tag(span))
    rendered = "".join(out)
    # The quote number goes on the quote's last piece only.
    for quote_id, n in quote_number.items():
        marker = f'data-span="{quote_id}"'
        last = rendered.rfind(marker)
        rendered = rendered[:last] + f'data-quote="{n}" ' + rendered[last:]
    return f'<div class="text" dir="{direction(text)}">{rendered}</div>'


def context(text: str, start: int, end: int, width: int = 50) -> str:
    """A span in its context: ``width`` characters either side within its paragraph (the
    lines it stands on), the span marked, in that paragraph's direction.

    Not the span's own direction: a span with no letter (a date in Arabic-Indic digits, an
    emoji) or a Latin one (NATO) in an Arabic sentence laid the sentence out left to right;
    and not across a newline: the neighbouring paragraph's first letter decided the
    direction the browser gave the whole snippet (``unicode-bidi: plaintext``).
    """
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    left = max(para_start, start - width)
    right = min(para_end, end + width)
    before = ("…" if left > para_start else "") + text[left:start]
    after = text[end:right] + ("…" if right < para_end else "")
    return (
        f'<span class="context" dir="{direction(text[para_start:para_end])}">'
        f"{esc(before)}<mark>{esc(text[start:end])}</mark>{esc(after)}</span>"
    )
