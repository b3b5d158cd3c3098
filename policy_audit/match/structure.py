"""From pages to sentences that know their page, their section and the sentence that introduces them.

The body text of every evidence page (tables of contents and indexes are left out) is read as one
stream, so a sentence that runs over a page break is whole, and is cited on the page where it starts.
Headings end a paragraph and name the section of what follows. A list item ("(a) ...", "1. ...")
keeps the sentence that introduced it ("Officers shall:") as its lead-in, because that is where its
obligation is stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from policy_audit.document import Document, PageKind

# Headings. Numbered styles seen in real manuals: Lexipol "300.2.1 DUTY TO INTERCEDE", general orders
# "V. DUTY TO INTERVENE", "Section 4.3 ...", "G03-02-01 ..."; plus short all-capitals lines.
_MODAL_WORDS = re.compile(r"\b(shall|must|will|should|may|are|is|be)\b", re.IGNORECASE)
_HEADING_PATTERNS = (
    re.compile(r"^(?P<num>\d{2,4}(?:\.\d{1,3}){1,4})\.?\s+(?P<title>[A-Z][^.;:!?]{1,90})$"),
    re.compile(r"^(?P<num>(?:[IVXL]{1,6}|[A-Z])\.)\s+(?P<title>[A-Z][A-Za-z0-9 ,'&/()\-]{2,80})$"),
    re.compile(
        r"^(?P<num>(?:Section|SECTION|Article|ARTICLE|Chapter|CHAPTER|Policy|POLICY|Rule|RULE|Part|PART)\s+[\dIVXL]+(?:[.\-]\d+)*)[.:]?\s*(?P<title>[A-Za-z][^.;:!?]{0,90})?$"
    ),
    re.compile(r"^(?P<num>[A-Z]\d{2}-\d{2}(?:-\d{2})?)\s+(?P<title>[A-Z][^.;!?]{1,90})$"),
)
_CAPS_HEADING = re.compile(r"^[A-Z][A-Z0-9 ,'&/()\-]{3,70}$")
_LIST_ITEM = re.compile(
    r"^(?:\(?[a-z]\)|\(?[ivx]{1,4}\)|\(?\d{1,2}\)|\d{1,2}\.(?!\d)|[a-z]\.(?![a-z])|[A-Z]\.(?=\s)|[•▪◦\-–*·])\s+"
)
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")

# Sentence ends: ., ! or ? then space and a capital, digit, quote or list marker. Abbreviations that
# end in a period do not end a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[A-Z0-9•])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|v|no|nos|sec|secs|dr|mr|mrs|ms|st|jr|sr|approx|art|ch|para|par|fig|ref|dept|govt|inc|co|corp|ltd|u\.s|u\.s\.c|ilcs|stat|rev|min|max|gen|ord|op|cf|al|et al|seq)\.|\b[A-Z]\.)$",
    re.IGNORECASE,
)
MAX_SENTENCE_CHARS = 1500  # flattened tables can make endless "sentences": cut them


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the document's sentence stream
    text: str
    page: int
    section: str  # nearest heading above, "" when none
    chapter: str  # running title of the page or the top-level heading, "" when none
    lead_in: str  # the sentence that introduces this list item, "" when not a list item
    is_item: bool
    ocr: bool


@dataclass(frozen=True)
class _Line:
    text: str
    page: int
    ocr: bool


def heading_of(line: str) -> tuple[str, int] | None:
    """(label, level) when the line is a section heading, else None."""
    line = line.strip()
    if len(line) > 110 or len(line) < 3:
        return None
    for pattern in _HEADING_PATTERNS:
        m = pattern.match(line)
        if m:
            title = (m.groupdict().get("title") or "").strip()
            num = m.group("num")
            if title and _looks_like_sentence(title):
                return None
            level = num.count(".") + 1 if num[0].isdigit() else 1
            return line, level
    if _CAPS_HEADING.match(line) and 1 <= len(line.split()) <= 9 and not _MODAL_WORDS.search(line):
        return line, 1
    return None


def _looks_like_sentence(title: str) -> bool:
    words = title.split()
    if len(words) > 12:
        return True
    # A heading is Title Case or CAPITALS; a sentence has mostly lowercase words and a verb of obligation.
    lower = sum(1 for w in words if w[:1].islower())
    return lower > max(3, len(words) // 2) or bool(_MODAL_WORDS.search(title) and lower > 1)


def _lines(doc: Document) -> Iterator[tuple[_Line, str]]:
    for page in doc.pages:
        if page.kind is not PageKind.BODY:
            continue
        for raw in page.text.split("\n"):
            text = " ".join(raw.split())
            if text:
                yield _Line(text, page.number, page.ocr), page.running_title


@dataclass
class _Paragraph:
    lines: list[_Line]
    section: str
    chapter: str
    is_item: bool


def _paragraphs(doc: Document) -> Iterator[_Paragraph]:
    section = ""
    top = ""
    current: _Paragraph | None = None
    for line, running_title in _lines(doc):
        heading = heading_of(line.text)
        if heading:
            if current:
                yield current
                current = None
            section = heading[0]
            if heading[1] == 1:
                top = heading[0]
            continue
        chapter = running_title or top
        is_item = bool(_LIST_ITEM.match(line.text))
        starts_new = (
            current is None
            or is_item
            or (_TERMINAL.search(current.lines[-1].text) and line.text[:1].isupper() and len(current.lines[-1].text) < 45)
        )
        if starts_new:
            if current:
                yield current
            current = _Paragraph([line], section, chapter, is_item)
        else:
            current.lines.append(line)
    if current:
        yield current


def _join(lines: list[_Line]) -> tuple[str, list[tuple[int, int, bool]]]:
    """Join lines with spaces; return the text and (offset, page, ocr) marks where each line starts."""
    parts, marks, offset = [], [], 0
    for line in lines:
        marks.append((offset, line.page, line.ocr))
        parts.append(line.text)
        offset += len(line.text) + 1
    return " ".join(parts), marks


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; abbreviations such as "e.g." and initials do not end a sentence."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        candidate = text[start : m.start()]
        if _ABBREVIATIONS.search(candidate):
            continue
        if candidate.strip():
            out.append((start, candidate.strip()))
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append((start, tail))
    final: list[tuple[int, str]] = []
    for offset, sentence in out:
        while len(sentence) > MAX_SENTENCE_CHARS:
            cut = sentence.rfind(";", 0, MAX_SENTENCE_CHARS)
            cut = cut + 1 if cut > MAX_SENTENCE_CHARS // 3 else MAX_SENTENCE_CHARS
            final.append((offset, sentence[:cut].strip()))
            offset += cut
            sentence = sentence[cut:].strip()
        final.append((offset, sentence))
    return final


def _page_at(marks: list[tuple[int, int, bool]], offset: int) -> tuple[int, bool]:
    page, ocr = marks[0][1], marks[0][2]
    for start, p, o in marks:
        if start > offset:
            break
        page, ocr = p, o
    return page, ocr


def sentences(doc: Document) -> list[Sentence]:
    out: list[Sentence] = []
    lead_in = ""
    lead_section = None
    for para in _paragraphs(doc):
        text, marks = _join(para.lines)
        parts = split_sentences(text)
        if not para.is_item and (para.section != lead_section):
            lead_in = ""
        item_lead = lead_in if para.is_item and para.section == lead_section else ""
        for i, (offset, sentence) in enumerate(parts):
            page, ocr = _page_at(marks, offset)
            out.append(
                Sentence(
                    index=len(out),
                    text=sentence,
                    page=page,
                    section=para.section,
                    chapter=para.chapter,
                    lead_in=item_lead if i == 0 else "",
                    is_item=para.is_item and i == 0,
                    ocr=ocr,
                )
            )
        last = parts[-1][1] if parts else ""
        if last.rstrip().endswith((":", "-", "—")) or re.search(r"\b(following|include|includes|shall|will|must|should)\s*:?$", last):
            # This paragraph introduces a list: its items inherit the lead-in (nested items too).
            lead_in = last
            lead_section = para.section
        elif not para.is_item:
            lead_in = ""
            lead_section = None
    return out
