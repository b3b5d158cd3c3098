"""From pages to sentences that know their page, their section and the sentence that introduces them.

The body text of every evidence page (tables of contents and indexes are left out) is read as one
stream, so a sentence that runs over a page break is whole, and is cited on the page where it starts.
Headings end a paragraph and name the section of what follows. A list item ("(a) ...", "1. ...")
keeps the sentence that introduced it ("Officers shall:") as its lead-in, because that is where its
obligation is stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from policy_audit.document import Document, PageKind
from policy_audit.list_markers import ITEM_START, marker_kind
from policy_audit.match.headings import (
    FINISHED,
    MODAL_WORDS,
    ORDER_HEADING,
    ORDER_PART,
    SUBDIVISION,
    heading_of,
    numbered_title,
    policy_title_above,
    table_header_cell,
    title_case_heading,
)
from policy_audit.match.page_breaks import RULE_LINE, closes_its_page, running_header
from policy_audit.match.sentence_ends import BARE_YES, INLINE_ITEM, inline_items, split_sentences
from policy_audit.match.superseded import mark_superseded
from policy_audit.match.topics import heading_topic, policy_topic

# A statute's heading run into its first sentence ("Subd. 2. Duty. Regardless of rank, ..."): split there.
_INLINE_HEADING = re.compile(
    r"^(?P<head>(?:Subd\.|Subdivision|Sec\.|Section)\s+\d{1,3}[a-z]?\.\s+[A-Z][A-Za-z'’-]*(?:\s+[A-Za-z'’-]+){0,5}\.)"
    r"\s+(?P<body>[A-Z(\[\"“].*)$"
)
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the document's sentence stream
    text: str
    page: int | None  # None for formats without real pages
    section: str  # nearest heading above, "" when none
    chapter: str  # running title of the page (the chapter of a Lexipol manual), "" when none
    top: str  # the last top-level heading above, "" when none
    lead_in: str  # the sentence that introduces this list item, "" when not a list item
    is_item: bool
    ocr: bool
    title: str = ""  # the document's opening lines: a general order's subject ("Use of Force")
    superseded: bool = False  # in the quoted text an amendment deletes or replaces (match/superseded.py)

    # Topics are worked out when first asked for: only the few hundred sentences a rule screens in need
    # them, and each distinct heading is classified once (match/topics.py caches).
    @property
    def section_topic(self) -> str:
        """What the nearest heading is about, "" when it names nothing."""
        return heading_topic(self.section)

    @property
    def policy_topic(self) -> str:
        """What the policy around it is about: running title, top heading, then the title."""
        return policy_topic(self.chapter, self.top, self.title)

    @property
    def passage(self) -> str:
        """The part of the document a rule reads a sentence's context from: its section; for a statute's
        subdivision, the statute's section ("force described in subdivision 2" refers back)."""
        return self.top if SUBDIVISION.match(self.section) else self.section

    @property
    def topic(self) -> str:
        """The most specific topic known: the section's, else the policy's, else "general". A medical
        section of a custody or transport policy ("704.2 Medical Emergencies" in a jail chapter) is
        about its prisoners, not the public's medical care."""
        if self.section_topic == "medical_public" and self.policy_topic in _CARE_OF_PRISONERS:
            return self.policy_topic
        return self.section_topic or self.policy_topic or "general"


_CARE_OF_PRISONERS = frozenset({"custody", "transport"})


@dataclass(frozen=True)
class _Line:
    text: str
    page: int
    ocr: bool


_BLANK = _Line("", 0, False)
_CONJUNCTION_LINE = re.compile(r"^(?:and|or|and/or)$", re.IGNORECASE)
# A footnote opens with its superscript number ("\u00b9 A deputy who fails ..."): a paragraph of its own.
_FOOTNOTE = re.compile(r"^[\u00b9\u00b2\u00b3\u2070\u2074-\u2079\u2020\u2021]+\s")


def _lines(doc: Document) -> Iterator[tuple[_Line, str]]:
    """Body lines in reading order; a blank line (a paragraph break in text sources) is _BLANK."""
    for page in doc.pages:
        if page.kind is not PageKind.BODY:
            continue
        for raw in page.text.split("\n"):
            text = " ".join(raw.split())
            inline = _INLINE_HEADING.match(text)
            if inline and heading_of(inline.group("head")):
                yield _Line(inline.group("head"), page.number, page.ocr), page.running_title
                text = inline.group("body")
            yield (_Line(text, page.number, page.ocr) if text else _BLANK), page.running_title


