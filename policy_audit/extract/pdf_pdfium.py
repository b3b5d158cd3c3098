"""PDF text layer with pypdfium2 (PDFium): the fast, default engine.

Each page's text page and page object are closed as soon as the text is out, so memory stays flat on
manuals of hundreds of pages. PDFium sometimes emits the running header first in a page's text,
whatever its place on the page; :mod:`policy_audit.extract.cleanup` deals with that.
"""

from __future__ import annotations

from pathlib import Path

from policy_audit.errors import DocumentError, DocumentProblem

NAME = "pdfium"

# PDFium's FPDF_ERR_* codes, in words.
_LOAD_ERRORS = {
    1: "unknown error",
    2: "the file could not be opened",
    3: "not in PDF format or damaged beyond repair",
    4: "a password is required",
    5: "unsupported security scheme",
    6: "the page tree is damaged",
}


def _open(path: Path, data: bytes):
    import pypdfium2 as pdfium

    try:
        # No password means PDFium tries the empty user password, which opens owner-only encryption.
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4:
            raise DocumentError(path, DocumentProblem.ENCRYPTED, "encrypted PDF: a password is required") from None
        if code == 5:
            raise DocumentError(path, DocumentProblem.ENCRYPTED, "encrypted PDF: unsupported security scheme") from None
        words = _LOAD_ERRORS.get(code, "unknown error")
        raise DocumentError(path, DocumentProblem.CORRUPT, f"damaged PDF: pdfium cannot open it ({words})") from None


def extract_pages(path: Path, data: bytes, max_pages: int) -> tuple[list, list[str]]:
    """Raw text of every page, and warnings. Raises DocumentError for files that cannot be read."""
    import pypdfium2 as pdfium

    from policy_audit.extract.cleanup import RawPage

    pdf = _open(path, data)
    pages: list[RawPage] = []
    warnings: list[str] = []
    try:
        count = len(pdf)
        if count > max_pages:
            raise DocumentError(
                path, DocumentProblem.TOO_LARGE, f"PDF has {count} pages, more than the limit of {max_pages} (--max-pages)"
            )
        if count == 0:
            raise DocumentError(path, DocumentProblem.CORRUPT, "damaged PDF: pdfium finds no pages in it")
        for index in range(count):
            number = index + 1
            try:
                page = pdf[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                finally:
                    page.close()
            except (pdfium.PdfiumError, ValueError, UnicodeError, OSError) as exc:
                warnings.append(f"page {number}: text could not be extracted ({' '.join(str(exc).split())})")
                text = ""
            pages.append(RawPage(number=number, text=text.replace("\x00", "")))
    finally:
        pdf.close()
    return pages, warnings


def pages_covered_by_images(data: bytes, numbers: list[int], share: float = 0.5) -> set[int]:
    """Which of the given 1-based pages are mostly covered by images (scans, perhaps with a text overlay)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found: set[int] = set()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return found
    try:
        for number in numbers:
            try:
                page = pdf[number - 1]
            except (pdfium.PdfiumError, IndexError):
                continue
            try:
                width, height = page.get_size()
                area = 0.0
                for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                    bounds = obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos  # v5 | v4
                    left, bottom, right, top = bounds()
                    w = max(0.0, min(right, width) - max(left, 0.0))
                    h = max(0.0, min(top, height) - max(bottom, 0.0))
                    area += w * h
                if width > 0 and height > 0 and area >= share * width * height:
                    found.add(number)
            except (pdfium.PdfiumError, ValueError):
                continue  # a heuristic: a page it cannot judge keeps its text layer
            finally:
                page.close()
    finally:
        pdf.close()
    return found
