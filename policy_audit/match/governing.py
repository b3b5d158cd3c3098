"""Which modal binds an action word, and whether a sentence is an instruction.

The grade of a clause comes from the modal that governs its action word: the nearest one before it
("officers shall, when in a position to do so, intercede"), or a passive one right after it
("medical assistance shall be obtained"), or the lead-in of its list ("Officers shall: (c) render
aid"). A sentence that starts with a bare verb ("Render first aid ...") is an instruction.
"""

from __future__ import annotations

import re

from policy_audit.list_markers import LEADING_MARKER, MARKER_ONLY
from policy_audit.match import modality
from policy_audit.match.modality import Modal
from policy_audit.match.phrase_matcher import Hits

_CONDITION = re.compile(r"^(\w+)\b[^,;:.]{0,80},\s*")
_NEGATIVE_INSTRUCTION = re.compile(r"^(?:do not|don't|don’t|never)\s+\w", re.IGNORECASE)


# A modal whose own verb records ("officers shall document any aid given") binds the writing, not the
# action named after it; one whose verb says what a written thing holds ("the report shall include
# whether the intervention succeeded") too, but only when its subject is a written thing: "medical
# aid may include increased observation" says what the aid is.
_RECORDING_VERBS = frozenset(
    """document documents documented describe describes described record records recorded note notes noted
    log logged memorialize articulate explain report reports reported""".split()
)
_HOLDING_VERBS = frozenset(
    """include includes contain contains list lists indicate indicates specify specifies detail reflect state identify
    summarize summarise say says show shows""".split()
)
_WRITTEN_THINGS = frozenset(
    """report reports form forms statement statements memo memorandum narrative account documentation record
    records log entry summary notification notes supplement file""".split()
)
# A modal whose verb writes something binds what is written ("shall submit a written report"), not
# what the writing is about further on ("shall submit a written account of the intervention").
_WRITING_VERBS = frozenset("submit submits file files complete completes prepare prepares write writes".split())
# ... unless what is completed is a list of things to do ("shall complete each step below: [ ] 2. Call
# for an ambulance"): a checklist's steps are duties, not writing.
_STEPS = frozenset("step steps action actions task tasks measure measures procedure procedures".split())
# A modal whose verb trains ("recruits shall be trained to intervene", "shall attend peer intervention
# training") binds the training, not the action it trains for.
_TRAINING_VERBS = frozenset("train trains trained instruct instructs instructed taught attend attends".split())
# ... and one whose verb receives training ("shall receive regular instruction on intervention"); a person
# who "shall receive medical aid" is not trained, so the training noun must follow the verb.
_RECEIVING_VERBS = frozenset("receive receives undergo undergoes".split())
_TRAINING_NOUNS = frozenset("training instruction course courses class classes education".split())
# A modal whose verb asks a question ("shall determine whether the officer intervened") binds the asking.
_EXAMINING_VERBS = frozenset(
    """examine examines determine determines review reviews assess assesses evaluate evaluates consider
    considers establish establishes verify verifies ascertain ascertains investigate investigates ask asks
    inquire inquires decide decides""".split()
)
_WRITTEN_OBJECT = 3  # tokens from the writing verb within which the action is what is written
_SKIPPED_AFTER_MODAL = frozenset("not also then further clearly fully accurately promptly immediately".split())
_COORDINATORS = frozenset({"and", "or", ",", "then"})


_RELATIVE = frozenset({"who", "that", "which", "whom"})
# Words that end a relative clause before the action or belong to the main clause's verb.
_CLAUSE_BREAKS = frozenset("shall must will should may can and or but".split())


def only_informs(hits: Hits, modals: list[Modal]) -> bool:
    """Every modal of the sentence says what can happen or binds only knowing it ("Deputies should be aware
    that a prone person may have trouble breathing"): a warning, no requirement."""
    doc = hits.doc
    return bool(modals) and all(_informs(doc, m) for m in modals)


def _informs(doc, modal: Modal) -> bool:
    after = [doc[i].lower_ for i in range(modal.end, min(modal.end + 3, len(doc)))]
    if not after:
        return False
    if after[0] == "be":
        after = after[1:]
        if modal.text.lower() in modality.POSSIBILITY_MODALS and after[:1] and after[0] in modality.WHAT_CAN_BE:
            return True  # "may be unable to breathe"
    elif modal.text.lower() in modality.POSSIBILITY_MODALS and after[0] in modality.WHAT_CAN_HAPPEN:
        return True  # "may have trouble breathing", "can lead to asphyxia"
    # "should be aware that ...", "must understand that ...": knowing a fact, stated in a clause of its own
    # ("shall be aware of the risk of positional asphyxia" is a duty to heed it, and counts)
    return len(after) > 1 and after[0] in modality.KNOWING and after[1] == "that"


