"""Search keys of documents: the list's title key, the body index terms, and query hits.

Title search compares a normalised title and external id (``document_search_text``) by
substring. Body search compares whole words of the normalised text (``search_key``; the
text alone, not its title or id) through a full-text index; ``index_text`` makes the
indexed column, ``parse_query`` the terms of a query, ``alternatives`` the forms a
clitic-blind search tries for a word, and ``find_hits`` where a query matches the stored
text, in code points, for the article view to highlight.
"""

from __future__ import annotations

import codecs
import functools
import re

from annotator.core.arabic import peel_proclitics, search_fold_table, search_key
from annotator.core.offsets import fold_presentation_forms

# A word of a search key: what the full-text index (SQLite FTS5 unicode61, PostgreSQL's
# 'simple' parser) counts as one token too, since the key has no harakat, tatweel or
# invisible marks left to split on.
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r'"([^"]*)"?|«([^»]*)»?|“([^”]*)”?')
"""A phrase: in ASCII double quotes, Arabic guillemets « » (what Arabic writing quotes
with) or typographic quotes “ ” (a pasted query); unclosed, to the end."""


def document_search_text(title: str, external_id: str | None = None) -> str:
    """Search key of a document's title and external id.

    The body is deliberately left out: the document list searches every row on each
    keystroke, and keys of about 50 characters keep that instant at 100,000 documents
    (with the first 500 characters of the body it took 0.5-2 s). Bodies are searched
    through the full-text index instead (``index_text``). A change to this function
    or to ``search_key`` needs a migration that recomputes ``documents.search_text``.
    """
    return search_key(title) + "\n" + search_key(external_id or "")


@functools.lru_cache(maxsize=1 << 18)
def peeled(word: str) -> str:
    """``peel_proclitics`` of one folded word, cached: a corpus repeats its words."""
    return peel_proclitics(word, keep_article=False)


# search_key's table as three C-speed passes (str.translate looks each character of a
# non-ASCII text up in a dict: 135 us for a 1,600-character article, 5x these passes).
# Only the characters of search_key's table fold to anything but their own casefold, so the
# passes are built from the table itself (scanning the whole BMP through search_key cost
# ~0.15 s at every start of the CLI).
_TABLE_CHARS = sorted(map(chr, search_fold_table()))
_DROPPED = re.compile("[" + "".join(ch for ch in _TABLE_CHARS if search_key(ch) == "") + "]+")
_MAPPED = [
    (ch, search_key(ch))
    for ch in _TABLE_CHARS
    if len(search_key(ch)) == 1 and search_key(ch) != ch.casefold()
]


def fold(text: str) -> str:
    """``search_key(text)``, faster on long texts (the index folds every body)."""
    text = _DROPPED.sub("", text)
    for ch, out in _MAPPED:
        if ch in text:
            text = text.replace(ch, out)
    return text.casefold()


# The characters of search_key's table it drops (harakat, superscript alef, tatweel, bidi and
# invisible marks): inside a word they vanish, they do not split it.
_DROPPED_CHARS = "".join(ch for ch in _TABLE_CHARS if search_key(ch) == "")
# A run of non-ASCII characters that are not word characters (Arabic punctuation ، ؛ ؟,
# « », NBSP, symbols, emoji, and the dropped marks). ASCII ones need no pass: the index's
# tokenizer splits on them itself. The Arabic letters (word characters, so the set is the
# same) come first: they pass without \w's Unicode lookup (~15% faster on news text).
_NON_WORD = re.compile(r"[^\u0621-\u063a\u0641-\u064a\x00-\x7f\w]+")
# Dropped characters the pass above leaves, being word characters (tatweel is Lm).
_DROPPED_WORD_CHARS = [ch for ch in _DROPPED_CHARS if _WORD.fullmatch(ch)]


def _separator(match: re.Match[str]) -> str:
    """A run of non-word characters: nothing if it holds only dropped marks, else a space."""
    return " " if match.group().strip(_DROPPED_CHARS) else ""


def index_fold(text: str) -> str:
    """``fold(text)`` with every non-ASCII character that is not part of a word a space.

    What FTS5's ``ascii`` tokenizer (ASCII letters and digits and every non-ASCII character
    are word characters) splits into exactly the words ``_WORD`` finds in ``fold(text)``, as
    a query's words are found (both split again at "_", which the tokenizer splits on in the
    query as well). One regex pass does the dropping and the spacing; search_key's table
    commutes with casefolding (its characters have no case), so the casefold comes first.
    """
    text = _NON_WORD.sub(_separator, text.casefold())
    for ch in _DROPPED_WORD_CHARS:
        if ch in text:
            text = text.replace(ch, "")
    for ch, out in _MAPPED:
        if ch in text:
            text = text.replace(ch, out)
    return text


