"""What makes a finding less than certain, in words for the reader: low or medium confidence and
its reasons, a duty found only in narrow sections, and what the section a quote sits in is about.

Format-neutral and untrusted: reasons and section titles come from the matcher and the document, so
every format escapes these strings like any quote. Imports only the model, so the package's shared
helpers can use it.
"""

from __future__ import annotations

from policy_audit.batch_result import BatchResult
from policy_audit.findings import AuditResult, ConfidenceLevel, Finding, Scope, SectionTopic

# After a matrix symbol: the finding has low confidence. A mark of its own, never a changed grade
# ("weak?"), so sorting, filtering and the grade itself stay what the matcher decided.
CHECK_MARK = "\u2020"
CHECK_WORDS = "check this"
MAX_PLACES = 3  # narrow sections named before "and N more"

# Where a quote sits, in words: "in a custody section". Keyed by SectionTopic (equal to its value).
_TOPIC_PLACES: dict[str, str] = {
    SectionTopic.USE_OF_FORCE: "a use-of-force section",
    SectionTopic.WEAPON: "a weapon section",
    SectionTopic.CUSTODY: "a custody section",
    SectionTopic.TRANSPORT: "a transport section",
    SectionTopic.MEDICAL_PUBLIC: "a section on medical aid to the public",
    SectionTopic.PERSONNEL: "a personnel or conduct section",
    SectionTopic.ETHICS: "an ethics code",
    SectionTopic.DEFINITIONS: "a definitions section",
    SectionTopic.FORMS: "a form or checklist",
    SectionTopic.FAQ: "an FAQ",
    SectionTopic.GENERAL: "a general section",
}


def topic_words(topic: str) -> str:
    """ "in a custody section"; "" when the matcher gave no topic. A topic this version does not know
    (from a newer tool's JSON) is still shown, from its name."""
    if not topic:
        return ""
    return "in " + _TOPIC_PLACES.get(topic, f"a {topic.replace('_', ' ')} section")


def check_note(finding: Finding) -> str | None:
    """ "check this: the deciding sentence sits in a custody section" for a low-confidence finding."""
    confidence = finding.confidence
    if not confidence.is_low:
        return None
    return f"{CHECK_WORDS}: {'; '.join(confidence.reasons)}" if confidence.reasons else CHECK_WORDS


def confidence_note(finding: Finding) -> str | None:
    """For the details: the check note when low, "medium confidence: ..." when medium, else None."""
    confidence = finding.confidence
    if confidence.level is ConfidenceLevel.MEDIUM:
        return "medium confidence" + (f": {'; '.join(confidence.reasons)}" if confidence.reasons else "")
    return check_note(finding)


def narrow_note(finding: Finding) -> str | None:
    """ "only in narrow sections: 308.6 TASER; 310 FIREARMS" for a duty found only in narrow sections.
    The places are the sections of the passages that counted (all passages when none did)."""
    if finding.scope != Scope.NARROW:
        return None
    counted = [e for e in finding.evidence if e.grade.rank > 0] or list(finding.evidence)
    places = list(
        dict.fromkeys(
            e.section or topic_words(e.topic) or (f"p. {e.page}" if e.page is not None else "") for e in counted
        )
    )
    places = [p for p in places if p]
    if not places:
        return "only in narrow sections"
    more = len(places) - MAX_PLACES
    return "only in narrow sections: " + "; ".join(places[:MAX_PLACES]) + (f" and {more} more" if more > 0 else "")


def result_check(result: AuditResult, criterion: str) -> bool:
    """The result's finding on this criterion has low confidence."""
    f = result.finding(criterion)
    return f is not None and f.confidence.is_low


def department_checks(batch: BatchResult) -> set[tuple[str, str]]:
    """(department, criterion) pairs whose best grade comes from a low-confidence finding: the
    department inherits the doubt of the document that carries its grade."""
    by_path = {(r.group, r.document.path): r for r in batch.results}
    out: set[tuple[str, str]] = set()
    for g in batch.groups:
        for gg in g.grades:
            result = by_path.get((g.name, gg.document)) if gg.document else None
            if result is not None and result_check(result, gg.criterion):
                out.add((g.name, gg.criterion))
    return out


# What the matcher's reasons ("permissive: should", "mandatory: shall (in the list's lead-in)",
# "mandatory: shall; narrow: only Taser") say, in words a council member reads without a glossary.
_LEAD_IN = " (in the list's lead-in)"


_PREPOSITIONS = ("in", "to", "for", "when", "while", "during", "on", "at", "after", "off", "if", "with")


def narrow_limit(words: str) -> str:
    """What a narrow duty is limited to, without the matcher's "only": "only Taser", "Taser only" -> "Taser"."""
    words = words.strip()
    words = words[len("only ") :] if words.startswith("only ") else words
    return (words[: -len(" only")] if words.endswith(" only") else words).strip() or words


def reason_words(reason: str) -> str:
    """ "permissive: should" -> "uses 'should', which does not bind". A reason this version does not
    know (a newer matcher's, a custom rule's) is shown as it is rather than guessed at."""
    parts = [p.strip() for p in reason.split(";") if p.strip()]
    return "; ".join(_reason_part(p) for p in parts)


def _reason_part(part: str) -> str:
    kind, _, words = part.partition(":")
    kind, words = kind.strip(), words.strip()
    where = ""
    if words.endswith(_LEAD_IN):
        words, where = words[: -len(_LEAD_IN)], " in the lead-in of its list"
    if kind == "mandatory" and words == "instruction (imperative)":
        return "an instruction, which binds"
    if kind == "mandatory" and words:
        return f"uses '{words}'{where}, which binds"
    if kind == "permissive" and words:
        return f"uses '{words}'{where}, which does not bind"
    if kind == "narrow" and words:
        limit = narrow_limit(words)
        return f"applies only {limit}" if limit.split()[0] in _PREPOSITIONS else f"applies only to {limit}"
    if kind == "prohibited" and words:
        return f"forbids it ('{words}')"
    if kind == "discouraged" and words:
        return f"only discourages it ('{words}'), which does not forbid"
    if part.startswith("addressed"):
        said = part[len("addressed") :].strip(" ()")
        return f"addresses it (uses '{said}')" if said else "addresses it"
    return part
