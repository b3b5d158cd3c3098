"""Does a quote the tool shows contain the quote a labeller wrote down?

Labelled quotes are copied from the documents by hand: fragments of a sentence, pieces joined by
"..." where the labeller left words out, curly or straight quotation marks, en dashes for hyphens,
words broken at a line end ("pro- vided") and line breaks where a page or column ended. The tool's
quotes are cleaned sentences. So both sides are compared as sequences of words: case, spacing,
punctuation, quotation marks and dashes never decide a match, a hyphen inside a word or at a line
break joins its two halves, and a labelled quote with "..." matches when each of its pieces occurs,
in order, in the shown quote.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)  # soft hyphen, zero widths
# "pro- vided" (a word broken at a line end, then joined by a space) and "re-evaluate": one word
_LINE_BREAK_HYPHEN = re.compile(r"(?<=\w)-\s+(?=[a-z])")
_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_ELLIPSIS = re.compile(r"\.(?:\s*\.){2,}")  # "...", ". . .", and "…" once NFKC has spelled it out
_WORD = re.compile(r"\w+")


def words(text: str) -> str:
    """The text as lower-case words separated by single spaces (the form both sides are compared in)."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_DASHES)
    text = _WORD_HYPHEN.sub("", _LINE_BREAK_HYPHEN.sub("", text))
    return " ".join(_WORD.findall(text.casefold()))


def pieces(labelled: str) -> tuple[str, ...]:
    """The labelled quote's pieces between elisions, each as :func:`words` (empty pieces dropped)."""
    text = unicodedata.normalize("NFKC", labelled)
    return tuple(p for p in (words(part) for part in _ELLIPSIS.split(text)) if p)


def contains(shown: str, labelled: str) -> bool:
    """Whether ``shown`` contains ``labelled``: every piece of it, whole words, in order.

    An empty labelled quote (nothing but punctuation, or nothing) is contained in nothing."""
    parts = pieces(labelled)
    if not parts:
        return False
    haystack = f" {words(shown)} "
    at = 0
    for part in parts:
        found = haystack.find(f" {part} ", at)
        if found < 0:
            return False
        at = found + len(part) + 1  # the next piece may start at this piece's closing space
    return True