def _in_relative_clause(hits: Hits, anchor: tuple[int, int]) -> bool:
    """ "An officer who intervenes shall submit a written account": the action describes who the
    subject is; the modal after it binds another verb."""
    doc = hits.doc
    return any(doc[i].lower_ in _RELATIVE for i in range(max(0, anchor[0] - 2), anchor[0]))


def _relative_after(hits: Hits, modal: Modal, anchor: tuple[int, int]) -> bool:
    """ "The City may impose discipline on an officer who fails to intervene": the action is in a
    relative clause that opens after the modal, which binds its own verb, not the action."""
    doc = hits.doc
    for i in range(anchor[0] - 1, max(modal.end, anchor[0] - 4) - 1, -1):
        if doc[i].lower_ in ("who", "whom"):  # "that" also opens what a modal requires ("ensure that ...")
            return i > modal.end
        if doc[i].is_punct or doc[i].lower_ in _CLAUSE_BREAKS:
            return False
    return False


def _in_leading_condition(hits: Hits, anchor: tuple[int, int], modal: Modal) -> bool:
    """The action sits in a clause that opens the sentence with "if", "when" ... and ends with a comma
    before the modal."""
    doc = hits.doc
    first = 0
    while first < anchor[0] and (doc[first].is_punct or MARKER_ONLY.match(doc[first].text)):
        first += 1
    if first >= anchor[0] or doc[first].lower_ not in modality.CONDITION_OPENERS:
        return False
    return any(doc[i].text == "," for i in range(anchor[1], modal.start))


def _binds_content_verb(hits: Hits, modal: Modal, anchor: tuple[int, int]) -> bool:
    """The modal binds writing, not the action: its verb records, says what a written thing holds, or
    writes something the action is not the object of; and the action is not a verb joined to it
    ("shall document and report")."""
    doc = hits.doc
    i = _skip_to_verb(doc, modal.end, anchor[0])
    if i >= anchor[0] or (anchor[0] < len(doc) and doc[anchor[0]].lower_ in _WRITTEN_THINGS):
        return False  # the action is the written thing itself ("documented in a memorandum to ...")
    verb = doc[i].lower_
    if verb in _RECEIVING_VERBS and _TRAINING_NOUNS.intersection(t.lower_ for t in doc[i + 1 : min(i + 4, anchor[0])]):
        return True  # what follows is what the training covers ("on this order, including ... and intervention")
    if verb in _TRAINING_VERBS:
        return not (anchor[0] >= 1 and doc[anchor[0] - 1].lower_ in _COORDINATORS)
    if verb in _EXAMINING_VERBS:
        # "Investigators will examine whether officers present attempted to intervene": a question asked
        return any(t.lower_ == "whether" for t in doc[i + 1 : anchor[0]])
    if verb in _WRITING_VERBS:
        if _STEPS.intersection(t.lower_ for t in doc[i + 1 : i + 5]):
            return False
        return anchor[0] - i > _WRITTEN_OBJECT
    if verb in _HOLDING_VERBS:
        if not any(t.lower_ in _WRITTEN_THINGS for t in doc[max(0, modal.start - 6) : modal.start]):
            return False
    elif verb not in _RECORDING_VERBS:
        return False
    joined = anchor[0] >= 1 and doc[anchor[0] - 1].lower_ in _COORDINATORS
    return not joined


def _skip_to_verb(doc, i: int, limit: int) -> int:
    """The modal's verb: past adverbs and a clause set off by commas ("shall, within 10 days, submit")."""
    if i < limit and doc[i].text == ",":
        close = next((j for j in range(i + 1, min(limit, i + 12)) if doc[j].text == ","), None)
        if close is not None:
            i = close + 1
    while i < limit and (
        doc[i].lower_ in _SKIPPED_AFTER_MODAL or doc[i].lower_.endswith("ly") or doc[i].lower_ == "be"
    ):
        i += 1  # "will be immediately reported": the verb is the participle
    return i


def is_recording_verb(word: str) -> bool:
    return word.lower() in _RECORDING_VERBS


