"""Judge one sentence against one rule: is it evidence, and how binding is it?

A sentence is evidence when the rule's words are in it, its context (who and what the duty is
about) is in it or close around it, and no false friend or disclaimer is; its grade is the force of
the modal that governs the action word (`governing`), capped at weak when the rule's narrowing
words (one weapon, one event) apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from policy_audit.findings import Evidence, Grade, Scale
from policy_audit.match.governing import governing_modal, is_imperative, is_negative_instruction
from policy_audit.match.modality import Force
from policy_audit.match.phrase_matcher import DISCLAIMER, PROHIBIT, WEAK_PROHIBIT, Hits, Kind, Label
from policy_audit.match.sentences import Sentence
from policy_audit.rulebook import Rule

_DEFINITIONS = re.compile(r"\bdefinitions?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    sentence: Sentence
    hits: Hits
    lead: Hits | None
    around: tuple[Hits, ...]  # previous sentences of the same section
    headings: tuple[Hits, ...]  # section heading, chapter (running title), top-level heading
    title: Hits | None  # the document's opening lines: context only, never a reason to exclude


@dataclass(frozen=True)
class Judged:
    evidence: Evidence
    self_contained: int  # context groups the sentence states itself: such a quote speaks for itself


def _first_hit(label: Label, sources: Iterable[Hits]) -> tuple[Hits, tuple[int, int]] | None:
    for h in sources:
        spans = h.get(label)
        if spans:
            return h, spans[0]
    return None


def _lead_in(ctx: Context) -> Hits | None:
    """The sentence that introduces this one as a list item: its list lead-in, or, where extraction
    lost the list markers, the sentence just before it when that one ends with a colon ("Examples of
    de-escalation techniques include:", "The following are prohibited:")."""
    if ctx.lead is not None:
        return ctx.lead
    before = ctx.around[-1].raw.rstrip() if ctx.around else ""
    if before.endswith(":") and len(before.split()) > 1:  # not a bare label ("NOTE:")
        return ctx.around[-1]
    return None


def judge(rule: Rule, ctx: Context) -> Judged | None:
    spec = rule.match
    hits = ctx.hits
    rid = rule.id
    # 1. The rule's own words, in the sentence itself.
    anchors = hits.get(Label(Kind.REQUIRE, rid, spec.require[0][0]))
    if not anchors or not all(hits.has(Label(Kind.REQUIRE, rid, n)) for n, _ in spec.require[1:]):
        return None
    # 2. False friends and disclaimers disqualify the sentence; a false-friend section, all its sentences.
    #    Definitions describe words, they do not bind anyone; a rule that looks for a structure a
    #    definitions section can lay out (the levels of a force continuum) names the phrases that count.
    lead = _lead_in(ctx)
    local = (hits,) + ((lead,) if lead else ())
    if _DEFINITIONS.search(ctx.sentence.section) and not (
        spec.definitions and any(h.has(Label(Kind.DEFINITIONS, rid)) for h in local)
    ):
        return None
    if any(h.has(Label(Kind.EXCLUDE, rid)) for h in local) or hits.has(DISCLAIMER):
        return None
    if spec.exclude_section and any(h.has(Label(Kind.EXCLUDE_SECTION, rid)) for h in ctx.headings):
        return None
    # 3. Context: who and what the duty is about, in the sentence or close around it.
    sources = local + ctx.around + ctx.headings + ((ctx.title,) if ctx.title else ())
    self_contained = 0
    for name, _ in spec.context:
        found = _first_hit(Label(Kind.CONTEXT, rid, name), sources)
        if not found:
            return None
        self_contained += found[0] in local
    highlights = [hits.text(anchors[0])]
    # 4. How binding it is.
    grade: Grade | None
    if spec.modality == "prohibition":
        grade, reason = _prohibition(hits, lead, highlights)
        if grade is None:
            return None
    elif spec.modality == "mention":
        # Violations and protections are often stated without a modal ("Failure to intervene ...").
        grade, reason = Grade.STRONG, "addressed"
    elif spec.modality == "any":
        # Any modality counts, but there must be one: a sentence with no modal verb and no
        # instruction is a definition or a description ("An injury that requires transport ...").
        said = next((m for h in local for m in h.modals()), None)
        if (
            said is None
            and not is_imperative(ctx.sentence.text)
            and not is_negative_instruction(ctx.sentence.text)
            and not hits.has(PROHIBIT)
        ):
            return None
        grade, reason = Grade.STRONG, f"addressed ({said.text.lower()})" if said else "addressed"
    else:
        grade, reason = None, ""
        for anchor in anchors:
            g, r, word = _obligation(hits, anchor, ctx, lead)
            if g is not None and (grade is None or g.rank > grade.rank):
                grade, reason = g, r
                highlights = [hits.text(anchor)] + ([word] if word else [])
        if grade is None:
            return None
    # 5. A duty limited to one weapon or one narrow case is weak.
    # Narrowing words count in the sentence, its lead-in, its section heading and its chapter: a
    # weapon's own chapter or section narrows; a passing mention in the top heading does not.
    near = local + ctx.headings[:2]
    narrow = _first_hit(Label(Kind.NARROW, rid), near) if spec.narrow else None
    if narrow and any(h.has(Label(Kind.BROAD, rid)) for h in local):
        narrow = None
    if narrow and grade is Grade.STRONG and spec.modality not in ("any", "mention"):
        grade = Grade.WEAK
        reason = f"{reason}; narrow: only {narrow[0].text(narrow[1])}"
    final = _on_scale(rule.scale, grade, spec.met_when)
    s = ctx.sentence
    quote = f"{lead.raw} … {s.text}" if lead else s.text
    evidence = Evidence(
        page=s.page,
        section=s.section,
        quote=quote,
        grade=final,
        reason=reason,
        highlights=tuple(dict.fromkeys(h for h in highlights if h)),
        ocr=s.ocr,
    )
    return Judged(evidence, self_contained)


def _obligation(hits: Hits, anchor: tuple[int, int], ctx: Context, lead: Hits | None) -> tuple[Grade | None, str, str]:
    modal, where = governing_modal(hits, anchor, lead)
    if modal is not None:
        if modal.negated:
            return None, "", ""
        suffix = " (in the list's lead-in)" if where == "lead-in" else ""
        if modal.force is Force.MANDATORY:
            return Grade.STRONG, f"mandatory: {modal.text.lower()}{suffix}", modal.text
        return Grade.WEAK, f"permissive: {modal.text.lower()}{suffix}", modal.text
    if is_imperative(ctx.sentence.text):
        return Grade.STRONG, "mandatory: instruction (imperative)", ""
    # No modal and no instruction: a definition, a description or a title, not a rule of conduct.
    return None, "", ""


def _prohibition(hits: Hits, lead: Hits | None, highlights: list[str]) -> tuple[Grade | None, str]:
    # A ban anywhere (sentence, then lead-in) beats a discouragement anywhere.
    for label, grade, word in ((PROHIBIT, Grade.STRONG, "prohibited"), (WEAK_PROHIBIT, Grade.WEAK, "discouraged")):
        for h in (hits, lead):
            spans = h.get(label) if h is not None else None
            if spans:
                highlights.append(h.text(spans[0]))  # type: ignore[union-attr]
                return grade, f"{word}: {h.text(spans[0]).lower()}"  # type: ignore[union-attr]
    return None, ""


def _on_scale(scale: Scale, grade: Grade, met_when: Grade) -> Grade:
    if scale is Scale.ELEMENT:
        return Grade.PRESENT
    if scale is Scale.MET:
        return Grade.MET if grade.rank >= met_when.rank else Grade.NOT_MET
    return grade