@dataclass
class _Paragraph:
    lines: list[_Line]
    section: str
    chapter: str
    top: str
    is_item: bool


def _next_text(lines: list[tuple[_Line, str]], start: int) -> str:
    # Indexes, not slices: a slice copies the rest of a manual's lines for every candidate heading.
    for i in range(start, len(lines)):
        if lines[i][0] is not _BLANK:
            return lines[i][0].text
    return ""


def _previous_text(lines: list[tuple[_Line, str]], end: int) -> str:
    for i in range(end - 1, -1, -1):
        if lines[i][0] is not _BLANK:
            return lines[i][0].text
    return ""


# An order's subject line, under the order's heading ("SUBJECT: Injured or Ill Persons", "RE: ...").
_SUBJECT_LINE = re.compile(r"^(?:SUBJECT|Subject|RE|Re|TITLE|Title)\s*:\s*(\S.{2,100})$")
# A heading that names an order by its number ("... TRANSIT POLICE DEPARTMENT GENERAL ORDER 410"), where it
# stands on the line: a subject line under it is its title.
_NAMES_AN_ORDER = re.compile(
    r"\b(?:ORDER|Order|DIRECTIVE|Directive|G\.\s?O\.|SOP|BULLETIN|Bulletin)\s+(?:No\.\s*|#\s*)?\d"
)
# The first numbered part of a policy ("502.1 PURPOSE AND SCOPE", "4.01 Policy").
_FIRST_PART = re.compile(r"^\d{1,4}\.0?1\s+[A-Z]")
# An order's subject line in the capitals of an order's header block, as a heading of its own.
_ORDER_SUBJECT = re.compile(r"^(?:SUBJECT|RE)\s*:\s*\S")


def _paragraphs(doc: Document) -> Iterator[_Paragraph]:
    section = ""
    top = ""
    current: _Paragraph | None = None
    after_blank = False
    lines = list(_lines(doc))
    for position, (line, running_title) in enumerate(lines):
        if line is _BLANK:
            after_blank = True
            continue
        rule = RULE_LINE.match(line.text)
        if rule and closes_its_page(lines, position):
            continue
        if _CONJUNCTION_LINE.match(line.text) or rule:
            # A lone "and"/"or" between list items ends the item before it; a rule, its footnotes.
            if current:
                yield current
                current = None
            continue
        if current and line.page != current.lines[-1].page and running_header(lines, position, current.lines[-1].text):
            continue
        if after_blank and current:
            # Raw text extractions put blank lines inside sentences too: a blank line only ends a
            # paragraph that looks finished, or one followed by a capitalised line.
            previous = current.lines[-1].text
            if previous.endswith((".", ";", ":", "!", "?")) or line.text[:1].isupper():
                yield current
                current = None
        after_blank = False
        heading = heading_of(line.text)
        if heading and _wrapped_on(line.text, lines, position):
            heading = None
        if heading is None and current is None and _titles_a_bare_number(line.text, section, lines, position):
            # "Policy 1020" above "Early Intervention System": the policy's title, on a line of its own
            titled = f"{section} {line.text}"
            top = titled if top == section else top
            section = titled
            continue
        subject = _SUBJECT_LINE.match(line.text)
        if subject and section == top and _NAMES_AN_ORDER.search(top):
            # "GENERAL ORDER 410" then "SUBJECT: INJURED OR ILL PERSONS": the order's title names what
            # it is about, as the document's first subject line does for the whole document.
            if current:
                yield current
                current = None
            top = section = f"{top} / {subject.group(1).strip()}"
            continue
        if subject and heading is None and _ORDER_SUBJECT.match(line.text):
            # "SUBJECT: Post-Incident Medical Care" whose order line above was stripped as a running header
            # (a bundle of orders repeats it on every page): the subject line heads the order itself.
            heading = (line.text, 1)
        if heading is None and _title_case_heading_here(line.text, section, current, lines, position):
            # A section, which leaves `top` alone; unless the policy's numbered parts start under it
            # ("Traffic Collision Response" above "502.1 PURPOSE AND SCOPE"): a vendor manual's policy title.
            heading = (line.text, 1 if _FIRST_PART.match(_next_text(lines, position + 1)) else 2)
        if heading:
            if current:
                yield current
                current = None
            section = heading[0]
            # An order's outline parts ("III. PROCEDURES", "B. First Aid") stay parts of it, whether its
            # heading starts with the order ("GENERAL ORDER 3-05 ...") or the agency ("RIO SECO POLICE
            # DEPARTMENT GENERAL ORDER 3-05").
            is_order = bool(ORDER_HEADING.match(top) or _NAMES_AN_ORDER.search(top) or _ORDER_SUBJECT.match(top))
            if heading[1] == 1 and not (ORDER_PART.match(heading[0]) and is_order):
                top = heading[0]
            elif _FIRST_PART.match(heading[0]):
                top = policy_title_above(heading[0], _previous_text(lines, position)) or top
            continue
        chapter = running_title
        is_item = bool(ITEM_START.match(line.text))
        previous = current.lines[-1].text if current else ""
        starts_new = (
            current is None
            or is_item
            or bool(_FOOTNOTE.match(line.text))
            or (_TERMINAL.search(previous) and line.text[:1].isupper() and len(previous) < 45)
            # An item ending in ";" is complete: a capitalised line after it starts something new.
            or (previous.endswith(";") and line.text[:1].isupper())
        )
        if starts_new or current is None:
            if current:
                yield current
            current = _Paragraph([line], section, chapter, top, is_item)
        else:
            current.lines.append(line)
    if current:
        yield current


