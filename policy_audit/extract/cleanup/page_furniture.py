"""Pass 3: remove the furniture of each page and record its running title.

Running headers and footers are found by repetition across pages (:mod:`.repetition`), plus
patterns that are always furniture (``Page 3 of 40``, bare page numbers at the top or bottom,
Lexipol copyright and "Published with permission" lines, Lexipol footers such as
``Use of Force - 6``). pypdfium2 emits these lines at the *start* of a page's text, so strongly repeated lines are
removed wherever they sit on the page. The chapter title carried by the running header or the
``Title - N`` footer goes to :attr:`WorkPage.title` (chosen in :mod:`.running_titles`).

Each step below marks lines in ``remove`` (one flag per line); the page keeps the unmarked ones.
"""

from __future__ import annotations

from policy_audit.extract.cleanup.furniture_lines import (
    ALWAYS_FURNITURE,
    BADGE_NUMBER,
    BADGE_WORD,
    BARE_NUMBER,
    TITLE_FOOTER,
    could_be_header,
    title_from_footer,
)
from policy_audit.extract.cleanup.repetition import Repetition
from policy_audit.extract.cleanup.running_titles import FooterTitles, choose_running_title
from policy_audit.extract.cleanup.work import WorkPage
from policy_audit.extract.cleanup.zones import EDGE, FOOT_ZONE, HEAD_ZONE, line_key, zone_indexes


def mark_policy_badge(lines: list[str], remove: list[bool]) -> None:
    """Lexipol's badge, "Policy" then "300", at the very top of a policy's first page."""
    first = [i for i in range(min(len(lines), 4)) if lines[i]][:2]
    if len(first) == 2 and BADGE_WORD.match(lines[first[0]]) and BADGE_NUMBER.match(lines[first[1]]):
        remove[first[0]] = remove[first[1]] = True


def mark_zone_furniture(
    page_index: int,
    lines: list[str],
    zone: set[int],
    remove: list[bool],
    repetition: Repetition,
    footers: FooterTitles,
) -> list[tuple[int, str]]:
    """Mark the header and footer zones' furniture; returns the repeated lines that may be headers.

    Those candidates are removed later, once the running title is chosen from among them.
    """
    n = len(lines)
    candidates: list[tuple[int, str]] = []
    first = next((i for i, line in enumerate(lines) if line), None)
    for i in zone:
        line = lines[i]
        if not line:
            continue
        key = line_key(line)
        if ALWAYS_FURNITURE.match(line):
            remove[i] = True
            continue
        if (
            i == first
            and not repetition.repeated(page_index, key)  # a whole repeated line may be the running title
            and repetition.opens_a_header(page_index, line)
            and could_be_header(line)
        ):
            remove[i] = True  # the agency's running header with this page's chapter after it
            continue
        if BARE_NUMBER.match(line) and (i < EDGE or i >= n - EDGE):
            remove[i] = True
            continue
        if repetition.repeated(page_index, key) and could_be_header(line):
            title = title_from_footer(line)
            if title is not None:
                remove[i] = True
                footers.found(title)
                continue
            candidates.append((i, line))
    return candidates


def mark_lone_footers(
    lines: list[str], page_number: int, zone: set[int], remove: list[bool], footers: FooterTitles
) -> None:
    """A Lexipol footer that does not repeat (one-page chapters): "Chief's Preface - 1".

    Taken only next to other furniture, or when its number is the PDF page number.
    """
    n = len(lines)
    for i in zone:
        line = lines[i]
        if remove[i] or not line:
            continue
        m = TITLE_FOOTER.match(line)
        if not m:
            continue
        near = any(remove[j] for j in (i - 1, i + 1) if 0 <= j < n)
        if near or int(m.group("num")) == page_number:
            title = (m.group("title") or "").strip()
            if title and (len(title) > 100 or title.endswith((".", ",", ";", ":"))):
                continue
            remove[i] = True
            footers.found(title)


def mark_running_headers(candidates: list[tuple[int, str]], title: str, remove: list[bool]) -> None:
    """Repeated header lines go: agency names, manual names, chapter titles.

    The title line itself is left for :func:`.running_titles.drop_repeated_titles`, which keeps it
    on a chapter's first page, where it is the chapter heading rather than a running header.
    """
    title_key = line_key(title) if title else None
    for i, line in candidates:
        if line_key(line) != title_key:
            remove[i] = True


def mark_mid_page_repeats(lines: list[str], remove: list[bool], repetition: Repetition) -> None:
    """Strongly repeated lines outside the zones (pypdfium2 sometimes emits them mid-page)."""
    n = len(lines)
    if not repetition.strong_starts or n <= HEAD_ZONE + FOOT_ZONE:
        return
    for i in range(HEAD_ZONE, n - FOOT_ZONE):
        line = lines[i]
        if not line or (repetition.prefilter and line[:4].casefold() not in repetition.strong_starts):
            continue
        key = line_key(line)
        if (
            key in repetition.strong
            and could_be_header(line)
            and (ALWAYS_FURNITURE.match(line) or repetition.zone_pages[key] >= max(3, repetition.n_nonblank // 2))
        ):
            remove[i] = True


def strip_page_furniture(page_index: int, page: WorkPage, previous_title: str, repetition: Repetition) -> None:
    """Remove one page's furniture and set its running title (``previous_title``: the page before's)."""
    lines = page.lines
    if not lines:
        return
    remove = [False] * len(lines)
    footers = FooterTitles()
    # A set, as before: the order it yields indexes in decides which footer title is found first.
    zone = set(zone_indexes(len(lines)))
    mark_policy_badge(lines, remove)
    candidates = mark_zone_furniture(page_index, lines, zone, remove, repetition, footers)
    mark_lone_footers(lines, page.number, zone, remove, footers)
    page.title = choose_running_title(lines, remove, candidates, footers, previous_title, repetition)
    mark_running_headers(candidates, page.title, remove)
    mark_mid_page_repeats(lines, remove, repetition)
    page.lines = [line for line, r in zip(lines, remove) if not r]


def strip_furniture(pages: list[WorkPage], repetition: Repetition) -> None:
    for idx, page in enumerate(pages):
        strip_page_furniture(idx, page, pages[idx - 1].title if idx > 0 else "", repetition)