def is_recording_instruction(text: str) -> bool:
    """ "Document treatment in the report": an instruction to write something down."""
    words = _instruction_body(text).split()[:1]
    return bool(words) and is_recording_verb(words[0])


def modals_within(hits: Hits, anchors: list[tuple[int, int]], rule: str = "") -> list[tuple[Modal | None, str]]:
    """The modals inside matched words with no modal before them: a phrase with a gap can hold its own
    ("Any person who shows distress shall be watched" matches "person ...12 watched"), which binds the
    action there as much as the "can" that :func:`governing_modal` finds after it ("until he can be
    examined"). For ranking evidence only: what the words grade is governing_modal's."""
    modals = hits.modals(rule)
    out: list[tuple[Modal | None, str]] = []
    for start, end in anchors:
        if not any(m.end <= start for m in modals):
            out.extend((m, "sentence") for m in modals if start <= m.start and m.end <= end)
    return out


def governing_modal(hits: Hits, anchor: tuple[int, int], lead: Hits | None, rule: str = "") -> tuple[Modal | None, str]:
    """The modal that binds the action at ``anchor``, and where it came from ("sentence", "lead-in");
    (None, "content") when the modal binds a recording, holding or writing verb instead (in the
    sentence or in the list's lead-in), (None, "condition") when the action sits in a leading
    condition or a relative clause of a modal after it, (None, "") when nothing binds it."""
    modals = hits.modals(rule)
    before = [m for m in modals if m.end <= anchor[0]]
    if before and _binds_content_verb(hits, before[-1], anchor):
        return None, "content"
    outer = _set_off_by_commas(hits, before, anchor)
    if outer is not None:
        return outer, "sentence"
    passive = [
        m
        for m in modals
        if anchor[1] <= m.start <= anchor[1] + 5
        and m.end < len(hits.doc)
        and hits.doc[m.end : m.end + 2].text.lower().split()[-1:] in (["be"], ["not"])
    ]
    if before and _relative_after(hits, before[-1], anchor):
        return None, "condition"
    if before and passive:
        b, p = before[-1], passive[0]
        return (b if anchor[0] - b.end <= p.start - anchor[1] else p), "sentence"
    if before:
        return before[-1], "sentence"
    if passive:
        return passive[0], "sentence"
    after = [m for m in modals if m.start >= anchor[1]]
    if after:
        if (
            _in_relative_clause(hits, anchor)
            or _in_leading_condition(hits, anchor, after[0])
            or _binds_content_verb(hits, after[0], (len(hits.doc), len(hits.doc)))
        ):
            # "If the subject is taken to a hospital, the report will include ...": the action is the
            # condition of another duty, or the duty after it is to write something down.
            return None, "condition"
        return after[0], "sentence"
    if lead is not None:
        lead_modals = lead.modals(rule)
        if lead_modals:
            end = (len(lead.doc), len(lead.doc))
            if _binds_content_verb(lead, lead_modals[-1], end):
                # "The report shall include: ... whether medical aid was rendered"
                return None, "content"
            return lead_modals[-1], "lead-in"
    return None, ""


def _set_off_by_commas(hits: Hits, before: list[Modal], anchor: tuple[int, int]) -> Modal | None:
    """The modal of "Officers shall, when they see force that may be excessive, intervene": a clause set
    off by commas between a modal and its verb does not govern the verb, whatever modal it contains.

    Applies when the action follows a comma (or a comma and one adverb) and an earlier modal is
    directly followed by a comma; the nearest such modal governs."""
    if len(before) < 2:
        return None
    doc = hits.doc
    i = anchor[0] - 1
    if i >= 1 and doc[i].text != "," and doc[i].lower_.endswith("ly") and doc[i - 1].text == ",":
        i -= 1
    if i < 1 or doc[i].text != ",":
        # The action may stand further on ("shall, when it can be done safely, step between ... or
        # restrain the colleague"): the clause's modal still governs nothing after the clause closes.
        return _outside_the_clause(doc, before, anchor)
    for m in reversed(before[:-1]):
        if m.end < i and doc[m.end].text == ",":
            return m
    return None


def _outside_the_clause(doc, before: list[Modal], anchor: tuple[int, int]) -> Modal | None:
    inner = before[-1]
    for m in reversed(before[:-1]):
        if m.end >= len(doc) or doc[m.end].text != ",":
            continue
        close = next((j for j in range(m.end + 1, min(anchor[0], m.end + 14)) if doc[j].text == ","), None)
        if close is not None and m.end < inner.start and inner.end <= close:
            return m
    return None


