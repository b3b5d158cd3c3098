"""Which lines are headings: the numbered styles of real manuals, lines in capitals, and Title Case
section titles (where such a line stands, between paragraphs, is decided by match/sentences.py).
"""

from __future__ import annotations

import re

from policy_audit.match import modality

# Headings. Numbered styles seen in real manuals: Lexipol "300.2.1 DUTY TO INTERCEDE", general orders
# "V. DUTY TO INTERVENE", "Section 4.3 ...", "G03-02-01 ..."; plus short all-capitals lines.
MODAL_WORDS = re.compile(r"\b(shall|must|will|should|may|are|is|be)\b", re.IGNORECASE)
ORDER_HEADING = re.compile(
    r"^(?P<num>(?:G\.\s?O\.|GO|(?:General|GENERAL|Special|SPECIAL)\s+(?:Order|ORDER)|Order|ORDER|Directive|DIRECTIVE"
    r"|Procedure|PROCEDURE|SOP|(?:Training\s+)?Bulletin|(?:TRAINING\s+)?BULLETIN)"
    r"\s+(?:No\.\s*|NO\.\s*|#\s*)?\d{1,4}(?:[.\-]\d{1,3}){0,3})[.:]?\s+(?:[-–—]\s*)?"
    # a title may cite another order by its abbreviation ("(supersedes G.O. 304, Section V.C)")
    r"(?P<title>[A-Z](?:[^.;!?]|(?<=[A-Z])\.){1,90})$"
)
# The sections of an order ("SECTION 4 PROCEDURES" under "G.O. 5.07 USE OF FORCE") are parts of it, not
# policies of their own: the order stays the policy its sentences belong to.
# So are its outline parts ("I. POLICY", "II. PROCEDURE", "C. REPORTING").
ORDER_PART = re.compile(r"^(?:Section|SECTION|Sec\.|SEC\.|Article|ARTICLE|Part|PART|[IVXL]{1,6}\.|[A-Z]\.)\s")
# A statute's subdivision is always a part of its section.
SUBDIVISION = re.compile(r"^(?:Subd\.|SUBD\.|Subdivision|SUBDIVISION)\s")
# A training order's parts ("Module 1 - The Response to Resistance Wheel", "Lesson 3: Duty to Intervene"):
# sections of the order, whose policy stays the order's (a title is required: "Module 1 officers ..." would
# be a sentence). An appendix's title is left to the text: "Appendix B - Force Options Chart" names the
# chart whose rows follow it.
PART_HEADING = re.compile(
    r"^(?P<num>(?:Module|MODULE|Lesson|LESSON|Unit|UNIT|Block|BLOCK)\s+(?:[\dIVXL]+(?:\.\d+)*|[A-Z]))[.:]?\s*"
    r"(?:[-–—:]\s*)?(?P<title>[A-Z][^.;:!?]{1,90})$"
)
_HEADING_PATTERNS = (
    # "300.2.1 Duty to Intercede", and a short manual's "5.3 Medical Aid After Force" ("1.5 - Title",
    # "4.1: Title" with a separator)
    re.compile(r"^(?P<num>\d{1,4}(?:\.\d{1,3}){1,4})\.?(?:\s*[:\-\u2013\u2014])?\s+(?P<title>[A-Z][^.;:!?]{1,90})$"),
    re.compile(r"^(?P<num>(?:[IVXL]{1,6}|[A-Z])\.)\s+(?P<title>[A-Z][A-Za-z0-9 ,'&/()\-]{2,80})$"),
    re.compile(
        r"^(?P<num>(?:Section|SECTION|Sec\.|SEC\.|Subd\.|SUBD\.|Subdivision|SUBDIVISION|Article|ARTICLE|Chapter|CHAPTER"
        r"|Policy|POLICY|Rule|RULE|Part|PART)"
        # a colon may part the title ("CHAPTER 9 - DETENTION: INTAKE SCREENING AND INMATE HEALTH")
        r"\s+[\dIVXL]+(?:[.\-]\d+)*)[.:]?\s*(?:[-–—]\s*)?(?P<title>[A-Za-z][^.;!?]{0,90})?\.?$"
    ),
    PART_HEADING,
    re.compile(r"^(?P<num>[A-Z]\d{2}-\d{2}(?:-\d{2})?)\s+(?P<title>[A-Z][^.;!?]{1,90})$"),
    # "S-9.2 Excessive Force by Others": a lettered directive's numbered section (also "G7.1.9 Title")
    re.compile(r"^(?P<num>[A-Z]{1,3}-\d{1,3}(?:\.\d{1,3}){0,3})\s+(?P<title>[A-Z][^.;:!?]{1,90})$"),
    re.compile(r"^(?P<num>[A-Z]{1,3}\d{1,3}(?:\.\d{1,3}){1,3})\s+(?P<title>[A-Z][^.;:!?]{1,90})$"),
    # "5-1.1 De-escalation": a chapter-order number with a hyphen; "2-52-7 WARNINGS": an order's section
    re.compile(r"^(?P<num>\d{1,3}-\d{1,3}(?:[.-]\d{1,3}){1,3})\s+(?P<title>[A-Z][^.;:!?]{1,90})$"),
    # "4/260 HOLDING FACILITY OPERATIONS", "1/500 USE OF FORCE: STATEMENT OF POLICY": a manual in volumes
    # numbers its policies volume/number (a big city's department manual)
    re.compile(r"^(?P<num>\d{1,2}/\d{1,4}(?:\.\d{1,3}){0,3})\s+(?P<title>[A-Z][^.;!?]{1,90})$"),
    # "308 CONDUCTED ENERGY DEVICE": a policy's number and its title in capitals
    # (a semicolon joins two subjects: "320 REPORTING MISCONDUCT; RETALIATION"; a colon parts one:
    # "6. AFTER RESTRAINT: CARE AND OBSERVATION")
    re.compile(r"^(?P<num>\d{1,4})\.?\s+(?P<title>[A-Z][A-Z0-9 ,;:'&/()\-]{2,80})$"),
    # "G.O. 5.07 Use of Force", "General Order 410 - Response to Resistance", "Directive 7.1 ...": an order
    ORDER_HEADING,
)
_HEADING_STARTS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # every pattern below starts so
_CAPS_HEADING = re.compile(r"^[A-Z][A-Z0-9 ,'&/()\-.:]{3,70}$")


