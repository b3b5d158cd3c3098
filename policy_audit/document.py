"""The document model every reader produces and the matcher consumes.

A reader (see ``policy_audit.extract``) turns a file into a :class:`Document`: numbered pages of
cleaned body text. Cleaning (running headers and footers removed, hyphenated line breaks rejoined,
ligatures and odd spaces normalised) happens in the reader, so the matcher never sees layout noise.
Pages that are a table of contents or an index are kept, but marked, so they can never be evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class PageKind(str, Enum):
    BODY = "body"
    CONTENTS = "contents"  # table of contents: repeats section titles, never evidence
    INDEX = "index"
    BLANK = "blank"  # no text at all (or no text layer and no OCR)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as printed by a PDF viewer (not the manual's own page label)
    text: str  # cleaned body text; one printed line per "\n"
    kind: PageKind = PageKind.BODY
    ocr: bool = False  # text came from OCR, not from a text layer
    running_title: str = ""  # chapter title carried by the running header, when there is one


@dataclass(frozen=True)
class Document:
    path: str
    format: str  # "pdf", "text", "html", "docx"
    engine: str  # which reader produced the text: "pdfium", "pdfplumber", "text", "html", "docx"
    pages: tuple[Page, ...]
    sha256: str = ""
    warnings: tuple[str, ...] = field(default=())
    # False for formats without real pages (plain text without form feeds, HTML, DOCX): evidence then
    # carries no page number, since "page 1" of a web page would send a reader to the wrong place.
    paginated: bool = True

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> tuple[int, ...]:
        return tuple(p.number for p in self.pages if p.ocr)

    @property
    def has_text(self) -> bool:
        return any(p.text.strip() for p in self.pages if p.kind is not PageKind.BLANK)


def page_list(numbers: list[int]) -> str:
    """Pages named in a warning: "page 3", "pages 1, 2, 5", "pages 1, ... 10 and 4 more"."""
    shown = ", ".join(str(n) for n in numbers[:10])
    if len(numbers) > 10:
        shown += f" and {len(numbers) - 10} more"
    return ("page " if len(numbers) == 1 else "pages ") + shown
