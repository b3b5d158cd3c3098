"""Text that an amendment quotes as no longer in force.

A special order or directive that amends a general order often quotes the text it deletes or
replaces: "The former text read: "Officers should ..."", "Section 4.2 ... read as follows and is
rescinded: "..."". The quotation states a rule that no longer binds anyone, however binding its
words; the text now in force (often quoted too: "Section 4.2 now reads: "...""), decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Protocol, TypeVar


class _Quotable(Protocol):
    """A sentence (match/sentences.py, which imports this module): a frozen dataclass with a text and a
    ``superseded`` field."""

    @property
    def text(self) -> str: ...


S = TypeVar("S", bound=_Quotable)

_GONE = r"(?:former|old|previous|prior|original|earlier|deleted|withdrawn|rescinded|superseded|repealed)"
_LEAD_VERBS = ("read", "stated", "provided", "said")  # past tense (see the first lead)
_LEADS = (
    # "The former text read:", "the deleted text read", "the repealed paragraph stated:", "The former
    # text, which is withdrawn by this order, read:". A past tense only: "..., which replaces the
    # former text, reads:" introduces the new text.
    re.compile(rf"\b{_GONE}\b[^.;:\"\u201c\u201d]{{0,80}}?\b(?:{'|'.join(_LEAD_VERBS)})\b[^\"\u201c:]{{0,40}}:?", re.I),
    # "Section 4.2, dated June 1, 2019, read as follows and is rescinded:"
    re.compile(
        r"\bread as follows\b[^:\"\u201c]{0,40}?\b(?:rescinded|repealed|deleted|withdrawn|superseded)\b[^:\"\u201c]{0,20}:?",
        re.I,
    ),
    # a line that labels what follows: "Former text (superseded; no longer in effect):", "Old text (rescinded):"
    re.compile(
        rf"^\W*{_GONE}\s+(?:text|language|wording|version|provisions?|paragraph|section)\b[^:\"\u201c]{{0,60}}:", re.I
    ),
)
# A sentence that an amending order labels as deleted ("STRUCK: Members should arrange ...", "DELETED:
# ...", "Old text: ..."), beside the one labelled "NEW:" that replaces it.
# The label may follow a part's title run into the sentence ("4.02.09(B) Fire/EMS response STRUCK: ...").
_GONE_LABELS = "struck|stricken|strike|deleted|delete|removed|rescinded|repealed|old text|former text"
_LABELLED_GONE = re.compile(rf"^\W*(?i:{_GONE_LABELS})\s*:|(?:^|\s)(?:{_GONE_LABELS.upper()})\s*:")
_OPENING = ('"', "\u201c")
_CLOSING = re.compile('["\u201d]')
# A quotation whose closing mark was lost (a bad text layer) ends here, not at the end of the manual.
_LONGEST_QUOTATION = 12


def _superseded(s: S) -> S:
    return replace(s, superseded=True)  # type: ignore[type-var]  # S is a dataclass (see _Quotable)


def _lead_end(text: str) -> int | None:
    # Every lead-in holds a colon or one of the verbs of _LEADS: most sentences of a manual hold neither
    # and are not searched (the reader splits every sentence of a 600-page manual on the path of every
    # `check`).
    if ":" not in text and not any(verb in text.lower() for verb in _LEAD_VERBS):
        return None
    for lead in _LEADS:
        found = lead.search(text)
        if found:
            return found.end()
    return None


def mark_superseded(found: Iterator[S]) -> Iterator[S]:
    """The sentences in order, those of a quotation introduced as deleted or replaced text marked
    ``superseded``: from the opening quotation mark after the lead-in to the closing one."""
    inside = 0  # sentences of an open quotation still to mark (0: none open)
    armed = False  # the last sentence was a lead-in ending in a colon: a quotation may start now
    for s in found:
        if inside:
            inside = 0 if _CLOSING.search(s.text) else inside - 1
            yield _superseded(s)
            continue
        if _LABELLED_GONE.search(s.text):
            yield _superseded(s)
            continue
        end = _lead_end(s.text)
        quoted = s.text[end:].lstrip() if end is not None else s.text.lstrip() if armed else ""
        if quoted.startswith(_OPENING):
            inside = _still_open(quoted)
            armed = False
            yield _superseded(s)
            continue
        armed = end is not None and not quoted
        yield s


def _still_open(quoted: str) -> int:
    """How many more sentences a quotation opening here may run to: none when it closes in this one."""
    return 0 if _CLOSING.search(quoted[1:]) else _LONGEST_QUOTATION