# An accreditation standard's number after a heading ("300.3 DE-ESCALATION [CALEA 4.1.1]", "Medical
# Aid (7.1.9)"): a tag on the heading, not part of its title.
# Also a range or a list of them ("[CALEA 4.1.1 - 4.1.7]", "[CALEA 4.1.1; RCW 10.93.190]").
_STANDARD_NUMBER = r"(?:[A-Z]{2,10}\s*)?\d{1,3}(?:\.\d{1,3}){1,3}[A-Za-z]?"
_STANDARD_TAG = re.compile(
    r"\s*[\[(]" + _STANDARD_NUMBER + r"(?:\s*(?:[-\u2013,;]|and|to|through)\s*" + _STANDARD_NUMBER + r")*[\])]$"
)


# The manual's revision stamp set on a chapter's title line ("Chapter 5 - Jail Operations   Rev. 06/2024",
# "SECTION 12 USE OF FORCE Revised March 2023"): a tag on the heading, not part of its title.
_REVISION_TAG = re.compile(
    r"\s+(?:Rev\.|Revised|Revision|Eff\.|Effective|Updated|Amended)(?:\s+Date)?:?\s*"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[/.-]\d{4}|[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?\d{4}|\d{4})$",
    re.IGNORECASE,
)


def heading_of(line: str) -> tuple[str, int] | None:
    """(label, level) when the line is a section heading, else None."""
    # A layout-keeping extraction sets a header block's parts apart with runs of spaces ("RIO SECO POLICE
    # DEPARTMENT            GENERAL ORDER 3-05"); a text layer without layout has one space there.
    line = " ".join(line.split())
    if line.endswith(("]", ")")):
        line = _STANDARD_TAG.sub("", line)
    elif line[-1:].isdigit():
        line = _REVISION_TAG.sub("", line)
    if len(line) > 110 or len(line) < 3 or line[0] not in _HEADING_STARTS:
        return None
    for pattern in _HEADING_PATTERNS:
        m = pattern.match(line)
        if m:
            title = (m.groupdict().get("title") or "").strip()
            num = m.group("num")
            if title and _looks_like_sentence(title):
                return None
            if ":" in title and MODAL_WORDS.search(title):
                return None  # "4. NOTE: OFFICERS SHALL STAY WITH THE PERSON" is a sentence in capitals
            level = (
                # "2-52-7": the order 2-52, its section 7
                num.count(".") + (num.count("-") or 1)
                if num[0].isdigit()
                else 2
                if SUBDIVISION.match(num) or pattern is PART_HEADING
                else 1
            )
            return line, level
    if _CAPS_HEADING.match(line) and 1 <= len(line.split()) <= 9 and not MODAL_WORDS.search(line):
        return line, 1
    return None


