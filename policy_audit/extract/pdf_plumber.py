"""PDF text layer with pdfplumber (pdfminer.six): slower, pure Python, a second opinion.

``page.close()`` after every page matters: pdfplumber caches layout objects per page, and without it
memory grows past 1 GB on a 642-page manual. pdfplumber wraps pdfminer's exceptions in
``PdfminerException``; :func:`_problem` maps the original ones to a :class:`DocumentProblem`.
"""

from __future__ import annotations

import io
from pathlib import Path

from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract.columns import Box, find_regions
from policy_audit.extract.page_count import check_page_count

NAME = "pdfplumber"


def _unwrap(exc: BaseException) -> BaseException:
    """The pdfminer exception inside pdfplumber's wrapper, if any."""
    from pdfplumber.utils.exceptions import PdfminerException

    while isinstance(exc, PdfminerException):
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc.__cause__
        if inner is None:
            break
        exc = inner
    return exc


def _words(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if not text or text.startswith(("<", "(")):
        return "the file structure cannot be parsed"
    return text[:160]


def _problem(path: Path, exc: BaseException) -> DocumentError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    inner = _unwrap(exc)
    if isinstance(inner, PDFPasswordIncorrect):
        return DocumentError(path, DocumentProblem.ENCRYPTED, "encrypted PDF: a password is required")
    if isinstance(inner, PDFEncryptionError):
        return DocumentError(
            path, DocumentProblem.ENCRYPTED, f"encrypted PDF: unsupported security scheme ({_words(inner)})"
        )
    if isinstance(inner, (PDFSyntaxError, PSException)):
        return DocumentError(path, DocumentProblem.CORRUPT, f"damaged PDF: pdfminer cannot parse it ({_words(inner)})")
    return DocumentError(path, DocumentProblem.CORRUPT, f"damaged PDF: pdfminer cannot read it ({_words(inner)})")


def _upright_share(page) -> float:
    chars = page.chars
    return sum(1 for c in chars if c.get("upright")) / len(chars) if chars else 1.0


def _unrotated(page):
    """The same page without its /Rotate, or None. pdfplumber lays a rotated page out as displayed;
    when the text was set along the unrotated page (a portrait page shown sideways), that makes every
    character non-upright, and the text comes out one word a line, backwards."""
    from pdfplumber.page import Page

    attrs = dict(page.page_obj.attrs)
    attrs.pop("Rotate", None)
    page.page_obj.attrs = attrs
    page.page_obj.rotate = 0  # pdfminer's interpreter reads this, not the attribute
    try:
        return Page(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
    except Exception as exc:  # a page it cannot lay out again is read as it is
        if isinstance(exc, MemoryError):
            raise
        return None


def _page_text(page) -> str:
    """The page's text in reading order: pdfplumber reads lines across the whole page, so a page set in
    columns is read region by region (full-width text above, each column, full-width text below).
    A rotated page whose text runs along the unrotated page is read unrotated (as PDFium does)."""
    if page.rotation % 360 and _upright_share(page) < 0.5:
        flat = _unrotated(page)
        if flat is not None and _upright_share(flat) > _upright_share(page):
            page = flat
    try:
        regions = None if page.rotation % 360 else find_regions(Box(*page.bbox), _char_boxes(page.chars))
        if regions is not None:
            return "\n".join(page.filter(_within(region)).extract_text() or "" for region in regions)
    except Exception as exc:  # pdfminer's zoo again: the page is then read as it always was
        if isinstance(exc, MemoryError):
            raise
    return page.extract_text() or ""


def _within(region: Box):
    """Whether an object's centre is in the region: each character goes to exactly one region, where
    crop() would give one that straddles a boundary to both."""

    def test(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return region.x0 <= x < region.x1 and region.top <= y < region.bottom

    return test


def _char_boxes(chars) -> list[Box]:
    """Consecutive upright characters of one line joined into boxes (words or longer; columns.py joins
    the rest): thousands of single characters would only slow the detection down."""
    boxes: list[Box] = []
    x0: float | None = None  # None: no box open yet
    top = x1 = bottom = 0.0
    for char in chars:
        if not char.get("upright", True):
            continue
        size = char["bottom"] - char["top"]
        if x0 is not None and abs(char["top"] - top) <= size / 2 and -size / 2 <= char["x0"] - x1 <= size / 2:
            x1 = max(x1, char["x1"])
            bottom = max(bottom, char["bottom"])
            continue
        if x0 is not None:
            boxes.append(Box(x0, top, x1, bottom))
        x0, top, x1, bottom = char["x0"], char["top"], char["x1"], char["bottom"]
    if x0 is not None:
        boxes.append(Box(x0, top, x1, bottom))
    return boxes


def extract_pages(path: Path, data: bytes, max_pages: int) -> tuple[list, list[str]]:
    """Raw text of every page, and warnings. Raises DocumentError for files that cannot be read."""
    import pdfplumber

    from policy_audit.extract.cleanup import RawPage

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password="")
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises a zoo of types on damaged files; all mean "cannot open"
        if isinstance(exc, MemoryError):
            raise
        raise _problem(path, exc) from None
    pages: list[RawPage] = []
    warnings: list[str] = []
    try:
        try:
            plumber_pages = pdf.pages
        except Exception as exc:
            if isinstance(exc, MemoryError):
                raise
            raise _problem(path, exc) from None
        count = len(plumber_pages)
        check_page_count(path, count, max_pages, "pdfminer")
        for index, page in enumerate(plumber_pages):
            number = index + 1
            try:
                text = _page_text(page)
            except Exception as exc:  # one bad page must not lose the others
                if isinstance(exc, MemoryError):
                    raise
                warnings.append(f"page {number}: text could not be extracted ({_words(_unwrap(exc))})")
                text = ""
            finally:
                page.close()
            pages.append(RawPage(number=number, text=text.replace("\x00", "")))
    finally:
        pdf.close()
    return pages, warnings
