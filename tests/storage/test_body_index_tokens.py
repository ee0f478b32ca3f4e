"""The body index's ascii tokenizer sees exactly the words of the Unicode one and the query's.

The index column (``core.search.index_text``) has a space wherever a word ends, so FTS5's
``ascii`` tokenizer needs no Unicode tables. Checked against the ``unicode61`` index it
replaced (migration 0021) on real articles (SaudiNewsNet, AQMAR): the same token at every
position of every document, and the same documents for words, phrases and clitic-blind
queries; and for any text, the tokens are the words the query parser finds.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import search
from annotator.core.search import _WORD, fold, index_text, parse_query
from annotator.storage import fulltext
from tests import needs

OLD_CREATE = fulltext.SQLITE_CREATE_0014
NEW_CREATE = fulltext.SQLITE_CREATE


def _old_index_text(title: str, external_id: str | None, text: str) -> str:
    """The column as the unicode61 index (migrations 0014-0020) was filled."""
    return fold(f"{title}\n{external_id or ''}\n{text}")


def _index(create: str, columns: list[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(create)
    db.executemany(
        f"INSERT INTO {fulltext.FTS_TABLE}(rowid, words) VALUES (?, ?)",
        list(enumerate(columns, 1)),
    )
    db.execute(f"CREATE VIRTUAL TABLE v USING fts5vocab({fulltext.FTS_TABLE}, instance)")
    return db


def _tokens(db: sqlite3.Connection) -> list[tuple[int, int, str]]:
    return sorted((d, o, t) for t, d, _c, o in db.execute("SELECT * FROM v"))


def _real_articles() -> list[tuple[str, str, str]]:
    """(title, external id, text) of 400 SaudiNewsNet articles and every AQMAR article."""
    archive = needs.shared("data", "saudinewsnet", "2015-07-23.zip")
    with zipfile.ZipFile(archive) as zf:
        raw = json.loads(zf.read(zf.namelist()[0]))
    out = [
        (a.get("title") or "", f"snn-{i}", a.get("content") or "") for i, a in enumerate(raw[:400])
    ]
    for path in sorted(needs.shared("data", "aqmar").glob("*.txt")):
        words = [line.split(" ")[0] for line in path.read_text(encoding="utf-8").splitlines()]
        out.append((path.stem, None, " ".join(w for w in words if w)))  # type: ignore[arg-type]
    return out


def test_real_articles_give_the_same_tokens_and_hits_as_the_unicode_index() -> None:
    articles = _real_articles()
    old = _index(OLD_CREATE, [_old_index_text(*a) for a in articles])
    new = _index(NEW_CREATE, [index_text(fulltext.titled(*a)) for a in articles])
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    assert len(new_tokens) > 100_000
    assert new_tokens == old_tokens
    # The punctuation the ascii tokenizer would glue to words is really there.
    joined = "".join(a[2] for a in articles)
    assert all(mark in joined for mark in "،؛؟«»\u00a0")
    words = [w for a in articles[:40] for w in re.findall(r"[\u0621-\u064a]{3,}", a[2])]
    queries = words[::37] + [f'"{a} {b}"' for a, b in pairwise(words[::53])]
    queries += ["الرياض", '"المملكة العربية"', "،", "«السعودية»"]
    checked = 0
    for query in queries:
        for proclitics in (False, True):
            found = fulltext.matching_ids_sql("sqlite", query, proclitics)
            if found is None:
                continue
            sql, params = found
            hits_old = {r[0] for r in old.execute(sql, params)}
            hits_new = {r[0] for r in new.execute(sql, params)}
            assert hits_new == hits_old, query
            checked += bool(hits_new)
    assert checked > 50


def _parser_words(text: str) -> list[str]:
    """The words the query parser finds in a folded text, as the tokenizer splits a query."""
    return [part for w in _WORD.findall(fold(text)) for part in w.split("_") if part]


TEXTS = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(list("بروكسل ،؛؟«»\u00a0\u200c\u200f\u0640\u064e\u0651_-.é😀١")),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_index_tokens_are_the_query_parsers_words(text: str) -> None:
    db = _index(NEW_CREATE, [index_text(text)])
    assert [t for _d, _o, t in _tokens(db)] == _parser_words(text)


def test_a_query_finds_each_word_however_it_is_punctuated() -> None:
    body = "قال:«بروكسل»، ثم؟ وزير\u00a0الخارجيةُ؛ المملكة\u2009العربية 😀نعم مي\u200cخواهم"
    db = _index(NEW_CREATE, [index_text(body)])
    # ZWNJ is dropped by the fold (inside a word), not a separator.
    words = ("بروكسل", "ثم", '"وزير الخارجية"', "نعم", "المملكة", "العربية", "ميخواهم")
    for query in words:
        assert parse_query(query)
        sql, params = fulltext.matching_ids_sql("sqlite", query, False) or ("", {})
        assert [r[0] for r in db.execute(sql, params)] == [1], query


def _tokenizer_words(column: str) -> list[str]:
    """The tokens FTS5's ascii tokenizer makes of a column (ASCII letters lowercased)."""
    return [t.lower() for t in re.findall(r"[0-9A-Za-z\x80-\U0010ffff]+", column)]


