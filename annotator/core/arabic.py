"""Arabic text helpers: search keys, terminal display, word snapping, proclitics, tokens.

Everything here works on Python code point offsets into the stored text and never changes
that text: ``search_key`` builds a separate key for matching, ``for_terminal`` a separate
string for display where nothing shapes or reorders.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from itertools import chain, pairwise

from annotator.core.offsets import has_astral

# Bidi controls and invisible marks: they change nothing a reader sees, so search ignores
# them and the tokenizer treats them like spaces. ZWJ/ZWNJ are left out of the gaps
# because they sit inside words (Persian, some Arabic typesetting).
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u061c\ufeff"
)
_ZW_JOINERS = frozenset("\u200c\u200d")
_GAPS = _INVISIBLE - _ZW_JOINERS

# Joiners that stay inside a word only between two characters of it: "Jean-Pierre",
# "O'Neil"; digit separators only between two digits: "3.5", "1,000", "٣٫٥".
_WORD_JOINERS = frozenset("'\u2019\u02bc-\u2010\u2011")
_DIGIT_JOINERS = frozenset(".,\u066b\u066c")

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def _search_table(fold_ta_marbuta: bool, fold_alef_maqsura: bool) -> dict[int, str | None]:
    """Build the str.translate table behind ``search_key`` for one flag combination."""
    table: dict[int, str | None] = {cp: None for cp in range(0x064B, 0x0660)}
    table[0x0670] = None  # superscript alef, a haraka in practice
    table[0x0640] = None  # tatweel only stretches the line
    table.update({ord(ch): None for ch in _INVISIBLE})
    table.update({ord(ch): "\u0627" for ch in "\u0623\u0625\u0622\u0671"})
    table.update({0x0660 + d: str(d) for d in range(10)})
    table.update({0x06F0 + d: str(d) for d in range(10)})
    if fold_ta_marbuta:
        table[0x0629] = "\u0647"
    if fold_alef_maqsura:
        table[0x0649] = "\u064a"
    return table


# Precomputed once: search_key runs over every title of a corpus.
_SEARCH_TABLES = {(ta, ya): _search_table(ta, ya) for ta in (True, False) for ya in (True, False)}
_FOLD = _SEARCH_TABLES[True, True]


def search_fold_table() -> Mapping[int, str | None]:
    """The code points ``search_key`` drops (None) or maps before casefolding, and to what."""
    return _FOLD


def search_key(text: str, *, fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True) -> str:
    """Return the search-only normalisation of ``text`` (never store it).

    Removes harakat, superscript alef, tatweel and bidi/invisible marks; maps hamza and
    wasla alefs to bare alef; optionally ة to ه and ى to ي; folds Arabic-Indic and Persian
    digits to ASCII; casefolds (Arabic has no case, Latin and other cased scripts fold).
    """
    return text.translate(_SEARCH_TABLES[fold_ta_marbuta, fold_alef_maqsura]).casefold()


def is_presentation_form(ch: str) -> bool:
    """Tell whether ``ch`` is one Arabic presentation form character (BOM U+FEFF excluded)."""
    return len(ch) == 1 and ("\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe")


def contains_presentation_forms(text: str) -> bool:
    """Tell whether ``text`` holds any Arabic presentation form (shaped, not logical text)."""
    # Every code point in U+F000-U+FFFF starts with byte 0xEF in UTF-8; encoding and a byte
    # search run ~20 times faster than the character-class regex on the usual text.
    if b"\xef" not in text.encode("utf-8", "surrogatepass"):
        return False
    return _PRESENTATION.search(text) is not None


def _line_for_terminal(line: str) -> str:
    """Shape and reorder one line; lines without right-to-left letters stay as they are."""
    if _RTL.search(line) is None:
        return line
    # Imported here: the reshaper loads fontTools (~60 ms), which only terminal output needs.
    import arabic_reshaper
    from bidi.algorithm import get_display

    # The pure-Python get_display mirrors brackets; the Rust bidi.get_display does not.
    return str(get_display(arabic_reshaper.reshape(line)))


def for_terminal(text: str) -> str:
    """Return ``text`` shaped and in visual order for terminals that do neither.

    Only for showing text on a terminal: the result holds presentation forms in display
    order (and the reshaper drops harakat). Piped output should stay logical and unshaped.
    """
    if _RTL.search(text) is None:
        return text
    return "\n".join(_line_for_terminal(line) for line in text.split("\n"))


def _is_word_char(ch: str) -> bool:
    """Tell whether ``ch`` is a letter, digit, combining mark (harakah), tatweel, ZWJ or ZWNJ."""
    return ch.isalnum() or unicodedata.category(ch)[0] == "M" or ch in _ZW_JOINERS


def _inner(text: str, i: int) -> bool:
    """Tell whether ``text[i]`` belongs to a word, joiners counting only between word chars."""
    ch = text[i]
    if _is_word_char(ch):
        return True
    if 0 < i < len(text) - 1:
        before, after = text[i - 1], text[i + 1]
        if ch in _WORD_JOINERS:
            # Digits are left out so that "2020-2025" and "COVID-19" split at the hyphen.
            return all(_is_word_char(c) and not c.isdecimal() for c in (before, after))
        if ch in _DIGIT_JOINERS:
            return before.isdecimal() and after.isdecimal()
    return False


def _trimmable(text: str, i: int) -> bool:
    """Tell whether ``text[i]`` is whitespace, an invisible mark or stray punctuation."""
    ch = text[i]
    if _inner(text, i):
        return False
    return ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch)[0] == "P"


def _run(text: str, i: int) -> tuple[int, int]:
    """Return the word run containing index ``i`` (which must be inside a word)."""
    start, end = i, i + 1
    while start > 0 and _inner(text, start - 1):
        start -= 1
    while end < len(text) and _inner(text, end):
        end += 1
    return start, end


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """Return the word containing ``offset``, or the one ending right there; None if none."""
    if 0 <= offset < len(text) and _inner(text, offset):
        return _run(text, offset)
    if 0 < offset <= len(text) and _inner(text, offset - 1):
        return _run(text, offset - 1)
    return None


def only_punctuation(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` holds nothing but spaces, punctuation, invisible marks.

    Such a selection is never a whole-word span; symbols (an emoji, %) are content.
    """
    return all(
        ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch)[0] == "P"
        for ch in text[max(0, start) : end]
    )


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Snap the selection ``[start, end)`` outward to whole words, then trim its edges.

    Edges lose whitespace, invisible marks and punctuation, so "(الناتو)، " gives "الناتو".
    A selection without any word character is only trimmed of whitespace (and kept as is
    if that empties it). An empty selection snaps to ``word_at`` when there is a word.
    """
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    if start == end:
        return word_at(text, start) or (start, end)
    if not any(_inner(text, i) for i in range(start, end)):
        s, e = start, end
        while s < e and (text[s].isspace() or text[s] in _INVISIBLE):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _INVISIBLE):
            e -= 1
        return (s, e) if s < e else (start, end)
    s, e = start, end
    if _inner(text, s):
        s = _run(text, s)[0]
    if _inner(text, e - 1):
        e = _run(text, e - 1)[1]
    while _trimmable(text, s):
        s += 1
    while _trimmable(text, e - 1):
        e -= 1
    return s, e


def _class(codes: list[int]) -> str:
    """A regex character class of the sorted code points ``codes``, as ranges."""
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(re.escape(chr(codes[i])))
        if j > i:
            parts.append("-" + re.escape(chr(codes[j])))
        i = j + 1
    return f"[{''.join(parts)}]"


def _either(bmp: list[int], astral: list[int]) -> str:
    """A regex for one character of ``bmp`` or ``astral`` (astral behind a cheap guard)."""
    return f"(?:{_class(bmp)}|(?=[\U00010000-\U0010ffff]){_class(astral)})"


def _word_classes(codes: Iterable[int]) -> tuple[list[int], list[int]]:
    """Word characters among ``codes`` (as ``_is_word_char``), and those not decimal."""
    word: list[int] = []
    letter: list[int] = []
    for cp in codes:
        ch = chr(cp)
        if _is_word_char(ch):
            word.append(cp)
            if not ch.isdecimal():
                letter.append(cp)
    return word, letter


def _compile_tokens(w: str, x: str) -> re.Pattern[str]:
    """The token regex for word characters ``w`` of which ``x`` are not decimal digits.

    A token is a run of word characters joined by word joiners (between two word
    characters that are not decimal digits) and digit joiners (between two decimal
    digits), or any single character that is neither white space nor an invisible gap.
    """
    joiners = re.escape("".join(sorted(_WORD_JOINERS)))
    digit_joiners = re.escape("".join(sorted(_DIGIT_JOINERS)))
    gaps = re.escape("".join(sorted(_GAPS)))
    glue = rf"(?<={x})[{joiners}](?={x})|(?<=\d)[{digit_joiners}](?=\d)"
    return re.compile(rf"{w}+(?:(?:{glue}){w}+)*|[^\s{gaps}]")


@functools.cache
def _bmp_token_pattern() -> re.Pattern[str]:
    """The token regex for text without characters above U+FFFF (classes: table lookups)."""
    word, letter = _word_classes(range(0x10000))
    return _compile_tokens(_class(word), _class(letter))


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """The token regex for any text; astral classes sit behind a guard (see ``_either``)."""
    word, letter = _word_classes(range(0x10000))
    # Planes 4-13 hold no characters yet; 15-16 are private use (never word characters).
    far_word, far_letter = _word_classes(chain(range(0x10000, 0x40000), range(0xE0000, 0xE1000)))
    return _compile_tokens(_either(word, far_word), _either(letter, far_letter))


def tokenize(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into ``(start, end)`` tokens: words, and single other characters.

    Words are runs as in ``word_bounds`` (so "3.5", "1,000", "Jean-Pierre" stay whole).
    Whitespace and invisible bidi marks separate tokens and belong to none. The regular
    expressions above give exactly the tokens of ``_tokenize_slowly``, several times faster.
    """
    pattern = _token_pattern() if has_astral(text) else _bmp_token_pattern()
    return [match.span() for match in pattern.finditer(text)]


