"""Pass 5: rejoin words hyphenated at line ends, following the document's own spelling.

"interven-" / "tion" becomes "intervention"; "de-" / "escalation" keeps its hyphen when the document
(or the domain) spells it so. Breaks across a page break are rejoined too.
"""

from __future__ import annotations

import re

from policy_audit.extract.cleanup.work import WorkPage

# "interven-" at a line end: letters (maybe an earlier hyphen, "use-of-") right before the hyphen.
_LINE_END_HYPHEN = re.compile(r"([A-Za-z](?:[A-Za-z-]*[A-Za-z])?)-$")
# The next line's first word, what sticks to it ("tion," / "tion)."), and the rest of the line.
_NEXT_FRAGMENT = re.compile(r"^([A-Za-z]+)(\S*)\s?(.*)$", re.DOTALL)
# Prefixes often written with a hyphen. Hyphenation also breaks ordinary words right after these
# letters ("de-termine", "inter-vention", "ex-ample"), so the hyphen is kept only when what follows
# is itself a word used in the document ("de-" + "escalation"), or when the prefix ends with the
# vowel the next part starts with ("re-evaluate", "co-owner"), which English spells with a hyphen.
_HYPHEN_PREFIXES = frozenset("self non de co anti cross well ex multi semi re pre post".split())
# Compounds this domain always hyphenates, for documents too short to show their own spelling.
_KNOWN_HYPHENATED = frozenset(
    """de-escalation de-escalate de-escalating de-escalated de-escalate co-worker co-workers
    re-evaluate re-evaluation re-enter re-entry self-defense self-defence self-initiated
    well-being non-lethal less-lethal less-than-lethal use-of-force off-duty on-duty follow-up
    follow-through first-aid in-custody line-of-duty""".split()
)
_VOWELS = frozenset("aeiou")
_PLAIN_WORD = re.compile(r"[a-z]+")
_HYPHENATED_WORD = re.compile(r"[a-z]+(?:-[a-z]+)+")


class _Lexicon:
    """Which words (and hyphenated words) a document uses, looked up lazily.

    Hyphenated breaks are few, so each lookup is a ``str.find`` over the casefolded text with a
    word-boundary check; past a few hundred lookups the full word sets are built once instead.
    The fragments around line-end hyphens are left out of the text, so that "vent" in "pre-" /
    "vent" does not count as evidence that "vent" is a word of the document.
    """

    _BUILD_AFTER = 200

    def __init__(self, pages: list[WorkPage]) -> None:
        kept: list[str] = []
        after_hyphen = False
        for page in pages:
            for line in page.lines:
                if after_hyphen:
                    line = line.partition(" ")[2]
                after_hyphen = line.endswith("-")
                if after_hyphen:
                    line = line.rpartition(" ")[0]
                kept.append(line)
        self.text = "\n".join(kept).casefold()
        self.cache: dict[str, bool] = {}
        self.words: set[str] | None = None
        self.hyphenated: set[str] | None = None

    def _build(self) -> None:
        words: set[str] = set()
        hyphenated: set[str] = set()
        # Splitting on whitespace and deduplicating first is much faster than a regex over the text.
        for token in set(self.text.split()):
            if token.isalpha() and token.isascii():
                words.add(token)
                continue
            words.update(_PLAIN_WORD.findall(token))
            if "-" in token:
                hyphenated.update(_HYPHENATED_WORD.findall(token))
        self.words, self.hyphenated = words, hyphenated

    def _find(self, word: str) -> bool:
        text = self.text
        size = len(word)
        start = text.find(word)
        while start >= 0:
            before = text[start - 1] if start else " "
            after = text[start + size] if start + size < len(text) else " "
            if not ("a" <= before <= "z") and not ("a" <= after <= "z"):
                return True  # as in the word sets: parts of hyphenated words count as words
            start = text.find(word, start + 1)
        return False

    def uses(self, word: str) -> bool:
        """Whether the document uses ``word`` (casefolded; with or without hyphens)."""
        if self.words is not None and self.hyphenated is not None:
            return word in (self.hyphenated if "-" in word else self.words)
        found = self.cache.get(word)
        if found is None:
            if len(self.cache) >= self._BUILD_AFTER:
                self._build()
                return self.uses(word)
            found = self.cache[word] = self._find(word)
        return found


def _decide_join(head: str, tail: str, lexicon: _Lexicon) -> bool:
    """True to join ``head-`` + ``tail`` into one word, False to keep the hyphen."""
    last = head.rsplit("-", 1)[-1].casefold()
    low_tail = tail.casefold()
    joined = (head + tail).casefold()
    with_hyphen = (head + "-" + tail).casefold()
    if with_hyphen in _KNOWN_HYPHENATED or lexicon.uses(with_hyphen):
        return False  # the document (or the domain) spells it with a hyphen
    if lexicon.uses(joined):
        return True  # the document spells it as one word
    if "-" in head:  # "use-of-" + "force": already a compound
        return False
    if last in _HYPHEN_PREFIXES and ((last[-1] in _VOWELS and low_tail[:1] == last[-1]) or lexicon.uses(low_tail)):
        return False
    if len(last) >= 4 and len(low_tail) >= 4 and lexicon.uses(last) and lexicon.uses(low_tail):
        # Two words of the document that it never writes closed up: "trauma-" + "informed".
        # (Closed compounds broken at their joint, "some-" + "thing", are joined by the check
        # above when the document uses them elsewhere.)
        return False
    return tail[:1].islower()


def rejoin_hyphens(pages: list[WorkPage]) -> None:
    if not any(line.endswith("-") for page in pages for line in page.lines):
        return
    lexicon = _Lexicon(pages)
    # Positions of the last/first text line on each page, for breaks across pages.
    prev_page: WorkPage | None = None
    for page in pages:
        lines = page.lines
        # Across a page break: last text line of the previous page and first of this one.
        if prev_page is not None and lines and prev_page.lines:
            _join_pair(prev_page.lines, len(prev_page.lines) - 1, lines, 0, lexicon)
        i = 0
        while i < len(lines) - 1:
            _join_pair(lines, i, lines, i + 1, lexicon)
            i += 1
        page.lines = [line for line in lines if line != _GONE]
        if any(page.lines):
            prev_page = page


_GONE = "\x00"  # marks a line emptied by a rejoin; control characters never survive normalisation


def _join_pair(a_lines: list[str], ai: int, b_lines: list[str], bi: int, lexicon: _Lexicon) -> None:
    a = a_lines[ai]
    b = b_lines[bi]
    if not a or not b or b == _GONE or not a.endswith("-"):
        return
    m = _LINE_END_HYPHEN.search(a)
    if not m:
        return
    n = _NEXT_FRAGMENT.match(b)
    if not n:
        return
    head = m.group(1)
    tail, trailing, rest = n.group(1), n.group(2), n.group(3)
    if _decide_join(head, tail, lexicon):
        a_lines[ai] = a[:-1] + tail + trailing
    else:
        a_lines[ai] = a + tail + trailing
    # When the moved fragment was the whole line, the line goes (an empty line would read as a
    # paragraph break).
    b_lines[bi] = rest if rest else _GONE
