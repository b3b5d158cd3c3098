"""Word ``.docx`` files, read with :mod:`zipfile` and an XML parser (no Word library needed).

A DOCX is a zip archive; the body text is ``word/document.xml``. The archive is untrusted, so before
anything is decompressed the declared size and compression ratio of that part are checked (a small
file that expands to gigabytes is refused), and decompression stops at the limit whatever the
header claims. XML is parsed with :mod:`defusedxml` when it is installed; otherwise with the
standard library after refusing any document type declaration (no entity expansion either way).

Paragraphs become lines, tabs become spaces, line breaks split lines, and numbered or bulleted
paragraphs start with "• " unless their text already begins with a marker like "(a)". Page breaks
(explicit ``<w:br w:type="page"/>`` or the ``lastRenderedPageBreak`` marks Word leaves where pages
ended when it last laid the document out) split pages; without any the document is one page and its
evidence carries no page numbers. Running headers and footers live in separate parts
(``word/header1.xml``...) and are never read.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from policy_audit.document import Document
from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract.cleanup import RawPage, clean_pages
from policy_audit.list_markers import MARKER_AT_START

__all__ = ["read_docx", "docx_pages"]

NAME = "docx"
DOCUMENT_PART = "word/document.xml"
MAX_XML_BYTES = 200 * 1024 * 1024  # uncompressed word/document.xml
MAX_RATIO = 200  # uncompressed / compressed
_RATIO_FLOOR = 1024 * 1024  # the ratio check applies to parts bigger than this (tiny parts compress oddly)
_TOO_LARGE = "compressed DOCX expands beyond the limit"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P = _W + "p"
_T = _W + "t"
_TAB = _W + "tab"
_PTAB = _W + "ptab"
_BR = _W + "br"
_CR = _W + "cr"
_NB_HYPHEN = _W + "noBreakHyphen"
_LAST_BREAK = _W + "lastRenderedPageBreak"
_NUMPR = _W + "numPr"
_PPR = _W + "pPr"
_TYPE = _W + "type"
_SYM = _W + "sym"
# Content that is not part of the visible body text.
_SKIP = frozenset({_W + "delText", _W + "instrText", _W + "del", _W + "rPr", _W + "sectPr", _W + "pPrChange"})


def _parse_xml(path: Path, content: bytes) -> Any:
    try:
        from defusedxml import ElementTree as safe_et
    except ImportError:
        safe_et = None
    if safe_et is not None:
        try:
            return safe_et.fromstring(content)
        except safe_et.ParseError as exc:
            raise DocumentError(path, DocumentProblem.CORRUPT, f"DOCX body is not well-formed XML ({exc})") from None
        except ValueError as exc:  # defusedxml's DTDForbidden / EntitiesForbidden / ExternalReferenceForbidden
            raise DocumentError(
                path,
                DocumentProblem.CORRUPT,
                f"DOCX body declares XML entities, which are refused ({type(exc).__name__})",
            ) from None
    import xml.etree.ElementTree as et

    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise DocumentError(path, DocumentProblem.CORRUPT, "DOCX body declares XML entities, which are refused")
    try:
        return et.fromstring(content)
    except et.ParseError as exc:
        raise DocumentError(path, DocumentProblem.CORRUPT, f"DOCX body is not well-formed XML ({exc})") from None


def _read_part(path: Path, data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise DocumentError(path, DocumentProblem.CORRUPT, "not a valid DOCX (damaged zip archive)") from None
    with archive:
        try:
            info = archive.getinfo(DOCUMENT_PART)
        except KeyError:
            raise DocumentError(
                path, DocumentProblem.UNSUPPORTED, f"zip archive without {DOCUMENT_PART}: not a Word document"
            ) from None
        if info.flag_bits & 0x1:
            raise DocumentError(path, DocumentProblem.ENCRYPTED, "the DOCX body is encrypted")
        if info.file_size > MAX_XML_BYTES or (
            info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise DocumentError(path, DocumentProblem.TOO_LARGE, _TOO_LARGE)
        try:
            with archive.open(info) as fh:
                # Never trust the declared size: stop reading at the limit.
                content = fh.read(MAX_XML_BYTES + 1)
        except RuntimeError:  # zipfile: "File is encrypted, password required"
            raise DocumentError(path, DocumentProblem.ENCRYPTED, "the DOCX body is encrypted") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise DocumentError(path, DocumentProblem.CORRUPT, f"cannot decompress the DOCX body ({exc})") from None
    if len(content) > MAX_XML_BYTES or (
        len(content) > _RATIO_FLOOR and len(content) > MAX_RATIO * max(info.compress_size, 1)
    ):
        raise DocumentError(path, DocumentProblem.TOO_LARGE, _TOO_LARGE)
    return content


class _Builder:
    """Collects lines and pages while walking the XML tree in document order."""

    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.current: list[str] = []
        self.bullet = False

    def end_line(self) -> None:
        text = "".join(self.current).strip()
        self.current = []
        if text:
            if self.bullet and not MARKER_AT_START.match(text):
                text = "• " + text
            self.bullet = False  # only the paragraph's first line carries the bullet
            self.pages[-1].append(text)

    def page_break(self) -> None:
        self.end_line()
        if self.pages[-1]:
            self.pages.append([])


def docx_pages(root: Any) -> tuple[list[str], bool]:
    """Page texts of a parsed document.xml and whether it had page breaks."""
    out = _Builder()
    # Iterative walk (documents nest deeply: tables in tables, text boxes) in document order.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        elem, closing = stack.pop()
        tag = elem.tag
        if closing:
            if tag == _P:
                out.end_line()
                out.bullet = False
            continue
        if tag in _SKIP:
            continue
        if tag == _P:
            out.end_line()  # a paragraph nested in a text box starts its own line
            ppr = elem.find(_PPR)
            out.bullet = ppr is not None and ppr.find(_NUMPR) is not None
            stack.append((elem, True))
        elif tag == _T:
            out.current.append(elem.text or "")
        elif tag in (_TAB, _PTAB):
            out.current.append(" ")
        elif tag == _NB_HYPHEN:
            out.current.append("-")
        elif tag == _SYM:
            out.current.append(" ")
        elif tag == _BR:
            if elem.get(_TYPE) == "page":
                out.page_break()
            else:  # textWrapping / column
                out.end_line()
        elif tag == _CR:
            out.end_line()
        elif tag == _LAST_BREAK:
            # Word's mark of where the page ended the last time it laid the document out.
            out.page_break()
        children = list(elem)
        for child in reversed(children):
            stack.append((child, False))
    out.end_line()
    pages = ["\n".join(lines) for lines in out.pages]
    while len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return pages, len(pages) > 1


def read_docx(path: Path, data: bytes, options: Any = None) -> Document:
    """Read a ``.docx`` file into a Document."""
    path = Path(path)
    if not data:
        raise DocumentError(path, DocumentProblem.EMPTY, "empty file (0 bytes)")
    content = _read_part(path, data)
    root = _parse_xml(path, content)
    texts, paginated = docx_pages(root)
    warnings: list[str] = []
    max_pages = getattr(options, "max_pages", None)
    if max_pages and len(texts) > max_pages:
        warnings.append(f"only the first {max_pages} of {len(texts)} pages were read (--max-pages)")
        texts = texts[:max_pages]
    if not any(t.strip() for t in texts):
        raise DocumentError(path, DocumentProblem.NO_TEXT, "no text in the DOCX body")
    pages = clean_pages([RawPage(number=i, text=t) for i, t in enumerate(texts, start=1)])
    return Document(
        path=str(path),
        format="docx",
        engine=NAME,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
        paginated=paginated,
    )