# Sections whose Title Case lines are their content: a glossary's terms, an FAQ's topics, a form's fields.
_LISTING_TOPICS = frozenset({"definitions", "faq", "forms"})


def _title_case_heading_here(
    text: str, section: str, current: _Paragraph | None, lines: list[tuple[_Line, str]], position: int
) -> bool:
    if numbered_title(text):
        return _numbered_title_here(lines, position)
    if not title_case_heading(text) or heading_topic(section) in _LISTING_TOPICS:
        return False
    if current is not None and not current.lines[-1].text.endswith(FINISHED):
        return False  # the middle of a wrapped sentence
    following = _next_text(lines, position + 1)
    if not following or not (following[:1].isupper() or following[:1].isdigit() or ITEM_START.match(following)):
        return False
    # Title Case lines side by side are a table's header cells ("Types of Resistance / Methods of
    # Control"), whose words are the table's content, not sections; the same line twice is a title under
    # a running header that repeats it ("Holding Cells" above "Holding Cells").
    return not _beside_a_cell(text, lines, position)


def _beside_a_cell(text: str, lines: list[tuple[_Line, str]], position: int) -> bool:
    following, previous = _next_text(lines, position + 1), _previous_text(lines, position)
    return (table_header_cell(following) and following != text) or (table_header_cell(previous) and previous != text)


_BARE_NUMBER_HEADING = re.compile(
    r"^(?:Policy|POLICY|Chapter|CHAPTER|Directive|DIRECTIVE|Order|ORDER)\s+[\dIVXL][\dIVXL.\-]*$"
)


def _titles_a_bare_number(text: str, section: str, lines: list[tuple[_Line, str]], position: int) -> bool:
    previous = _previous_text(lines, position)
    return previous == section and bool(_BARE_NUMBER_HEADING.match(previous)) and title_case_heading(text)


def _wrapped_on(text: str, lines: list[tuple[_Line, str]], position: int) -> bool:
    """ "4.20.3 Officers who witness force" above "shall report it": a numbered sentence wrapped onto
    the next line, which a heading in capitals never is."""
    if text.upper() == text:
        return False
    following = _next_text(lines, position + 1)
    return following[:1].islower() and not ITEM_START.match(following)


def _numbered_title_here(lines: list[tuple[_Line, str]], position: int) -> bool:
    """ "2. Neck holds" is a section's title where it follows a finished sentence, a heading or a blank
    line (not a lead-in's ":" or an item's ";") and a sentence follows it that is neither another item
    nor another title."""
    before, following = _previous_text(lines, position), _next_text(lines, position + 1)
    if before.endswith((":", ";", ",")):
        return False
    after_blank = position > 0 and lines[position - 1][0] is _BLANK
    if before and not (after_blank or _TERMINAL.search(before) or heading_of(before)):
        return False
    return following[:1].isupper() and not ITEM_START.match(following) and not title_case_heading(following)


def _join(lines: list[_Line]) -> tuple[str, list[tuple[int, int, bool]]]:
    """Join lines with spaces; return the text and (offset, page, ocr) marks where each line starts."""
    parts, marks, offset = [], [], 0
    for line in lines:
        marks.append((offset, line.page, line.ocr))
        parts.append(line.text)
        offset += len(line.text) + 1
    return " ".join(parts), marks


def _page_at(marks: list[tuple[int, int, bool]], offset: int) -> tuple[int, bool]:
    page, ocr = marks[0][1], marks[0][2]
    for start, p, o in marks:
        if start > offset:
            break
        page, ocr = p, o
    return page, ocr


TITLE_LINES = 4


