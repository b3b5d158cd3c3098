"""Judge one sentence against one rule: is it evidence, and how binding is it?

A sentence is evidence when the rule's words are in it, its context (who and what the duty is
about) is in it or close around it, and no false friend or disclaimer is; its grade is the force of
the modal that governs the action word (`governing`), capped at weak when the rule's narrowing
words (one weapon, one event) apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from policy_audit.findings import Evidence, Grade
from policy_audit.list_markers import LEADING_MARKER
from policy_audit.match.false_friends import excluded, in_excluded_section
from policy_audit.match.governing import (
    governing_modal,
    is_imperative,
    is_negative_instruction,
    modals_within,
    only_informs,
)
from policy_audit.match.modality import DUTY_NOUNS, Force
from policy_audit.match.not_rules import not_a_rule
from policy_audit.match.phrase_matcher import DISCLAIMER, PROHIBIT, Hits, Kind, Label
from policy_audit.match.sentences import Sentence
from policy_audit.match.strength import ADVISES, BINDS, PERMITS, bound_by_a_duty, obligation, on_scale, prohibition
from policy_audit.match.topics import about_the_force_policys_subjects
from policy_audit.rulebook import Rule

# "Intervene: to come between ...", "Bystander officer - an officer who ...": a glossary entry: a term
# of one to five words, a colon or dash, and a definition that opens as definitions do.
_GLOSSARY_ENTRY = re.compile(
    r"^[\"'“]?(?P<term>[A-Z][\w'’/-]*(?:\s+[\w'’/()-]+){0,4})[\"'”]?\s*(?::|\s[-–—]\s)\s*"
    r"[\"'“]?(?:(?i:a|an|the|to|any|when|where|that|which|means|refers|includes)|[a-z]\w*ing)\b",
)
_PERSON_SUBJECT = re.compile(
    r"^(?:a|an|any|every|all|each|the)?\s*(?:sworn\s+|on-scene\s+|on-duty\s+)?"
    r"(?:members?|officers?|employees?|deput(?:y|ies)|personnel|supervisors?|peace officers?)\b",
    re.IGNORECASE,
)
_DEFINITION_LEAD = re.compile(r"^.{0,120}?\b(?:definitions?|defined|terms?|meanings?)\b[^:]{0,40}:\s+", re.IGNORECASE)
# "Positional asphyxia is a lack of oxygen that can ...": an FAQ's answer that says what a term means,
# with no modal or only one of possibility. (In a policy, "Deadly force is a measure to be employed only
# when ..." is a rule.)
_DEFINES = re.compile(r"^[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}\s+(?:is|are|means|refers to)\s+(?:a|an|the|any)\b")
_QUOTED_DEFINITION = re.compile(
    r"^[\"'\u201c\u2018](?P<term>[^\"'\u201d\u2019]{2,60})[\"'\u201d\u2019]\s+"
    # ("includes" lists what a term covers, which an element may count: "'Intercede' includes ...")
    r"(?:means|refers to|shall mean|has the meaning)\b"
)
_NOT_A_TERM = frozenset("is are was were shall will must should may following include includes".split())


@dataclass(frozen=True)
class Context:
    sentence: Sentence
    hits: Hits
    lead: Hits | None
    around: tuple[Hits, ...]  # previous sentences of the same section
    headings: tuple[Hits, ...]  # section heading, chapter (running title), top-level heading
    title: Hits | None  # the document's opening lines: context only, never a reason to exclude
    following: tuple[Hits, ...] = ()  # the next sentences of the section, for rules that read ahead
    items: tuple[Hits, ...] = ()  # the items of a list of exceptions it belongs to (lists_exceptions)
    rule: str = ""  # the rule being judged: its own grading words count too


@dataclass(frozen=True)
class Judged:
    evidence: Evidence
    self_contained: int  # context groups the sentence states itself: such a quote speaks for itself
    narrow: bool  # the duty is limited to one weapon or one event (by its words or its section)
    from_lead: bool  # the grade came from the list's lead-in, not the sentence itself
    # How directly its modal binds (strength.BINDS, NAMES_A_DUTY, PERMITS): among evidence of one grade, "officers
    # shall render aid" ranks above "aid is required by law", and for elements and 8cw criteria (all
    # "present" or "met") "shall request EMS" above "should consider EMS".
    binding: int = PERMITS
    specific: bool = False  # it says one of the rule's `specific` phrases: the criterion in its own words


# "Aid includes first aid within training and calling for EMS": a sentence that says what the duty
# before it consists of.
_ELABORATION = re.compile(r"^\W*(?:[\w'.-]+\s+){0,4}?(?:includes|include|consists of|comprises|means)\b", re.IGNORECASE)


_CONTINUES = re.compile(
    r"^\W*(?:(?:the|such|that|said)\s+(?:\w+\s+)?(?:members?|officers?|deput(?:y|ies)|employees?|troopers?)"
    r"|he|she|he or she|they)\s",
    re.IGNORECASE,
)


def _elaborates_a_duty(ctx: Context) -> bool:
    return bool(ctx.around and _ELABORATION.match(ctx.sentence.text) and ctx.around[-1].modals(ctx.rule))


# What governing_modal says when the modal it found binds another verb than the action.
_NOT_BINDING = frozenset({"content", "condition"})


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


_EXCEPTIONS_FOLLOW = re.compile(r"\b(?:except|unless|other than|exception)\b[^.;]*:\s*$", re.IGNORECASE)


def lists_exceptions(s: Sentence) -> bool:
    """The sentence, or the lead-in of the list it is an item of, introduces a list of exceptions
    ("shall not fire at a moving vehicle except:"): the judge reads that list's items with it."""
    return bool(_EXCEPTIONS_FOLLOW.search(s.text) or _EXCEPTIONS_FOLLOW.search(s.lead_in))


