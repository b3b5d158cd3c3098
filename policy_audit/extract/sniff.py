"""What a file really is, judged from its bytes first and its name second.

Manuals arrive renamed, mislabelled or saved from a browser: a Word file called ``.pdf``, a web page
called ``.txt``. :func:`sniff` looks at the content (``%PDF-``, a zip holding ``word/document.xml``,
an HTML prologue, text-looking bytes) and only falls back on the extension to break ties. When the
content disagrees with the name, the file is read as what it is and a warning says so.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FORMATS",
    "SUFFIX_FORMATS",
    "SUPPORTED_SUFFIXES",
    "Sniffed",
    "sniff",
    "unsupported_reason",
    "looks_like_text",
]

FORMATS = ("pdf", "docx", "html", "text", "rtf")

# The file names the readers take, and the format each name promises. This is the one list of
# supported suffixes: a folder walk picks up exactly these (a file named on the command line is read
# whatever its name, by its content). A macro-enabled Word file (.docm) holds the same document part
# as a .docx; the text reader treats the Markdown names as Markdown.
SUFFIX_FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".mdown": "text",
    ".mkd": "text",
    ".rtf": "rtf",
}
SUPPORTED_SUFFIXES = frozenset(SUFFIX_FORMATS)

_LABELS = {"pdf": "PDF", "docx": "DOCX", "html": "HTML", "text": "text", "rtf": "RTF"}

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# Well-known binary formats we do not read, so the reason can say what the file is.
_KNOWN_BINARIES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc); save it as DOCX or PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; put it in a PDF to have it OCR'd"),
    (b"\xff\xd8\xff", "a JPEG image; put it in a PDF to have it OCR'd"),
    (b"II*\x00", "a TIFF image; put it in a PDF to have it OCR'd"),
    (b"MM\x00*", "a TIFF image; put it in a PDF to have it OCR'd"),
    (b"PK\x03\x04", "a zip archive with no Word document in it"),
    (b"\x1f\x8b", "a gzip archive"),
)


@dataclass(frozen=True)
class Sniffed:
    kind: str  # one of FORMATS, or "" when the file is none of them
    warning: str = ""  # set when the name says one thing and the content another


def _strip_prologue(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.lstrip()


def _decode_head(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def utf16_without_bom(data: bytes) -> str:
    """ "utf-16-le" or "utf-16-be" when ``data`` looks like UTF-16 text saved without a byte-order mark
    (Latin text: every other byte is NUL, the others printable), else ""."""
    head = data[:8192]
    if len(head) < 4:
        return ""
    even, odd = head[0::2], head[1::2]
    for name, zeros, chars in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.7 * len(zeros) and chars.count(0) <= 0.05 * len(chars):
            return name
    return ""


def looks_like_text(data: bytes) -> bool:
    """True when the start of ``data`` reads as text (UTF-8, UTF-16 with or without a BOM, or a legacy
    8-bit code). A stray NUL or two (a bad export, a copy through a terminal) does not make it binary."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return True
    # NUL bytes mark binary data, unless they are rare in a stretch long enough to tell.
    if head.count(0) > len(head) // 200:
        return False
    # Control characters other than tab, newlines, form feed and escape are rare in text files.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= max(1, len(head) // 100)


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if "word/document.xml" in names:
                return True
            # Word Online and SharePoint name the main part word/document2.xml: the content types say
            # which part is the document, whatever its name.
            if "[Content_Types].xml" not in names or zf.getinfo("[Content_Types].xml").file_size > 1 << 20:
                return False
            return b"wordprocessingml.document.main" in zf.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, zlib.error):
        # A damaged archive: its local headers still name the parts. Read it as DOCX so the reader
        # reports it as corrupt rather than as an unknown format.
        return b"word/document.xml" in data


def _is_html(head: bytes) -> bool:
    start = _decode_head(head).lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<?xml") and "?>" in start:
        start = start[start.find("?>") + 2 :].lstrip()
    while start.startswith("<!--") and "-->" in start:
        start = start[start.find("-->") + 3 :].lstrip()
    return start.startswith(("<!doctype html", "<html"))


def sniff(path: Path, data: bytes) -> Sniffed:
    """Decide what ``data`` (the bytes of ``path``) is. ``kind`` is "" for anything unreadable."""
    named = SUFFIX_FORMATS.get(path.suffix.lower(), "")
    head = data[:1024]
    kind = ""
    if _strip_prologue(head).startswith(b"%PDF-"):
        kind = "pdf"
    elif b"%PDF-" in head and named not in ("text", "html"):
        # Some generators put junk before the header; readers accept it within the first 1 KiB.
        # A text or web page that merely mentions "%PDF-" is not a PDF.
        kind = "pdf"
    elif _is_docx(data):
        kind = "docx"
    elif _strip_prologue(head).startswith(b"{\\rtf"):
        kind = "rtf"
    elif looks_like_text(data):
        if _is_html(data[:2048]):
            kind = "html"
        elif named in ("html", "text"):
            kind = named
        else:
            kind = "text"
    warning = ""
    if kind and named and named != kind:
        warning = f"the file is named {path.suffix} but is really a {_LABELS[kind]} file; read it as {_LABELS[kind]}"
    return Sniffed(kind=kind, warning=warning)


def _zip_kind(data: bytes) -> str:
    """What an archive that is not a Word document holds, and what to do with it ("" when unknown)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            mimetype = zf.read("mimetype")[:100] if "mimetype" in zf.namelist() else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, NotImplementedError):
        return ""
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "an OpenDocument file (.odt); open it in LibreOffice or Word and save it as DOCX or PDF"
    if mimetype.startswith(b"application/epub"):
        return "an EPUB e-book; convert it to PDF (Calibre: ebook-convert book.epub book.pdf)"
    return "a zip archive with no Word document in it; unzip it and scan the folder"


def unsupported_reason(data: bytes) -> str:
    """One line saying the file is none of the formats we read, and what it seems to be."""
    first = " ".join(f"{b:02X}" for b in data[:4])
    reason = f"not a PDF, DOCX, HTML or text file (starts with bytes {first})"
    if data.startswith(b"PK\x03\x04") and (what := _zip_kind(data)):
        return f"{reason}: {what}"
    for magic, what in _KNOWN_BINARIES:
        if data.startswith(magic):
            return f"{reason}: {what}"
    return reason
