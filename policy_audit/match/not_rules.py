"""Sentences that cannot state a duty whatever their words: a question, the document describing itself,
an act's findings, headings run together, a title in capitals, a contents line, a citation list's entry,
a form's field, a revision's summary of changes, the text an amendment quotes as replaced."""

from __future__ import annotations

import re

from policy_audit.list_markers import CHECKBOX_START, LEADING_MARKER
from policy_audit.match.governing import is_imperative, is_negative_instruction
from policy_audit.match.headings import is_run_in_title
from policy_audit.match.sentences import Sentence

# "5.2 Discipline for failure to intervene ..... 30": a contents line that survived page classification.
# A short leader ("Reporting All Force .. 6", its page number split off as the next sentence) too: no
# sentence ends in two periods.
_CONTENTS_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d*\s*$|(?:\.\s?){4,}\s*\d+\b|[A-Za-z)]\s?\.\s?\.(?:\s+\d{1,4})?\s*$")
# A reference list's entry: a statute or standard's citation and its title ("RCW 43.101.450 Training on
# the duty to intervene.", "720 ILCS 5/7-16 Duty to intervene"). It names a law; it binds nobody here.
_CITATION_ENTRY = re.compile(
    r"^(?:\d+\s+)?(?:[A-Z]{2,6}|[A-Z][a-z]{1,5}\.(?:\s?[A-Z][a-z]{0,5}\.)*|(?:[A-Z]\.){2,4})\s*(?:\u00a7+\s*)?"
    r"\d+(?:[.:/-]\d+)*[A-Za-z]?(?:\(\w{1,3}\))*\s+[A-Z]"
)
_BINDING_WORD = re.compile(r"\b(?:shall|must|will|should|may|requires?|required)\b", re.IGNORECASE)
_SMALL_WORDS = frozenset("of and or the a an to in for on at by with".split())  # lower case in a Title Case run

# "This policy sets out the duty ...", "The purpose of this order is to ...": the document describing
# itself binds nobody, though it names the duty it is about.
_SELF_DESCRIPTION = re.compile(
    # a heading run into its first sentence ("Purpose This order governs ...") describes the same
    r"^(?:(?:purpose|scope|intent|policy)(?:\s+(?:and|&)\s+(?:scope|intent))?\s*[:.\u2013\u2014-]?\s+)?"
    r"(?:the\s+)?(?:(?:purpose|intent|scope|objective|goal)s?\s+of\s+(?:this|the)\s+\w+"
    r"|this\s+(?:[\w-]+\s+){0,2}?(?:policy|order|general order|directive|procedure|chapter|section|manual|sop|rule"
    r"|guideline|bulletin|memorandum)s?\s+"
    r"(?:\w+\s+){0,2}?(?:establish|set|describe|outline|provide|define|explain|address|govern|identif|detail"
    r"|is intended|is designed|serves|covers|applies|summari|introduc|lists|gives|tells"
    # "This chapter states when a trooper may use force and what the trooper owes ..."
    r"|states\s+(?:when|what|how|which|who|whether))"
    # the document as "it", in its purpose part ("It explains when officers are to step in ...")
    r"|it\s+(?:also\s+)?(?:explains|describes|outlines|sets\s+(?:out|forth)|summari[sz]es|establishes|defines)\b"
    # a purpose stated as an infinitive ("To establish the duty to intervene and report ..."), not "To
    # establish a perimeter, officers shall ..."
    r"|to\s+(?:establish|set\s+(?:out|forth)|define|describe|outline|explain|address)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'-]+\s+){0,2}?(?:duty|duties|obligation|obligations|responsibility|responsibilities|polic(?:y|ies)"
    r"|procedures?|guidelines?|requirements?|standards?|rules?)\b)",
    re.IGNORECASE,
)
# An act's findings and declarations, numbered or not: why the law is made, not what it requires.
_FINDINGS = re.compile(
    r"^(?:the\s+)?(?:legislature|general assembly|congress|(?:city\s+)?council|commission|board)\s+(?:hereby\s+)?"
    r"(?:finds|declares|recognizes)\b",
    re.IGNORECASE,
)


