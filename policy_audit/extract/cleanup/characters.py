"""Pass 1: normalise characters.

Line ends, ligatures, odd spaces, soft hyphens, curly quotes, control characters and the doubled
spaces of justified text are made plain, so that later passes and the matcher compare like with
like. Each printed line stays one line.
"""

from __future__ import annotations

import re

__all__ = ["normalise_text"]


def _build_translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {
        0xFB00: "ff",
        0xFB01: "fi",
        0xFB02: "fl",
        0xFB03: "ffi",
        0xFB04: "ffl",
        0xFB05: "st",
        0xFB06: "st",
        0x00AD: None,  # soft hyphen
        0x200B: None,  # zero width space
        0x200C: None,
        0x200D: None,
        0x2060: None,
        0xFEFF: None,  # BOM / zero width no-break space
        0xFFFE: None,  # noncharacter seen in OCR'd text layers
        0xFFFF: None,
        0x2018: "'",
        0x2019: "'",
        0x201A: "'",
        0x201B: "'",
        0x2032: "'",
        0x00B4: "'",
        0x201C: '"',
        0x201D: '"',
        0x201E: '"',
        0x201F: '"',
        0x2033: '"',
        0x00AB: '"',
        0x00BB: '"',
        0x2010: "-",  # hyphen
        0x2011: "-",  # non-breaking hyphen
        0x2212: "-",  # minus sign
        0x2028: "\n",  # line separator
        0x2029: "\n",  # paragraph separator
        0x0085: "\n",  # next line
        0x000B: "\n",  # vertical tab
        0x000C: "\n",  # form feed: inside one page it only separates lines
        0x0009: " ",  # tab
    }
    # Odd spaces -> plain space.
    for cp in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        table[cp] = " "
    # Remaining C0/C1 control characters are dropped (\n is kept; \r is handled before).
    for cp in (*range(0x00, 0x20), *range(0x7F, 0xA0)):
        if cp not in table and cp not in (0x0A, 0x0D):
            table[cp] = None
    return table


_TRANSLATION = _build_translation()
# str.translate with a dict is slow on long text; a character class finds the few characters to
# replace and a dict lookup replaces each one (about six times faster on a 1.5 M character manual).
_SPECIAL = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TRANSLATION)) + "]")
_REPLACEMENT = {chr(cp): (rep or "") for cp, rep in _TRANSLATION.items()}


def _replace_special(match: re.Match[str]) -> str:
    return _REPLACEMENT[match.group()]


_MULTISPACE = re.compile(r"[ ]{2,}")
# A word processor's Symbol or Wingdings bullet is a private-use character in the PDF's text (U+F0B7
# and the like): at a line's start it is the item's bullet, which the list reading needs.
_SYMBOL_BULLET = re.compile(r"^[ ]*[\uf0b7\uf0a7\uf0a8\uf0d8\uf076\uf0fc\uf06e\uf071\uf0e8](?=[ ])", re.MULTILINE)
# Private-use and other format characters left after translation are removed.
_OTHER_INVISIBLE = re.compile(r"[\u200e\u200f\u202a-\u202e\u2061-\u2064\ue000-\uf8ff]")


# OCR reads a capital I as a small l at a word's start ("lnjuries", "lf", "lt", "lntervene"); no English word
# starts with "ln", and "lf" and "lt" are no words, so these are put back (a sentence that starts
# "lnjuries shall ..." is otherwise glued to the one before it, and "lntervene" matches nothing).
_OCR_CAPITAL_I = re.compile(r"(?<![\w'\u2019-])l(?=(?:n[a-z]*|f|t)(?![\w'\u2019-]))")
# The repair is tried only on a page that holds one of these (the l after a space, a line's start, a
# bracket or a quote), so it is narrower than the pattern alone: most pages hold none, and a substring
# test is a tenth of the regex's cost on every page of a long manual.
_OCR_MARKS = (" ln", " lf", " lt", "\nln", "\nlf", "\nlt", "(ln", "(lf", "(lt", '"ln', '"lf', '"lt')


def normalise_text(text: str) -> str:
    """Normalise characters and spaces of one page; keeps one printed line per ``\\n``."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPECIAL.sub(_replace_special, text)  # every Unicode space separator is in the table
    if not text.isascii():
        text = _OTHER_INVISIBLE.sub("", _SYMBOL_BULLET.sub("\u2022", text))
    if "  " in text:
        text = _MULTISPACE.sub(" ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    if text.startswith(("ln", "lf", "lt")) or any(mark in text for mark in _OCR_MARKS):
        text = _OCR_CAPITAL_I.sub("I", text)
    return text
