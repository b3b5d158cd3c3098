"""Where a rule's false friends disqualify a sentence: in its own words (in a run-on sentence, only near
the rule's words) and in the headings of its section."""

from __future__ import annotations

from policy_audit.match.phrase_matcher import Hits, Kind, Label
from policy_audit.match.topics import heading_topic

# A run-on sentence (a small-town manual's paragraph with no full stops, an OCR'd page) holds several
# rules: a false friend in one of its clauses does not disqualify a duty stated far from it.
RUN_ON_TOKENS = 80  # a long legal sentence (70 tokens) is still one rule; a paragraph without full stops is not
EXCLUSION_REACH = 20  # tokens from the rule's own words within which a false friend disqualifies them


def in_excluded_section(spec, rid: str, headings: tuple[Hits, ...], names_force: bool) -> bool:
    """A heading names a false-friend subject. A broader heading that also names the rule's own subject
    ("Conduct at domestic calls and during use of force") has two: the nearer heading decides. One that
    names another subject beside the false friend ("Medical Aid and Naloxone") does not speak for a
    sentence that names the force itself (``names_force``)."""
    label = Label(Kind.EXCLUDE_SECTION, rid)
    for i, heading in enumerate(headings):
        if not heading.has(label):
            continue
        if i > 0 and any(heading.has(Label(Kind.CONTEXT, rid, name)) for name, _ in spec.context):
            continue
        # A broader heading that lists the use of force among other subjects ("Directive 4.1 - Use of Force,
        # Vehicle Operations, and Force Reporting") is the title of parts on each: the nearer heading decides.
        if i > 0 and _lists_force_among(heading, heading.get(label)):
            continue
        if names_force and _names_another_subject(heading, heading.get(label)):
            continue
        return True
    return False


_SUBJECT_JOINERS = frozenset({"and", "&", ",", "/", ";"})
# The words of a heading's numbering, which name no subject ("Chapter 9, Traffic" has one subject).
_NUMBERING_WORDS = frozenset(
    "chapter section sec policy rule article part order general procedure directive sop manual title appendix"
    " volume no".split()
)


def _subjects(heading: Hits, false_friends: list[tuple[int, int]]) -> tuple[int, list[tuple[int, int]]]:
    """How many subjects a heading joins with "and", "&" or commas, and the token spans of those that hold
    no false friend."""
    doc = heading.doc
    joints = [i for i, token in enumerate(doc) if token.lower_ in _SUBJECT_JOINERS]
    bounds = [-1, *joints, len(doc)]
    parts = [(a + 1, b) for a, b in zip(bounds, bounds[1:]) if b - a > 1]
    clear = [(start, end) for start, end in parts if not any(s < end and start < e for s, e in false_friends)]
    return len(parts), clear


def _names_another_subject(heading: Hits, false_friends: list[tuple[int, int]]) -> bool:
    """A heading of subjects, one of which holds no false friend."""
    count, clear = _subjects(heading, false_friends)
    return count > 1 and any(
        any(t.text.isalpha() and t.lower_ not in _NUMBERING_WORDS for t in heading.doc[start:end])
        for start, end in clear
    )


def _lists_force_among(heading: Hits, false_friends: list[tuple[int, int]]) -> bool:
    """A heading of subjects, one of which is the use of force and holds no false friend."""
    count, clear = _subjects(heading, false_friends)
    return count > 1 and any(heading_topic(heading.doc[start:end].text) == "use_of_force" for start, end in clear)


def excluded(hits: Hits, lead: Hits | None, anchors: list[tuple[int, int]], label: Label) -> bool:
    if lead is not None and lead.has(label):
        return True
    found = hits.get(label)
    if not found or len(hits.doc) <= RUN_ON_TOKENS:
        return bool(found)
    return any(
        s - EXCLUSION_REACH <= a_end and a_start - EXCLUSION_REACH <= e for s, e in found for a_start, a_end in anchors
    )