# The characters of nearly every news article, one byte each: ASCII, then the Arabic
# letters, marks, digits and punctuation, Persian letters and digits, the usual quotes,
# dashes, spaces and invisible marks, a few accented Latin letters. An article written in
# these only (1,304 of SaudiNewsNet's 1,318, all but 8 of AQMAR's and the test's 428) is
# folded by three C loops over its characters (``_fast_fold``): 8 us against 37 us for the
# casefold and the regular expression with its callback of ``index_fold`` (4-7x), which the
# other articles still take.
_FAST_CHARS = "".join(
    dict.fromkeys(
        [chr(cp) for cp in range(0x80)]
        + [chr(cp) for cp in range(0x0621, 0x063B)]  # letters
        + [chr(cp) for cp in range(0x0640, 0x065F)]  # tatweel, letters, harakat and marks
        + [chr(cp) for cp in range(0x0660, 0x066D)]  # Arabic-Indic digits, ٪ ٫ ٬
        + list("\u060c\u061b\u061f\u0670\u0671\u067e\u0686\u0698\u06a4\u06a9\u06af\u06cc")
        + [chr(cp) for cp in range(0x06F0, 0x06FA)]  # Persian digits
        + list("\u00ab\u00bb\u00a0\u00ad\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u2022")
        + list("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067")
        + list("\u2068\u2069\u061c\ufeff\u25cf\u00d7\u00b0\u00e9\u00e8\u00e0")
    )
)
assert len(_FAST_CHARS) <= 256, len(_FAST_CHARS)
_FAST_CHARS += "\ufffe" * (256 - len(_FAST_CHARS))  # unused bytes: "undefined" to codecs
_FAST_ENCODE = codecs.charmap_build(_FAST_CHARS)


def _fast_table() -> tuple[bytes, bytes]:
    """The byte translation (and deletions) doing ``index_fold`` one character at a time.

    Built from ``index_fold`` itself, so the two cannot drift: each character becomes its
    fold's byte, a space (a character between words) or nothing (a dropped mark). The
    folds are all in ``_FAST_CHARS`` (asserted). ``index_fold`` of a whole text differs
    only in making each run of characters between words one space where this makes one
    per character: the same words at the same word positions for the index's tokenizer.
    """
    table = bytearray(range(256))
    delete = bytearray()
    for byte, ch in enumerate(_FAST_CHARS):
        if ch == "\ufffe":
            continue
        out = index_fold(ch)
        if out == "":
            delete.append(byte)
        else:
            assert len(out) == 1 and out in _FAST_CHARS, (ch, out)
            table[byte] = _FAST_CHARS.index(out)
    return bytes(table), bytes(delete)


_FAST_TABLE, _FAST_DELETE = _fast_table()


def _fast_fold(text: str) -> str | None:
    """``index_fold`` of a text made only of ``_FAST_CHARS`` (up to the width of runs of
    spaces), or None for any other text."""
    try:
        coded, _n = codecs.charmap_encode(text, "strict", _FAST_ENCODE)
    except UnicodeEncodeError:
        return None
    folded = coded.translate(_FAST_TABLE, _FAST_DELETE)
    return codecs.charmap_decode(folded, "strict", _FAST_CHARS)[0]


def index_text(text: str) -> str:
    """The full-text index's column of a document: its folded text, and only that.

    Not its title or external id (up to migration 0029 they were indexed with it, so a
    search of texts only found a word of the title, and the opened article highlighted
    nothing): those are searched as parts of ``document_search_text``. ``index_fold``
    (the fast way when the text allows): the index's tokenizer splits it into the words
    ``_WORD`` finds in the folded text; the stored text is never changed.
    """
    fast = _fast_fold(text)
    return index_fold(text) if fast is None else fast


# The fold's code points below 128 are ASCII itself (``_FAST_CHARS`` starts with them): this
# byte table makes every ASCII character but a letter or digit a space, as the index's
# ``ascii`` tokenizer splits there.
_FAST_SPACES = bytes(b if b >= 0x80 or chr(b).isalnum() else 0x20 for b in range(256))
assert _FAST_CHARS[:0x80] == "".join(map(chr, range(0x80)))
# A word as that tokenizer sees one: ASCII letters and digits and every non-ASCII character.
_INDEX_WORD = re.compile(r"[0-9A-Za-z\x80-\U0010ffff]+")


def index_words(text: str) -> list[str]:
    """The words of ``index_text`` in order, as the SQLite index's tokenizer splits it.

    What the PostgreSQL index stores (``storage.fulltext.pg_vector``): the same tokens at
    the same positions as FTS5, so both databases find the same documents. ``str.split``
    is exact here: the fold leaves no whitespace but the ASCII one inside the column.
    """
    try:
        coded, _n = codecs.charmap_encode(text, "strict", _FAST_ENCODE)
    except UnicodeEncodeError:
        return _INDEX_WORD.findall(index_fold(text))
    folded = coded.translate(_FAST_TABLE, _FAST_DELETE).translate(_FAST_SPACES)
    return codecs.charmap_decode(folded, "strict", _FAST_CHARS)[0].split()


