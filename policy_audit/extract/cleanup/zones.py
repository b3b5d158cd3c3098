"""Where on a page running headers and footers can sit, and how lines are compared across pages."""

from __future__ import annotations

import re
from functools import lru_cache

HEAD_ZONE = 10  # lines at the start of a page that can be running headers (pypdfium2 puts footers there too)
FOOT_ZONE = 6  # lines at the end of a page that can be running footers
EDGE = 3  # how close to the top/bottom a bare page number must be

_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=1 << 16)
def line_key(line: str) -> str:
    """Comparison key of a line: digits masked, case and spacing ignored."""
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def zone_indexes(n: int) -> range | list[int]:
    """Indexes of the lines of an ``n``-line page that lie in its header or footer zone."""
    if n <= HEAD_ZONE + FOOT_ZONE:
        return range(n)
    return [*range(HEAD_ZONE), *range(n - FOOT_ZONE, n)]
