"""Telling a text layer of words from one of glyph codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit.extract.glyph_codes import garbage_reason, looks_like_garbage

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CZ = CORPUS / "cz"
GARBAGE_CITIES = {"Jacksonville", "SanBernardino"}

PROSE = (
    "Every member of the department who sees another member use force that is plainly more than the "
    "situation calls for shall act to stop it when it is safe to do so, and shall tell a supervisor "
    "about it before the end of the shift. A member who steps in will not be punished for it."
)


def _shift(text: str, by: int = 7) -> str:
    """A substitution cipher: word shapes kept, letters replaced (what a font without a map gives)."""
    out = []
    for ch in text:
        if ch.islower():
            out.append(chr((ord(ch) - 97 + by) % 26 + 97))
        elif ch.isupper():
            out.append(chr((ord(ch) - 65 + by) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


def test_plain_prose_is_not_garbage():
    assert not looks_like_garbage(PROSE)
    assert not looks_like_garbage(PROSE.upper())


def test_syllable_split_words_are_not_garbage():
    split = "Ev ery mem ber of the de part ment who sees an other mem ber use force that is plain ly " * 3
    assert not looks_like_garbage(split)


def test_short_text_is_never_judged():
    assert not looks_like_garbage("Page 3")
    assert not looks_like_garbage("(cid:3)(cid:4)")
    assert not looks_like_garbage("")


def test_cid_codes_are_garbage():
    text = " ".join("".join(f"(cid:{(i * 7 + j) % 60 + 1})" for j in range(6)) for i in range(40))
    assert garbage_reason(text) == "text layer is (cid:NN) glyph codes"


def test_one_glyph_per_line_is_garbage():
    text = "\n\n".join("QZ:;<=>?@ABCD" * 5)
    assert garbage_reason(text) == "text layer is one glyph per line"


def test_private_use_glyphs_are_garbage():
    text = " ".join("".join(chr(0xE000 + (i * 5 + j) % 200) for j in range(7)) for i in range(30))
    assert garbage_reason(text) == "text layer is private-use or replacement glyphs"


def test_glyph_soup_is_garbage():
    text = "\n".join("9A=>:GnAG@m:9;8@@6G:Bg>:8;D5AGF6;>G=56" for _ in range(20))
    assert garbage_reason(text) == "text layer has almost no words"


def test_substituted_letters_are_garbage():
    assert garbage_reason(_shift(PROSE) * 2) == "text layer has almost no common English words"


def test_a_table_of_figures_is_not_garbage_by_words_alone():
    table = "\n".join(f"Section {n}.{n + 1} ........ {n * 3}" for n in range(1, 40))
    assert not looks_like_garbage(table)


@pytest.mark.corpus
@pytest.mark.skipif(not CZ.is_dir(), reason="corpus not available (../shared/corpus)")
@pytest.mark.parametrize("city", sorted(p.stem for p in CZ.glob("*.txt")) if CZ.is_dir() else [])
def test_campaign_zero_texts(city):
    text = (CZ / f"{city}.txt").read_text(encoding="utf-8", errors="replace")
    assert looks_like_garbage(text) is (city in GARBAGE_CITIES)
    pages = [p for p in text.split("\f") if p.strip()]
    flagged = sum(looks_like_garbage(p) for p in pages)
    if city in GARBAGE_CITIES:
        assert flagged >= len(pages) - 1  # a final near-empty page may be too short to judge
    else:
        assert flagged == 0  # FortWorth's syllable-split words included
