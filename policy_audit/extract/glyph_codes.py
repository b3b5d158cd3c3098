"""Is a text layer made of words, or of glyph codes?

Some PDFs carry a text layer that is not text: fonts without a Unicode map come out as ``(cid:12)``
runs, or as one substituted glyph per line ("4", "5", "6" standing for letters), or as private-use
code points. Such a page is no better than a scanned one: the matcher would find nothing in it and
the audit would wrongly report every clause as absent. :func:`looks_like_garbage` tells them apart
so the reader can OCR those pages or report the document as unreadable.

The checks are cheap and deliberately conservative: real text with odd spacing (syllable-split
words such as "po lice of fi cers", doubled spaces, tables one cell per line) must pass.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_garbage", "garbage_reason"]

_CID = re.compile(r"\(cid:\d+\)")
# A whitespace-separated token shaped like a word: lower case, Capitalised or ALL CAPS letters, maybe
# an apostrophe or hyphen part, wrapped in ordinary punctuation. Glyph soup ("9A=>:GnAG@m") is not.
_WORDLIKE = re.compile(
    r"^[\"'(\[\u201c\u2018]*(?:[A-Za-z][a-z]*|[A-Z]+)(?:['\u2019-][A-Za-z]+)*[\"'.,;:!?)\]\u201d\u2019]*$"
)
_LETTER = re.compile(r"[A-Za-z]")

# The most frequent English words, plus a few that any police policy uses. Real English prose has
# 30-50 % of its words in this list; syllable-split text and index pages still have over 5 %;
# glyph-code text has almost none. (A manual in another language would fail this check too: the
# rules are English, so it could not be audited anyway.)
_COMMON = frozenset(
    """
    a about after all also an and any are as at be been before being but by can could do does
    each for from had has have he her his if in into is it its may more must no not of on only
    or other our out over shall she should so such than that the their them then there these
    they this those through to under up upon was we were what when where which while who will
    with within without would you your
    officer officers police force use used department person persons policy member members
    """.split()
)

# Thresholds. A page is judged only on enough material: a short page ("Page 3", a heading) is not
# garbage just because it has few common words.
_MIN_CHARS = 40
_MIN_WORDS = 30
_MIN_DISTINCT = 15  # a table repeating one label ("Section 1.2 ... 3") is not judged on its words
_CID_SHARE = 0.15  # share of non-space characters inside (cid:NN) codes
_ODD_SHARE = 0.15  # share of non-space characters that are private-use or U+FFFD
_SINGLE_GLYPH_LINES = 0.6  # share of non-empty lines that hold a single character
_MIN_LINES = 20
_WORDLIKE_SHARE = 0.15  # share of characters in word-shaped tokens (real pages: 0.3 and up)
_COMMON_SHARE = 0.03  # share of tokens that are common English words (real pages: 0.06 and up)


# Private-use and replacement code points. Counted with regular expressions rather than Python loops
# over characters: every page of a 642-page manual passes through here.
_ODD = re.compile("[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MIN_CONTROLS = 3
_CONTROL_SHARE = 0.3
_WORDLIKE_LINES = re.compile(_WORDLIKE.pattern.replace("^", "(?m)^", 1))
_PLAIN_EDGES = "\"'()[].,;:!?-*/&%$#@+=<>|\\~`^{}_"


# Glyph codes are a property of the whole layer, so a long text is judged on evenly spaced samples:
# a 50 MB one-line text file took 20 s here when every character was examined three times.
_SAMPLE = 32_768
_SAMPLES = 8


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE * _SAMPLES:
        return text
    step = (len(text) - _SAMPLE) // (_SAMPLES - 1)
    return "\n".join(text[i * step : i * step + _SAMPLE] for i in range(_SAMPLES))


def garbage_reason(text: str) -> str:
    """Why ``text`` looks like glyph codes rather than words, or "" when it looks like text."""
    text = _sample(text)
    words = text.split()
    # Most pages hold none of the odd characters counted below: they are looked for in the text as it
    # is, and the text without its spaces is only made for a page that has some (every page of a
    # manual passes through here, on the reader's path to the first sentence).
    odd_chars = _CONTROLS.search(text) or _ODD.search(text) or "(cid:" in text
    compact = "".join(words) if odd_chars else ""
    size = sum(map(len, words))  # the length of the text without its spaces
    # Control characters are never text, so a page of them is judged however short it is: a font
    # without a Unicode map can turn a short page (a one-paragraph order) into nothing else.
    controls = len(_CONTROLS.findall(compact)) if _CONTROLS.search(compact) else 0
    if controls >= _MIN_CONTROLS and controls / size > _CONTROL_SHARE:
        return "text layer is control characters (a font without a Unicode map)"
    odd = len(_ODD.findall(compact)) if _ODD.search(compact) else 0
    if size < _MIN_CHARS:
        if odd >= _MIN_CONTROLS and odd / size > _ODD_SHARE:
            return "text layer is private-use or replacement glyphs"
        return ""
    cid_chars = sum(len(m) for m in _CID.findall(compact)) if "(cid:" in compact else 0
    if cid_chars / size > _CID_SHARE:
        return "text layer is (cid:NN) glyph codes"
    if odd / size > _ODD_SHARE:
        return "text layer is private-use or replacement glyphs"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) >= _MIN_LINES:
        single = sum(1 for ln in lines if len(ln) == 1)
        if single / len(lines) > _SINGLE_GLYPH_LINES:
            return "text layer is one glyph per line"
    if _plainly_english(text, len(words)):
        return ""
    tokens = _CID.sub(" ", text).split()
    token_chars = sum(map(len, tokens))
    if token_chars >= _MIN_CHARS * 5:
        wordlike = sum(map(len, _WORDLIKE_LINES.findall("\n".join(tokens))))
        if wordlike / token_chars < _WORDLIKE_SHARE:
            return "text layer has almost no words"
    # Tokens without letters (numbers, dot leaders, section numbers) say nothing about the language.
    # Counted with C-level calls (one findall, str.strip) rather than a regex per token: every page
    # of a manual passes through here.
    lowered = " ".join(tokens).lower()
    lettered = len(tokens) - len(_NO_LETTER_TOKEN.findall(lowered))
    if lettered < _MIN_WORDS:
        return ""
    cores = [t.strip(_EDGES) for t in lowered.split()]
    if _enough_distinct_words(set(cores)):
        common = sum(map(_COMMON.__contains__, cores))
        if common / lettered < _COMMON_SHARE:
            return "text layer has almost no common English words"
    return ""


# The four commonest English words make up about an eighth of the words of running prose; glyph codes
# hold almost none of them. A page where they are at least a twentieth of the words has words, and
# the slower word-by-word checks below are skipped (they were a sixth of reading a long manual).
_SURE_WORDS = (" the ", " and ", " of ", " to ")
_SURE_SHARE = 0.05


def _plainly_english(text: str, words: int) -> bool:
    # Counted in the text as it is: a word at a line's start or end is missed, which can only send a
    # page on to the slower checks below, never let a page of glyph codes through.
    return words >= _MIN_WORDS and sum(map(text.lower().count, _SURE_WORDS)) >= _SURE_SHARE * words


def _enough_distinct_words(distinct: set[str]) -> bool:
    if len(distinct) < _MIN_DISTINCT:
        return False
    found = 0
    for word in distinct:
        if _LETTER.search(word):
            found += 1
            if found >= _MIN_DISTINCT:
                return True
    return False


_NO_LETTER_TOKEN = re.compile(r"(?<!\S)[^\sA-Za-z]+(?!\S)")
# Edge punctuation to strip from a token before looking it up: ASCII plus the typographic marks
# real manuals use. (A rarer mark left on a word only makes that one word not count as common.)
_EDGES = _PLAIN_EDGES + "\u201c\u201d\u2018\u2019\u2013\u2014\u2022\u00a7\u00b6\u00ab\u00bb"


def looks_like_garbage(text: str) -> bool:
    """True when ``text`` is a text layer of glyph codes, not words (see module docstring)."""
    return bool(garbage_reason(text))
