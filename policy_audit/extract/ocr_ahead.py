"""Pages OCR'd ahead of a read (``ocr_ranges``: a cluster's page-range tasks), where the reader finds them.

Its own module, importing nothing of the package, so that the reader (``extract/__init__``) can
ask it without importing ``ocr_ranges``, which imports the reader.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from policy_audit.extract.ocr import OcrPage

# By the document's real path: set around one read, in the process that reads (a forked child
# inherits them).
_ahead: dict[str, dict[int, OcrPage]] = {}


@contextmanager
def ocr_done_ahead(path: str | os.PathLike[str], pages: Iterable[OcrPage]) -> Iterator[None]:
    """While inside, reading ``path`` takes these pages' OCR from here."""
    key = os.path.realpath(path)
    _ahead[key] = {p.number: p for p in pages}
    try:
        yield
    finally:
        _ahead.pop(key, None)


def done_ahead(path: str | os.PathLike[str]) -> dict[int, OcrPage]:
    """The pages of ``path`` OCR'd ahead ({} for nearly every read)."""
    if not _ahead:
        return {}
    return _ahead.get(os.path.realpath(path), {})
