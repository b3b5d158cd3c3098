"""Rejoin words that a text layer splits at their hyphenation points ("po lice of fi cers").

Some typeset manuals come out of extraction with a space at every syllable break, and no rule phrase
can match such text. :func:`split_pages` finds those pages by their share of short non-words
("fi", "cers", "ter"); :func:`rejoin_split_words` repairs only those, choosing run by run the
segmentation whose words are most probable under an English word-frequency list. Two common words
are never fused ("may be" stays "may be"): a modal torn off its verb would change a grade.

The measurements behind the thresholds are in ``docs/design/syllable-split-text.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache

from policy_audit.document import Document, Page, page_list

# Page test (no vocabulary needed): the share of lower-case tokens that are short and not one of
# the short words English text is full of.
_SHORT_WORDS = frozenset(
    """a an the of to in on at by or and as is are be was if it its no not any all may can per who
    use has had for but one two out off up so do did our we us he she his her they them than then
    that this with from will must shall each such said into upon also via how why new own see""".split()
)
_LOWER_TOKEN = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_SAMPLE_CHARS = 800
_MIN_TOKENS = 40  # a page with fewer lower-case words is judged with the whole document
_SPLIT_SHARE = 0.2  # ordinary pages measure at most 0.10, split ones 0.33 and up (see docs/design)

_MAX_PARTS = 7  # "re spon si bil i ties"
_MIN_WORD_COUNT = 50  # below this a "word" of the list is noise (names, typos in subtitles)
_MIN_JOINED_COUNT = 50  # a rejoined word must be in the list (whose floor is 50)
_COMMON_COUNT = 100_000  # two words this common are never fused ("may be", "any one", "in to")
_UNKNOWN = -30.0  # log-probability of a fragment that is no word at all

# A token that can be part of a rejoined word: letters, with opening punctuation allowed on the first
# part and a possessive or closing punctuation on the last. The first part may be a hyphenated
# compound whose last piece is split ("neck-re straining").
_PART = re.compile(r"^([\"'(\[“‘]*)((?:[A-Za-z]+-)*[A-Za-z]+)((?:['’]s)?[\"')\]”’.,;:!?]*)$")


def _odd_and_total(text: str) -> tuple[int, int]:
    tokens = _LOWER_TOKEN.findall(text)
    # Single letters are list markers and "e.g." as often as syllables: only 2-3 letters count.
    return sum(1 for t in tokens if 2 <= len(t) <= 3 and t not in _SHORT_WORDS), len(tokens)


def split_pages(pages: tuple[Page, ...]) -> list[int]:
    """Indexes of the pages whose words are split at hyphenation points."""
    # The start of a page is enough to tell: a typeset page is split throughout.
    counted = [_odd_and_total(p.text[:_SAMPLE_CHARS]) for p in pages]
    total = sum(n for _, n in counted)
    whole = sum(odd for odd, _ in counted) / total if total else 0.0
    return [i for i, (odd, n) in enumerate(counted) if n and (odd / n if n >= _MIN_TOKENS else whole) > _SPLIT_SHARE]


@lru_cache(maxsize=1)
def _counts() -> tuple[dict[str, int], float]:
    import gzip
    import json
    from importlib import resources

    raw = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    counts = json.loads(gzip.decompress(raw))
    return counts, math.log(sum(counts.values()))


def _log_p(word: str, counts: dict[str, int], log_total: float, least: int) -> float | None:
    count = counts.get(word.lower(), 0)
    return math.log(count) - log_total if count >= least else None


def _single(core: str, counts: dict[str, int], log_total: float) -> float:
    """Log-probability of a fragment left alone (a hyphenated one: its rarest piece)."""
    scores = [_log_p(piece, counts, log_total, _MIN_WORD_COUNT) for piece in core.split("-")]
    known = [score for score in scores if score is not None]
    return _UNKNOWN if len(known) < len(scores) else min(known)


def _joined(cores: list[str], counts: dict[str, int], log_total: float) -> float | None:
    """Log-probability of fragments fused into one word, or None when they may not be fused."""
    if any("-" in c for c in cores[1:]):
        return None
    head = cores[0].rsplit("-", 1)[-1]  # "neck-re" + "straining": the word is "restraining"
    parts = [head] + cores[1:]
    if all(counts.get(p.lower(), 0) >= _COMMON_COUNT for p in parts):
        return None
    return _log_p("".join(parts), counts, log_total, _MIN_JOINED_COUNT)


def _segment(run: list[str], counts: dict[str, int], log_total: float) -> list[str]:
    """The most probable way to group the run's fragments into words (Viterbi over boundaries)."""
    cores = [_PART.match(t).group(2) for t in run]  # type: ignore[union-attr]
    best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * len(run)
    for end in range(1, len(run) + 1):
        for start in range(max(0, end - _MAX_PARTS), end):
            if end - start == 1:
                score: float | None = _single(cores[start], counts, log_total)
            else:
                score = _joined(cores[start:end], counts, log_total)
            if score is None:
                continue
            total = best[start][0] + score
            if total > best[end][0]:
                best[end] = (total, start)
    words: list[str] = []
    end = len(run)
    while end > 0:
        start = best[end][1]
        words.append("".join(run[start:end]))
        end = start
    return words[::-1]


def rejoin_line(line: str, counts: dict[str, int], log_total: float) -> str:
    tokens = line.split()
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.extend(_segment(run, counts, log_total) if len(run) > 1 else run)
            run.clear()

    for token in tokens:
        m = _PART.match(token)
        if m is None:
            flush()
            out.append(token)
            continue
        if m.group(1):  # opening punctuation starts a new word
            flush()
        run.append(token)
        if m.group(3):  # closing punctuation ends it
            flush()
    flush()
    return " ".join(out)


def _rejoin_page(text: str) -> str:
    counts, log_total = _counts()
    # A word broken at a line end keeps a lone hyphen: "com mu -" / "nity".
    text = re.sub(r"(\w) -\n(\w)", r"\1 \2", text)
    return "\n".join(rejoin_line(line, counts, log_total) for line in text.split("\n"))


def rejoin_split_words(doc: Document) -> Document:
    """The document with its syllable-split pages repaired, and a warning naming them."""
    found = split_pages(doc.pages)
    if not found:
        return doc
    pages = list(doc.pages)
    for i in found:
        pages[i] = replace(pages[i], text=_rejoin_page(pages[i].text))
    where = page_list([pages[i].number for i in found])
    note = f"{where}: words split at hyphenation points ('po lice of fi cers') were rejoined"
    return replace(doc, pages=tuple(pages), warnings=tuple(doc.warnings) + (note,))
