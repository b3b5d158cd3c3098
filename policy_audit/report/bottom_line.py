"""The bottom line: one plain sentence an advocate can paste into an email to a council member.

"The manual requires officers to intervene and to report excessive force, but only encourages medical
aid after force ('should'), does not protect officers who intervene from retaliation, and does not
train officers to intervene."

Built from the findings alone. Each criterion says what the manual does as a verb and its object
("require", "officers", "to intervene"); neighbouring criteria that share a verb and a head are said once ("requires
officers to intervene and to report ..."), what the manual does comes first, and what it lacks follows
"but". A criterion this module has no words for (a custom rule) is said with its title.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_audit.findings import AuditResult, Finding, Grade, Status
from policy_audit.report.caveats import narrow_limit
from policy_audit.rulebook import RuleSet


@dataclass(frozen=True)
class Clause:
    """What a criterion asks of the manual: verb ("require"), head ("officers" or ""), object."""

    verb: str
    head: str
    obj: str


# The verb's three forms: does it, does not do it, only half does it (a weak grade).
_VERBS: dict[str, tuple[str, str, str]] = {
    "require": ("requires", "does not require", "only encourages"),
    "protect": ("protects", "does not protect", "only partly protects"),
    "train": ("trains", "does not train", "only suggests training"),
    "make": ("makes", "does not make", "only suggests making"),
    "extend": ("extends", "does not extend", "only partly extends"),
    "ban": ("bans", "does not ban", "only discourages"),
    "restrict": ("restricts", "does not restrict", "only discourages"),
    "have": ("has", "does not have", "only partly has"),
    "address": ("addresses", "does not address", "only partly addresses"),
    "set": ("sets", "does not set", "only partly sets"),
    "name": ("names", "does not name", "only partly names"),
    "tie": ("ties", "does not tie", "only partly ties"),
}
# A modal that permits rather than urges: "only permits", not "only encourages".
_PERMITTING = ("may", "can", "could", "might", "authorized", "discretion", "permitted", "allowed")

CLAUSES: dict[str, Clause] = {
    "intervene.duty": Clause("require", "officers", "to intervene"),
    "intervene.report": Clause("require", "officers", "to report excessive force"),
    "intervene.any_rank": Clause("extend", "", "the duty to force used by a superior"),
    "intervene.no_retaliation": Clause("protect", "", "officers who intervene from retaliation"),
    "intervene.training": Clause("train", "", "officers to intervene"),
    "intervene.discipline": Clause("make", "", "failing to intervene a violation"),
    "medical.aid": Clause("require", "", "medical aid after force"),
    "medical.timing": Clause("require", "", "prompt aid"),
    "medical.ems": Clause("require", "officers", "to call emergency medical services"),
    "medical.first_aid": Clause("require", "officers", "to give first aid"),
    "medical.monitoring": Clause("require", "", "the monitoring of restrained people"),
    # statute elements (--standard statutes or a profile)
    "intervene.report_deadline": Clause("set", "", "a deadline for the report of another officer's force"),
    "intervene.report_written": Clause("require", "", "a written report of another officer's force"),
    "intervene.report_recipient": Clause("name", "", "who receives the report of another officer's force"),
    "intervene.chain_of_command": Clause("extend", "", "the duty regardless of the chain of command"),
    "intervene.trigger_policy": Clause("extend", "", "the duty to force beyond policy"),
    "intervene.forms": Clause("address", "", "verbal and physical intervention"),
    "intervene.training_interval": Clause("require", "", "intervention training at an interval"),
    "intervene.consequence": Clause("tie", "", "decertification or a criminal consequence to failing to intervene"),
    "medical.chest_weight": Clause("restrict", "", "weight on a restrained person's chest, back or neck"),
    "medical.per_training": Clause("require", "", "aid consistent with training (CPR, AED)"),
    "medical.safety_exception": Clause("address", "", "when aid may wait for safety"),
    "8cw.deescalation": Clause("require", "officers", "to de-escalate"),
    "8cw.chokehold_ban": Clause("ban", "", "chokeholds and strangleholds"),
    "8cw.duty_to_intervene": Clause("require", "officers", "to intervene"),
    "8cw.warning": Clause("require", "officers", "to warn before shooting"),
    "8cw.exhaust_alternatives": Clause("require", "officers", "to exhaust other means before shooting"),
    "8cw.moving_vehicles": Clause("restrict", "", "shooting at moving vehicles"),
    "8cw.continuum": Clause("have", "", "a use-of-force continuum"),
    "8cw.comprehensive_reporting": Clause("require", "", "a report of every use of force"),
}


def join_words(items: list[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b, and c" (the Oxford comma)."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f", {conjunction} " + items[-1]


def join_clauses(items: list[str]) -> str:
    """Clauses joined as a list; with semicolons when a clause holds a comma of its own (a list inside
    the list), so the reader can tell where each clause ends."""
    if not any(", " in item for item in items) or len(items) < 2:
        return join_words(items)
    return "; ".join(items[:-1]) + "; and " + items[-1]


def clause_for(criterion: str, rules: RuleSet) -> Clause:
    known = CLAUSES.get(criterion)
    if known is not None:
        return known
    rule = rules.get(criterion)
    title = rule.title if rule is not None else criterion
    return Clause("address", "", f"\u201c{title[:1].lower() + title[1:]}\u201d")


def _weak_phrase(finding: Finding, clause: Clause) -> str:
    """ "only encourages medical aid after force ('should')"; "requires ... only in a narrow case (Taser)"."""
    does, _, half = _VERBS[clause.verb]
    target = " ".join(p for p in (clause.head, clause.obj) if p)
    reason = next((e.reason for e in finding.evidence if e.grade is Grade.WEAK and e.reason), "")
    narrow = next((p.split(":", 1)[1].strip() for p in reason.split(";") if p.strip().startswith("narrow:")), "")
    if narrow:
        return f"{does} {target} only in a narrow case ({narrow_limit(narrow)})"
    word = ""
    for part in reason.split(";"):
        kind, _, said = part.partition(":")
        if kind.strip() in ("permissive", "discouraged") and said.strip():
            word = said.strip().split(" (")[0]
            break
    if word and clause.verb == "require" and any(w in word.split() for w in _PERMITTING):
        half = "only permits"
    return f"{half} {target}" + (f" ('{word}')" if word else "")


class _Phrases:
    """Phrases in report order; neighbouring clauses that share verb and head are said once ("requires
    officers to intervene and to report ..."), their objects joined by ``connect``."""

    def __init__(self, connect: str) -> None:
        self.connect = connect
        self.slots: list[tuple[str, str, list[str]] | str] = []

    def add(self, said: str, clause: Clause) -> None:
        last = self.slots[-1] if self.slots else None
        if isinstance(last, tuple) and last[:2] == (said, clause.head):
            if clause.obj not in last[2]:
                last[2].append(clause.obj)
            return
        self.slots.append((said, clause.head, [clause.obj]))

    def add_alone(self, phrase: str) -> None:
        self.slots.append(phrase)

    def said(self) -> list[str]:
        out = []
        for slot in self.slots:
            if isinstance(slot, str):
                out.append(slot)
            else:
                verb, head, objs = slot
                out.append(" ".join(p for p in (verb, head, join_words(objs, self.connect)) if p))
        return out


def bottom_line(result: AuditResult, rules: RuleSet, department: str = "") -> str:
    """One sentence: what the manual requires, then, after "but", what it lacks or only encourages."""
    subject = f"{department.strip()}'s manual" if department.strip() else "The manual"
    if result.status is not Status.OK:
        reason = (result.reason or "the document could not be read").rstrip(".")
        return f"{subject} could not be audited: {reason}."
    order = {r.id: i for i, r in enumerate(rules)}
    findings = sorted(result.findings, key=lambda f: (order.get(f.criterion, len(order)), f.criterion))
    if not findings:
        return "No criteria were graded."
    good, gaps = _Phrases("and"), _Phrases("or")
    for f in findings:
        clause = clause_for(f.criterion, rules)
        does, does_not, _ = _VERBS[clause.verb]
        if not f.is_gap:
            good.add(does, clause)
        elif f.grade is Grade.WEAK:
            gaps.add_alone(_weak_phrase(f, clause))
        else:
            gaps.add(does_not, clause)
    said_good, said_gaps = good.said(), gaps.said()
    if said_good and said_gaps:
        first, then = join_clauses(said_good), join_clauses(said_gaps)
        body = f"{first}{'; but' if ';' in first + then else ', but'} {then}"
    else:
        body = join_clauses(said_good or said_gaps)
    return f"{subject} {body}."
