"""Word ``.docx`` files, read with :mod:`zipfile` and an XML parser (no Word library needed).

A DOCX is a zip archive; the body is the part ``_rels/.rels`` names as the office document (usually
``word/document.xml``; Word Online and SharePoint write ``word/document2.xml``). Strict Open XML
(another namespace for the same elements) is read like the usual Transitional form; an ``altChunk``
(an HTML or text body Word imports when it opens the file) is read where it stands; footnotes and
endnotes are read after the body, since a binding clause can sit in one. The archive is untrusted, so
before anything is decompressed the declared size and compression ratio of each part are checked (a
small file that expands to gigabytes is refused), and decompression stops at the limit whatever the
header claims. XML is parsed with :mod:`defusedxml`, which refuses entities and external references
whatever the part's encoding (a byte search for ``<!ENTITY`` misses UTF-16).

Hidden text (``w:vanish``), deleted text and text tracked as moved away (``w:moveFrom``) is not what
the document says: it is skipped, and a warning says so when it is much of the text.

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
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_audit.document import Document
from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract.cleanup import RawPage, clean_pages
from policy_audit.list_markers import MARKER_AT_START

__all__ = ["read_docx", "docx_pages"]

NAME = "docx"
DOCUMENT_PART = "word/document.xml"
_OFFICE_DOCUMENT = "/officeDocument"  # end of the relationship type of the main part (both namespaces)
_STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
_STRICT_R = "{http://purl.oclc.org/ooxml/officeDocument/relationships}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
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
_RUN = _W + "r"
_RPR = _W + "rPr"
_VANISH = (_W + "vanish", _W + "specVanish")
_VAL = _W + "val"
_ALT_CHUNK = _W + "altChunk"
_ALT_ID = _R + "id"
# Content that is not part of the visible body text: deleted or moved-away text, field codes,
# properties, and the separators of the footnote part.
_SKIP = frozenset(
    {
        _W + "delText",
        _W + "instrText",
        _W + "del",
        _W + "moveFrom",
        _W + "rPr",
        _W + "sectPr",
        _W + "pPrChange",
        _W + "rPrChange",
    }
)
_HIDDEN_SHARE = 0.2  # hidden text at least this share of the body (and this long) gets a warning
_HIDDEN_MIN = 200


def _parse_xml(path: Path, content: bytes, part: str) -> Any:
    from defusedxml import ElementTree as safe_et  # a dependency: never fall back to a byte search

    try:
        root = safe_et.fromstring(content)
    except safe_et.ParseError as exc:
        raise DocumentError(path, DocumentProblem.CORRUPT, f"DOCX part {part} is not well-formed XML ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - defusedxml's DTDForbidden / EntitiesForbidden / ExternalReferenceForbidden
        # (ValueErrors), or whatever else the parser raises from inside its callbacks: an untrusted part
        # that does not parse is a corrupt document, and its exception never leaves the reader.
        refused = "Forbidden" in type(exc).__name__
        why = "declares XML entities, which are refused" if refused else "could not be parsed"
        raise DocumentError(path, DocumentProblem.CORRUPT, f"DOCX part {part} {why} ({type(exc).__name__})") from None
    _to_transitional(root)
    return root


def _to_transitional(root: Any) -> None:
    """Strict Open XML names the same elements in other namespaces: rename them in place."""
    for elem in root.iter():
        tag = elem.tag
        if isinstance(tag, str) and tag.startswith(_STRICT_W):
            elem.tag = _W + tag[len(_STRICT_W) :]
        for key in [k for k in elem.attrib if k.startswith((_STRICT_W, _STRICT_R))]:
            prefix = _STRICT_W if key.startswith(_STRICT_W) else _STRICT_R
            elem.attrib[(_W if prefix == _STRICT_W else _R) + key[len(prefix) :]] = elem.attrib.pop(key)


def _open_archive(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise DocumentError(path, DocumentProblem.CORRUPT, "not a valid DOCX (damaged zip archive)") from None


def _read_member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One part, decompressed within the size and ratio limits."""
    info = archive.getinfo(name)
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


