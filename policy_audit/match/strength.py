"""How binding a judged sentence is: the grade its governing modal earns on the rule's scale, and how
directly that modal binds an actor (which ranks evidence of one grade, `evidence.Found.sort_key`)."""

from __future__ import annotations

from policy_audit.findings import Grade, Scale
from policy_audit.match.governing import governing_modal, is_imperative, is_recording_instruction, is_recording_verb
from policy_audit.match.modality import DUTY_NOUNS, Force, Modal
from policy_audit.match.phrase_matcher import PROHIBIT, WEAK_PROHIBIT, Hits

# How directly a sentence binds someone, for ranking evidence of the same grade: a modal verb or an
# instruction ("officers shall render aid", "Render aid"); a duty word that names the duty or a law
# rather than binding an actor ("treat the duty to intervene as part of the job", "aid is required by
# RCW 10.93.190"); a word that advises the actor ("officers should call for an ambulance", "are
# encouraged to"); a word that only permits, or says what may happen ("may render aid", "assistance may
# consist of an examination by paramedics").
BINDS, NAMES_A_DUTY, ADVISES, PERMITS = 4, 3, 2, 1
_BINDING_VERBS = frozenset({"is", "are", "was", "were", "has", "have", "had", "be"})
_PERMITTING_WORDS = frozenset({"may", "can", "could", "might"})


def bound_by_a_duty(hits: Hits, lead: Hits | None, governed: list[tuple[Modal | None, str]]) -> int:
    """How directly a modal binds one of the action words itself (not a report of it, not a condition),
    given what :func:`governing_modal` found for each action word: see :func:`_binding`. "Shall not leave
    a restrained person face down" binds as "shall" does; "is not required to" does not."""
    best = PERMITS
    for modal, where in governed:
        if modal is not None and not modal.denied:
            best = max(best, _binding(lead if where == "lead-in" and lead is not None else hits, modal))
    return best


def _binding(h: Hits, modal: Modal) -> int:
    if modal.force is not Force.MANDATORY:
        return PERMITS if modal.text.lower().split()[0] in _PERMITTING_WORDS else ADVISES
    words = modal.text.lower().split()
    if words[0] in DUTY_NOUNS:
        # "It is the duty of every officer to", "Officers are under an obligation to": a verb binds it
        i = modal.start - 1
        while i >= 0 and h.doc[i].lower_ in ("the", "a", "an", "affirmative", "under", "their", "his", "her"):
            i -= 1
        return BINDS if i >= 0 and h.doc[i].lower_ in _BINDING_VERBS else NAMES_A_DUTY
    if words in (["required"], ["mandatory"]):
        return NAMES_A_DUTY  # "aid is required by law", "medical screening is mandatory": no actor bound
    return BINDS


def obligation(
    hits: Hits, anchor: tuple[int, int], text: str, lead: Hits | None, rule: str
) -> tuple[Grade | None, str, str, bool, int]:
    """The grade the action word at ``anchor`` of sentence ``text`` earns, the reason, the modal's
    words, whether the modal is the lead-in's, and how directly it binds (see :func:`_binding`)."""
    modal, where = governing_modal(hits, anchor, lead, rule)
    if modal is not None:
        if modal.negated:
            return None, "", "", False, 0
        in_lead = where == "lead-in"
        suffix = " (in the list's lead-in)" if in_lead else ""
        bound = _binding(lead if in_lead and lead is not None else hits, modal)
        if modal.force is Force.MANDATORY:
            return Grade.STRONG, f"mandatory: {modal.text.lower()}{suffix}", modal.text, in_lead, bound
        return Grade.WEAK, f"permissive: {modal.text.lower()}{suffix}", modal.text, in_lead, bound
    # "Document treatment in the report" is an instruction to write, not to treat.
    writes = is_recording_instruction(text) and not is_recording_verb(hits.doc[anchor[0]].text)
    if where == "" and is_imperative(text) and not writes:
        return Grade.STRONG, "mandatory: instruction (imperative)", "", False, BINDS
    # No modal and no instruction: a definition, a description or a title, not a rule of conduct; or
    # the modal governs another verb (see governing_modal).
    return None, "", "", False, 0


def prohibition(hits: Hits, lead: Hits | None, highlights: list[str]) -> tuple[Grade | None, str]:
    # A ban anywhere (sentence, then lead-in) beats a discouragement anywhere.
    for label, grade, word in ((PROHIBIT, Grade.STRONG, "prohibited"), (WEAK_PROHIBIT, Grade.WEAK, "discouraged")):
        for h in (hits, lead):
            spans = h.get(label) if h is not None else None
            if spans:
                highlights.append(h.text(spans[0]))  # type: ignore[union-attr]
                return grade, f"{word}: {h.text(spans[0]).lower()}"  # type: ignore[union-attr]
    return None, ""


def on_scale(scale: Scale, grade: Grade, met_when: Grade, binding: int = BINDS) -> Grade:
    """``grade`` on ``scale``. A criterion met by a weak grade is met by advice ("should"), never by a word
    that only permits ("may", "can"), which requires nothing (Campaign Zero's coding)."""
    if scale is Scale.ELEMENT:
        return Grade.PRESENT
    if scale is Scale.MET:
        permits_only = grade is Grade.WEAK and binding == PERMITS
        return Grade.MET if grade.rank >= met_when.rank and not permits_only else Grade.NOT_MET
    return grade
