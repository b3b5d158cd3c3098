"""PDF text layer with pypdfium2 (PDFium): the fast, default engine.

Each page's text page and page object are closed as soon as the text is out, so memory stays flat on
manuals of hundreds of pages. PDFium sometimes emits the running header first in a page's text,
whatever its place on the page; :mod:`policy_audit.extract.cleanup.page_furniture` deals with that.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract.columns import MIN_GUTTER_LINES, MIN_GUTTER_PT, Box, find_regions
from policy_audit.extract.page_count import check_page_count

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
        code = getattr(exc, "err_code", 0)  # 0 is FPDF_ERR_SUCCESS: no code to tell
        if code == 4:
            raise DocumentError(path, DocumentProblem.ENCRYPTED, "encrypted PDF: a password is required") from None
        if code == 5:
            raise DocumentError(path, DocumentProblem.ENCRYPTED, "encrypted PDF: unsupported security scheme") from None
        words = _LOAD_ERRORS.get(code, "unknown error")
        raise DocumentError(path, DocumentProblem.CORRUPT, f"damaged PDF: pdfium cannot open it ({words})") from None


# A page is looked at for columns only when stretches of its content stream jump across a gutter
# and back: PDFium reads in content-stream order, so columns written one after the other already
# come out whole, and fetching every text rectangle of every page through ctypes would cost more
# than reading the text (about 65 a page on a Lexipol manual, 130 on a manual set word by word).
_PROBES = 2  # stretches of the character list, a third and two thirds of the way through
_PROBE_CHARS = 240  # characters per stretch: two full-width lines, four column lines
_JUMPS = 2  # jumps needed: one is a footer or a table row ("Copyright ..." beside "Use of Force - 3")
_PIECE_SHARE = 0.1  # both pieces of a jump are at least this share of the page width (not a marker or a number)
_MIDDLE = (0.2, 0.8)  # the gap of a jump lies in this band of the page width


class _Rects:
    """Reads text rectangles through one reusable buffer: a ctypes call each, nothing allocated."""

    def __init__(self) -> None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        self._values = tuple(ctypes.c_double() for _ in range(4))
        self._refs = tuple(ctypes.byref(v) for v in self._values)
        self._count = pdfium_c.FPDFText_CountRects
        self._get = pdfium_c.FPDFText_GetRect

    def read(self, textpage, start: int = 0, chars: int = -1) -> list[tuple[float, float, float, float]]:
        """(x0, top, x1, bottom) of the rectangles of a stretch of characters (all by default), in stream
        order, with y growing downwards (PDF y negated) as columns.py wants."""
        raw, get = textpage.raw, self._get
        left, top, right, bottom = self._values
        refs = self._refs  # FPDFText_GetRect fills left, top, right, bottom
        rects = []
        for index in range(self._count(raw, start, chars)):  # -1 on error: none
            get(raw, index, *refs)
            rects.append((left.value, -top.value, right.value, -bottom.value))
        return rects


def _page_text(page, textpage, rects: _Rects) -> str:
    """The page's text in reading order: column by column where the content stream interleaves columns."""
    import pypdfium2 as pdfium

    text = textpage.get_text_range()
    try:
        left, bottom, right, top = page.get_bbox()
        if page.get_rotation() != 0 or not _interleaves(textpage, rects, left, right):
            return text
        boxes = [Box(*rect) for rect in rects.read(textpage)]
        regions = find_regions(Box(left, -top, right, -bottom), boxes)
        if regions is None:
            return text
        return "\r\n".join(
            textpage.get_text_bounded(left=r.x0, bottom=-r.bottom, right=r.x1, top=-r.top) for r in regions
        )
    except (pdfium.PdfiumError, ValueError, ArithmeticError):
        return text  # the layout of a damaged page is no reason to lose the text already read