# A verb as a sentence writes it: a Title Case heading capitalises it ("B. Prisoners Who Are Sick, Injured
# or in Need of Medicine").
_SENTENCE_VERB = re.compile(r"\b(?:shall|must|will|should|may|are|is|be)\b")


def is_run_in_title(text: str) -> bool:
    """A title set off with a full stop and split off as a sentence ("Rule 7-14.5 Notice.", "D. Resistance
    and Response Levels."): it names what the sentences after it say."""
    return text.endswith(".") and heading_of(text[:-1]) is not None


def _looks_like_sentence(title: str) -> bool:
    words = title.split()
    if len(words) > 12:
        return True
    # A heading is Title Case or CAPITALS; a sentence has mostly lowercase words and a verb of obligation.
    lower = sum(1 for w in words if w[:1].islower())
    return lower > max(3, len(words) // 2) or bool(_SENTENCE_VERB.search(title) and lower > 1)


# Title Case headings ("Prisoner Transport", "Medical Aid after Use of Force (7.1.9)"): many vendors
# and city orders set section titles so. Every word capitalised except the small ones, no verb of
# obligation, no closing punctuation. Such a line is a heading only where a heading can stand: after
# a finished paragraph (or none) and before a line that starts a new sentence (_paragraphs decides).
_SMALL_WORDS = frozenset(
    "a an the and or nor of to in on for after with by at from upon under per into during before without "
    "within against about as vs via".split()
)
# Words a sentence starts with but a heading does not.
_DETERMINERS = frozenset(
    "the a an this these that those any all each every no our its their his her if when where while unless "
    "because although once whether".split()
)
_MIDDLE_INITIAL = re.compile(r"^[A-Z]\.$")  # "Roger L. Adkins": a signature, not a heading
_TITLE_WORD = re.compile(r"^(?:[A-Z][A-Za-z'\-]*|\(?[\dIVXLivxl]+(?:\.\d+)*\)?|[A-Z]\.)[,]?$")
FINISHED = (".", ";", ":", "!", "?")
# Page furniture in Title Case ("Page 3 of 12", "Springfield Police Department", "Policy Manual") that
# the cleanup did not strip must not become the section of the sentences after it.
_FURNITURE_WORDS = re.compile(
    r"\b(?:page|manual|copyright|department|office|county|city|village|township|effective|revised|approved"
    r"|issued|rescinds|distribution|amends|supersedes|date|dates|revision|revisions|signature|signed"
    # signature blocks and a directive's own label
    r"|chief|sheriff|commissioner|superintendent|director|general order|special order)\b",
    re.IGNORECASE,
)


def title_case_heading(line: str) -> bool:
    """A short line in Title Case that could be a heading (where it stands is checked by the caller)."""
    words = line.split()
    # Short: a wrapped line of justified text is long, and a sentence's subject starts with an article
    # ("The Criminal Investigations Division and Professional Standards / Unit will be notified").
    if not 1 <= len(words) <= 7 or len(line) > 50 or line.endswith(FINISHED + (",",)):
        return False
    if len(line) < 4 or words[0].lower() in _DETERMINERS or any(map(_MIDDLE_INITIAL.match, words[1:])):
        return False
    if not words[0][:1].isupper() or MODAL_WORDS.search(line) or _FURNITURE_WORDS.search(line):
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _SMALL_WORDS:
            continue
        if not _TITLE_WORD.match(word):
            return False
        capitalised += word[:1].isalpha()
    return capitalised >= 1 and words[-1].lower() not in _SMALL_WORDS


# A plain-language SOP numbers its sections with titles in sentence case ("2. Neck holds", "6. Failure to
# intervene", "4. Cars"). The same line is a list item elsewhere ("1. Neck holds" under "Never use:"),
# and a numbered step is an instruction ("3. Call EMS"): the line is only a candidate, and
# match/sentences.py decides by where it stands.
_PARTICLES = frozenset({"in", "out", "up", "down", "off", "back", "over"})
# "2. Neck holds", and a vendor's section number before a title in sentence case ("4.20.2 Force used by
# another officer")
_NUMBERED_TITLE = re.compile(
    r"^(?:\d{1,2}\.|\d{1,4}(?:\.\d{1,3}){1,4}\.?)\s+(?P<title>[A-Z][A-Za-z'\-]*(?:\s+[A-Za-z'\-]+){0,4})$"
)


def numbered_title(line: str) -> bool:
    m = _NUMBERED_TITLE.match(line)
    if not m or MODAL_WORDS.search(m["title"]):
        return False
    words = m["title"].lower().split()
    # A title does not end in a small word ("2. Report to"), but a verb's particle may end it ("3. Stepping in").
    ends_open = words[-1] in _SMALL_WORDS and not (len(words) > 1 and words[-1] in _PARTICLES)
    if words[0] in _DETERMINERS or ends_open or words[0] in modality.IMPERATIVE_VERBS:
        return False
    followers = modality.IMPERATIVE_NOUN_VERBS.get(words[0])
    return followers is None or (len(words) > 1 and words[1] in followers)


# A header cell too short for a Title Case heading ("Step / Who / Action", "Order / By / Task").
_SHORT_CELL = re.compile(r"^[A-Z][a-z]{1,3}$")


def table_header_cell(line: str) -> bool:
    """A line that could be a cell of a table's header row flattened one cell per line."""
    return title_case_heading(line) or bool(_SHORT_CELL.match(line))


# A policy's title line above its first numbered part, with its number and maybe its date ("Policy 302 -
# Medical Attention After Force  Effective 07/01/2023" above "302.1 PURPOSE").
_POLICY_TITLE_LINE = re.compile(
    r"^(?:Policy|Procedure|General Order|Order|Directive|Chapter|SOP)\s+(?:No\.\s*)?(?P<number>\d{1,4})\s*[-\u2013\u2014:]\s*"
    r"(?P<title>[A-Z].*?)(?:\s+(?:Effective|Eff\.|Revised|Rev\.|Issued|Dated?)\b.*)?$"
)


def policy_title_above(first_part: str, above: str) -> str:
    """The title of the policy whose first part this is, when the line above names it by its number:
    a new policy starts there, and what the document held before (an FAQ, another policy) ends."""
    named = _POLICY_TITLE_LINE.match(above)
    if named is None or first_part.split(".")[0] != named.group("number"):
        return ""
    return above[: named.end("title")]
