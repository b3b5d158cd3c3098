"""Running titles: the chapter title a page's header or footer carries, and its repeats.

Lexipol prints the chapter title in the running header and in the ``Title - N`` footer. The title
goes to :attr:`~policy_audit.document.Page.running_title`; its copies in the header zone go, except
on a chapter's first page, where the title printed once, large, is the chapter heading and stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_audit.extract.cleanup.furniture_lines import NOT_A_TITLE, TITLE_FOOTER
from policy_audit.extract.cleanup.repetition import Repetition
from policy_audit.extract.cleanup.work import WorkPage
from policy_audit.extract.cleanup.zones import FOOT_ZONE, HEAD_ZONE, line_key


@dataclass
class FooterTitles:
    """The ``Title - N`` footers found on one page so far."""

    title: str | None = None  # the first footer title that names a chapter
    seen: bool = False  # any such footer, even a bare "- 609"

    def found(self, title: str) -> None:
        self.seen = True
        if title and not NOT_A_TITLE.search(title):
            self.title = self.title or title


def choose_running_title(
    lines: list[str],
    remove: list[bool],
    candidates: list[tuple[int, str]],
    footers: FooterTitles,
    previous_title: str,
    repetition: Repetition,
) -> str:
    """The page's running title: its footer's, the previous page's, or a repeated header line's."""
    if footers.title:
        return footers.title
    if footers.seen and previous_title:
        return previous_title  # "- 609": Lexipol index pages carry no title
    # Only lines of the top block (before the first line of body text) can carry the title; a
    # repeated line at the bottom is a footer ("Revised 2022").
    n = len(lines)
    candidate_at = {i for i, _ in candidates}
    top = 0
    while top < n and (remove[top] or top in candidate_at or not lines[top]):
        top += 1
    title = ""
    best = (0, 0)
    for i, line in candidates:
        if i < top and not NOT_A_TITLE.search(line) and not TITLE_FOOTER.match(line):
            # The most specific repeated line (on the fewest pages) is the chapter title; among
            # equals, the one with fewer digits (a name rather than a number).
            rank = (repetition.zone_pages[line_key(line)], sum(ch.isdigit() for ch in line))
            if not title or rank < best:
                title, best = line, rank
    return title


def drop_repeated_titles(pages: list[WorkPage]) -> None:
    """Remove lines equal to the page's title from its zones, but keep a chapter's heading."""
    prev_title = ""
    for page in pages:
        if page.title:
            first_of_run = page.title.casefold() != prev_title.casefold()
            tkey = line_key(page.title)
            n = len(page.lines)
            candidates = [i for i in range(n) if i < HEAD_ZONE or i >= n - FOOT_ZONE]
            hits = [i for i in candidates if page.lines[i] and line_key(page.lines[i]) == tkey]
            if hits and first_of_run:
                hits = hits[1:]  # the chapter heading itself stays
            for i in reversed(hits):
                del page.lines[i]
        prev_title = page.title