def _is_definition(ctx: Context, hits: Hits) -> bool:
    s = ctx.sentence
    if s.section_topic == "definitions":  # its heading says definitions, a glossary or terms
        # Headings that extraction lists before the text ("2010 GENERAL POLICY / 2020 DEFINITIONS /
        # A member who observes ... shall intervene") put duties under a definitions heading: a sentence
        # whose subject is a person bound by a mandatory modal is a rule, not a definition.
        binds = any(m.force is Force.MANDATORY and not m.negated for m in hits.modals(ctx.rule))
        return not (binds and _PERSON_SUBJECT.match(LEADING_MARKER.sub("", s.text, count=1)))
    return _glossary_entry(hits, s, ctx.rule)


def _glossary_entry(hits: Hits, s: Sentence, rule: str) -> bool:
    # A glossary entry outside a definitions section states no duty unless it has a modal of its own;
    # its lead-in ("the following definition applies:") may have been run into it.
    lead = _DEFINITION_LEAD.match(s.text)
    start = lead.end() if lead else 0
    body = LEADING_MARKER.sub("", s.text, count=1)
    quoted = _QUOTED_DEFINITION.match(body)
    if quoted is not None:
        # a statute's "(b) 'Duty to intervene' means the obligation of ...": the definition starts
        # after its verb ("shall mean" is no duty)
        definition = len(s.text) - len(body) + quoted.end()
    else:
        entry = _GLOSSARY_ENTRY.match(s.text[start:])
        if entry is None or _NOT_A_TERM.intersection(entry.group("term").lower().split()):
            return False
        definition = start + entry.end("term")
    # The term may name a duty ("Duty to intervene - ..."), and a definition may open with the noun it
    # is ("The obligation of an officer to ..."): neither binds anyone. A verb of obligation does.
    return not any(
        hits.doc[m.start].idx >= definition and m.text.split()[0].lower() not in DUTY_NOUNS for m in hits.modals(rule)
    )