def _is_body_line(line: str) -> bool:
    return (
        len(line.split()) > 14
        or bool(MODAL_WORDS.search(line) and line[:1].isupper() and not line.isupper())
        or line.endswith(".")
    )


def document_title(doc: Document) -> str:
    """The first lines of the first body page: where a general order names its subject."""
    for page in doc.pages:
        if page.kind is PageKind.BODY and page.text.strip():
            lines = [" ".join(line.split()) for line in page.text.split("\n") if line.strip()]
            title = []
            for line in lines[:TITLE_LINES]:
                if _is_body_line(line):
                    break  # a document that opens with its text has no more title than the lines before it
                title.append(line)
            return " / ".join(title)[:400]
    return ""


def sentences(doc: Document) -> list[Sentence]:
    return list(iter_sentences(doc))


def iter_sentences(doc: Document) -> Iterator[Sentence]:
    """The document's sentences in order, each as soon as it is known: `check` sends them from the
    reader process in batches, and the grading process screens each batch while the rest is split."""
    return mark_superseded(_affirmed_questions(_split_document(doc)))


def _split_document(doc: Document) -> Iterator[Sentence]:
    title = document_title(doc)
    count = 0
    lead_in = ""
    lead_section = None
    lead_kind = None  # the marker style of the item that introduces the list, when it is an item itself
    page: int | None
    for para in _paragraphs(doc):
        text, marks = _join(para.lines)
        parts = split_sentences(text)
        kind = marker_kind(para.lines[0].text) if para.is_item else None
        if not para.is_item and (para.section != lead_section):
            lead_in = ""
        elif kind is not None and kind == lead_kind:
            lead_in = ""  # "(b)" after "(a) ... when:" and its "(1)", "(2)": the next item, not one of them
        item_lead = lead_in if para.is_item and para.section == lead_section else ""
        # the head of a list whose items lost their line breaks ("... shall: 1. ...; 2. ..."); an item
        # paragraph's own run-together items ("2. ...; 3. ...") share its lead-in
        inline_lead = item_lead
        first = True
        for offset, sentence in parts:
            for rel, piece in inline_items(sentence):
                page, ocr = _page_at(marks, offset + rel)
                if not doc.paginated:
                    page = None  # "page 1" of a web page or a Word file would mislead
                inline = bool(inline_lead) and bool(INLINE_ITEM.match(piece))
                yield Sentence(
                    index=count,
                    text=piece,
                    page=page,
                    section=para.section,
                    chapter=para.chapter,
                    top=para.top,
                    lead_in=item_lead if first else inline_lead if inline else "",
                    is_item=(para.is_item and first) or inline,
                    ocr=ocr,
                    title=title,
                )
                count += 1
                first = False
                if piece.endswith(":"):
                    inline_lead = piece
        last = parts[-1][1] if parts else ""
        if last.rstrip().endswith((":", "-", "—")) or re.search(
            r"\b(following|include|includes|shall|will|must|should)\s*:?$", last
        ):
            # This paragraph introduces a list: its items inherit the lead-in (nested items too).
            lead_in = last
            lead_section = para.section
            lead_kind = kind
        elif inline_lead:
            # a list run onto this paragraph's lines goes on in the next paragraphs ("2. ...", "3. ...")
            lead_in, lead_section, lead_kind = inline_lead, para.section, marker_kind(inline_lead)
        elif not para.is_item:
            lead_in = ""
            lead_section = None


# An FAQ's "Does your policy require officers to intervene ... and report ...? Yes." states the policy
# in the question: the bare "Yes" answers every part of it. The two become one sentence, which is no
# longer a question (questions are never evidence: match/judge.py).
_YES_NO_QUESTION = re.compile(r"^(?:does|do|is|are|will|must|has|have|can|shall)\b", re.IGNORECASE)


def _affirmed_questions(found: Iterator[Sentence]) -> Iterator[Sentence]:
    count = 0
    pending: Sentence | None = None  # a yes/no question, held back until the next sentence is known
    for s in found:
        if pending is not None:
            if BARE_YES.match(s.text) and s.section == pending.section:
                yield replace(pending, text=f"{pending.text} {s.text}", index=count)
                count, pending = count + 1, None
                continue
            yield pending if pending.index == count else replace(pending, index=count)
            count, pending = count + 1, None
        if s.text.endswith("?") and _YES_NO_QUESTION.match(s.text):
            pending = s
            continue
        yield s if s.index == count else replace(s, index=count)
        count += 1
    if pending is not None:
        yield pending if pending.index == count else replace(pending, index=count)