_FAST = search._FAST_CHARS.rstrip("\ufffe")
FAST_TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from([ch for ch in _FAST if not ch.isascii()]),
        st.sampled_from(list("بروكسل\u064e\u0651\u0640\u200c\u060c\u00a0\u0623\u0629\u0661")),
        st.sampled_from(list("AbC xyz_-.,é")),
    ),
    max_size=80,
)
MIXED_TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(_FAST)),
        st.sampled_from(list("ÉŞßİﬁ😀\u0300\u06d4\u0672\u212a")),
        st.characters(),
    ),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(FAST_TEXTS, FAST_TEXTS)
def test_the_fast_fold_gives_the_index_fold_tokens(title: str, body: str) -> None:
    """``index_text`` of a text of the usual characters (one byte each, three C passes)
    gives the tokenizer exactly the words of ``index_fold``."""
    column = f"{title}\n\n{body}"
    fast = search._fast_fold(column)
    assert fast is not None
    assert _tokenizer_words(fast) == _tokenizer_words(search.index_fold(column))
    assert index_text(column) == fast


@settings(max_examples=300, deadline=None)
@given(MIXED_TEXTS, FAST_TEXTS)
def test_other_characters_take_the_index_fold(title: str, body: str) -> None:
    column = f"{title}\n\n{body}"
    fast = search._fast_fold(column)
    assert (fast is None) == (not set(column) <= set(_FAST))
    assert _tokenizer_words(index_text(column)) == _tokenizer_words(search.index_fold(column))


def test_the_fast_fold_covers_real_articles_and_keeps_their_tokens() -> None:
    articles = _real_articles()
    fast = 0
    for title, ext, text in articles:
        column = f"{title}\n{ext or ''}\n{text}"
        fast += search._fast_fold(column) is not None
        assert _tokenizer_words(index_text(column)) == _tokenizer_words(search.index_fold(column))
    assert fast > 0.9 * len(articles)


@settings(max_examples=500, deadline=None)
@given(st.one_of(FAST_TEXTS, MIXED_TEXTS, TEXTS), FAST_TEXTS)
def test_index_words_are_the_tokenizer_words(title: str, body: str) -> None:
    """``index_words`` (what the PostgreSQL vector stores, by C passes and ``str.split``)
    are the very tokens FTS5's tokenizer makes of ``index_text``, in order."""
    column = f"{title}\n{body}"
    assert search.index_words(column) == _tokenizer_words(index_text(column))


def test_index_words_of_real_articles() -> None:
    for title, ext, text in _real_articles():
        column = fulltext.titled(title, ext, text)
        assert search.index_words(column) == _tokenizer_words(index_text(column))
        assert search.index_words(text) == _tokenizer_words(index_text(text))