# A label that sets off a line as a note ("Note: once the person is cuffed, get them off their stomach").
_NOTE_LABEL = re.compile(r"^(?:note|important|caution|reminder)\s*:\s*", re.IGNORECASE)
# A section's number before the sentence it numbers ("2.3 Give first aid", "Rule 9-1.2 Render aid",
# "§ 4.10.2 Call EMS"), which a list marker's pattern does not take ("1." and "(a)" it does).
_SECTION_NUMBER = re.compile(r"^(?:(?:rule|section|sec\.|§)\s*)?\d{1,4}(?:[.-]\d{1,4}){1,4}[.)]?\s+", re.IGNORECASE)


# An FAQ's answer before the instruction it gives ("No. Do not shoot at a moving car ...").
_ANSWER = re.compile(r"^(?:yes|no)[.,!]\s+", re.IGNORECASE)
# A checklist table flattened one cell per line puts who acts before what to do ("Involved officer(s)
# Summon paramedics ...", "Supervisor or designee Photograph ..."): the capital after the role is the
# cell's start (case matters there: "Officers summon EMS when ..." describes). Roles of one to three
# words, joined by "or", "and", "/"; the row's step number may stand before them ("2 Backup officer Apply ..."),
# and before the first row, the table's header cells ("Step Who Action 1 Involved deputy Check ...").
_ROLE = r"(?i:officers?|officer\(s\)|members?|member\(s\)|deput(?:y|ies)|deputy\(s\)|supervisors?|sergeants?|dispatchers?|troopers?|designee)"
_ROLE_CELL = re.compile(
    rf"^(?:(?:[A-Z][A-Za-z]*\s+){{0,4}}\d{{1,2}}\s+)?(?:[A-Za-z-]+\s+){{0,2}}?{_ROLE}(?:\s*(?:or|and|/|&)\s*(?:[A-Za-z-]+\s+){{0,2}}?{_ROLE})*:?\s+(?=[A-Z][a-z])"
)


def _instruction_body(text: str) -> str:
    """The sentence without its list marker or section number, a note's label, an FAQ's yes or no, a
    table's role cell and a leading condition ("When practical, ...")."""
    return _without_condition(_unmarked(text))


def _without_condition(body: str) -> str:
    cond = _CONDITION.match(body)
    if cond and cond.group(1).lower() in modality.CONDITION_OPENERS:
        body = body[cond.end() :]
    return body


def is_imperative(text: str) -> bool:
    """A bare instruction ("Render aid ..."), possibly after a condition ("When practical, use ..."),
    one with commas of its own too ("If the person is hurt, says so, or seems unwell, use your kit")."""
    unmarked = _unmarked(text)
    if _starts_an_instruction(_without_condition(unmarked)):
        return True
    opener = _CONDITION_WITH_COMMAS.match(unmarked)
    if not opener or opener.group(1).lower() not in modality.CONDITION_OPENERS:
        return False
    return any(_starts_an_instruction(part) for part in _COMMA.split(opener.group(0))[2:5])


def _unmarked(text: str) -> str:
    """The sentence without its list marker or section number, a note's label, an FAQ's yes or no and a
    table's role cell."""
    body = _SECTION_NUMBER.sub("", LEADING_MARKER.sub("", text.strip(), count=1), count=1)
    body = _NOTE_LABEL.sub("", body, count=1)
    body = _ANSWER.sub("", body, count=1)
    return _ROLE_CELL.sub("", body, count=1)


# A condition that holds commas of its own: the text up to its last comma before the instruction.
_CONDITION_WITH_COMMAS = re.compile(r"^(\w+)\b[^;:.]{0,200}")
_COMMA = re.compile(r",\s*")


def _starts_an_instruction(body: str) -> bool:
    words = [w.lower().strip(",;:") for w in body.split()[:2]]
    if not words:
        return False
    if words[0] in modality.IMPERATIVE_VERBS:
        return True
    followers = modality.IMPERATIVE_NOUN_VERBS.get(words[0])
    return followers is not None and len(words) > 1 and words[1] not in followers


def is_negative_instruction(text: str) -> bool:
    """ "Do not leave a handcuffed subject face down": an instruction that addresses its topic (enough
    for an element), though not an obligation to perform the action it names."""
    return bool(_NEGATIVE_INSTRUCTION.match(_instruction_body(text)))