def _interleaves(textpage, rects: _Rects, left: float, right: float) -> bool:
    """Whether stretches of the content stream go from one column to the next and back, line by line."""
    chars = textpage.count_chars()
    if chars <= 0 or right <= left:
        return False
    if chars <= _PROBES * _PROBE_CHARS:
        stretches = [(0, chars)]  # one stretch: overlapping ones would count a jump twice
    else:
        stretches = [(int((p + 1) * chars / (_PROBES + 1)) - _PROBE_CHARS // 2, _PROBE_CHARS) for p in range(_PROBES)]
    jumps = 0
    for start, count in stretches:
        pieces = _pieces(rects.read(textpage, start, count))
        jumps += sum(1 for one, two in zip(pieces, pieces[1:]) if _across_gutter(one, two, left, right))
        if jumps >= _JUMPS:
            return True
    return False


def _gap(height: float) -> float:
    return max(MIN_GUTTER_PT, MIN_GUTTER_LINES * height)


def _pieces(boxes) -> list[list[float]]:
    """Consecutive rectangles of one line joined: producers that set words one by one give a rectangle a word."""
    pieces: list[list[float]] = []
    for x0, top, x1, bottom in boxes:
        if pieces:
            last = pieces[-1]
            height = bottom - top
            if abs(top + bottom - last[1] - last[3]) <= height and -height <= x0 - last[2] < _gap(height):
                last[2] = max(last[2], x1)
                continue
        pieces.append([x0, top, x1, bottom])
    return pieces


def _across_gutter(one: list[float], two: list[float], page_left: float, page_right: float) -> bool:
    """Two pieces on one line (or half a line apart) with a gutter-wide gap between them in the page's middle."""
    left, right = (one, two) if one[0] <= two[0] else (two, one)
    gap = right[0] - left[2]
    if gap < MIN_GUTTER_PT:  # most pairs: the next word, or the next line starting at the margin
        return False
    height = max(left[3] - left[1], right[3] - right[1])
    width = page_right - page_left
    middle = (left[2] + right[0]) / 2 - page_left
    return (
        gap >= MIN_GUTTER_LINES * height
        and abs(left[1] + left[3] - right[1] - right[3]) <= 3 * height  # middles within 1.5 heights
        and _MIDDLE[0] * width <= middle <= _MIDDLE[1] * width
        and min(left[2] - left[0], right[2] - right[0]) >= _PIECE_SHARE * width
    )


# Below this many pages a second reading process (a fork, the text sent back) saves less than it costs.
_MIN_PAGES_TO_SHARE = 64


def extract_pages(
    path: Path, data: bytes, max_pages: int, *, jobs: int = 1, max_memory: int = 0
) -> tuple[list, list[str]]:
    """Raw text of every page, and warnings. Raises DocumentError for files that cannot be read.

    ``jobs`` 2: the second half of a long document's pages is read in a forked child, watched under
    ``max_memory`` by a thread of this process (``check``'s reader: the other process spends the
    reading loading spaCy and leaves part of a core free).
    """
    pdf = _open(path, data)
    try:
        count = len(pdf)
        check_page_count(path, count, max_pages, "pdfium")
        if jobs < 2 or count < _MIN_PAGES_TO_SHARE:
            return _extract_range(pdf, 0, count)
        return _extract_on_two_cores(pdf, count, max_memory)
    finally:
        pdf.close()


def _extract_on_two_cores(pdf, count: int, max_memory: int) -> tuple[list, list[str]]:
    from policy_audit.processes import watched

    half = count // 2
    try:
        # The child reads from its copy of the open document: PDFium does not parse the file twice.
        helper = watched.WatchedChild(_extract_range, (pdf, half, count), max_memory)
    except OSError:  # no fork to be had (a process limit): one core it is
        return _extract_range(pdf, 0, count)
    try:
        pages, warnings = _extract_range(pdf, 0, half)
    except BaseException:
        helper.stop()  # a failure here (Ctrl-C, memory) ends the reading: the other half is not wanted
        raise
    try:
        rest, more = helper.result()
    except watched.MemoryLimitExceeded:
        raise
    except Exception:  # noqa: BLE001 - a crash in PDFium on one of its pages: read them here, where it surfaces
        rest, more = _extract_range(pdf, half, count)
    return pages + rest, warnings + more


def _extract_range(pdf, first: int, end: int) -> tuple[list, list[str]]:
    """Raw text of the pages with 0-based indexes ``first`` to ``end - 1``, and warnings."""
    import pypdfium2 as pdfium

    from policy_audit.extract.cleanup import RawPage

    rects = _Rects()
    pages: list[RawPage] = []
    warnings: list[str] = []
    for index in range(first, end):
        number = index + 1
        try:
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = _page_text(page, textpage, rects)
                finally:
                    textpage.close()
            finally:
                page.close()
        except (pdfium.PdfiumError, ValueError, UnicodeError, OSError) as exc:
            warnings.append(f"page {number}: text could not be extracted ({' '.join(str(exc).split())})")
            text = ""
        pages.append(RawPage(number=number, text=text.replace("\x00", "")))
    return pages, warnings


def _pages(data: bytes, numbers: list[int]) -> Iterator[tuple[int, Any]]:
    """(number, page) for each of the given 1-based pages that opens; each page is closed after its
    turn, and the document at the end. A document or page pdfium cannot open yields nothing for it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return
    try:
        for number in numbers:
            try:
                page = pdf[number - 1]
            except (pdfium.PdfiumError, IndexError):
                continue
            try:
                yield number, page
            finally:
                page.close()
    finally:
        pdf.close()


def pages_covered_by_images(data: bytes, numbers: list[int], share: float = 0.5) -> set[int]:
    """Which of the given 1-based pages are mostly covered by images (scans, perhaps with a text overlay)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found: set[int] = set()
    for number, page in _pages(data, numbers):
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
    return found


def xfa_kind(data: bytes) -> str:
    """ "full" for a dynamic XFA form (its pages are a placeholder: the real form is XML that only Adobe
    renders), "foreground" for a static XFA form (real pages with XFA beside them), else ""."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return ""
    try:
        kind = pdf.get_formtype()
    finally:
        pdf.close()
    if kind == pdfium_c.FORMTYPE_XFA_FULL:
        return "full"
    if kind == pdfium_c.FORMTYPE_XFA_FOREGROUND:
        return "foreground"
    return ""


def blank_pages(data: bytes, numbers: list[int]) -> set[int]:
    """Which of the given 1-based pages draw nothing at all (no text, image or path): OCR would find
    nothing on them, and rendering each at 300 dpi costs a second."""
    import pypdfium2.raw as pdfium_c

    return {number for number, page in _pages(data, numbers) if pdfium_c.FPDFPage_CountObjects(page.raw) == 0}