def _is_caps_title(text: str) -> bool:
    """ "MODEL POLICY 4-110: USE OF FORCE AND DUTY TO RENDER AID": a title in capitals, too long for a
    heading, that names duties without a verb of its own. (An ALL-CAPS manual's rules have a modal
    verb and end with a full stop.)"""
    words = text.split()
    return (
        text.isupper() and 4 <= len(words) <= 16 and text.rstrip()[-1:] not in ".;!?" and not _CAPS_MODAL.search(text)
    )


_CAPS_MODAL = re.compile(r"\b(?:SHALL|WILL|MUST|SHOULD|MAY|ARE|IS)\b")


def _is_title_run(text: str) -> bool:
    """Headings run together ("Use of Force Generally Use of Deadly Force Medical Attention Required"):
    a contents line or a page's furniture, in Title Case with no end punctuation."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 5 or text.rstrip()[-1:] in ".;:!?" or text.isupper():
        return False
    titled = sum(1 for w in words if w[:1].isupper() or w in _SMALL_WORDS)
    return titled >= len(words) * 0.85


# "Date of your last duty-to-intervene training: ________", "[ ] Yes [ ] No": a form's field to fill in.
_FORM_BLANK = re.compile(r"_{4,}|\[\s?\]")


# A revision's summary of what it changed ("SUMMARY OF CHANGES", "Revision summary") and its entries
# ("Added duty to intervene (III.C)"): they announce what the order now holds; the order's body is the rule.
_CHANGE_LOG = re.compile(
    r"\b(?:summary\s+of\s+(?:changes|revisions)|revision\s+(?:summary|history)|record\s+of\s+(?:changes|revisions)"
    r"|changes\s+(?:in|to)\s+this\s+(?:order|directive|policy|procedure|revision|edition))\b",
    re.IGNORECASE,
)
_CHANGE_ENTRY = re.compile(
    r"^\W*(?:added|revised|removed|deleted|updated|amended|clarified|expanded|replaced|renumbered)\b", re.IGNORECASE
)


def _change_log(s: Sentence, body: str) -> bool:
    found = _CHANGE_LOG.search(body)
    if found:
        return not _BINDING_WORD.search(body, found.end())  # a run-on of the box's lines, not a rule after it
    in_log = bool(_CHANGE_LOG.search(s.section))
    return (in_log or bool(_CHANGE_ENTRY.match(body))) and not _BINDING_WORD.search(body)


def not_a_rule(s: Sentence) -> bool:
    """Sentences that cannot state a duty whatever their words: a question (an FAQ's question is
    answered by the sentence after it), the document describing itself, headings run together, a
    form's field, a revision's summary of changes, the text an amendment quotes as replaced."""
    text = s.text.rstrip()
    body = LEADING_MARKER.sub("", text, count=1)  # without its list marker
    return (
        text.endswith("?")
        or s.superseded
        or _change_log(s, body)
        or _is_form_field(s, body)
        or bool(_SELF_DESCRIPTION.match(text))
        or bool(_FINDINGS.match(body))
        or _is_title_run(text)
        or _is_caps_title(text)
        # an outline part's title set off with a full stop ("C. Warnings."): it names what follows; a
        # numbered step is an instruction ("2.2 Call for EMS right away.")
        or (is_run_in_title(text) and not is_imperative(text))
        or bool(_CONTENTS_LEADER.search(text))
        or (bool(_CITATION_ENTRY.match(body)) and not _BINDING_WORD.search(body))
    )


def _is_form_field(s: Sentence, body: str) -> bool:
    """A blank or a box to fill in. A box that opens an instruction, or an item of a lead-in that
    binds ("shall complete each step:"), is a checklist's step instead ("[ ] 2. Call for an
    ambulance ..."), where "[ ] Firearm pointed at a person" under "check all that apply" is a field."""
    if _FORM_BLANK.search(body):
        return True
    if not CHECKBOX_START.match(s.text):
        return False
    return not (
        is_imperative(body)
        or is_negative_instruction(body)  # "[ ] Do not leave the subject prone"
        or _BINDING_WORD.search(body)
        or _BINDING_WORD.search(s.lead_in)
    )
