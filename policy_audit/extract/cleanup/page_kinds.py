"""Pass 6: mark tables of contents and indexes, so that they are never evidence.

Pages left without text are blank. A page is a listing when most of its lines are entries (dot
leaders, numbered entries, "Topic, 12" index entries); a run of listings takes the kind its title
("Contents", "Index") gives.
"""

from __future__ import annotations

import re

from policy_audit.document import PageKind
from policy_audit.extract.cleanup.work import WorkPage

_CONTENTS_TITLE = re.compile(r"^(?:table\s+of\s+contents|contents)\b", re.IGNORECASE)
_INDEX_TITLE = re.compile(r"^(?:index|subject\s+index|index\s*/\s*topics|alphabetical\s+index)$", re.IGNORECASE)
_DOT_LEADER = re.compile(r"(?:\.\s?){3,}\s*(?:\d{1,4}|[ivxlc]{1,6})(?:\s*[-,]\s*\d{1,4})*$", re.IGNORECASE)
# "300.2.1 Duty to Intercede 34", "Chapter 3 - Use of Force .... 12", "Use of Force 34"
_NUMBERED_ENTRY = re.compile(
    r"^(?:\d{1,4}(?:\.\d+)*|chapter\s+\w+|section\s+\w+|[ivx]+\.)\s*[-:]?\s*\S.*\s\d{1,4}$", re.IGNORECASE
)
_INDEX_ENTRY = re.compile(r"^[A-Za-z][^.!?]{0,80}?,\s*\d{1,4}(?:\s*[,-]\s*\d{1,4})*$")
# "Excessive force, observed - SOP 3.04 s.6": an index that names the procedure instead of a page
_REFERENCE_ENTRY = re.compile(
    r"^[A-Za-z][^!?]{0,80}?\s[-\u2013\u2014]\s(?:SOP|G\.?O\.?|Policy|Directive|Order|Section|Sec\.|Chapter|§)\s*"
    r"\d{1,4}(?:[.-]\d{1,4})*(?:\s*(?:s\.|§|sec\.)\s*\d{1,3})?$"
)


_ENTRY_END = frozenset("0123456789ivxlcIVXLC")


def classify_pages(pages: list[WorkPage]) -> list[PageKind]:
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
            if (
                _DOT_LEADER.search(line)
                or _NUMBERED_ENTRY.match(line)
                or _INDEX_ENTRY.match(line)
                or _REFERENCE_ENTRY.match(line)
            ):
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
