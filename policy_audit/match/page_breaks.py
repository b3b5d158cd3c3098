"""A sentence that runs over a page break: what is printed between its halves belongs to the page.

Cleanup removes the furniture that repeats on every page. Two kinds survive it and would cut such a
sentence in two: a rule drawn above the footer (it looks like the rule above a page's footnotes), and a
header line naming the chapter, which changes from chapter to chapter and so is not repeated enough to
be known as furniture ("OPS-12 Use of Force" over "should give the shift supervisor an account ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

# A rule across the page ("_______________"), as above a page's footnotes.
RULE_LINE = re.compile(r"^[_=\u2014\u2013-]{5,}$")
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]]*$")
_HEADER_WORDS = 10  # a chapter's name in a header, not a line of text
_HEADER_LINES = 2


class PageLine(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def page(self) -> int: ...


Lines = Sequence[tuple[PageLine, str]]


def closes_its_page(lines: Lines, position: int) -> bool:
    """Nothing follows the line on its page (the footer under it was removed): a rule there rules off
    the footer, not footnotes, and the text above it may go on over the page."""
    here = lines[position][0].page
    for i in range(position + 1, len(lines)):
        if lines[i][0].text:
            return lines[i][0].page != here
    return True


def running_header(lines: Lines, position: int, unfinished: str) -> bool:
    """The line opens its page above the lower-case rest of a sentence that the page before left
    ``unfinished``: one or two short title lines there are the page's header, not the text."""
    line = lines[position][0]
    if _SENTENCE_END.search(unfinished) or not _title_like(line.text):
        return False
    for i in range(position - 1, -1, -1):
        before = lines[i][0]
        if before.text and not RULE_LINE.match(before.text):
            if before.page == line.page:
                return False  # not the first text of its page
            break
    titles = 1
    for i in range(position + 1, len(lines)):
        after = lines[i][0]
        if not after.text:
            continue
        if after.page != line.page:
            return False
        if after.text[:1].islower():
            return True
        titles += 1
        if titles > _HEADER_LINES or not _title_like(after.text):
            return False
    return False


def _title_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _HEADER_WORDS
        and not _SENTENCE_END.search(text)
        and (text[:1].isupper() or text[:1].isdigit())
    )
