"""OCR of a large scanned PDF in page ranges, so that one 800-page manual spreads over a cluster.

``pages_to_ocr`` lists the pages the reader would OCR (the same test as ``read_document``'s:
``pages_without_text``); ``split`` cuts them into ranges ``[first, stop)``; ``ocr_page_range``
OCRs the pages of one range (a cluster task each); ``join`` puts the ranges back together in page
order. The document is then read as usual inside ``ocr_done_ahead``: the reader takes those pages
from there instead of running Tesseract again, so the Document (and so the grades) are the ones a
single read would give.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_audit.extract.ocr import OcrPage
from policy_audit.extract.ocr_ahead import done_ahead, ocr_done_ahead

__all__ = ["PageRange", "done_ahead", "join", "ocr_done_ahead", "ocr_page_range", "pages_to_ocr", "split"]


@dataclass(frozen=True)
class PageRange:
    first: int  # 1-based, included
    stop: int  # excluded
    pages: tuple[int, ...]  # the pages in [first, stop) that need OCR

    def __len__(self) -> int:
        return len(self.pages)


def pages_to_ocr(path: str | os.PathLike[str], options) -> list[int]:
    """The 1-based pages ``read_document`` would OCR under ``options`` (a ``ReadOptions``)."""
    from policy_audit.extract import _read_bytes, pages_without_text, pdf_pdfium, pdf_plumber

    data = _read_bytes(Path(path), options.max_bytes)
    engine = pdf_plumber if options.engine == "pdfplumber" else pdf_pdfium
    raw, _ = engine.extract_pages(Path(path), data, options.max_pages)
    if options.ocr == "never":
        return []
    if options.ocr == "always":
        return [p.number for p in raw]
    empty, garbage, scanned = pages_without_text(raw, data, options)
    return sorted(empty | garbage | scanned)


def split(pages: Sequence[int], size: int) -> list[PageRange]:
    """Consecutive chunks of ``size`` pages to OCR, each as the page range that holds it."""
    size = max(1, size)
    out = []
    for i in range(0, len(pages), size):
        chunk = tuple(pages[i : i + size])
        out.append(PageRange(chunk[0], chunk[-1] + 1, chunk))
    return out


def ocr_page_range(path: str | os.PathLike[str], page_range: PageRange, options) -> tuple[OcrPage, ...]:
    """OCR the pages of one range, ``options.ocr_jobs`` Tesseract processes at a time. A page that
    fails is an ``OcrPage`` with its error; no Tesseract at all raises ``OcrUnavailable``."""
    from policy_audit.extract import _read_bytes
    from policy_audit.extract.ocr import ocr_pdf_pages

    pages = [n for n in page_range.pages if page_range.first <= n < page_range.stop]
    data = _read_bytes(Path(path), options.max_bytes)
    return tuple(
        ocr_pdf_pages(
            data,
            pages,
            lang=options.ocr_lang,
            dpi=options.ocr_dpi,
            timeout=options.ocr_timeout,
            jobs=options.ocr_jobs,
        )
    )


def join(parts: Iterable[Sequence[OcrPage]]) -> tuple[OcrPage, ...]:
    """The ranges' pages in page order; a page OCR'd twice is a bug in the split, not a choice."""
    by_number: dict[int, OcrPage] = {}
    for part in parts:
        for page in part:
            if page.number in by_number:
                raise ValueError(f"page {page.number} was OCR'd in two ranges")
            by_number[page.number] = page
    return tuple(by_number[n] for n in sorted(by_number))