def _relationships(path: Path, archive: zipfile.ZipFile, rels_name: str, base: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name) of one ``.rels`` part; {} when there is none."""
    if rels_name not in archive.namelist():
        return {}
    root = _parse_xml(path, _read_member(path, archive, rels_name), rels_name)
    out = {}
    for rel in root.iter(_REL):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue  # a link to a web page or another file: never followed
        name = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", name)
    return out


def main_part_name(names: list[str] | set[str], rels: dict[str, tuple[str, str]]) -> str:
    """The main document part: the officeDocument relationship, else word/document.xml, else ""."""
    for kind, name in rels.values():
        if kind.endswith(_OFFICE_DOCUMENT) and name in names:
            return name
    if DOCUMENT_PART in names:
        return DOCUMENT_PART
    return ""


@dataclass(frozen=True)
class _Parts:
    main: bytes
    notes: tuple[bytes, ...]  # footnotes, endnotes
    chunks: dict[str, str]  # altChunk relationship id -> its text


def _read_parts(path: Path, data: bytes) -> _Parts:
    with _open_archive(path, data) as archive:
        names = set(archive.namelist())
        main = main_part_name(names, _relationships(path, archive, "_rels/.rels", ""))
        if not main:
            raise DocumentError(
                path, DocumentProblem.UNSUPPORTED, f"zip archive without {DOCUMENT_PART}: not a Word document"
            )
        folder, base = posixpath.split(main)
        rels = _relationships(path, archive, posixpath.join(folder, "_rels", base + ".rels"), folder)
        notes = []
        for kind in ("/footnotes", "/endnotes"):
            for rel_kind, name in rels.values():
                if rel_kind.endswith(kind) and name in names:
                    notes.append(_read_member(path, archive, name))
        chunks = {}
        for rid, (rel_kind, name) in rels.items():
            if rel_kind.endswith("/aFChunk") and name in names:
                chunks[rid] = _chunk_text(_read_member(path, archive, name), name)
        return _Parts(_read_member(path, archive, main), tuple(notes), chunks)


def _chunk_text(content: bytes, name: str) -> str:
    """Text of an altChunk part: HTML (or MHT holding HTML), or plain text."""
    from policy_audit.extract.html import html_to_text
    from policy_audit.extract.text import decode_text

    text, _ = decode_text(content)
    if name.lower().endswith((".mht", ".mhtml")) and "<html" in text.lower():
        text = text[text.lower().index("<html") :]
        if "=\n" in text or "=3D" in text:  # quoted-printable, as Word writes MHT
            import quopri

            text, _ = decode_text(quopri.decodestring(text.encode("utf-8", "replace")))
    if name.lower().endswith((".htm", ".html", ".xhtml", ".mht", ".mhtml")) or "<html" in text[:2048].lower():
        return html_to_text(text)
    return text


class _Builder:
    """Collects lines and pages while walking the XML tree in document order."""

    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.current: list[str] = []
        self.bullet = False
        self.hidden_chars = 0
        self.visible_chars = 0

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


def _hidden_run(run: Any) -> bool:
    rpr = run.find(_RPR)
    if rpr is None:
        return False
    for tag in _VANISH:
        flag = rpr.find(tag)
        if flag is not None and flag.get(_VAL, "true").lower() not in ("0", "false", "off"):
            return True
    return False


def _text_length(elem: Any) -> int:
    return sum(len("".join((t.text or "").split())) for t in elem.iter(_T))


def docx_pages(root: Any, chunks: dict[str, str] | None = None, out: _Builder | None = None) -> tuple[list[str], bool]:
    """Page texts of a parsed document part and whether it had page breaks. ``chunks`` holds the text
    of its altChunk parts by relationship id; ``out`` carries on a builder (notes after the body)."""
    out = out or _Builder()
    chunks = chunks or {}
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
        if tag == _RUN and _hidden_run(elem):
            out.hidden_chars += _text_length(elem)
            continue
        if tag == _ALT_CHUNK:
            out.end_line()
            for line in chunks.get(elem.get(_ALT_ID) or "", "").split("\n"):
                out.current.append(line)
                out.end_line()
            continue
        if tag == _P:
            out.end_line()  # a paragraph nested in a text box starts its own line
            ppr = elem.find(_PPR)
            out.bullet = ppr is not None and ppr.find(_NUMPR) is not None
            stack.append((elem, True))
        elif tag == _T:
            out.current.append(elem.text or "")
            out.visible_chars += len("".join((elem.text or "").split()))
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
    parts = _read_parts(path, data)
    builder = _Builder()
    texts, paginated = docx_pages(_parse_xml(path, parts.main, "body"), parts.chunks, builder)
    if parts.notes:
        # Footnotes and endnotes follow the body on its last page, each note its own line.
        notes = _Builder()
        for content in parts.notes:
            docx_pages(_parse_xml(path, content, "notes"), None, notes)
        notes.end_line()
        lines = [line for page in notes.pages for line in page]
        if lines:
            texts[-1] = "\n".join([texts[-1], *lines]) if texts[-1].strip() else "\n".join(lines)
        builder.hidden_chars += notes.hidden_chars
        builder.visible_chars += notes.visible_chars
    warnings: list[str] = []
    hidden, total = builder.hidden_chars, builder.hidden_chars + builder.visible_chars
    if hidden >= _HIDDEN_MIN and hidden >= _HIDDEN_SHARE * total:
        warnings.append(
            f"{round(100 * hidden / total)}% of the text is formatted as hidden (w:vanish) and was not read"
        )
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
