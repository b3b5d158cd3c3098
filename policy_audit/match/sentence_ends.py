"""Where sentences end in a paragraph's text, and where a list run onto one line splits into items.

`sentences` joins a paragraph's lines and asks this module for its sentences: the rules of where a
sentence ends (abbreviations, citations, a form's blanks, an FAQ's bare "Yes.") are kept apart from
the rules of where a paragraph and a section begin.
"""

from __future__ import annotations

import re

from policy_audit.list_markers import MARKER_ONLY

# Sentence ends: ., ! or ? then space and a capital, digit, quote or list marker. Abbreviations that
# end in a period do not end a sentence.
# A form's blank ("Name: ________ Badge: ____") ends its field: the text after it is another line.
# The mark is matched, not looked behind for: a lookbehind is tried at every position of the text.
# A footnote's mark may follow the full stop ("... before resorting to force.\u2021"), and a footnote starts
# with one.
_SENTENCE_END = re.compile(
    r"(?:[.!?](?P<end>[\"')\]\u2020\u2021\u00b9\u00b2\u00b3\u2070\u2074-\u2079]*\s+)"
    # (a Spanish sentence of a bilingual page opens with "¿", "¡" or an accented capital)
    # (a rule numbered "§ 3.2" or "¶ 4" starts one)
    r"(?=[\"'(\[A-Z0-9•\u00a7\u00b6\u2020\u2021\u00b9\u00b2\u00b3\u2070\u2074-\u2079\u00bf\u00a1\u00c0-\u00dd])"
    r"|____(?P<blank>\s+)(?=[A-Z]))"
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|v|no|nos|sec|secs|dr|mr|mrs|ms|st|jr|sr|approx|art|ch|para|par|fig|ref|dept|govt|inc|co|corp|ltd|u\.s|u\.s\.c|ilcs|stat|subd|subds|rev|min|max|gen|ord|op|cf|al|et al|seq)\.|\b[A-Z]\.)$",
    re.IGNORECASE,
)
# "Minn. Stat. 626.8475", "Wash. Rev. Code": a state's abbreviation before a statute's citation. Case
# matters ("the person is ill. Officers ..." ends a sentence).
_STATE_ABBREVIATIONS = re.compile(
    r"\b(?:Ala|Ariz|Ark|Cal|Calif|Colo|Conn|Del|Fla|Ill|Ind|Kan|Ky|Mass|Mich|Minn|Miss|Mont|Neb|Nev|Okla|Ore|Tenn"
    r"|Tex|Wash|Wis|Wyo|Ann|Comp|Gen|Laws)\.$"
)
MAX_SENTENCE_CHARS = 1500  # flattened tables can make endless "sentences": cut them

BARE_YES = re.compile(r"^yes\s*[.!,;:\u2013\u2014-]?$", re.IGNORECASE)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; abbreviations such as "e.g." and initials do not end a sentence."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.group("end")
        # A closing quotation mark stays with the sentence it closes: where a quotation ends tells
        # what an amendment quotes as replaced from what follows it (match/superseded.py).
        candidate = text[start : m.start("end") + end.startswith('"') if end is not None else m.start("blank")]
        # Search only the end (the longest abbreviation is 7 characters): a "$"-anchored search
        # would otherwise try every position of every sentence.
        tail_start = max(0, len(candidate) - 12)
        if (
            _ABBREVIATIONS.search(candidate, tail_start)
            or _STATE_ABBREVIATIONS.search(candidate, tail_start)
            or (
                MARKER_ONLY.match(candidate) and not BARE_YES.match(candidate)  # an FAQ's "Yes." is no list marker
            )
        ):
            continue
        if candidate.strip():
            out.append((start, candidate.strip()))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((start, tail))
    final: list[tuple[int, str]] = []
    for offset, sentence in out:
        while len(sentence) > MAX_SENTENCE_CHARS:
            cut = sentence.rfind(";", 0, MAX_SENTENCE_CHARS)
            cut = cut + 1 if cut > MAX_SENTENCE_CHARS // 3 else MAX_SENTENCE_CHARS
            final.append((offset, sentence[:cut].strip()))
            offset += cut
            sentence = sentence[cut:].strip()
        final.append((offset, sentence))
    return final


# A list run onto one line: "... shall: 1. intervene ...; 2. do so ...; and 3. notify a supervisor".
# An item starts after the colon that opens the list (its first marker) or after a semicolon.
_INLINE_SPLIT = re.compile(
    r"(?:(?<=:)\s+(?=(?:[1a][.)]|\([1a]\))\s)|(?<=;)\s+(?:(?:and|or)\s+)?(?=(?:(?:\d{1,2}|[a-z])[.)]|\(\d{1,2}\)|\([a-z]\))\s))"
)
INLINE_ITEM = re.compile(r"^(?:\d{1,2}\.|[a-z]\.|\d{1,2}\)|[a-z]\)|\(\d{1,2}\)|\([a-z]\))\s")


def inline_items(sentence: str) -> list[tuple[int, str]]:
    """(offset, piece) of a sentence whose list items were run together, or the sentence whole."""
    if ":" not in sentence and ";" not in sentence:  # an item starts after one: most sentences have none
        return [(0, sentence)]
    cuts = [m.end() for m in _INLINE_SPLIT.finditer(sentence)]
    if not cuts:
        return [(0, sentence)]
    out, start = [], 0
    for cut in cuts:
        piece = sentence[start:cut].strip()
        if piece:
            out.append((start, piece))
        start = cut
    out.append((start, sentence[start:].strip()))
    return out
