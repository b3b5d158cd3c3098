"""RTF files (Word's "Rich Text Format", common in records-request exports).

Read with ``striprtf``, a maintained pure-Python converter: control words, font and colour tables,
``\\*`` destinations and pictures are dropped, ``\\'xx`` and ``\\uN`` escapes become characters in the
code page the file declares (``\\ansicpg``, Windows-1252 by default). ``\\page`` breaks pages when
there are any; otherwise the document is one page and its evidence carries no page numbers.
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

__all__ = ["read_rtf"]

NAME = "rtf"
_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_PAGE_MARK = "\x0c"  # \page is turned into a form feed before conversion, then split on
_PAGE = re.compile(r"\\page(?![a-z])")


def _codepage(data: bytes) -> str:
    m = _CODEPAGE.search(data[:4096])
    name = f"cp{int(m.group(1))}" if m else "cp1252"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def read_rtf(path: Path, data: bytes, options: Any = None) -> Document:
    """Read an ``.rtf`` file into a Document."""
    from striprtf.striprtf import rtf_to_text

    path = Path(path)
    if not data:
        raise DocumentError(path, DocumentProblem.EMPTY, "empty file (0 bytes)")
    codec = _codepage(data)
    # RTF is 7-bit by definition; anything above is taken in the declared code page, like Word does.
    source = _PAGE.sub(lambda _: "\\par " + _PAGE_MARK, data.decode(codec, errors="replace"))
    try:
        text = rtf_to_text(source, encoding=codec, errors="replace")
    except (ValueError, LookupError, IndexError, RecursionError) as exc:
        raise DocumentError(path, DocumentProblem.CORRUPT, f"cannot read the RTF ({exc})") from None
    chunks = text.replace("\r\n", "\n").replace("\r", "\n").split(_PAGE_MARK)
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    warnings: list[str] = []
    max_pages = getattr(options, "max_pages", None)
    if max_pages and len(chunks) > max_pages:
        warnings.append(f"only the first {max_pages} of {len(chunks)} pages were read (--max-pages)")
        chunks = chunks[:max_pages]
    if not any(c.strip() for c in chunks):
        raise DocumentError(path, DocumentProblem.NO_TEXT, "no text in the RTF")
    pages = clean_pages([RawPage(number=i, text=c) for i, c in enumerate(chunks, start=1)])
    return Document(
        path=str(path),
        format="rtf",
        engine=NAME,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
        paginated=len(chunks) > 1,
    )
