"""Which lines repeat across pages: the evidence that a line is a running header or footer.

Lines are compared by :func:`~.zones.line_key` (digits masked), counted only where they sit in a
page's header or footer zone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from policy_audit.extract.cleanup.work import WorkPage
from policy_audit.extract.cleanup.zones import EDGE, line_key, zone_indexes


@dataclass(frozen=True)
class Repetition:
    zone_pages: Counter[str]  # key -> on how many pages it appears in the zones
    strong: frozenset[str]  # keys repeated on enough pages to be furniture anywhere on a page
    run: frozenset[tuple[int, str]]  # (page index, key): repeated over >= 3 consecutive pages
    n_nonblank: int  # pages with any text
    # Prefix test that rules out most body lines before computing their key.
    strong_starts: frozenset[str]
    prefilter: bool  # False when a prefix holds a masked digit, which a raw line never shows
    # Keys of the opening words of a page's first line repeated on enough pages: a running header whose
    # right half names the page's chapter ("AGENCY - POLICY MANUAL   Chapter 9 - Training").
    header_openings: frozenset[str] = frozenset()

    def opens_a_header(self, page_index: int, line: str) -> bool:
        """The first line of a page (not the first page: its first line is the document's title) that
        starts with a repeated header's opening words and goes on past them."""
        opening = header_opening(line)
        return page_index > 0 and opening is not None and opening in self.header_openings

    def repeated(self, page_index: int, key: str) -> bool:
        return key in self.strong or (page_index, key) in self.run


def _keys_in_zones(pages: list[WorkPage]) -> list[set[str]]:
    zone_keys: list[set[str]] = []
    for page in pages:
        keys = set()
        lines = page.lines
        for i in zone_indexes(len(lines)):
            line = lines[i]
            if line:
                keys.add(line_key(line))
        zone_keys.append(keys)
    return zone_keys


def _runs(zone_keys: list[set[str]]) -> set[tuple[int, str]]:
    """Lines repeated over a run of >= 3 consecutive pages (chapter titles change every few pages)."""
    n_pages = len(zone_keys)
    run: set[tuple[int, str]] = set()
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
    return run


def _shared_edges_of_two_pages(pages: list[WorkPage]) -> set[str]:
    """Two-page documents: a line at the top or bottom of both pages is a running header/footer."""
    edges = []
    for page in pages:
        ls = [line for line in page.lines if line]
        edges.append({line_key(x) for x in ls[:EDGE] + ls[-EDGE:]})
    return edges[0] & edges[1]


# A header's opening: its first words, enough of them (and long enough) that a page of prose does not
# start so on page after page.
_OPENING_WORDS = 5
_OPENING_CHARS = 24


def header_opening(line: str) -> str | None:
    """The key of a line's opening words, when the line goes on past them; None otherwise."""
    words = line.split()
    if len(words) <= _OPENING_WORDS:
        return None
    opening = line_key(" ".join(words[:_OPENING_WORDS]))
    return opening if len(opening) >= _OPENING_CHARS else None


def _first_line(page: WorkPage) -> str:
    return next((line for line in page.lines if line), "")


def _header_openings(pages: list[WorkPage], threshold: int) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for page in pages[1:]:
        opening = header_opening(_first_line(page))
        if opening is not None:
            counts[opening] += 1
    return frozenset(key for key, count in counts.items() if count >= threshold)


def count_repetition(pages: list[WorkPage]) -> Repetition:
    n_nonblank = sum(1 for p in pages if any(p.lines))
    zone_keys = _keys_in_zones(pages)
    zone_pages: Counter[str] = Counter()
    for keys in zone_keys:
        zone_pages.update(keys)
    # Strongly repeated lines: on >= 40 % of the pages and at least 3 (or on both pages of a
    # two-page document). These are removed wherever they are on the page.
    threshold = max(3, -(-2 * n_nonblank // 5))  # ceil(0.4 * n)
    strong = {key for key, count in zone_pages.items() if count >= threshold}
    if len(pages) == 2 and n_nonblank == 2:
        strong |= _shared_edges_of_two_pages(pages)
    strong_starts = frozenset(key[:4] for key in strong)
    return Repetition(
        zone_pages=zone_pages,
        strong=frozenset(strong),
        run=frozenset(_runs(zone_keys)),
        n_nonblank=n_nonblank,
        strong_starts=strong_starts,
        prefilter=not any("#" in start for start in strong_starts),
        header_openings=_header_openings(pages, threshold),
    )
