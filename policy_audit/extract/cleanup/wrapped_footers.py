"""Pass 2: put Lexipol footers that wrapped onto two lines back on one.

A footer with a long title wraps as "Long Title -" / "19"; the furniture passes recognise the
``Title - N`` footer only on one line.
"""

from __future__ import annotations

import re

from policy_audit.extract.cleanup.work import WorkPage
from policy_audit.extract.cleanup.zones import zone_indexes

_WRAPPED_FOOTER_HEAD = re.compile(r"\S\s[-\u2013\u2014]$")
_WRAPPED_FOOTER_NUMBER = re.compile(r"^\d{1,4}$")


def merge_wrapped_footers(lines: list[str]) -> list[str]:
    """``lines`` with every "Long Title -" / "19" pair in the zones joined into one line."""
    n = len(lines)
    merge = [
        i
        for i in zone_indexes(n)
        if i + 1 < n and _WRAPPED_FOOTER_HEAD.search(lines[i]) and _WRAPPED_FOOTER_NUMBER.match(lines[i + 1])
    ]
    if not merge:
        return lines
    lines = list(lines)
    for i in reversed(merge):
        if i + 1 < len(lines):
            lines[i : i + 2] = [f"{lines[i]} {lines[i + 1]}"]
    return lines


def rejoin_wrapped_footers(pages: list[WorkPage]) -> None:
    for page in pages:
        if page.lines:
            page.lines = merge_wrapped_footers(page.lines)
