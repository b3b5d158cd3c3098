"""Reading files into the :class:`~policy_audit.document.Document` model.

:func:`read_document` is the one entry point. It checks the file (exists, readable, not empty, not
too large), sniffs its real type from the bytes (:mod:`.sniff`), and hands it to one reader:

* PDF: the text layer from PDFium (:mod:`.pdf_pdfium`, default) or pdfplumber (:mod:`.pdf_plumber`);
  pages with no text layer, or a layer of glyph codes (:mod:`.glyph_codes`), are OCR'd with Tesseract
  (:mod:`.ocr`) when it is installed; then :func:`.cleanup.clean_pages` removes headers and footers,
  rejoins hyphens and marks contents and index pages.
* text, HTML, DOCX, RTF: the readers in :mod:`.text`, :mod:`.html`, :mod:`.docx`, :mod:`.rtf`.

Every failure is a :class:`~policy_audit.errors.DocumentError` with a one-line reason; a page that
cannot be read becomes an empty page and a warning, never a crash.

Limits: ``max_bytes`` (the file), ``max_pages`` (the PDF), ``max_memory`` (what reading it may take:
a few kilobytes of FlateDecode can inflate to gigabytes). The reading runs under
:func:`policy_audit.processes.watched.run_watched`, which stops it past ``max_memory``; a crash of a PDF library
there becomes a ``corrupt`` error instead of the end of the process.
"""

from __future__ import annotations

import hashlib
import itertools
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from policy_audit.document import Document, page_list
from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract.glyph_codes import looks_like_garbage
from policy_audit.extract.ocr import INSTALL_HINT as _TESSERACT_HINT
from policy_audit.extract.ocr import TESSERACT_PACKAGE
from policy_audit.extract.sniff import sniff, unsupported_reason
from policy_audit.extract.syllable_rejoin import rejoin_split_words

__all__ = ["ENGINES", "OCR_MODES", "ReadOptions", "read_document", "looks_like_garbage"]

ENGINES = ("pdfium", "pdfplumber")
OCR_MODES = ("auto", "always", "never")

OCR_TIMEOUT_MARK = "OCR took longer than"  # start of ocr.OcrError reasons for a page timeout