def _tokenize_slowly(text: str) -> list[tuple[int, int]]:
    """``tokenize`` one character at a time with ``_inner``: the definition it must match."""
    tokens: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if _inner(text, i):
            j = i + 1
            while j < n and _inner(text, j):
                j += 1
            tokens.append((i, j))
            i = j
            continue
        if not (text[i].isspace() or text[i] in _GAPS):
            tokens.append((i, i + 1))
        i += 1
    return tokens


# Proper names that begin with a proclitic letter (و ف ب ل ك) or with "ال" that is not the
# article: never cut into. Compared by search key, so hamza and harakat spelling varies.
_NAME_LIST = """
    فلسطين فرنسا فنلندا فنزويلا فيتنام فلاديمير فولوديمير فيصل فهد فاطمة فاتح فؤاد فارس
    فراس فادي فريد فيينا فيكتور فرانسوا فرانكفورت فلوريدا فيرجينيا فانس فاغنر
    بريطانيا بروكسل بيروت بغداد برلين باريس بكين بولندا بلجيكا البرازيل بيرول بوتين بايدن
    باكستان بنغلاديش بلغاريا بيلاروسيا بوليفيا بيرو بنما بورما بوروندي بنين بنغازي برشلونة
    بنسلفانيا بنيامين بشار بسام بلال باسل بيونغ
    لبنان ليبيا لندن لاهاي لوكسمبورغ لاتفيا ليتوانيا ليبيريا لشبونة ليون ليفربول لاوس
    لمياء ليلى لؤي
    كندا كوريا كوبا كينيا كازاخستان كييف كريم كمال كولومبيا كرواتيا كمبوديا كوسوفو
    كاليفورنيا كاظم كامالا كيسنجر
    وارسو واشنطن وليد وائل ويلز وهران وفاء
    ألمانيا ألبانيا ألكسندر
"""
_NAMES = frozenset(search_key(name) for name in _NAME_LIST.split())


