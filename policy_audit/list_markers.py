"""The marker that opens a list item: "(a)", "1.", "a.", "iv)", "•".

Readers, the cleanup passes, the sentence splitter and the grader all need to recognise one, each
for its own question, and they do not all want the same strictness. Every variant lives here, built
from the same pieces, so that a new kind of marker is taught to all of them in one place:

* :data:`MARKER_AT_START`: a reader's paragraph text already begins with a marker, so no "• " is
  added in front of it. Loose: any enumerator of up to four characters ("(viii)", "2a.").
* :data:`MARKER_WITH_STUB`: a line that is only a marker and a short stub ("(a) None", "• Yes"),
  which repeats down a form's pages and must never be taken for a running header.
* :data:`MARKER_ONLY`: a sentence piece that is a marker and nothing else ("1.", "5.1."), which ends no
  sentence.
* :data:`ITEM_START`: a line that starts a list item. Strict: a parenthesised enumerator is one
  letter, a roman numeral or a number of up to two digits.
* :data:`LEADING_MARKER`: the marker stripped from a sentence before its words are judged. Any
  parenthesised enumerator of up to three letters or digits is stripped.

The bullet characters differ too, and are kept as they were: the readers know "●" (U+25CF), the
sentence side knows "◦" and "·", the stub test only the ASCII-friendly three.

Model layer: imports nothing from the package.
"""

from __future__ import annotations

import re

__all__ = [
    "CHECKBOX_START",
    "ITEM_START",
    "LEADING_MARKER",
    "MARKER_AT_START",
    "MARKER_ONLY",
    "MARKER_WITH_STUB",
    "marker_kind",
]

# Bullets each side recognises (inside a character class; "-" last so it is literal).
_READER_BULLETS = "•*\u25aa\u25cf\u2013-"  # •, *, ▪, ●, en dash, hyphen
_SENTENCE_BULLETS = "•\u25aa\u25e6\u2013*\u00b7-"  # •, ▪, ◦, en dash, *, ·, hyphen
_STUB_BULLETS = "•*-"

# A checklist's box before an item, ticked or not: "[ ] 2. Call for an ambulance", "\u2610 Notify a
# supervisor", "( ) Notify". It opens an item as a bullet does, with or without an enumerator after it.
_BOX = r"(?:\[[ xX]?\]|\(\s?\)|[\u2610\u2611\u2612\u25a1])"
# "(a)", "a)", "1.", "iv)", "12)": an enumerator of up to three letters or digits, closed by "." or ")".
_ENUMERATOR = r"\(?[A-Za-z0-9]{1,3}[.)]"
# A decimal rule number closed by a full stop ("5.1. The Bureau prohibits ..."): it opens its rule.
_RULE_NUMBER = r"\d{1,3}(?:\.\d{1,3}){1,3}\."
# "1." and "a." / "A.": the dotted enumerators the sentence side accepts; and a decimal rule number.
_DOTTED = rf"\d{{1,2}}\.|[A-Za-z]\.|{_RULE_NUMBER}"

MARKER_AT_START = re.compile(rf"^(?:\(?[A-Za-z0-9]{{1,4}}[.)]|[{_READER_BULLETS}])\s")
# IGNORECASE is kept from the original copy: with it [A-Za-z] also matches the Kelvin sign and the
# long s, which case-fold to letters.
MARKER_WITH_STUB = re.compile(rf"^(?:{_ENUMERATOR}|[{_STUB_BULLETS}])\s*\S{{0,12}}$", re.IGNORECASE)
MARKER_ONLY = re.compile(rf"^\s*(?:(?:{_BOX}\s*)?{_ENUMERATOR}|{_RULE_NUMBER})$")
ITEM_START = re.compile(
    rf"^(?:{_BOX}\s+)?(?:\(?(?:[a-z]|[ivx]{{1,4}}|\d{{1,2}})\)|{_DOTTED}|[{_SENTENCE_BULLETS}])\s+|^{_BOX}\s+"
)
LEADING_MARKER = re.compile(rf"^(?:{_BOX}\s+)?(?:\(?[a-z0-9]{{1,3}}\)|{_DOTTED}|[{_SENTENCE_BULLETS}])\s+|^{_BOX}\s+")

# A line that opens with a checklist's box: a step to do, or a form's field to tick.
CHECKBOX_START = re.compile(rf"^\s*{_BOX}")


_KIND = re.compile(rf"^\s*(?:{_BOX}\s*)?(\(?)(?:([a-z])|([A-Z])|(\d{{1,2}}))([.)])\s")


def marker_kind(text: str) -> tuple[str, str, str] | None:
    """The style of the item marker a line opens with ("(", "lower", ")" for "(b)"), so that a list's
    item can be told from the next item of its parent list; None when there is none, or when it
    could be a roman numeral ("(i)" may follow "(h)" or open a nested list)."""
    m = _KIND.match(text)
    if m is None or (m.group(2) or "") in ("i", "v", "x"):
        return None
    kind = "lower" if m.group(2) else "upper" if m.group(3) else "digit"
    return m.group(1), kind, m.group(5)