@dataclass(frozen=True)
class ReadOptions:
    engine: str = "pdfium"  # "pdfium" | "pdfplumber"
    ocr: str = "auto"  # "auto": pages with no (or garbage) text layer, if tesseract exists; "always"; "never"
    max_pages: int = 5000
    max_bytes: int = 512 * 1024 * 1024  # <= 0: no limit
    max_memory: int = 2 * 1024 * 1024 * 1024  # growth of the reading process; <= 0: no limit
    ocr_lang: str = "eng"
    ocr_dpi: int = 300
    ocr_timeout: float = 180.0  # seconds per page
    ocr_jobs: int = 1  # pages OCR'd at once, each by its own tesseract process
    text_jobs: int = 1  # processes reading a long PDF's text layer at once (pdfium: 1 or 2)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def check_file(path: Path, max_bytes: int) -> None:
    """Refuse what cannot be read before anything is started for it: a missing file, a folder, a pipe,
    a file over the size limit (the same errors reading it would give)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DocumentError(path, DocumentProblem.NOT_FOUND, "file not found") from None
    except PermissionError:
        raise DocumentError(path, DocumentProblem.PERMISSION, "permission denied") from None
    except OSError as exc:
        raise DocumentError(path, DocumentProblem.NOT_FOUND, f"cannot reach the file ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(path, DocumentProblem.IS_DIRECTORY, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        # Opening a FIFO waits for a writer forever; a device never ends.
        raise DocumentError(
            path, DocumentProblem.UNSUPPORTED, "not a regular file (a pipe, socket or device): save it to a file first"
        )
    if max_bytes > 0 and st.st_size > max_bytes:
        raise DocumentError(
            path,
            DocumentProblem.TOO_LARGE,
            f"file is {_size(st.st_size)}, more than the limit of {_size(max_bytes)} (--max-bytes)",
        )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    check_file(path, max_bytes)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1) if max_bytes > 0 else fh.read()
    except PermissionError:
        raise DocumentError(path, DocumentProblem.PERMISSION, "permission denied") from None
    except IsADirectoryError:
        raise DocumentError(path, DocumentProblem.IS_DIRECTORY, "is a directory, not a file") from None
    except OSError as exc:
        raise DocumentError(path, DocumentProblem.PERMISSION, f"cannot read the file ({exc.strerror})") from None
    if not data:
        raise DocumentError(path, DocumentProblem.EMPTY, "empty file (0 bytes)")
    if 0 < max_bytes < len(data):  # grew since stat, or a pipe/device without a size
        raise DocumentError(
            path, DocumentProblem.TOO_LARGE, f"file is more than the limit of {_size(max_bytes)} (--max-bytes)"
        )
    return data


def _check_options(options: ReadOptions) -> None:
    from policy_audit.errors import UsageError

    if options.engine not in ENGINES:
        raise UsageError(f"unknown PDF engine '{options.engine}'; choose one of: {', '.join(ENGINES)}")
    if options.ocr not in OCR_MODES:
        raise UsageError(f"unknown OCR mode '{options.ocr}'; choose one of: {', '.join(OCR_MODES)}")


_XFA_REASON = (
    "a dynamic XFA form: its pages hold only a placeholder ('Please wait...') and the form itself is XML"
    " that only Adobe software draws; open it in Adobe Acrobat or Reader and print it to a PDF"
)
_XFA_WARNING = "an XFA form: only its static pages were read; fields filled in the form may be missing"

# A page with less text than this over a large image is a scan with a thin text overlay (a stamped
# page number, a file name): it is OCR'd like a page without a text layer.
_THIN_TEXT = 200


def _read_pdf(path: Path, data: bytes, options: ReadOptions) -> Document:
    from policy_audit.extract import ocr, pdf_pdfium, pdf_plumber
    from policy_audit.extract.cleanup import RawPage, clean_pages

    # Both engine modules import their PDF library only when they read, so importing both costs nothing.
    if options.engine == "pdfplumber":
        engine = pdf_plumber.NAME
        raw, warnings = pdf_plumber.extract_pages(path, data, options.max_pages)
    else:
        engine = pdf_pdfium.NAME
        jobs, limit = options.text_jobs, options.max_memory
        raw, warnings = pdf_pdfium.extract_pages(path, data, options.max_pages, jobs=jobs, max_memory=limit)
    xfa = pdf_pdfium.xfa_kind(data)
    if xfa == "full":
        raise DocumentError(path, DocumentProblem.UNSUPPORTED, _XFA_REASON)
    if xfa:
        warnings.append(_XFA_WARNING)

    empty, garbage, scanned = pages_without_text(raw, data, options)
    unusable = empty | garbage | scanned

    if options.ocr == "always":
        wanted = [p.number for p in raw]
    elif options.ocr == "auto":
        wanted = sorted(unusable)
    else:
        wanted = []
    have_tesseract = ocr.tesseract_path() is not None
    if wanted and not have_tesseract:
        if options.ocr == "always":
            raise DocumentError(
                path,
                DocumentProblem.OCR_MISSING,
                f"--ocr always needs tesseract, which is not installed; {_TESSERACT_HINT}",
            )
        wanted = []  # "auto" without tesseract: read what text there is; no text at all is reported below
    ocr_texts: dict[int, str] = {}
    ocr_failures: list[str] = []
    if wanted:
        ocr_texts, ocr_failures = _ocr(path, data, wanted, options)
        warnings.extend(f"OCR failed on {failure}" for failure in ocr_failures)

    pages: list[RawPage] = []
    for p in raw:
        if p.number in ocr_texts:
            pages.append(RawPage(number=p.number, text=ocr_texts[p.number], ocr=True))
        elif p.number in garbage:
            pages.append(RawPage(number=p.number, text=""))  # glyph codes are never evidence
        else:
            pages.append(p)  # includes a text layer whose OCR came back empty under --ocr always

    readable = [p for p in pages if p.text.strip() and (p.ocr or p.number not in unusable)]
    if not readable:
        if ocr_failures and all(OCR_TIMEOUT_MARK in f for f in ocr_failures):
            raise DocumentError(
                path, DocumentProblem.TIMEOUT, f"OCR timed out ({ocr_failures[0]}) and there is no other text"
            )
        raise DocumentError(
            path, DocumentProblem.NO_TEXT, _no_text_reason(options, have_tesseract, garbage, empty | scanned)
        )
    not_ocrd = sorted(unusable - set(wanted))
    if not_ocrd:
        why = "OCR is off (--ocr never)" if options.ocr == "never" else f"tesseract is not installed; {_TESSERACT_HINT}"
        verb = "has" if len(not_ocrd) == 1 else "have"
        warnings.append(f"{page_list(not_ocrd)} {verb} no readable text layer and no OCR: {why}")

    engine_name = engine + ("+tesseract" if ocr_texts else "")
    return Document(
        path=str(path),
        format="pdf",
        engine=engine_name,
        pages=tuple(clean_pages(pages)),
        warnings=tuple(warnings),
        paginated=True,
    )


def pages_without_text(raw, data: bytes, options: ReadOptions) -> tuple[set[int], set[int], set[int]]:
    """Pages without usable text: no text layer, glyph codes, or a thin overlay on a scanned image
    (empty, garbage, scanned). ``ocr_ranges`` asks it too, to split a large scan over a cluster."""
    from policy_audit.extract import pdf_pdfium

    empty = {p.number for p in raw if not p.text.strip()}
    # A page that draws nothing at all is blank paper: nothing to OCR and nothing to warn about.
    empty -= pdf_pdfium.blank_pages(data, sorted(empty)) if empty else set()
    garbage = {p.number for p in raw if p.number not in empty and looks_like_garbage(p.text)}
    thin = [p.number for p in raw if p.number not in empty | garbage and len("".join(p.text.split())) < _THIN_TEXT]
    scanned = pdf_pdfium.pages_covered_by_images(data, thin) if thin and options.ocr != "never" else set()
    return empty, garbage, scanned


def _no_text_reason(options: ReadOptions, have_tesseract: bool, garbage: set[int], scanned: set[int]) -> str:
    what = (
        "text layer is unreadable glyph codes (no words)"
        if garbage and not scanned
        else "no text layer (scanned pages)"
    )
    if options.ocr == "never":
        return f"{what}; run with --ocr auto to OCR it (needs the Debian package {TESSERACT_PACKAGE})"
    if not have_tesseract:
        return f"{what}; {_TESSERACT_HINT} or run with --ocr auto"
    return f"{what}, and OCR found no text in it"


def _ocr(path: Path, data: bytes, numbers: list[int], options: ReadOptions) -> tuple[dict[int, str], list[str]]:
    """OCR text by page number (pages where OCR found text), and one-line reasons for pages where it failed."""
    from policy_audit.extract import ocr
    from policy_audit.extract.ocr_ahead import done_ahead

    texts: dict[int, str] = {}
    failed: list[str] = []
    ahead = done_ahead(path)  # pages a cluster OCR'd in page ranges before this read (scan.cluster)
    rest = [n for n in numbers if n not in ahead]
    try:
        fresh = ocr.ocr_pdf_pages(
            data,
            rest,
            lang=options.ocr_lang,
            dpi=options.ocr_dpi,
            timeout=options.ocr_timeout,
            jobs=options.ocr_jobs,
        )
        for result in itertools.chain((ahead[n] for n in numbers if n in ahead), fresh if rest else ()):
            if result.error:
                failed.append(f"page {result.number}: {result.error}")
            elif result.text.strip():
                texts[result.number] = result.text
    except ocr.OcrUnavailable as exc:
        raise DocumentError(path, DocumentProblem.OCR_MISSING, exc.reason) from None
    return texts, failed


def _read_other(kind: str, path: Path, data: bytes, options: ReadOptions) -> Document:
    # The text, HTML and DOCX readers are imported only when needed.
    if kind == "text":
        from policy_audit.extract.text import read_text as reader
    elif kind == "html":
        from policy_audit.extract.html import read_html as reader
    elif kind == "rtf":
        from policy_audit.extract.rtf import read_rtf as reader
    else:
        from policy_audit.extract.docx import read_docx as reader
    try:
        return reader(path, data, options)
    except ValueError as exc:
        # defusedxml's refusals are ValueErrors that do not survive pickling (their __init__ wants six
        # arguments), so one that slips past a reader must become the document's error here, in the
        # reading child, and never travel to the parent as itself.
        if type(exc).__module__.startswith("defusedxml"):
            why = f"declares XML entities, which are refused ({type(exc).__name__})"
            raise DocumentError(path, DocumentProblem.CORRUPT, f"{kind.upper()} file {why}") from None
        raise


def read_document(path: Path, options: ReadOptions = ReadOptions()) -> Document:
    """Read one file into a Document. Raises DocumentError with a one-line reason."""
    from policy_audit.processes import watched as workers  # the memory watcher (--max-memory)

    path = Path(path)
    _check_options(options)
    try:
        return workers.run_watched(_read_document, path, options, memory_limit=options.max_memory)
    except workers.MemoryLimitExceeded as exc:
        raise DocumentError(path, DocumentProblem.TOO_LARGE, workers.memory_reason(exc.limit)) from None
    except workers.ChildCrashed as exc:
        raise DocumentError(path, DocumentProblem.CORRUPT, exc.reason) from None
    except MemoryError:
        # Unwatched (no fork or no /proc), or the machine itself ran out: still one document's error.
        raise DocumentError(path, DocumentProblem.TOO_LARGE, "ran out of memory while reading this document") from None


def _read_document(path: Path, options: ReadOptions) -> Document:
    data = _read_bytes(path, options.max_bytes)
    sniffed = sniff(path, data)
    if not sniffed.kind:
        raise DocumentError(path, DocumentProblem.UNSUPPORTED, unsupported_reason(data))
    if sniffed.kind == "pdf":
        doc = _read_pdf(path, data, options)
    else:
        doc = _read_other(sniffed.kind, path, data, options)
        _check_readable(path, doc)
    doc = rejoin_split_words(doc)
    warnings = ((sniffed.warning,) if sniffed.warning else ()) + tuple(doc.warnings)
    return replace(doc, path=str(path), sha256=hashlib.sha256(data).hexdigest(), warnings=warnings)


def _check_readable(path: Path, doc: Document) -> None:
    """A reader's document must hold some words: all-garbage or all-empty text is NO_TEXT."""
    texts = [p.text for p in doc.pages if p.text.strip()]
    if not texts:
        raise DocumentError(path, DocumentProblem.NO_TEXT, "no text in the file")
    if all(looks_like_garbage(t) for t in texts) or looks_like_garbage("\n".join(texts)):
        raise DocumentError(path, DocumentProblem.NO_TEXT, "text is unreadable glyph codes (no words)")