def judge(rule: Rule, ctx: Context) -> Judged | None:
    spec = rule.match
    hits = ctx.hits
    rid = rule.id
    s = ctx.sentence
    if not_a_rule(s):
        return None
    # 1. The rule's own words: the first group in the sentence itself, the others in it or, for a list
    #    item, in its lead-in (the screen lets the same through).
    first = Label(Kind.REQUIRE, rid, spec.require[0][0])
    anchors = hits.get(first)
    if not anchors and ctx.lead is not None and ctx.lead.has(first):
        # The lead-in holds the first group ("Every deputy, whatever the rank, shall: (a) step in ..."):
        # the item's own words of another group anchor it (none: the item adds nothing to the lead-in).
        anchors = next((own for n, _ in spec.require[1:] if (own := hits.get(Label(Kind.REQUIRE, rid, n)))), [])
    lead = _lead_in(ctx)
    local = (hits,) + ((lead,) if lead else ())
    items_words = (hits, ctx.lead) if ctx.lead is not None else (hits,)
    if not anchors or not all(
        any(h.has(Label(Kind.REQUIRE, rid, n)) for h in items_words) for n, _ in spec.require[1:]
    ):
        return None
    # 2. False friends and disclaimers disqualify the sentence; a false-friend section, all its sentences.
    #    Definitions describe words, they do not bind anyone; a rule that looks for a structure a
    #    definitions section can lay out (the levels of a force continuum) names the phrases that count.
    if _is_definition(ctx, hits) and not (spec.definitions and any(h.has(Label(Kind.DEFINITIONS, rid)) for h in local)):
        return None
    # The rule's own exceptions lift its false-friend sections as they lift its false friends: "retaliation
    # against any employee who intervenes" protects the officer who stepped in, even in a section on bias.
    excepted = bool(spec.exclude_unless) and hits.has(Label(Kind.EXCLUDE_UNLESS, rid))
    if hits.has(DISCLAIMER) or (excluded(hits, lead, anchors, Label(Kind.EXCLUDE, rid)) and not excepted):
        return None
    # "Retaliation includes cell moves ...": a sentence that says what the one before it covers shares its
    # false friend ("shall not retaliate against an inmate").
    if _ELABORATION.match(s.text) and ctx.around and ctx.around[-1].has(Label(Kind.EXCLUDE, rid)) and not excepted:
        return None
    # A lead-in that lists its exceptions ("... except:") is only as good as they are: an item that is a false
    # friend disqualifies it, as does an exception stated next ("... may fire when the vehicle is the weapon").
    if any(item.has(Label(Kind.EXCLUDE, rid)) for item in ctx.items) or any(
        h.has(Label(Kind.EXCLUDE_AFTER, rid)) for h in ctx.following
    ):
        return None
    # A sentence that names the force itself ("After any use of force, ...") is about people subjected to it
    # wherever it sits, unless every subject of its section is a false friend (step 3 reads custody and
    # transport sections the same way).
    names_force = bool(spec.exclude_topics_unless) and any(h.has(Label(Kind.EXCLUDE_TOPICS_UNLESS, rid)) for h in local)
    if spec.exclude_section and not excepted and in_excluded_section(spec, rid, ctx.headings, names_force):
        return None
    # 3. Context: who and what the duty is about, in the sentence or close around it.
    #    A section's topic can state the context for all its sentences ("in a Taser section, the subject
    #    is a person subjected to force"); in a section about something else (custody, transport), only a
    #    sentence that states every context itself counts.
    sources = local + ctx.around + ctx.following + ctx.headings + ((ctx.title,) if ctx.title else ())
    topics = {s.section_topic, s.policy_topic} - {""}
    by_topic = dict(spec.context_topics)
    self_contained = stated = 0
    # "... is required to intervene. The member shall also tell a sergeant": the sentence goes on with the
    # person of the one before it, which states what both are about.
    before = ctx.around[-1] if ctx.around and _CONTINUES.match(s.text) else None
    for name, _ in spec.context:
        label = Label(Kind.CONTEXT, rid, name)
        found = _first_hit(label, sources)
        if not found and not topics.intersection(by_topic.get(name, ())):
            return None
        here = bool(found and found[0] in local)
        self_contained += here
        stated += here or bool(before and before.has(label))
    inside_force_policy = about_the_force_policys_subjects(s.section_topic, s.policy_topic, s.topic, s.text)
    if s.topic in spec.exclude_topics and not inside_force_policy:
        if spec.exclude_topics_unless:
            if not names_force:
                return None
        elif stated < len(spec.context):
            return None
    highlights = [hits.text(anchors[0])]
    # 4. How binding it is.
    grade: Grade | None
    from_lead = False
    binding = PERMITS
    only_permitted_by_lead = False
    if spec.modality == "prohibition":
        grade, reason = prohibition(hits, lead, highlights)
        if grade is None:
            return None
        binding = BINDS if grade is Grade.STRONG else ADVISES  # a weak prohibition: "should not", "discouraged"
    elif spec.modality == "mention":
        # Violations and protections are often stated without a modal ("Failure to intervene ...").
        grade, reason = Grade.STRONG, "addressed"
    elif spec.modality == "any":
        # Any modality counts, but there must be one: a sentence with no modal verb and no
        # instruction is a definition or a description ("An injury that requires transport ...").
        # An FAQ's answer states the practice in plain present tense ("Officers are trained in first
        # aid and give aid at the scene").
        # "Officers are not required to give first aid" takes the topic away; it does not address it.
        said = next((m for h in local for m in h.modals(rid) if not m.denied), None)
        if (
            said is not None
            and all(only_informs(h, h.modals(rid)) for h in local if h.modals(rid))
            and not is_imperative(ctx.sentence.text)
            and not is_negative_instruction(ctx.sentence.text)
            and not any(h.has(PROHIBIT) for h in local)
        ):
            return None  # a warning of what can happen, or of what to know: it requires nothing
        if (
            s.topic == "faq"
            and _DEFINES.match(s.text)
            and not any(m.force is Force.MANDATORY for h in local for m in h.modals(rid))
        ):
            return None  # an FAQ's answer that says what a term means ("... is a lack of oxygen that can ...")
        if (
            said is None
            and not is_imperative(ctx.sentence.text)
            and not (lead is not None and is_imperative(lead.raw))
            and not is_negative_instruction(ctx.sentence.text)
            and not hits.has(PROHIBIT)
            and not (lead is not None and lead.has(PROHIBIT))  # "The following are not authorized: (1) chokeholds"
            and s.topic != "faq"
            and not _elaborates_a_duty(ctx)
        ):
            return None
        binding = BINDS
        if said is not None:
            governed = [governing_modal(hits, a, lead, rid) for a in anchors]
            if all(where in _NOT_BINDING for _, where in governed):
                # Its only modal binds writing something down ("shall write in detail the medical aid
                # requested") or another verb after a condition: the topic is mentioned, not addressed.
                return None
            binding = bound_by_a_duty(hits, lead, governed + modals_within(hits, anchors, rid))
            only_permitted_by_lead = binding == PERMITS and all(
                where == "lead-in" for _, where in governed if where not in _NOT_BINDING
            )
        grade, reason = Grade.STRONG, f"addressed ({said.text.lower()})" if said else "addressed"
    else:
        grade, reason = None, ""
        for anchor in anchors:
            g, r, word, lead_modal, bound = obligation(hits, anchor, ctx.sentence.text, lead, rid)
            if g is not None and (grade is None or g.rank > grade.rank or (g.rank == grade.rank and bound > binding)):
                grade, reason, from_lead, binding = g, r, lead_modal, bound
                highlights = [hits.text(anchor)] + ([word] if word else [])
        if grade is None:
            return None
    # 5. A duty limited to one weapon or one narrow case is weak: by narrowing words in the sentence, its lead-in,
    # its section heading or chapter (not a passing mention in the top heading), or by a narrow section or policy
    # topic (a people-in-crisis policy). Broad words lift it; the section heading's too unless the sentence narrows.
    near = local + ctx.headings[:2]
    narrow_hit = _first_hit(Label(Kind.NARROW, rid), near) if spec.narrow else None
    narrow_by = narrow_hit[0].text(narrow_hit[1]) if narrow_hit else ""
    broad = local if narrow_hit and narrow_hit[0] in local else local + ctx.headings[:1]
    if not narrow_by and (narrow_topic := next((t for t in (s.topic, s.policy_topic) if t in spec.narrow_topics), "")):
        narrow_by = f"in a {narrow_topic.replace('_', ' ')} {'section' if narrow_topic == s.topic else 'policy'}"
    if narrow_by and any(h.has(Label(Kind.BROAD, rid)) for h in broad):
        narrow_by = ""
    if narrow_by and grade is Grade.STRONG and spec.modality not in ("any", "mention"):
        grade = Grade.WEAK
        reason = f"{reason}; narrow: only {narrow_by}"
    # An instruction after a condition ("Whenever you safely can, use time and distance ...") binds, whatever
    # modal its condition holds.
    final = on_scale(rule.scale, grade, spec.met_when, BINDS if is_imperative(s.text) else binding)
    quote = f"{lead.raw} … {s.text}" if lead else s.text
    evidence = Evidence(
        page=s.page,
        section=s.section,
        quote=quote,
        grade=final,
        reason=reason,
        highlights=tuple(dict.fromkeys(h for h in highlights if h)),
        ocr=s.ocr,
        topic=s.topic,
    )
    # An item that only a permissive lead-in reaches lists what may be used ("The following may be used to
    # obtain care: ... Dispatch (ambulance request)"); naming the thing does not make it the rule that says so.
    specific = (
        bool(spec.specific) and not only_permitted_by_lead and any(h.has(Label(Kind.SPECIFIC, rid)) for h in local)
    )
    return Judged(
        evidence, self_contained, narrow=bool(narrow_by), from_lead=from_lead, binding=binding, specific=specific
    )