def parse_query(query: str) -> list[tuple[str, ...]]:
    """The terms of a body search: each a tuple of folded words that must follow each other.

    Text in double quotes (or « », “ ”) is one phrase; every other word is a term of its
    own, and a word whose parts punctuation glues together ("3.5", "e-mail", "11:30") is
    the phrase of those parts (the index holds them as adjacent words); all terms must
    match (AND). An unclosed quote runs to the end.
    """
    return [term for term, _part in query_terms(query)]


def query_terms(query: str) -> list[tuple[tuple[str, ...], str]]:
    """``parse_query``'s terms, each with the key a title must hold as a part to match it:
    a quoted phrase's words joined by one space, a glued word as it is written ("3.5"
    finds the title "نمو 3.5 بالمئة")."""
    # A query pasted from a PDF may hold presentation forms, which stored texts and
    # titles never do (import folds them): folded the same way, they find the letters.
    query = fold_presentation_forms(query)
    terms: list[tuple[tuple[str, ...], str]] = []
    pos = 0
    for match in _QUOTED.finditer(query):
        terms += _unquoted(query[pos : match.start()])
        phrase = tuple(_words(next(g for g in match.groups() if g is not None)))
        if phrase:
            terms.append((phrase, " ".join(phrase)))
        pos = match.end()
    terms += _unquoted(query[pos:])
    return terms


def _unquoted(part: str) -> list[tuple[tuple[str, ...], str]]:
    """The terms of unquoted query text: one per white-space separated chunk with words."""
    out: list[tuple[tuple[str, ...], str]] = []
    for chunk in part.split():
        key = search_key(chunk)
        found = [m for m in _WORD.finditer(key) if m.group().strip("_")]
        if found:
            words = tuple(m.group() for m in found)
            out.append((words, key[found[0].start() : found[-1].end()]))
    return out


def _words(query: str) -> list[str]:
    """The folded words of part of a query; "_" alone is none (both indexes split at it)."""
    return [w for w in _WORD.findall(search_key(query)) if w.strip("_")]


# Proclitics a clitic-blind search puts before a word: conjunction, preposition, article
# (ل + ال is written لل).
PROCLITICS = tuple(
    sorted(
        {
            (conj + prep + art).replace("لال", "لل")
            for conj in ("", "و", "ف")
            for prep in ("", "ب", "ل", "ك")
            for art in ("", "ال")
        },
        key=lambda p: (len(p), p),
    )
)


def alternatives(word: str) -> list[str]:
    """Every form of a folded word a clitic-blind search accepts: the peeled word itself and
    each proclitic before it (``find_hits`` compares with these very forms, so the index
    search and the highlights agree).

    Every proclitic, also before a short word that ``peel_proclitics`` would leave whole
    ("بغزه", "ومصر", "وقال": too short to cut safely when labelling): whoever asks for a
    clitic-blind search of "غزة" wants "بغزة" found.
    """
    base = peeled(word)
    return [p + base for p in PROCLITICS]


def _folded_words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of every word of ``text``; offsets in code points of it."""
    folded, origin = _fold_map(text)
    words = []
    for m in _WORD.finditer(folded):
        end = origin[m.end() - 1] + 1
        while end < len(text) and not search_key(text[end]):
            end += 1  # the word's last harakat (and marks) belong to it
        words.append((m.group(), origin[m.start()], end))
    return words


@functools.lru_cache(maxsize=4)
def _fold_map(text: str) -> tuple[str, tuple[int, ...]]:
    """``search_key`` of ``text`` one character at a time, and each folded character's
    code point in ``text`` (kept for the next keystroke's search of the same text)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for out in search_key(ch):
            chars.append(out)
            origin.append(i)
    return "".join(chars), tuple(origin)


def find_parts(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text`` as a part, compared by search key (as titles are):
    sorted, non-overlapping ``(start, end)`` code points of ``text``, each hit's trailing
    harakat included. A query with no key (only marks) finds nothing."""
    key = search_key(fold_presentation_forms(query.strip()))
    if not key:
        return []
    folded, origin = _fold_map(text)
    hits: list[tuple[int, int]] = []
    at = folded.find(key)
    while at >= 0:
        last = at + len(key) - 1
        end = origin[last] + 1
        while end < len(text) and not search_key(text[end]):
            end += 1  # the last letter's harakat (and marks) belong to it
        hits.append((origin[at], end))
        at = folded.find(key, last + 1)
    return hits


def find_hits(text: str, query: str, *, proclitics: bool = False) -> list[tuple[int, int]]:
    """Where the terms of ``query`` occur in ``text``: sorted ``(start, end)`` code points.

    A hit runs from the first letter of a term's first word to the last letter of its last
    word (a peeled clitic included, so "وبروكسل" is highlighted whole).
    """
    terms = parse_query(query)
    if not terms:
        return []
    words = _folded_words(text)
    keys = [w for w, _s, _e in words]
    hits: set[tuple[int, int]] = set()
    for term in terms:
        forms = [set(alternatives(w)) if proclitics else {w} for w in term]
        n = len(term)
        for i in range(len(keys) - n + 1):
            if all(keys[i + j] in forms[j] for j in range(n)):
                hits.add((words[i][1], words[i + n - 1][2]))
    return sorted(hits)
