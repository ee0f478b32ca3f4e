"""Decoding input files: UTF-8 (BOM or not), UTF-16 (BOM or not), cp1256, binary, bad bytes."""

from __future__ import annotations

import codecs
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.textio import NUL_TEXT, decode_bytes, sniff_codec

ARABIC = "استقبل أمين عام حلف شمال الأطلسي (الناتو)، مارك روته\nفي مقر الحلف ببروكسل.\n"
MIXED = "NATO الناتو 2024\r\nمارك روته Mark Rutte\n"


def test_utf8() -> None:
    assert decode_bytes(ARABIC.encode("utf-8"), "a.txt") == (ARABIC, "utf-8")


def test_utf8_with_bom() -> None:
    text, codec = decode_bytes(codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "a.txt")
    assert text == ARABIC
    assert codec == "utf-8-sig"


@pytest.mark.parametrize("text", [ARABIC, MIXED, "plain latin text\n"])
@pytest.mark.parametrize(
    ("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_utf16_with_bom(text: str, bom: bytes, codec: str) -> None:
    decoded, used = decode_bytes(bom + text.encode(codec), "a.txt")
    assert decoded == text
    assert used.startswith("utf-16")


@pytest.mark.parametrize("text", [ARABIC, MIXED, "plain latin text\n"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "a.txt") == (text, codec)


def test_cp1256_arabic() -> None:
    data = ARABIC.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data, "a.txt") == (ARABIC, "cp1256")


def test_cp1256_vocalised_arabic() -> None:
    """Harakat, tatweel, ، ؛ ؟ and « » are cp1256 bytes of Arabic text too."""
    text = "قَالَ مُحَمَّدٌ إِنَّ الْحِلْفَ قَوِيٌّ فِي بْرُوكْسِل، وَأَضَافَ: «نَعَمْ» ـ أليس كذلك؟\n"
    assert decode_bytes(text.encode("cp1256"), "v.txt") == (text, "cp1256")


@pytest.mark.parametrize(
    "text",
    [
        "Grüße aus Köln, schöne Größe, Mädchen übermäßig Straße",
        "Señor Müller, año, niño, mañana",
        "Ångström Åsa åker ärlig öl",
        "café crème à Bruxelles, déjà vu",
    ],
)
def test_latin1_is_not_taken_for_cp1256(text: str) -> None:
    """Latin-1 bytes decode as cp1256 too, into Arabic letters glued to Latin ones."""
    with pytest.raises(InputError, match="--encoding"):
        decode_bytes(text.encode("latin-1"), "l.txt")
    assert decode_bytes(text.encode("latin-1"), "l.txt", "latin-1")[0] == text


def test_binary_file_is_refused_with_line() -> None:
    data = b"line one\nline two\n\x89PNG\x00\x01\x02\x03 binary"
    with pytest.raises(InputError) as info:
        decode_bytes(data, "img.txt")
    err = info.value
    assert err.path == "img.txt"
    assert err.line == 3
    assert "binary" in err.reason
    assert err.located() == f"img.txt:3: {err.reason}"


def test_invalid_utf8_latin1_names_line_and_suggests_encoding() -> None:
    data = "first line\nsecond line\ncafé crème\n".encode("latin-1")
    with pytest.raises(InputError) as info:
        decode_bytes(data, "notes.txt")
    err = info.value
    assert err.line == 3
    assert "UTF-8" in err.reason
    assert "--encoding" in err.reason
    assert err.located() == f"notes.txt:3: {err.reason}"
    assert str(err) == err.located()


def test_explicit_encoding_is_used() -> None:
    data = "café crème\n".encode("latin-1")
    assert decode_bytes(data, "a.txt", "latin-1") == ("café crème\n", "latin-1")
    # An explicit encoding wins over detection: these cp1256 bytes read as Latin-1.
    arabic = ARABIC.encode("cp1256")
    assert decode_bytes(arabic, "a.txt", "cp1256") == (ARABIC, "cp1256")
    assert decode_bytes(arabic, "a.txt", "latin-1")[0] == arabic.decode("latin-1")


def test_explicit_encoding_failure_names_line() -> None:
    data = b"ok\nok\n" + b"\xff\xfe bad\n"
    with pytest.raises(InputError) as info:
        decode_bytes(data, "a.txt", "utf-8")
    assert info.value.line == 3
    assert info.value.located().startswith("a.txt:3: ")


def test_unknown_encoding() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(b"abc", "a.txt", "no-such-codec")
    assert "no-such-codec" in info.value.reason
    assert info.value.path == "a.txt"


def test_truncated_utf16_names_line() -> None:
    data = codecs.BOM_UTF16_LE + "سطر\nسطر\n".encode("utf-16-le") + b"\x41"
    with pytest.raises(InputError) as info:
        decode_bytes(data, "a.txt")
    assert info.value.line == 3


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي \n\r\t\u064e\u0650\u0640«»،؟😀"),
            # Control characters aside, which no article holds ("\x06\x06..." is UTF-16-like).
            st.characters(codec="utf-8", exclude_categories=["Cc"]),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_unicode_text_decodes_back(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "x")[0] == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"), "x")[0] == text
    for codec, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        assert decode_bytes(bom + text.encode(codec), "x")[0] == text


@pytest.mark.parametrize("text", [ARABIC, "قال محمد", "plain latin text\n"])
@pytest.mark.parametrize(
    "data",
    [
        lambda t: t.encode("utf-32"),
        lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"),
        lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"),
    ],
)
def test_utf32_with_bom(text: str, data: Callable[[str], bytes]) -> None:
    """The UTF-32-LE BOM begins with the UTF-16-LE one: UTF-32 is not read as UTF-16."""
    assert decode_bytes(data(text), "a.txt") == (text, "utf-32")


def test_sniff_codec() -> None:
    assert sniff_codec("قال".encode("utf-32")) == "utf-32"
    assert sniff_codec(codecs.BOM_UTF16_BE + "قال".encode("utf-16-be")) == "utf-16"
    assert sniff_codec("قال محمد".encode("utf-16-le")) == "utf-16-le"
    assert sniff_codec("قال محمد".encode()) is None
    assert sniff_codec(codecs.BOM_UTF8 + b"abc") is None


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("سطر\nقال محمد".encode("utf-16-le"), "utf-8"),
        ("line one\nline two".encode("utf-16-be"), "latin-1"),
        (codecs.BOM_UTF32_LE + "سطر\nقال محمد".encode("utf-32-le"), "utf-16"),
    ],
)
def test_wrong_narrow_encoding_is_refused_for_nuls(data: bytes, encoding: str) -> None:
    """A wide file read with a narrow codec gives U+0000s, which no stored text may hold."""
    with pytest.raises(InputError) as info:
        decode_bytes(data, "a.txt", encoding)
    assert info.value.reason == NUL_TEXT
    assert "UTF-16 or UTF-32" in info.value.reason
    assert "--encoding" in info.value.reason
    assert info.value.located() == f"a.txt:{info.value.line}: {NUL_TEXT}"


def test_nul_line_is_the_line_of_the_first_nul() -> None:
    data = b"one\ntwo\nthr\x00ee\n"
    with pytest.raises(InputError) as info:
        decode_bytes(data, "a.txt", "utf-8")
    assert (info.value.line, info.value.reason) == (3, NUL_TEXT)


def test_a_nul_in_wide_text_is_not_blamed_on_the_encoding() -> None:
    """Found to be UTF-16, a file's NUL is its own: no advice to change the encoding."""
    data = "سطر أول\nفيه \x00 هنا\n".encode("utf-16")
    with pytest.raises(InputError) as info:
        decode_bytes(data, "a.txt")
    assert info.value.reason == "text contains NUL characters (U+0000); it is not text"
    assert info.value.line == 2
