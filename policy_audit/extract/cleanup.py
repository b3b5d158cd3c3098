"""Turn raw extracted page text into clean :class:`~policy_audit.document.Page` objects.

Every reader (PDF engines, OCR, text, HTML, DOCX) hands its raw pages to :func:`clean_pages`. The
matcher downstream joins the cleaned pages and splits sentences over them, so whatever layout noise
is left here ends up inside quoted evidence. The steps, in order:

1. *Normalise characters*: line ends, ligatures, odd spaces, soft hyphens, curly quotes, control
   characters, doubled spaces from justified text.
2. *Remove page furniture*: running headers and footers, found by repetition across pages (lines
   compared with digits masked), plus patterns that are always furniture (``Page 3 of 40``, bare page
   numbers at the top or bottom, Lexipol copyright and "Published with permission" lines, Lexipol
   footers such as ``Use of Force - 6``). pypdfium2 emits these lines at the *start* of a page's
   text, so strongly repeated lines are removed wherever they sit on the page.
3. *Record the running title*: the chapter title carried by the running header (Lexipol prints it
   in the header and in the ``Title - N`` footer) goes to :attr:`Page.running_title`.
4. *Rejoin hyphenated line breaks*, following the document's own spelling when it has one.
5. *Classify pages*: tables of contents and indexes are marked so they are never evidence; pages
   left without text are blank.

Everything is deterministic and linear in the size of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from policy_audit.document import Page, PageKind


@dataclass(frozen=True)
class RawPage:
    number: int  # 1-based
    text: str  # raw extracted text of one page, lines separated by \n (may contain \r\n, \f)
    ocr: bool = False


# ---------------------------------------------------------------------------------------------
# 1. Character normalisation
# ---------------------------------------------------------------------------------------------


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
# Private-use and other format characters left after translation are removed.
_OTHER_INVISIBLE = re.compile(r"[\u200e\u200f\u202a-\u202e\u2061-\u2064\ue000-\uf8ff]")


def normalise_text(text: str) -> str:
    """Normalise characters and spaces of one page; keeps one printed line per ``\\n``."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPECIAL.sub(_replace_special, text)  # every Unicode space separator is in the table
    if not text.isascii():
        text = _OTHER_INVISIBLE.sub("", text)
    if "  " in text:
        text = _MULTISPACE.sub(" ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    return text


# ---------------------------------------------------------------------------------------------
# 2./3. Page furniture and running titles
# ---------------------------------------------------------------------------------------------

_HEAD_ZONE = 10  # lines at the start of a page that can be running headers (pypdfium2 puts footers there too)
_FOOT_ZONE = 6  # lines at the end of a page that can be running footers
_EDGE = 3  # how close to the top/bottom a bare page number must be

_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[A-Za-z]")

# Lines that are always furniture, wherever they are in the zones.
_ALWAYS_FURNITURE = re.compile(
    r"""^(?:
        page\s*\d+(?:\s*(?:of|/)\s*\d+)?                        # Page 3 / Page 3 of 40
      | \d+\s*(?:of|/)\s*\d+                                    # 3 of 40
      | -\s*\d{1,4}\s*-                                         # - 3 -
      | copyright\s+lexipol\b.*                                 # Copyright Lexipol, LLC 2020/04/01, ...
      | (?:©|\(c\))\s*\d{4}\s+lexipol\b.*
      | published\s+with\s+permission\s+by\s+.{3,120}           # Published with permission by X
      | adopted:\s*\d{4}/\d{2}/\d{2}\s*©.*                      # older Lexipol footer
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BARE_NUMBER = re.compile(r"^(?:\d{1,4}|[ivxlc]{1,6})$", re.IGNORECASE)
# Lexipol footers: "Use of Force - 6", "Northbrook PD Policy Manual - 12", "- 613" (index pages).
_TITLE_FOOTER = re.compile(r"^(?P<title>[^\s].{0,118}?)?\s*[-\u2013\u2014]\s*(?P<num>\d{1,4})$")
# Lexipol policy badge at the top of a policy's first page: "Policy" / "Procedure" then "300".
_BADGE_WORD = re.compile(r"^(?:policy|procedure|general order)$", re.IGNORECASE)
_BADGE_NUMBER = re.compile(r"^\d{1,4}(?:\.\d+)*$")
# Header lines that name the agency or the manual rather than a chapter.
_NOT_A_TITLE = re.compile(
    r"police\s+department|sheriff|\bpd\b|policy\s+manual|\bmanual\b|department\s+of|"
    r"copyright|published\s+with|all\s+rights\s+reserved|^page\b|\bagency\b|\bcounty\b|\bcity\s+of\b|"
    r"\b(?:revised|effective|issued|updated|rescinds|amends)\b|^(?:policy|directive|general\s+order)\s*#?\s*[\d.]+$",
    re.IGNORECASE,
)
_LIST_MARKER_ONLY = re.compile(r"^(?:\(?[a-z0-9]{1,3}[.)]|[•\-*])\s*\S{0,12}$", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def _key(line: str) -> str:
    """Comparison key of a line: digits masked, case and spacing ignored."""
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def _could_be_header(line: str) -> bool:
    """Whether a repeated line may be treated as a running header (not a list item or a stub)."""
    if len(line) > 160:
        return False
    if len(_LETTERS.findall(line)) < 4:
        return False
    if _LIST_MARKER_ONLY.match(line):
        return False
    return True


def _zone_indexes(n: int) -> range | list[int]:
    if n <= _HEAD_ZONE + _FOOT_ZONE:
        return range(n)
    return [*range(_HEAD_ZONE), *range(n - _FOOT_ZONE, n)]


@dataclass
class _Work:
    number: int
    ocr: bool
    lines: list[str]
    title: str = ""


def _title_from_footer(line: str) -> str | None:
    m = _TITLE_FOOTER.match(line)
    if not m:
        return None
    title = (m.group("title") or "").strip()
    return title


_WRAPPED_FOOTER_HEAD = re.compile(r"\S\s[-\u2013\u2014]$")
_WRAPPED_FOOTER_NUMBER = re.compile(r"^\d{1,4}$")


def _merge_wrapped_footers(lines: list[str]) -> list[str]:
    """Lexipol footers with long titles wrap as "Long Title -" / "19": put them back on one line."""
    n = len(lines)
    merge = [
        i
        for i in _zone_indexes(n)
        if i + 1 < n and _WRAPPED_FOOTER_HEAD.search(lines[i]) and _WRAPPED_FOOTER_NUMBER.match(lines[i + 1])
    ]
    if not merge:
        return lines
    lines = list(lines)
    for i in reversed(merge):
        if i + 1 < len(lines):
            lines[i : i + 2] = [f"{lines[i]} {lines[i + 1]}"]
    return lines


def _strip_furniture(pages: list[_Work]) -> None:
    n_pages = len(pages)
    for page in pages:
        if page.lines:
            page.lines = _merge_wrapped_footers(page.lines)
    nonblank = [p for p in pages if any(p.lines)]
    n_nonblank = len(nonblank)

    # Count, for every key, on how many pages it appears in the header/footer zones.
    zone_pages: Counter[str] = Counter()
    zone_keys: list[set[str]] = []
    for page in pages:
        keys = set()
        lines = page.lines
        for i in _zone_indexes(len(lines)):
            line = lines[i]
            if line:
                keys.add(_key(line))
        zone_keys.append(keys)
        zone_pages.update(keys)

    # Strongly repeated lines: on >= 40 % of the pages and at least 3 (or on both pages of a
    # two-page document, checked below). These are removed wherever they are on the page.
    threshold = max(3, -(-2 * n_nonblank // 5))  # ceil(0.4 * n)
    strong: set[str] = set()
    for key, count in zone_pages.items():
        if count >= threshold:
            strong.add(key)

    # Lines repeated over a run of >= 3 consecutive pages (chapter titles change every few pages).
    run: set[tuple[int, str]] = set()  # (page index, key)
    run_start: dict[str, int] = {}
    prev: set[str] = set()
    for idx, keys in enumerate(zone_keys):
        for key in keys - prev:
            run_start[key] = idx
        for key in prev - keys:
            start = run_start.pop(key)
            if idx - start >= 3:
                run.update((j, key) for j in range(start, idx))
        prev = keys
    for key, start in run_start.items():
        if n_pages - start >= 3:
            run.update((j, key) for j in range(start, n_pages))

    # Two-page documents: a line at the top or bottom of both pages is a running header/footer.
    if n_pages == 2 and n_nonblank == 2:
        edges = []
        for page in pages:
            ls = [line for line in page.lines if line]
            edges.append({_key(x) for x in ls[:_EDGE] + ls[-_EDGE:]})
        for key in edges[0] & edges[1]:
            strong.add(key)

    # Prefix test that rules out most body lines before computing their key.
    strong_starts = {key[:4] for key in strong}
    prefilter = not any("#" in start for start in strong_starts)
    for idx, page in enumerate(pages):
        lines = page.lines
        if not lines:
            continue
        n = len(lines)
        remove = [False] * n
        footer_title: str | None = None
        footer_seen = False
        header_candidates: list[tuple[int, str]] = []
        zone = set(_zone_indexes(n))
        # Lexipol badge "Policy" + "300" at the very top of a policy's first page.
        first = [i for i in range(min(n, 4)) if lines[i]][:2]
        if len(first) == 2 and _BADGE_WORD.match(lines[first[0]]) and _BADGE_NUMBER.match(lines[first[1]]):
            remove[first[0]] = remove[first[1]] = True
        # Lines in the zones first.
        for i in zone:
            line = lines[i]
            if not line:
                continue
            key = _key(line)
            if _ALWAYS_FURNITURE.match(line):
                remove[i] = True
                continue
            if _BARE_NUMBER.match(line) and (i < _EDGE or i >= n - _EDGE):
                remove[i] = True
                continue
            repeated = key in strong or (idx, key) in run
            if repeated and _could_be_header(line):
                title = _title_from_footer(line)
                if title is not None:
                    remove[i] = True
                    footer_seen = True
                    if title and not _NOT_A_TITLE.search(title):
                        footer_title = footer_title or title
                    continue
                header_candidates.append((i, line))
        # A Lexipol footer that does not repeat (one-page chapters): "Chief's Preface - 1" next to
        # other furniture, or with the PDF page number.
        for i in zone:
            line = lines[i]
            if remove[i] or not line:
                continue
            m = _TITLE_FOOTER.match(line)
            if not m:
                continue
            near = any(remove[j] for j in (i - 1, i + 1) if 0 <= j < n)
            if near or int(m.group("num")) == page.number:
                title = (m.group("title") or "").strip()
                if title and (len(title) > 100 or title.endswith((".", ",", ";", ":"))):
                    continue
                remove[i] = True
                footer_seen = True
                if title and not _NOT_A_TITLE.search(title):
                    footer_title = footer_title or title
        # Repeated header lines: agency names, manual names, chapter titles.
        if footer_title:
            page.title = footer_title
        elif footer_seen and idx > 0 and pages[idx - 1].title:
            page.title = pages[idx - 1].title  # "- 609": Lexipol index pages carry no title
        else:
            # Only lines of the top block (before the first line of body text) can carry the title;
            # a repeated line at the bottom is a footer ("Revised 2022").
            candidate_at = {i for i, _ in header_candidates}
            top = 0
            while top < n and (remove[top] or top in candidate_at or not lines[top]):
                top += 1
            best = (0, 0)
            for i, line in header_candidates:
                if i < top and not _NOT_A_TITLE.search(line) and not _TITLE_FOOTER.match(line):
                    # The most specific repeated line (on the fewest pages) is the chapter title;
                    # among equals, the one with fewer digits (a name rather than a number).
                    rank = (zone_pages[_key(line)], sum(ch.isdigit() for ch in line))
                    if not page.title or rank < best:
                        page.title, best = line, rank
        title_key = _key(page.title) if page.title else None
        for i, line in header_candidates:
            # The title line itself is left for the pass below, which keeps it on a chapter's
            # first page, where it is the chapter heading rather than a running header.
            if _key(line) != title_key:
                remove[i] = True
        # Strongly repeated lines outside the zones (pypdfium2 sometimes emits them mid-page).
        if strong_starts and n > _HEAD_ZONE + _FOOT_ZONE:
            for i in range(_HEAD_ZONE, n - _FOOT_ZONE):
                line = lines[i]
                if not line or (prefilter and line[:4].casefold() not in strong_starts):
                    continue
                if _key(line) in strong and _could_be_header(line):
                    if _ALWAYS_FURNITURE.match(line) or zone_pages[_key(line)] >= max(3, n_nonblank // 2):
                        remove[i] = True
        page.lines = [line for line, r in zip(lines, remove) if not r]

    # Chapter titles: the header line that carries the title is removed (done above). On the first
    # page of a chapter Lexipol prints the title once, large, as the chapter heading: keep that
    # occurrence in the body. Elsewhere a line equal to the page's title inside the header zone is
    # a running header and goes.
    prev_title = ""
    for page in pages:
        if page.title:
            first_of_run = page.title.casefold() != prev_title.casefold()
            tkey = _key(page.title)
            n = len(page.lines)
            candidates = [i for i in range(n) if i < _HEAD_ZONE or i >= n - _FOOT_ZONE]
            hits = [i for i in candidates if page.lines[i] and _key(page.lines[i]) == tkey]
            if hits and first_of_run:
                hits = hits[1:]  # the chapter heading itself stays
            for i in reversed(hits):
                del page.lines[i]
        prev_title = page.title


# ---------------------------------------------------------------------------------------------
# 4. Hyphenated line breaks
# ---------------------------------------------------------------------------------------------

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

    def __init__(self, pages: list[_Work]) -> None:
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
    if last in _HYPHEN_PREFIXES and (
        (last[-1] in _VOWELS and low_tail[:1] == last[-1]) or lexicon.uses(low_tail)
    ):
        return False
    if len(last) >= 4 and len(low_tail) >= 4 and lexicon.uses(last) and lexicon.uses(low_tail):
        # Two words of the document that it never writes closed up: "trauma-" + "informed".
        # (Closed compounds broken at their joint, "some-" + "thing", are joined by the check
        # above when the document uses them elsewhere.)
        return False
    return tail[:1].islower()


def _rejoin_hyphens(pages: list[_Work]) -> None:
    if not any(line.endswith("-") for page in pages for line in page.lines):
        return
    lexicon = _Lexicon(pages)
    # Positions of the last/first text line on each page, for breaks across pages.
    prev_page: _Work | None = None
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


def _join_pair(
    a_lines: list[str], ai: int, b_lines: list[str], bi: int, lexicon: _Lexicon
) -> None:
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


# ---------------------------------------------------------------------------------------------
# 5. Page kinds: tables of contents and indexes
# ---------------------------------------------------------------------------------------------

_CONTENTS_TITLE = re.compile(r"^(?:table\s+of\s+contents|contents)\b", re.IGNORECASE)
_INDEX_TITLE = re.compile(r"^(?:index|subject\s+index|index\s*/\s*topics|alphabetical\s+index)$", re.IGNORECASE)
_DOT_LEADER = re.compile(r"(?:\.\s?){3,}\s*(?:\d{1,4}|[ivxlc]{1,6})(?:\s*[-,]\s*\d{1,4})*$", re.IGNORECASE)
# "300.2.1 Duty to Intercede 34", "Chapter 3 - Use of Force .... 12", "Use of Force 34"
_NUMBERED_ENTRY = re.compile(r"^(?:\d{1,4}(?:\.\d+)*|chapter\s+\w+|section\s+\w+|[ivx]+\.)\s*[-:]?\s*\S.*\s\d{1,4}$", re.IGNORECASE)
_INDEX_ENTRY = re.compile(r"^[A-Za-z][^.!?]{0,80}?,\s*\d{1,4}(?:\s*[,-]\s*\d{1,4})*$")


_ENTRY_END = frozenset("0123456789ivxlcIVXLC")


def _classify(pages: list[_Work]) -> list[PageKind]:
    kinds: list[PageKind] = []
    scores: list[tuple[int, int, str]] = []  # (entries, text lines, title kind)
    for page in pages:
        text_lines = [line for line in page.lines if line]
        if not text_lines:
            kinds.append(PageKind.BLANK)
            scores.append((0, 0, ""))
            continue
        title = ""
        for line in text_lines[:4]:
            if _CONTENTS_TITLE.match(line) and len(line) < 40:
                title = "contents"
                break
            if _INDEX_TITLE.match(line):
                title = "index"
                break
        entries = 0
        for line in text_lines:
            if line[-1] not in _ENTRY_END:  # every entry pattern ends in a page number
                continue
            if _DOT_LEADER.search(line) or _NUMBERED_ENTRY.match(line) or _INDEX_ENTRY.match(line):
                entries += 1
        scores.append((entries, len(text_lines), title))
        kinds.append(PageKind.BODY)

    def is_listing(entries: int, total: int, title: str) -> bool:
        if title and entries >= 3 and entries * 3 >= total:
            return True
        return entries >= 5 and entries * 2 >= total

    current: PageKind | None = None  # kind of the listing run we are in
    for i, (entries, total, title) in enumerate(scores):
        if kinds[i] is PageKind.BLANK:
            continue
        if is_listing(entries, total, title):
            if title == "index":
                current = PageKind.INDEX
            elif title == "contents" or current is None:
                current = PageKind.CONTENTS
            kinds[i] = current
        else:
            current = None
    return kinds


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def _tidy_lines(lines: list[str]) -> list[str]:
    """Drop blank-line runs to one blank line and trim blank lines at both ends."""
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
        else:
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def clean_pages(raw: Sequence[RawPage]) -> tuple[Page, ...]:
    """Clean the raw text of a document's pages; returns one :class:`Page` per raw page."""
    work = [
        _Work(number=r.number, ocr=r.ocr, lines=normalise_text(r.text or "").split("\n"))
        for r in raw
    ]
    for w in work:
        if w.lines == [""]:
            w.lines = []
    _strip_furniture(work)
    for w in work:
        w.lines = _tidy_lines(w.lines)
    _rejoin_hyphens(work)
    for w in work:
        w.lines = _tidy_lines(w.lines)
    kinds = _classify(work)
    return tuple(
        Page(
            number=w.number,
            text="\n".join(w.lines),
            kind=kind,
            ocr=w.ocr,
            running_title=w.title,
        )
        for w, kind in zip(work, kinds)
    )
