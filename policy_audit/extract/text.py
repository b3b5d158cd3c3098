"""Plain text and Markdown files.

Decoding never fails: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark
are read as such; anything else is decoded as Windows-1252, which maps every byte, and the document
says so in a warning. Form feeds separate pages (as ``pdftotext`` writes them); a file without form
feeds is one page, and its evidence carries no page numbers (``paginated=False``).

Markdown markup that would end up inside quoted evidence (``#`` heading markers, ``*``/``_``
emphasis) is stripped; the words and list items stay.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path
from typing import Any

from policy_audit.document import Document
from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract.cleanup import RawPage, clean_pages
from policy_audit.extract.sniff import utf16_without_bom

__all__ = ["read_text", "decode_text"]

NAME = "text"
_CP1252_WARNING = "not UTF-8; decoded as Windows-1252"
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode bytes of a text file; returns the text and a warning (or None)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    if codec := utf16_without_bom(data):
        return data.decode(codec, errors="replace"), f"UTF-16 without a byte-order mark; decoded as {codec.upper()}"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): replace them, never crash.
    return data.decode("cp1252", errors="replace"), _CP1252_WARNING


# Markdown ------------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
_LIST_BULLET = re.compile(r"^(\s*)[*+-]\s+")
_HRULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
# Emphasis: **x**, __x__, *x*, _x_ (underscores only at word edges, so snake_case stays).
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_EM_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE_CODE = re.compile(r"`([^`]*)`")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def strip_markdown(text: str) -> str:
    """Remove Markdown markup, keeping the words, one printed line per line."""
    text = _HTML_COMMENT.sub("", text)
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        if _HRULE.match(line):
            out.append("")
            continue
        if _SETEXT_UNDERLINE.match(line) and out and out[-1].strip():
            continue  # the heading text is the line above
        m = _ATX_HEADING.match(line)
        if m:
            line = m.group(1)
        line = _BLOCKQUOTE.sub("", line)
        line = _LIST_BULLET.sub(r"\1• ", line)
        line = _LINK.sub(r"\1", line)
        line = _INLINE_CODE.sub(r"\1", line)
        line = _STRONG.sub(r"\2", line)
        line = _EM_STAR.sub(r"\1", line)
        line = _EM_UNDERSCORE.sub(r"\1", line)
        out.append(line)
    return "\n".join(out)


def _garbage(text: str) -> bool:
    try:
        from policy_audit.extract.glyph_codes import looks_like_garbage
    except ImportError:  # the quality check is optional for this reader
        return False
    return bool(looks_like_garbage(text))


def read_text(path: Path, data: bytes, options: Any = None) -> Document:
    """Read a ``.txt``/``.md`` file into a Document."""
    path = Path(path)
    if not data:
        raise DocumentError(path, DocumentProblem.EMPTY, "empty file (0 bytes)")
    text, warning = decode_text(data)
    if "\x00" in text:
        # Many NUL bytes in "text" mean a binary file; a stray one is a bad export, and is dropped.
        if warning is None and text.count("\x00") * 4 > len(text):
            raise DocumentError(path, DocumentProblem.UNSUPPORTED, "binary data, not text")
        warnings_nul = f"{text.count(chr(0))} NUL byte(s) in the text were dropped"
        text = text.replace("\x00", "")
    else:
        warnings_nul = ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.casefold() in _MARKDOWN_SUFFIXES:
        text = strip_markdown(text)
    chunks = text.split("\f")
    paginated = len(chunks) > 1
    if paginated and chunks and not chunks[-1].strip():
        chunks.pop()  # pdftotext ends every page with a form feed, the last one too
    max_pages = getattr(options, "max_pages", None)
    warnings: list[str] = [w for w in (warning, warnings_nul) if w]
    if max_pages and len(chunks) > max_pages:
        warnings.append(f"only the first {max_pages} of {len(chunks)} pages were read (--max-pages)")
        chunks = chunks[:max_pages]
    if not any(chunk.strip() for chunk in chunks):
        raise DocumentError(path, DocumentProblem.NO_TEXT, "no text in the file")
    if _garbage(text):
        raise DocumentError(path, DocumentProblem.NO_TEXT, "text is unreadable glyph codes (no words)")
    pages = clean_pages([RawPage(number=i, text=chunk) for i, chunk in enumerate(chunks, start=1)])
    return Document(
        path=str(path),
        format="text",
        engine=NAME,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
        paginated=paginated,
    )