def _peelable(word: str, clitics: str) -> bool:
    """Tell whether the folded ``word`` starts with one of ``clitics`` that may be cut off."""
    if not word or word[0] not in clitics or word in _NAMES:
        return False
    rest = word[1:]
    return rest in _NAMES or rest.startswith("ال") or len(rest) > 4


def _clitic_cuts(word: str, keep_article: bool) -> list[int]:
    """Return the letter counts after each proclitic of a folded word, left to right."""
    cuts: list[int] = []
    n = 0
    if _peelable(word, "وف"):
        n += 1
        cuts.append(n)
    if word.startswith("لل", n) and word[n + 1 :] not in _NAMES:
        # ل + article with its alif elided: no contiguous span is "ال..." here, so the
        # preposition can only go together with the article.
        if not keep_article and len(word) - n - 2 >= 2:
            cuts.append(n + 2)
        return cuts
    if _peelable(word[n:], "بلك"):
        n += 1
        cuts.append(n)
    article = word.startswith("ال", n) and word[n:] not in _NAMES
    if not keep_article and article and len(word) - n - 2 >= 2:
        cuts.append(n + 2)
    return cuts


def _letters(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Return ``(index, folded letter)`` for the first word in ``[start, end)``, marks skipped."""
    letters: list[tuple[int, str]] = []
    i = start
    while i < end and _inner(text, i):
        if key := text[i].translate(_FOLD):
            letters.append((i, key))
        i += 1
    return letters


def strip_proclitics(
    text: str, start: int, end: int, *, keep_article: bool = True
) -> tuple[int, int]:
    """Move ``start`` past the proclitics glued to the first word of an entity span.

    Cuts a conjunction (و ف), then a preposition (ب ل ك), and with ``keep_article=False``
    the article ال: "والناتو" -> "الناتو", "ببروكسل" -> "بروكسل", "وبالطاقة" -> "الطاقة".
    "للطاقة" (ل + ال with the alif elided) stays whole when the article is kept, since
    "لطاقة" is no word, and becomes "طاقة" without it. A clitic is cut only when the rest
    is a known name, starts with ال, or is longer than 4 letters; names that start with a
    clitic letter (فلسطين، بروكسل، لبنان، كندا، واشنطن ...) are never cut into.

    Limits: a guess without a lexicon. Short words keep their clitic ("ومصر", "وروته"), and
    long names missing from the list lose a letter ("بنسلفانيا" is listed, others may not).
    The span end never moves and the span never becomes empty.
    """
    if not 0 <= start < end <= len(text):
        return start, end
    letters = _letters(text, start, end)
    cuts = _clitic_cuts("".join(key for _, key in letters), keep_article)
    if not cuts:
        return start, end
    return letters[cuts[-1]][0], end


def tokenize_clitics(text: str) -> list[tuple[int, int]]:
    """Tokenize like ``tokenize``, splitting off و ف and ب ل ك as in ``strip_proclitics``.

    The article stays with its word, and "لل" is not split (see ``strip_proclitics``).
    """
    tokens: list[tuple[int, int]] = []
    for start, end in tokenize(text):
        letters = _letters(text, start, end)
        edges = [letters[cut][0] for cut in _clitic_cuts("".join(k for _, k in letters), True)]
        bounds = [start, *edges, end]
        tokens.extend(pairwise(bounds))
    return tokens


def peel_proclitics(word: str, *, keep_article: bool = True) -> str:
    """The folded ``word`` without the conjunction and preposition glued to its front.

    The same cuts as ``strip_proclitics``: "وبروكسل" and "ببروكسل" give "بروكسل";
    "بروكسل", a listed name, stays whole; with ``keep_article=False`` "والبيت" and "للبيت"
    give "بيت". ``word`` is a search key (``search_key`` applied); body search compares
    words by this form when asked to.
    """
    cuts = _clitic_cuts(word, keep_article)
    return word[cuts[-1] :] if cuts else word
