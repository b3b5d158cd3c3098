"""What `--standard` selects: built-in criteria sets (core, 8cantwait, all) and profiles, together.

The audit itself runs on the smallest built-in set that holds every criterion asked for, so a cached
audit serves any profile; what a report shows is narrowed afterwards to the criteria asked for: those
of the named built-in sets and those the profiles need (a decree profile alone shows its own criteria).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from policy_audit.findings import AuditResult
from policy_audit.rulebook import DEFAULT_STANDARD, STANDARDS, RuleSet
from policy_audit.standards.profiles import Profile, builtin_profile_ids, load_profiles


@dataclass(frozen=True)
class Selection:
    names: tuple[str, ...]  # as given on the command line
    builtin: tuple[str, ...]  # the core / 8cantwait / all among them
    profiles: tuple[Profile, ...]

    @property
    def label(self) -> str:
        """What reports call the standard: "core", "il", "core+il+ncp"."""
        return "+".join(_unique((*self.builtin, *(p.id for p in self.profiles))))

    def audit_standard(self, rules: RuleSet | None = None) -> str:
        """The built-in set the audit runs on: the smallest that holds every criterion asked for, or,
        when no one set does, the fewest that do together ("all+statutes"). ``rules`` is needed only
        with profiles (to know which sets audit their criteria)."""
        if not self.profiles or rules is None:
            return "+".join(self.builtin) or DEFAULT_STANDARD
        audited = {name: {r.id for r in rules.select(name)} for name in STANDARDS}
        wanted = {rid for name in self.builtin for rid in audited[name]}
        wanted |= {rule.id for c in self.criteria_of_profiles if (rule := rules.get(c)) is not None}
        by_size = sorted(STANDARDS, key=lambda name: len(audited[name]))
        for name in by_size:
            if wanted <= audited[name]:
                return name
        chosen: list[str] = []
        left = set(wanted)
        while left:
            best = max(by_size, key=lambda name: len(left & audited[name]))
            if not left & audited[best]:
                break  # no set audits them: users' families come with every set, so only unknown ids
            chosen.append(best)
            left -= audited[best]
        return "+".join(name for name in STANDARDS if name in chosen) or DEFAULT_STANDARD

    @property
    def criteria_of_profiles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for p in self.profiles:
            for c in p.criteria:
                seen.setdefault(c, None)
        return tuple(seen)

    def shown_rules(self, rules: RuleSet) -> RuleSet:
        """The criteria a report shows: the named built-in sets' and every one a profile needs."""
        wanted = {rules.get(c).id for c in self.criteria_of_profiles if rules.get(c) is not None}  # type: ignore[union-attr]
        # users' own families (--rules) come with every built-in set; with profiles alone, only as named
        by_set = {r.id for name in self.builtin for r in rules.select(name)}
        return RuleSet(tuple(r for r in rules if r.id in wanted or r.id in by_set), rules.digest)

    def shown_result(self, result: AuditResult, rules: RuleSet) -> AuditResult:
        shown = {r.id for r in self.shown_rules(rules)}
        return replace(result, findings=tuple(f for f in result.findings if f.criterion in shown), standard=self.label)


def select_standards(names: Sequence[str] | None, rules: RuleSet | None = None) -> Selection:
    """Parse --standard values (repeatable): built-in sets and profile ids or files, checked against
    ``rules`` when given. None or nothing means the default set."""
    given = tuple(names or (DEFAULT_STANDARD,))
    builtin = tuple(n for n in _unique(given) if n in STANDARDS)
    # "8cantwait" is both a criteria set and a profile: it selects the set and grades the profile too
    has_profile = set(builtin_profile_ids())
    profiles = load_profiles((n for n in _unique(given) if n not in STANDARDS or n in has_profile), rules)
    return Selection(given, builtin, profiles)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
